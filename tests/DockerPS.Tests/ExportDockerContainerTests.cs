using System;
using System.Collections;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using DockerPS.Tests.Fakes;
using Xunit;
using static DockerPS.Tests.ContainerTestKit;

namespace DockerPS.Tests;

/// <summary>
/// Export-DockerContainer against a fake engine: the archive reaches the file whole (gzip for .gz), a target that
/// cannot be written stops the cmdlet before the engine is asked, a missing container or an archive cut short leaves
/// no file at all.
/// </summary>
public sealed class ExportDockerContainerTests : IDisposable
{
    private static readonly byte[] RootFileSystem = TarTestArchives.Files(System.Formats.Tar.TarEntryFormat.Pax, ("etc/hostname", TarTestArchives.Bytes("web\n")), ("bin/sh", new byte[3000]));

    private readonly CmdletRunner runner = new();
    private readonly FakeEngine engine = new();
    private readonly TemporaryFolder folder = new();

    public ExportDockerContainerTests()
    {
        runner.Runspace.SessionStateProxy.Path.SetLocation(folder.Path);
    }

    public static TheoryData<string> NotContainerKinds => new(NotContainers);

    public void Dispose()
    {
        engine.Dispose();
        runner.Dispose();
        folder.Dispose();
    }

    [Theory]
    [InlineData("web.tar", false)]
    [InlineData("web.tar.gz", true)]
    public void Export_WritesTheEnginesArchive_AndPassThruGivesTheFile(string name, bool gzip)
    {
        AnswerExport(RootFileSystem);

        var result = runner.Run("Export-DockerContainer", Parameters().With("Name", "web").With("Path", name).With("PassThru", true));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(folder.File(name), Assert.IsType<FileInfo>(Assert.Single(result.Output)).FullName);
        var written = File.ReadAllBytes(folder.File(name));
        Assert.Equal(RootFileSystem, gzip ? Gunzip(written) : written);
        Assert.Equal(new[] { name }, folder.Files());
        Assert.Equal("web", engine.Containers.Calls.Single().Arguments[0]);
        Assert.Equal(new[] { "Containers.ExportContainerAsync" }, engine.BurstCalls);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(folder.File(name)));
        }
    }

    [Fact]
    public void Export_MissingContainer_IsContainerNotFound_AndNoFile()
    {
        engine.Containers.On(nameof(IContainerOperations.ExportContainerAsync), (string id, CancellationToken _) => Task.FromException<Stream>(EngineAnswers.NoSuchContainer(id)));

        var result = runner.Run("Export-DockerContainer", Parameters().With("Name", "nope").With("Path", "x.tar"));

        AssertError(result.Errors.Single(), "ContainerNotFound", ErrorCategory.ObjectNotFound, "nope");
        Assert.Empty(folder.Files());
    }

    [Fact]
    public void Export_ArchiveCutShort_LeavesNoFile_AndTheOldOneAsItWas()
    {
        File.WriteAllText(folder.File("web.tar"), "old");
        AnswerExport(RootFileSystem.Take(1700).ToArray());

        var result = runner.Run("Export-DockerContainer", Parameters().With("Name", "web").With("Path", "web.tar").With("Force", true));

        Assert.NotEmpty(result.ErrorIds);
        Assert.Equal(new[] { "web.tar" }, folder.Files());
        Assert.Equal("old", File.ReadAllText(folder.File("web.tar")));
    }

    [Fact]
    public void Export_ExistingFileWithoutForce_IsATerminatingArchiveExists_BeforeTheEngine()
    {
        File.WriteAllText(folder.File("web.tar"), "old");

        var result = runner.Run("Export-DockerContainer", Parameters().With("Name", "web").With("Path", "web.tar"));

        Assert.Equal("ArchiveExists", result.ErrorIds.Single());
        Assert.NotNull(result.Terminating);
        Assert.Equal(0, engine.CallCount);
        Assert.Equal("old", File.ReadAllText(folder.File("web.tar")));
    }

    [Fact]
    public void Export_IntoADirectoryThatDoesNotExist_IsATerminatingDirectoryNotFound_BeforeTheEngine()
    {
        var result = runner.Run("Export-DockerContainer", Parameters().With("Name", "web").With("Path", "missing/web.tar"));

        Assert.Equal("DirectoryNotFound", result.ErrorIds.Single());
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void Export_WhatIf_AsksTheEngineNothing_AndWritesNothing()
    {
        var result = runner.Run("Export-DockerContainer", Parameters().With("Name", "web").With("Path", "web.tar").With("WhatIf", true));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(0, engine.CallCount);
        Assert.Empty(folder.Files());
    }

    [Theory]
    [MemberData(nameof(NotContainerKinds))]
    public void Export_PipedObjectThatIsNoContainer_IsRefused_AndNoEngineIsAsked(string kind)
    {
        var result = runner.Run("Export-DockerContainer", Parameters().With("Path", "web.tar"), new[] { Piped(kind, engine) });

        AssertRefusedAsNotAContainer(result, kind, engine);
        Assert.Empty(folder.Files());
    }

    [Fact]
    public void Export_PipedContainer_IsExportedFromItsEngine()
    {
        AnswerExport(RootFileSystem);

        var result = runner.Run("Export-DockerContainer", new Hashtable { ["HostAddress"] = NowhereAddress(), ["Path"] = "web.tar" }, new[] { Piped("DockerContainer", engine) });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(RootFileSystem, File.ReadAllBytes(folder.File("web.tar")));
    }

    private static byte[] Gunzip(byte[] data)
    {
        using var gzip = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        var plain = new MemoryStream();
        gzip.CopyTo(plain);
        return plain.ToArray();
    }

    private Hashtable Parameters() => new() { ["HostAddress"] = engine.Address };

    private void AnswerExport(byte[] archive) =>
        engine.Containers.On(nameof(IContainerOperations.ExportContainerAsync), (string id, CancellationToken _) => Task.FromResult<Stream>(new MemoryStream(archive)));
}
