using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet.Models;
using DockerPS.Archives;
using DockerPS.Images;
using DockerPS.Errors;
using Xunit;

namespace DockerPS.Tests;

public class ArchiveStreamsTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("dockerps-tests-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task CopyingReadStream_WritesWhatIsReadAndCountsIt()
    {
        var sink = new MemoryStream();
        var counts = new List<long>();
        var stream = new CopyingReadStream(new MemoryStream(new byte[] { 1, 2, 3, 4, 5 }), sink, e => e, counts.Add);
        var buffer = new byte[3];

        while (await stream.ReadAsync(buffer, 0, buffer.Length, CancellationToken.None) > 0)
        {
        }

        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, sink.ToArray());
        Assert.Equal(new long[] { 3, 5, 5 }, counts);
    }

    [Fact]
    public async Task CopyingReadStream_TurnsAWriteFailureIntoWhatTheCallerSays()
    {
        var full = new FailingStream();
        var stream = new CopyingReadStream(new MemoryStream(new byte[10]), full, e => new InvalidOperationException("disk full", e), _ => { });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => stream.ReadAsync(new byte[4], 0, 4, CancellationToken.None));

        Assert.IsType<IOException>(error.InnerException);
    }

    [Fact]
    public async Task UploadStream_ReportsBytesSentAndKeepsTheFilesLength()
    {
        var sent = new List<long>();
        var upload = new UploadStream(new MemoryStream(new byte[10]), "images.tar", sent.Add, CancellationToken.None);

        var buffer = new byte[4];
        while (await upload.ReadAsync(buffer, 0, buffer.Length, CancellationToken.None) > 0)
        {
        }

        Assert.True(upload.CanSeek);
        Assert.Equal(10, upload.Length);
        Assert.Equal(new long[] { 4, 8, 10, 10 }, sent);
    }

    [Fact]
    public async Task UploadStream_EndsTheUploadOnceCancelled()
    {
        using var cancellation = new CancellationTokenSource();
        var upload = new UploadStream(new MemoryStream(new byte[10]), "images.tar", _ => { }, cancellation.Token);
        var buffer = new byte[4];
        Assert.Equal(4, await upload.ReadAsync(buffer, 0, 4, CancellationToken.None));

        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => upload.ReadAsync(buffer, 0, 4, CancellationToken.None));
        Assert.Throws<OperationCanceledException>(() => upload.Read(buffer, 0, 4));
    }

    [Fact]
    public void AtomicFile_AppearsUnderItsNameOnlyWhenCommitted()
    {
        var target = Path.Combine(directory, "images.tar");
        using (var file = AtomicFile.Create(target, replace: false))
        {
            file.Stream.Write(new byte[] { 1, 2, 3 });
            var temporary = Assert.Single(Directory.GetFiles(directory));
            Assert.StartsWith(".images.tar.", Path.GetFileName(temporary));
            Assert.False(File.Exists(target));

            file.Commit(replace: false);
        }

        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(target));
        Assert.Equal(new[] { target }, Directory.GetFiles(directory));
        Assert.False(File.GetAttributes(target).HasFlag(FileAttributes.Hidden));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void AtomicFile_IsPrivateToItsOwnerFromTheStart()
    {
        var target = Path.Combine(directory, "images.tar");
        using (var file = AtomicFile.Create(target, replace: false))
        {
            var temporary = Assert.Single(Directory.GetFiles(directory));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(temporary));
            file.Commit(replace: false);
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(target));
    }

    [Fact]
    public void AtomicFile_RefusesATargetThatBecameASymbolicLink_AndLeavesNothing()
    {
        var target = Path.Combine(directory, "images.tar");
        var real = Path.Combine(directory, "real");
        File.WriteAllText(real, "real");
        using (var file = AtomicFile.Create(target, replace: true))
        {
            File.CreateSymbolicLink(target, real);
            var refused = Assert.Throws<ErrorRecordException>(() => file.Commit(replace: true));
            Assert.Equal("InvalidArchivePath", refused.ErrorRecord.FullyQualifiedErrorId);
        }

        Assert.Equal("real", File.ReadAllText(real));
        Assert.Equal(new[] { target, real }.OrderBy(path => path), Directory.GetFileSystemEntries(directory).OrderBy(path => path));
        Assert.NotNull(new FileInfo(target).LinkTarget);
    }

    [Fact]
    public void AtomicFile_LeavesNothingAndTheOldFileWhenNotCommitted()
    {
        var target = Path.Combine(directory, "images.tar");
        File.WriteAllText(target, "old");

        using (var file = AtomicFile.Create(target, replace: true))
        {
            file.Stream.Write(new byte[1000]);
        }

        Assert.Equal("old", File.ReadAllText(target));
        Assert.Equal(new[] { target }, Directory.GetFiles(directory));
    }

    [Fact]
    public void AtomicFile_ReplacesOnlyWhenAskedTo()
    {
        var target = Path.Combine(directory, "images.tar");
        File.WriteAllText(target, "old");

        var refused = Assert.Throws<ErrorRecordException>(() => AtomicFile.Create(target, replace: false));
        Assert.Equal("ArchiveExists", refused.ErrorRecord.FullyQualifiedErrorId);
        Assert.Equal(new[] { target }, Directory.GetFiles(directory));

        // A file that takes the name while the content is written is not replaced either.
        File.Delete(target);
        using (var file = AtomicFile.Create(target, replace: false))
        {
            file.Stream.Write(new byte[] { (byte)'n' });
            File.WriteAllText(target, "old");
            Assert.Throws<ErrorRecordException>(() => file.Commit(replace: false));
        }

        Assert.Equal("old", File.ReadAllText(target));
        using (var file = AtomicFile.Create(target, replace: true))
        {
            file.Stream.Write(new byte[] { (byte)'n' });
            file.Commit(replace: true);
        }

        Assert.Equal("n", File.ReadAllText(target));
        Assert.Equal(new[] { target }, Directory.GetFiles(directory));
    }

    [Fact]
    public void LoadMessages_KeepsWhatTheEngineSaysItLoaded()
    {
        var records = new List<ProgressRecord>();
        var messages = new LoadMessages(new PullProgress("Loading", 1, records.Add));

        messages.Report(new JSONMessage { ID = "abc", Status = "Loading layer", Progress = new JSONProgress { Current = 1, Total = 2 } });
        messages.Report(new JSONMessage { Stream = "The image app:1 already exists, renaming the old one with ID sha256:aa to empty string\n" });
        messages.Report(new JSONMessage { Stream = "Loaded image: app:1\n" });
        messages.Report(new JSONMessage { Stream = "Loaded image ID: sha256:bb\nLoaded image ID: sha256:cc\n" });

        Assert.Equal(new[] { "app:1" }, messages.Tags);
        Assert.Equal(new[] { "sha256:bb", "sha256:cc" }, messages.Ids);
        Assert.Equal(new[] { "The image app:1 already exists, renaming the old one with ID sha256:aa to empty string" }, messages.Remarks);
        Assert.Equal(4, records.Count);
    }

    [Fact]
    public void ByteProgress_WritesAtMostFourTimesASecond()
    {
        var records = new List<ProgressRecord>();
        var progress = new ByteProgress(3, "Saving", "Saved", 2_000_000, records.Add);

        for (var i = 1; i <= 1000; i++)
        {
            progress.Report(i * 2000);
        }

        progress.Complete();

        var first = records[0];
        Assert.InRange(records.Count, 2, 3);
        Assert.Equal("Saved 2kB of 2MB", first.StatusDescription);
        Assert.Equal(0, first.PercentComplete);
        Assert.Equal(ProgressRecordType.Completed, records[^1].RecordType);
        Assert.All(records, record => Assert.Equal(3, record.ActivityId));
    }

    private sealed class FailingStream : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count) => throw new IOException("No space left on device");
    }
}
