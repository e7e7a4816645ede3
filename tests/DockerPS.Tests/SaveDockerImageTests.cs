using System;
using System.Collections;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Management.Automation;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Tests.Fakes;
using Xunit;
using static DockerPS.Tests.ImageCmdletFixtures;

namespace DockerPS.Tests;

/// <summary>
/// Save-DockerImage against a fake engine: a target that cannot be written stops the cmdlet before the engine is
/// asked; a name that fits no image or several writes nothing at all; an archive that fails half-way leaves no file,
/// not even the hidden one; a whole one reaches the file byte for byte.
/// </summary>
public sealed class SaveDockerImageTests : IDisposable
{
    private static readonly ArchiveImage App = new(new[] { "app:1" }, TarTestArchives.Bytes("layer one"));
    private static readonly string NginxId = ImageId("nginx");

    // Two ids that share their first hex digits, so that a short prefix fits both.
    private static readonly string TwinA = "sha256:abcd1" + new string('1', 59);
    private static readonly string TwinB = "sha256:abcd2" + new string('2', 59);

    private readonly CmdletRunner runner = new();
    private readonly FakeEngine engine = new();
    private readonly TemporaryFolder folder = new();

    public SaveDockerImageTests()
    {
        AnswerListing(engine, Row(App.Id, "app:1"), Row(NginxId, "nginx:latest", "nginx:1.25"), Row(TwinA, "twin:a"), Row(TwinB, "twin:b"));
        runner.Runspace.SessionStateProxy.Path.SetLocation(folder.Path);
    }

    public void Dispose()
    {
        engine.Dispose();
        runner.Dispose();
        folder.Dispose();
    }

    [Fact]
    public void Target_ThatIsADirectory_StopsTheCmdletWithATerminatingInvalidArchivePath_BeforeTheEngine()
    {
        Directory.CreateDirectory(folder.File("images"));

        var result = runner.Run("Save-DockerImage", Parameters(engine, ("Name", new[] { "app:1" }), ("Path", "images")));

        Assert.NotNull(result.Terminating);
        Assert.Equal("InvalidArchivePath,DockerPS.Commands.SaveDockerImageCommand", result.Terminating!.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, result.Terminating.CategoryInfo.Category);
        Assert.Equal("images", result.Terminating.TargetObject);
        Assert.Contains("it is a directory; give the path of a regular file or a new name", result.Terminating.ToString());
        Assert.Equal(0, engine.CallCount);
        Assert.Empty(folder.Files());
    }

