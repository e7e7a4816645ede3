using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Archives;
using DockerPS.Tests.Fakes;
using Xunit;
using static DockerPS.Tests.ContainerTestKit;
using Formats = System.Formats.Tar;

namespace DockerPS.Tests;

/// <summary>
/// Copy-DockerContainerItem against a fake engine: arguments refused before the engine is asked, a container's archive
/// that tries to write outside the destination (crafted tar streams), a copy cut short that leaves no half-written
/// file, and the tar a copy into a container sends, read back.
/// </summary>
public sealed class CopyDockerContainerItemTests : IDisposable
{
    private const uint GoDirectory = 1u << 31;
    private static readonly DateTimeOffset Modified = new(2024, 5, 6, 7, 8, 9, TimeSpan.Zero);

    private readonly CmdletRunner runner = new();
    private readonly FakeEngine engine = new();
    private readonly TemporaryFolder folder = new();

    public CopyDockerContainerItemTests()
    {
        runner.Runspace.SessionStateProxy.Path.SetLocation(folder.Path);
        Directory.CreateDirectory(folder.File("dest"));
        Directory.CreateDirectory(folder.File("outside"));
        File.WriteAllText(folder.File("outside/sentinel"), "untouched");
    }

    public static TheoryData<string> NotContainerKinds => new(NotContainers);

    public void Dispose()
    {
        engine.Dispose();
        runner.Dispose();
        folder.Dispose();
    }