    [Fact]
    public void Target_OnADriveWithoutFiles_StopsTheCmdletWithATerminatingInvalidArchivePath_BeforeTheEngine()
    {
        var result = runner.Run("Save-DockerImage", Parameters(engine, ("Name", new[] { "app:1" }), ("Path", "Env:\\app.tar")));

        Assert.NotNull(result.Terminating);
        Assert.Equal("InvalidArchivePath", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.InvalidArgument, result.Terminating!.CategoryInfo.Category);
        Assert.Equal("Env:\\app.tar", result.Terminating.TargetObject);
        Assert.Contains("image archives are files, on a FileSystem drive", result.Terminating.ToString());
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void Target_PatternNamingSeveralFiles_StopsTheCmdletWithATerminatingInvalidArchivePath_AndTouchesNeither()
    {
        folder.Write("a.tar", TarTestArchives.Bytes("a"));
        folder.Write("b.tar", TarTestArchives.Bytes("b"));

        var result = runner.Run("Save-DockerImage", Parameters(engine, ("Name", new[] { "app:1" }), ("Path", "*.tar"), ("Force", true)));

        Assert.NotNull(result.Terminating);
        Assert.Equal("InvalidArchivePath", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.InvalidArgument, result.Terminating!.CategoryInfo.Category);
        Assert.Equal("*.tar", result.Terminating.TargetObject);
        Assert.Contains("names 2 files", result.Terminating.ToString());
        Assert.Equal(0, engine.CallCount);
        Assert.Equal("a", File.ReadAllText(folder.File("a.tar")));
        Assert.Equal("b", File.ReadAllText(folder.File("b.tar")));
    }

    [Fact]
    public void Target_InADirectoryThatDoesNotExist_StopsTheCmdletWithATerminatingDirectoryNotFound_BeforeTheEngine()
    {
        var target = Path.Combine("missing", "app.tar");

        var result = runner.Run("Save-DockerImage", Parameters(engine, ("Name", new[] { "app:1" }), ("Path", target)));

        Assert.NotNull(result.Terminating);
        Assert.Equal("DirectoryNotFound,DockerPS.Commands.SaveDockerImageCommand", result.Terminating!.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, result.Terminating.CategoryInfo.Category);
        Assert.Equal(target, result.Terminating.TargetObject);
        Assert.Contains($"the directory '{folder.File("missing")}' does not exist", result.Terminating.ToString());
        Assert.Equal(0, engine.CallCount);
        Assert.False(Directory.Exists(folder.File("missing")));
    }

    [Fact]
    public void Target_ThatExists_WithoutForce_StopsTheCmdletWithATerminatingArchiveExists_AndLeavesTheFileAsItWas()
    {
        var existing = folder.Write("app.tar", TarTestArchives.Bytes("precious"));

        var result = runner.Run("Save-DockerImage", Parameters(engine, ("Name", new[] { "app:1" }), ("LiteralPath", existing)));

        Assert.NotNull(result.Terminating);
        Assert.Equal("ArchiveExists,DockerPS.Commands.SaveDockerImageCommand", result.Terminating!.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceExists, result.Terminating.CategoryInfo.Category);
        Assert.Equal(existing, result.Terminating.TargetObject);
        Assert.Contains("already exists; use -Force to replace it", result.Terminating.ToString());
        Assert.Equal(0, engine.CallCount);
        Assert.Equal("precious", File.ReadAllText(existing));
        Assert.Equal(new[] { "app.tar" }, folder.Files());
    }

    [Theory]
    [InlineData("nosuch:1", "ImageNotFound", ErrorCategory.ObjectNotFound, "No such image: nosuch:1")]
    [InlineData("abcd", "AmbiguousImageReference", ErrorCategory.InvalidArgument, "multiple images found with provided prefix: abcd")]
    public void Name_ThatFitsNoImageOrSeveral_IsItsError_AndNothingIsSavedAtAll(string name, string errorId, ErrorCategory category, string words)
    {
        AnswerSave(TarTestArchives.ImageArchive(false, App));

        var result = runner.Run("Save-DockerImage", Parameters(engine, ("Name", new[] { "app:1", name }), ("Path", "app.tar"), ("PassThru", true)));

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal(errorId + ",DockerPS.Commands.SaveDockerImageCommand", error.FullyQualifiedErrorId);
        Assert.Equal(category, error.CategoryInfo.Category);
        Assert.Equal(name, error.TargetObject);
        Assert.Contains(words, error.ToString());
        Assert.Empty(result.Output);
        Assert.Equal(0, engine.Images.CountOf(nameof(IImageOperations.SaveImagesAsync)));
        Assert.Empty(folder.Files());
    }

    [Fact]
    public void PipedImagesOfTwoEngines_StopTheCmdletWithATerminatingImagesOnSeveralEngines_BeforeEitherEngine()
    {
        using var other = new FakeEngine();
        var here = Image(engine, Row(App.Id, "app:1"));
        var there = Image(other, Row(NginxId, "nginx:latest"));

        var result = runner.Run("Save-DockerImage", new Hashtable { ["Path"] = "both.tar" }, new object[] { here, there });

        Assert.NotNull(result.Terminating);
        Assert.Equal("ImagesOnSeveralEngines,DockerPS.Commands.SaveDockerImageCommand", result.Terminating!.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, result.Terminating.CategoryInfo.Category);
        Assert.Equal("nginx:latest", result.Terminating.TargetObject);
        Assert.Contains("an archive holds images of one engine", result.Terminating.ToString());
        Assert.Equal(0, engine.CallCount);
        Assert.Equal(0, other.CallCount);
        Assert.Empty(folder.Files());
    }

    [Fact]
    public void Archive_IsWrittenThroughToTheFileByteForByte_AndPassThruWritesTheFile()
    {
        var archive = TarTestArchives.ImageArchive(false, App);
        AnswerSave(archive);

        var result = runner.Run("Save-DockerImage", Parameters(engine, ("Name", new[] { "app:1" }), ("Path", "app.tar"), ("PassThru", true)));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(archive, File.ReadAllBytes(folder.File("app.tar")));
        Assert.Equal(new[] { "app.tar" }, folder.Files());
        var file = Assert.IsType<FileInfo>(Assert.Single(result.Output));
        Assert.Equal(folder.File("app.tar"), file.FullName);
        var save = Assert.Single(engine.Images.Calls, call => call.Method == nameof(IImageOperations.SaveImagesAsync));
        Assert.Equal(new[] { "app:1" }, (string[])save.Arguments[0]!);
        Assert.Equal(new[] { "Images.SaveImagesAsync" }, engine.BurstCalls);
    }

    [Fact]
    public void Archive_NamedGz_IsTheEnginesArchiveCompressed()
    {
        var archive = TarTestArchives.ImageArchive(true, App);
        AnswerSave(archive);

        var result = runner.Run("Save-DockerImage", Parameters(engine, ("Name", new[] { "app:1" }), ("Path", "app.tar.gz")));

        Assert.Empty(result.ErrorIds);
        using var gzip = new GZipStream(File.OpenRead(folder.File("app.tar.gz")), CompressionMode.Decompress);
        using var content = new MemoryStream();
        gzip.CopyTo(content);
        Assert.Equal(archive, content.ToArray());
    }

    [Fact]
    public void Archive_ReplacesAnExistingFile_WithForce()
    {
        var archive = TarTestArchives.ImageArchive(false, App);
        AnswerSave(archive);
        folder.Write("app.tar", TarTestArchives.Bytes("old"));

        var result = runner.Run("Save-DockerImage", Parameters(engine, ("Name", new[] { "app:1" }), ("Path", "app.tar"), ("Force", true)));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(archive, File.ReadAllBytes(folder.File("app.tar")));
        Assert.Equal(new[] { "app.tar" }, folder.Files());
    }

    [Fact]
    public void Archive_ThatTheEngineFailsHalfway_IsATerminatingDockerStreamError_AndLeavesNoFile()
    {
        // dockerd answers 200, writes what it has, then its error as a JSON line where the next tar header should be.
        var whole = TarTestArchives.ImageArchive(false, App);
        AnswerSave(Concat(whole.Take(1024).ToArray(), EngineError("write /var/lib/docker/tmp/x: no space left on device")));

        var result = runner.Run("Save-DockerImage", Parameters(engine, ("Name", new[] { "app:1" }), ("Path", "app.tar"), ("PassThru", true)));

        Assert.NotNull(result.Terminating);
        Assert.Equal("DockerStreamError", result.ErrorIds.Single());
        Assert.Contains("The engine's archive is incomplete", result.Terminating!.ToString());
        Assert.Empty(result.Output);
        Assert.Empty(folder.Files());
    }

    [Fact]
    public void Archive_FollowedByTheEnginesError_IsATerminatingDockerStreamError_WithTheEnginesWords_AndLeavesNoFile()
    {
        AnswerSave(Concat(TarTestArchives.ImageArchive(false, App), EngineError("write /var/lib/docker/tmp/x: no space left on device")));

        var result = runner.Run("Save-DockerImage", Parameters(engine, ("Name", new[] { "app:1" }), ("Path", "app.tar")));

        Assert.NotNull(result.Terminating);
        Assert.Equal("DockerStreamError", result.ErrorIds.Single());
        Assert.Equal("write /var/lib/docker/tmp/x: no space left on device", result.Terminating!.ToString());
        Assert.Empty(folder.Files());
    }

    [Fact]
    public void Archive_ThatStopsShort_IsATerminatingDockerStreamError_AndLeavesNoFile_NorTheOneItWouldHaveReplaced()
    {
        var whole = TarTestArchives.ImageArchive(false, App);
        AnswerSave(whole.Take(whole.Length - 1536).ToArray());
        folder.Write("app.tar", TarTestArchives.Bytes("old"));

        var result = runner.Run("Save-DockerImage", Parameters(engine, ("Name", new[] { "app:1" }), ("Path", "app.tar"), ("Force", true)));

        Assert.NotNull(result.Terminating);
        Assert.Equal("DockerStreamError", result.ErrorIds.Single());
        Assert.Contains("The engine's archive is incomplete", result.Terminating!.ToString());
        Assert.Equal(new[] { "app.tar" }, folder.Files());
        Assert.Equal("old", File.ReadAllText(folder.File("app.tar")));
    }

    [Fact]
    public void Archive_WhoseConnectionBreaksHalfway_LeavesNoFile()
    {
        var whole = TarTestArchives.ImageArchive(false, App);
        engine.Images.On(nameof(IImageOperations.SaveImagesAsync), (string[] _, CancellationToken __) =>
            Task.FromResult<Stream>(new BreakingStream(whole.Take(2048).ToArray())));

        var result = runner.Run("Save-DockerImage", Parameters(engine, ("Name", new[] { "app:1" }), ("Path", "app.tar")));

        // The engine's side broke, not the disk: one terminating EngineConnectionLost naming the engine.
        Assert.NotNull(result.Terminating);
        Assert.Equal("EngineConnectionLost", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.ConnectionError, result.Terminating!.CategoryInfo.Category);
        Assert.Contains($"Lost the connection to the Docker engine at {engine.Address}", result.Terminating.ToString());
        Assert.Empty(folder.Files());
    }

    [Fact]
    public void WhatIf_AsksTheEngineNothing_AndWritesNothing()
    {
        var result = runner.Run("Save-DockerImage", Parameters(engine, ("Name", new[] { "app:1" }), ("Path", "app.tar"), ("WhatIf", true)));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(0, engine.CallCount);
        Assert.Empty(folder.Files());
    }

    [Fact]
    public void PipedObjectsThatStandForImages_AreSavedTogether_OnTheirEngine()
    {
        AnswerSave(TarTestArchives.ImageArchive(false, App));
        var piped = new object[]
        {
            Image(engine, Row(NginxId, "nginx:1.25")),
            Container(engine, "web", App.Id),
            ArchiveEntry("/tmp/old.tar", NginxId, "nginx:latest"),
            SearchResult(engine, "nginx"),
        };

        var result = runner.Run("Save-DockerImage", Parameters(engine, ("Path", "all.tar")), piped);

        Assert.Empty(result.ErrorIds);
        var save = Assert.Single(engine.Images.Calls, call => call.Method == nameof(IImageOperations.SaveImagesAsync));
        Assert.Equal(new[] { "nginx:1.25", App.Id, NginxId, "nginx" }, (string[])save.Arguments[0]!);
        Assert.Equal(new[] { "all.tar" }, folder.Files());
    }

    [Theory]
    [MemberData(nameof(ImageCmdletFixtures.NotImages), MemberType = typeof(ImageCmdletFixtures))]
    public void PipedObjectThatIsNoImage_IsRefusedAsWrongObjectType_AndNothingIsAskedOrWritten(string type)
    {
        var (value, text) = NotAnImage(type, engine);

        var result = runner.Run("Save-DockerImage", Parameters(engine, ("Path", "app.tar")), new[] { value });

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("WrongObjectType,DockerPS.Commands.SaveDockerImageCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidType, error.CategoryInfo.Category);
        Assert.Equal(text, error.TargetObject);
        Assert.Equal(0, engine.CallCount);
        Assert.Empty(folder.Files());
    }

    private static byte[] Concat(params byte[][] parts) => TarTestArchives.Concat(parts);

    /// <summary>The line dockerd appends when an export fails after it began to answer.</summary>
    private static byte[] EngineError(string message) =>
        Encoding.UTF8.GetBytes($"{{\"errorDetail\":{{\"message\":\"{message}\"}},\"error\":\"{message}\"}}\n");

    private void AnswerSave(byte[] archive) =>
        engine.Images.On(nameof(IImageOperations.SaveImagesAsync), (string[] _, CancellationToken __) =>
            Task.FromResult<Stream>(new TarTestArchives.ForwardOnly(archive)));

    /// <summary>An engine stream that delivers some bytes, then fails as a dropped HTTP response does.</summary>
    private sealed class BreakingStream : Stream
    {
        private readonly MemoryStream data;

        public BreakingStream(byte[] data) => this.data = new MemoryStream(data);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = data.Read(buffer, offset, Math.Min(count, 512));
            return read > 0 ? read : throw new IOException("The response ended prematurely. (ResponseEnded)");
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