    [Theory]
    [InlineData("/tmp/a", "/tmp/b", "must specify at least one container source")]
    [InlineData("web:/a", "db:/b", "copying between containers is not supported")]
    [InlineData(":/a", "./here", "names no container")]
    [InlineData("web:", "./here", "names no path in the container")]
    public void BadArguments_AreATerminatingInvalidCopyArgument_BeforeTheEngine(string path, string destination, string words)
    {
        var result = runner.Run("Copy-DockerContainerItem", Parameters().With("Path", new[] { path }).With("Destination", destination));

        Assert.Equal("InvalidCopyArgument", result.ErrorIds.Single());
        Assert.Contains(words, Message(result.Terminating ?? result.Errors.Single()));
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void WhatIf_AsksTheEngineNothing_AndWritesNothing()
    {
        var result = runner.Run("Copy-DockerContainerItem", Parameters().With("Path", new[] { "web:/data" }).With("Destination", "dest").With("WhatIf", true));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(0, engine.CallCount);
        Assert.Empty(Directory.GetFileSystemEntries(folder.File("dest")));
    }

    [Theory]
    [MemberData(nameof(NotContainerKinds))]
    public void PipedObjectThatIsNoContainer_IsRefused_AndNoEngineIsAsked(string kind)
    {
        var result = runner.Run("Copy-DockerContainerItem", Parameters().With("Path", new[] { ":/data" }).With("Destination", "dest"), new[] { Piped(kind, engine) });

        AssertRefusedAsNotAContainer(result, kind, engine);
    }

    [Fact]
    public void PipedContainer_IsWhatColonPathMeans_OnItsEngine()
    {
        AnswerArchive(Archive(writer => writer.WriteEntry(FileEntry("data", "x"))), isDirectory: false);

        var result = runner.Run("Copy-DockerContainerItem", new Hashtable { ["HostAddress"] = ContainerTestKit.NowhereAddress(), ["Path"] = new[] { ":/data" }, ["Destination"] = "dest" }, new[] { Piped("DockerContainer", engine) });

        Assert.Empty(result.ErrorIds);
        Assert.Equal("web", engine.Containers.Calls.Single().Arguments[0]);
        Assert.Equal("x", File.ReadAllText(folder.File("dest/data")));
    }

    [Fact]
    public void MissingContainer_IsANonTerminatingContainerNotFound()
    {
        engine.Containers.On(nameof(IContainerOperations.GetArchiveFromContainerAsync), (string id, ContainerPathStatParameters _, bool _, CancellationToken _) =>
            Task.FromException<ContainerArchiveResponse>(EngineAnswers.NoSuchContainer(id)));

        var result = runner.Run("Copy-DockerContainerItem", Parameters().With("Path", new[] { "nope:/data" }).With("Destination", "dest"));

        Assert.Null(result.Terminating);
        AssertError(result.Errors.Single(), "ContainerNotFound", ErrorCategory.ObjectNotFound, "nope");
    }

    [Fact]
    public void MissingPathInTheContainer_IsANonTerminatingContainerPathNotFound()
    {
        engine.Containers.On(nameof(IContainerOperations.GetArchiveFromContainerAsync), (string id, ContainerPathStatParameters _, bool _, CancellationToken _) =>
            Task.FromException<ContainerArchiveResponse>(new DockerContainerNotFoundException(HttpStatusCode.NotFound, "{\"message\":\"Could not find the file /nope in container web\"}")));

        var result = runner.Run("Copy-DockerContainerItem", Parameters().With("Path", new[] { "web:/nope" }).With("Destination", "dest"));

        AssertError(result.Errors.Single(), "ContainerPathNotFound", ErrorCategory.ObjectNotFound, "web:/nope");
    }

    [Fact]
    public void HostileArchive_EachUnsafeEntryIsRefused_NothingIsWrittenOutside_AndTheRestIsCopied()
    {
        AnswerArchive(Archive(writer =>
        {
            writer.WriteEntry(DirectoryEntry("data/"));
            writer.WriteEntry(FileEntry("data/ok.txt", "fine", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead));
            writer.WriteEntry(FileEntry("../outside/dotdot.txt", "bad"));
            writer.WriteEntry(FileEntry("data/../../outside/climb.txt", "bad"));
            writer.WriteEntry(FileEntry("/abs.txt", "bad"));
            writer.WriteEntry(Link(Formats.TarEntryType.SymbolicLink, "data/escape", "../../outside"));
            writer.WriteEntry(Link(Formats.TarEntryType.SymbolicLink, "data/root", "/"));
            writer.WriteEntry(FileEntry("data/root" + folder.File("outside/through-link.txt"), "bad"));
            writer.WriteEntry(Link(Formats.TarEntryType.HardLink, "data/hard", "data/../../outside/sentinel"));
            writer.WriteEntry(FileEntry("data/sub/deep.txt", "deep"));
        }));

        var result = runner.Run("Copy-DockerContainerItem", Parameters().With("Path", new[] { "web:/data" }).With("Destination", "dest"));

        Assert.Null(result.Terminating);
        Assert.All(result.Errors, error => Assert.Equal(ErrorCategory.SecurityError, error.CategoryInfo.Category));
        Assert.Equal(Enumerable.Repeat("UnsafeArchiveEntry", 6), result.ErrorIds);
        Assert.Equal(
            new[] { "../outside/dotdot.txt", "data/../../outside/climb.txt", "/abs.txt", "data/escape", "data/root" + folder.File("outside/through-link.txt"), "data/hard" },
            result.Errors.Select(error => error.TargetObject));
        Assert.Equal(new[] { "sentinel" }, Directory.GetFileSystemEntries(folder.File("outside")).Select(Path.GetFileName));
        Assert.Equal("untouched", File.ReadAllText(folder.File("outside/sentinel")));
        Assert.False(File.Exists("/abs.txt") && File.ReadAllText("/abs.txt") == "bad");
        Assert.Equal("fine", File.ReadAllText(folder.File("dest/data/ok.txt")));
        Assert.Equal("deep", File.ReadAllText(folder.File("dest/data/sub/deep.txt")));
        Assert.Equal("/", new FileInfo(folder.File("dest/data/root")).LinkTarget);
        Assert.False(Path.Exists(folder.File("dest/data/escape")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(folder.File("dest/data/ok.txt")));
            Assert.Equal(Modified.UtcDateTime, File.GetLastWriteTimeUtc(folder.File("dest/data/ok.txt")));
        }
    }

    [Theory]
    [InlineData("./", "./a", "./sub/", "./sub/b")] // Docker's archive of /data/.
    [InlineData(null, "a", "sub/", "sub/b")] // Podman's: the contents without ./
    public void DirectoryContents_ToANewPath_BecomeThatDirectory_FromDockerAndPodman(string? top, string file, string directory, string nested)
    {
        AnswerArchive(Archive(writer =>
        {
            if (top is not null)
            {
                writer.WriteEntry(DirectoryEntry(top));
            }

            writer.WriteEntry(FileEntry(file, "1"));
            writer.WriteEntry(DirectoryEntry(directory));
            writer.WriteEntry(FileEntry(nested, "2"));
        }));

        var result = runner.Run("Copy-DockerContainerItem", Parameters().With("Path", new[] { "web:/data/." }).With("Destination", "dest/new"));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "new" }, Directory.GetFileSystemEntries(folder.File("dest")).Select(Path.GetFileName));
        Assert.Equal("1", File.ReadAllText(folder.File("dest/new/a")));
        Assert.Equal("2", File.ReadAllText(folder.File("dest/new/sub/b")));
    }

    [Fact]
    public void ArchiveCutShort_LeavesNoHalfWrittenFile()
    {
        var whole = Archive(writer =>
        {
            writer.WriteEntry(DirectoryEntry("data/"));
            writer.WriteEntry(FileEntry("data/first", "complete"));
            writer.WriteEntry(FileEntry("data/big", new string('b', 100_000)));
        });
        AnswerArchive(whole.Take(whole.Length - 60_000).ToArray());

        var result = runner.Run("Copy-DockerContainerItem", Parameters().With("Path", new[] { "web:/data" }).With("Destination", "dest"));

        Assert.NotEmpty(result.ErrorIds);
        Assert.Equal("complete", File.ReadAllText(folder.File("dest/data/first")));
        Assert.Equal(new[] { "first" }, Directory.GetFileSystemEntries(folder.File("dest/data")).Select(Path.GetFileName));
    }

    [Fact]
    public void ExistingSymbolicLinkAtAFilesPlace_IsNotWrittenThrough()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        File.CreateSymbolicLink(folder.File("dest/hosts"), folder.File("outside/sentinel"));
        AnswerArchive(Archive(writer => writer.WriteEntry(FileEntry("hosts", "bad"))), isDirectory: false);

        var result = runner.Run("Copy-DockerContainerItem", Parameters().With("Path", new[] { "web:/etc/hosts" }).With("Destination", "dest"));

        AssertError(result.Errors.Single(), "CopyTargetConflict", ErrorCategory.WriteError, folder.File("dest/hosts"));
        Assert.Equal("untouched", File.ReadAllText(folder.File("outside/sentinel")));
    }

    [Fact]
    public void PassThru_WritesTheItemsWritten()
    {
        AnswerArchive(Archive(writer =>
        {
            writer.WriteEntry(DirectoryEntry("data/"));
            writer.WriteEntry(FileEntry("data/a", "1"));
        }));

        var result = runner.Run("Copy-DockerContainerItem", Parameters().With("Path", new[] { "web:/data" }).With("Destination", "dest/renamed").With("PassThru", true));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { folder.File("dest/renamed"), folder.File("dest/renamed/a") }, result.Output.Cast<FileSystemInfo>().Select(item => item.FullName));
        Assert.IsType<DirectoryInfo>(result.Output[0]);
        Assert.Equal(new[] { "Containers.GetArchiveFromContainerAsync" }, engine.BurstCalls);
    }

    [Fact]
    public async Task CopyIn_SendsTheTreeAsATar_WithModesTimesAndLinks_ToTheParentOfANewPath()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var source = folder.File("tree");
        Directory.CreateDirectory(Path.Combine(source, "empty"));
        File.WriteAllText(Path.Combine(source, "run.sh"), "#!/bin/sh\n");
        File.SetUnixFileMode(Path.Combine(source, "run.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        File.SetLastWriteTimeUtc(Path.Combine(source, "run.sh"), Modified.UtcDateTime);
        File.CreateSymbolicLink(Path.Combine(source, "link"), "run.sh");
        engine.Containers.On(nameof(IContainerOperations.GetArchiveFromContainerAsync), (string id, ContainerPathStatParameters _, bool _, CancellationToken _) =>
            Task.FromException<ContainerArchiveResponse>(new DockerContainerNotFoundException(HttpStatusCode.NotFound, string.Empty)));
        var sent = new MemoryStream();
        CopyToContainerParameters? asked = null;
        engine.Containers.On(nameof(IContainerOperations.ExtractArchiveToContainerAsync), async (string id, CopyToContainerParameters parameters, Stream body, CancellationToken token) =>
        {
            asked = parameters;
            await body.CopyToAsync(sent, token);
        });

        var result = runner.Run("Copy-DockerContainerItem", Parameters().With("Path", new[] { "tree" }).With("Destination", "web:/srv/app"));

        Assert.Empty(result.ErrorIds);
        Assert.Equal("/srv", asked!.Path);
        Assert.False(asked.AllowOverwriteDirWithFile);
        var entries = await TarWriterTests.ReadAll(new MemoryStream(sent.ToArray()));
        Assert.Equal(new[] { "app/", "app/empty/", "app/link", "app/run.sh" }, entries.Select(e => e.Entry.Name));
        var script = entries.Single(e => e.Entry.Name == "app/run.sh");
        Assert.Equal(0x1E8, script.Entry.Mode);
        Assert.Equal(Modified.UtcDateTime, script.Entry.Modified);
        Assert.Equal("#!/bin/sh\n", Encoding.UTF8.GetString(script.Data));
        Assert.Equal("run.sh", entries.Single(e => e.Entry.Name == "app/link").Entry.LinkName);
    }

    [Fact]
    public async Task CopyIn_DirectoryContents_IntoAnExistingDirectory_SendsThemWithoutTheDirectory()
    {
        var source = folder.File("tree");
        Directory.CreateDirectory(source);
        File.WriteAllText(Path.Combine(source, "a"), "1");
        engine.Containers.On(nameof(IContainerOperations.GetArchiveFromContainerAsync), (string id, ContainerPathStatParameters _, bool _, CancellationToken _) =>
            Task.FromResult(new ContainerArchiveResponse { Stat = new ContainerPathStatResponse { Name = "html", Mode = GoDirectory | 0x1ED } }));
        var sent = new MemoryStream();
        CopyToContainerParameters? asked = null;
        engine.Containers.On(nameof(IContainerOperations.ExtractArchiveToContainerAsync), async (string id, CopyToContainerParameters parameters, Stream body, CancellationToken token) =>
        {
            asked = parameters;
            await body.CopyToAsync(sent, token);
        });

        var result = runner.Run("Copy-DockerContainerItem", Parameters().With("Path", new[] { "tree/." }).With("Destination", "web:/var/www/html"));

        Assert.Empty(result.ErrorIds);
        Assert.Equal("/var/www/html", asked!.Path);
        Assert.Equal(new[] { "a" }, (await TarWriterTests.ReadAll(new MemoryStream(sent.ToArray()))).Select(e => e.Entry.Name));
    }

    [Fact]
    public async Task CopyIn_FollowLink_SendsWhatTheLinkNames_UnderTheLinksName()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Directory.CreateDirectory(folder.File("v2"));
        File.WriteAllText(folder.File("v2/data"), "2");
        File.CreateSymbolicLink(folder.File("current"), "v2");
        engine.Containers.On(nameof(IContainerOperations.GetArchiveFromContainerAsync), (string id, ContainerPathStatParameters _, bool _, CancellationToken _) =>
            Task.FromResult(new ContainerArchiveResponse { Stat = new ContainerPathStatResponse { Name = "srv", Mode = GoDirectory | 0x1ED } }));
        var sent = new MemoryStream();
        engine.Containers.On(nameof(IContainerOperations.ExtractArchiveToContainerAsync), (string id, CopyToContainerParameters parameters, Stream body, CancellationToken token) => body.CopyToAsync(sent, token));

        var followed = runner.Run("Copy-DockerContainerItem", Parameters().With("Path", new[] { "current" }).With("Destination", "web:/srv").With("FollowLink", true));
        var followedEntries = await TarWriterTests.ReadAll(new MemoryStream(sent.ToArray()));
        sent.SetLength(0);
        var kept = runner.Run("Copy-DockerContainerItem", Parameters().With("Path", new[] { "current" }).With("Destination", "web:/srv"));
        var keptEntries = await TarWriterTests.ReadAll(new MemoryStream(sent.ToArray()));

        Assert.Empty(followed.ErrorIds);
        Assert.Empty(kept.ErrorIds);
        Assert.Equal(new[] { "current/", "current/data" }, followedEntries.Select(e => e.Entry.Name));
        Assert.Equal("current", keptEntries.Single().Entry.Name);
        Assert.Equal(TarEntryType.SymbolicLink, keptEntries.Single().Entry.Type);
    }

    [Fact]
    public void CopyOut_FollowLink_AsksForTheLinksTarget_AndKeepsTheLinksName()
    {
        var asked = new List<(string Path, bool StatOnly)>();
        engine.Containers.On(nameof(IContainerOperations.GetArchiveFromContainerAsync), (string id, ContainerPathStatParameters parameters, bool statOnly, CancellationToken _) =>
        {
            asked.Add((parameters.Path, statOnly));
            return Task.FromResult(statOnly
                ? new ContainerArchiveResponse { Stat = new ContainerPathStatResponse { Name = "current", Mode = (1u << 27) | 0x1FF, LinkTarget = "v2" } }
                : new ContainerArchiveResponse
                {
                    Stat = new ContainerPathStatResponse { Name = "v2", Mode = GoDirectory | 0x1ED },
                    Stream = new MemoryStream(Archive(writer =>
                    {
                        writer.WriteEntry(DirectoryEntry("v2/"));
                        writer.WriteEntry(FileEntry("v2/data", "2"));
                    })),
                });
        });

        var result = runner.Run("Copy-DockerContainerItem", Parameters().With("Path", new[] { "web:/var/lib/current" }).With("Destination", "dest").With("FollowLink", true));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { ("/var/lib/current", true), ("/var/lib/v2", false) }, asked);
        Assert.Equal("2", File.ReadAllText(folder.File("dest/current/data")));
    }

    [Fact]
    public void CopyIn_ADirectoryOntoAFile_IsRefusedInDockerCpsWords_BeforeAnythingIsSent()
    {
        Directory.CreateDirectory(folder.File("tree"));
        engine.Containers.On(nameof(IContainerOperations.GetArchiveFromContainerAsync), (string id, ContainerPathStatParameters _, bool _, CancellationToken _) =>
            Task.FromResult(new ContainerArchiveResponse { Stat = new ContainerPathStatResponse { Name = "hosts", Mode = 0x1A4 } }));

        var result = runner.Run("Copy-DockerContainerItem", Parameters().With("Path", new[] { "tree" }).With("Destination", "web:/etc/hosts"));

        var error = AssertError(result.Errors.Single(), "CopyRefused", ErrorCategory.InvalidOperation, "web:/etc/hosts");
        Assert.Contains("cannot copy directory", Message(error));
        Assert.Equal(0, engine.Containers.CountOf(nameof(IContainerOperations.ExtractArchiveToContainerAsync)));
    }

    [Fact]
    public void CopyIn_ALocalFileThatEndsBeforeItsSize_StopsTheCopy_WithAnErrorNamingTheFile()
    {
        // A sysfs file says it holds 4096 bytes and gives a few: as a file that shrinks while it is sent.
        const string shrinking = "/sys/kernel/profiling";
        if (!File.Exists(shrinking))
        {
            return;
        }

        engine.Containers.On(nameof(IContainerOperations.GetArchiveFromContainerAsync), (string id, ContainerPathStatParameters _, bool _, CancellationToken _) =>
            Task.FromResult(new ContainerArchiveResponse { Stat = new ContainerPathStatResponse { Name = "tmp", Mode = GoDirectory | 0x1FF } }));
        engine.Containers.On(nameof(IContainerOperations.ExtractArchiveToContainerAsync), (string id, CopyToContainerParameters parameters, Stream body, CancellationToken token) => body.CopyToAsync(Stream.Null, token));

        var result = runner.Run("Copy-DockerContainerItem", Parameters().With("Path", new[] { shrinking }).With("Destination", "web:/tmp"));

        var error = AssertError(result.Errors.Single(), "CopySourceUnreadable", ErrorCategory.ReadError, shrinking);
        Assert.Contains($"Cannot read '{shrinking}'", Message(error));
    }

    [Theory]
    [InlineData((1u << 23) | 0x1ED, true)] // a set-uid file is a file: replaced
    [InlineData((1u << 26) | (1u << 21) | 0x1B6, false)] // a character device is no place for one
    [InlineData((1u << 25) | 0x1A4, false)] // nor a named pipe
    public void CopyIn_OntoAnExistingPath_IsSentToItsDirectory_UnlessItIsNoFile(uint mode, bool sent)
    {
        File.WriteAllText(folder.File("app"), "new");
        engine.Containers.On(nameof(IContainerOperations.GetArchiveFromContainerAsync), (string id, ContainerPathStatParameters _, bool _, CancellationToken _) =>
            Task.FromResult(new ContainerArchiveResponse { Stat = new ContainerPathStatResponse { Name = "app", Mode = mode } }));
        CopyToContainerParameters? asked = null;
        engine.Containers.On(nameof(IContainerOperations.ExtractArchiveToContainerAsync), (string id, CopyToContainerParameters parameters, Stream body, CancellationToken token) =>
        {
            asked = parameters;
            return body.CopyToAsync(Stream.Null, token);
        });

        var result = runner.Run("Copy-DockerContainerItem", Parameters().With("Path", new[] { "app" }).With("Destination", "web:/usr/bin/app"));

        Assert.Equal(sent, asked is not null);
        Assert.Equal(sent ? "/usr/bin" : null, asked?.Path);
        Assert.Equal(sent ? Array.Empty<string>() : new[] { "CopyRefused" }, result.ErrorIds);
    }

    [Fact]
    public void CopyIn_ALocalSourceThatDoesNotExist_IsCopySourceNotFound_BeforeTheEngine()
    {
        var result = runner.Run("Copy-DockerContainerItem", Parameters().With("Path", new[] { "missing.txt" }).With("Destination", "web:/tmp"));

        Assert.Equal("CopySourceNotFound", result.ErrorIds.Single());
        Assert.Equal(0, engine.CallCount);
    }

    private static byte[] Archive(Action<Formats.TarWriter> write) => TarTestArchives.Write(Formats.TarEntryFormat.Pax, write);

    private static Formats.PaxTarEntry FileEntry(string name, string content, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite) =>
        new(Formats.TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)), Mode = mode, ModificationTime = Modified };

    private static Formats.PaxTarEntry DirectoryEntry(string name) =>
        new(Formats.TarEntryType.Directory, name) { Mode = (UnixFileMode)0x1ED, ModificationTime = Modified };

    private static Formats.PaxTarEntry Link(Formats.TarEntryType type, string name, string target) =>
        new(type, name) { LinkName = target, Mode = (UnixFileMode)0x1FF, ModificationTime = Modified };

    private Hashtable Parameters() => new() { ["HostAddress"] = engine.Address };

    /// <summary>The engine's archive of the path asked for: this tar, with a stat saying a directory (or a file).</summary>
    private void AnswerArchive(byte[] tar, bool isDirectory = true) =>
        engine.Containers.On(nameof(IContainerOperations.GetArchiveFromContainerAsync), (string id, ContainerPathStatParameters parameters, bool statOnly, CancellationToken _) =>
            Task.FromResult(new ContainerArchiveResponse
            {
                Stat = new ContainerPathStatResponse { Name = Path.GetFileName(parameters.Path), Mode = isDirectory ? GoDirectory | 0x1ED : 0x1A4 },
                Stream = statOnly ? null! : new MemoryStream(tar),
            }));
}
