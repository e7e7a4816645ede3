using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Management.Automation;
using DockerPS.Tests.Fakes;
using Xunit;

namespace DockerPS.Tests;

/// <summary>
/// Get-DockerImageArchive as a cmdlet, without any engine: files that are missing, not archives, cut short or
/// compressed in a way it cannot read are each their own error, with the ids the help promises, and the other files
/// are still read.
/// </summary>
public sealed class GetDockerImageArchiveCmdletTests : IDisposable
{
    private static readonly ArchiveImage App = new(new[] { "app:1" }, TarTestArchives.Bytes("app layer"));

    private readonly CmdletRunner runner = new();
    private readonly TemporaryFolder folder = new();

    public GetDockerImageArchiveCmdletTests()
    {
        runner.Runspace.SessionStateProxy.Path.SetLocation(folder.Path);
    }

    public void Dispose()
    {
        runner.Dispose();
        folder.Dispose();
    }

    [Fact]
    public void LiteralPathThatDoesNotExist_IsANonTerminatingArchiveNotFound_AndTheOtherFilesAreRead()
    {
        var good = folder.Write("app.tar", TarTestArchives.ImageArchive(false, App));
        var missing = folder.File("missing.tar");

        var result = runner.Run("Get-DockerImageArchive", new Hashtable { ["LiteralPath"] = new[] { missing, good } });

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("ArchiveNotFound,DockerPS.Commands.GetDockerImageArchiveCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal(missing, error.TargetObject);
        Assert.Contains($"Cannot find path '{missing}' because it does not exist", error.ToString());
        Assert.Equal(new[] { App.Id }, result.Output.Cast<DockerImageArchiveEntry>().Select(entry => entry.ImageId));
    }

    [Fact]
    public void PathThatDoesNotExist_IsANonTerminatingArchiveNotFound_NamingThePathAsGiven()
    {
        var result = runner.Run("Get-DockerImageArchive", new Hashtable { ["Path"] = new[] { "missing.tar" } });

        var error = Assert.Single(result.Errors);
        Assert.Equal("ArchiveNotFound", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("missing.tar", error.TargetObject);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Directory_IsANonTerminatingInvalidArchivePath()
    {
        Directory.CreateDirectory(folder.File("images"));

        var result = runner.Run("Get-DockerImageArchive", new Hashtable { ["LiteralPath"] = new[] { folder.File("images") } });

        var error = Assert.Single(result.Errors);
        Assert.Equal("InvalidArchivePath,DockerPS.Commands.GetDockerImageArchiveCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal(folder.File("images"), error.TargetObject);
        Assert.Contains("is a directory, not an archive file", error.ToString());
    }

    [Fact]
    public void PathOnADriveThatDoesNotExist_IsANonTerminatingArchiveNotFound()
    {
        var result = runner.Run("Get-DockerImageArchive", new Hashtable { ["Path"] = new[] { "NoSuchDrive:\\app.tar" } });

        var error = Assert.Single(result.Errors);
        Assert.Equal("ArchiveNotFound", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("NoSuchDrive:\\app.tar", error.TargetObject);
    }

    [Fact]
    public void PipedImage_IsRefused_NeverTakenForTheArchiveOfItsName_AndTheNextFileIsRead()
    {
        folder.Write("app", TarTestArchives.ImageArchive(false, App));
        var archive = folder.Write("app.tar", TarTestArchives.ImageArchive(false, App));
        using var engine = new FakeEngine();
        var image = ImageCmdletFixtures.Image(engine, ImageCmdletFixtures.Row(App.Id, "app:latest"));

        var result = runner.Run("Get-DockerImageArchive", null, new object[] { image, new FileInfo(archive) });

        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Contains("The DockerImage 'app:latest' is not an archive path.", error.ToString());
        Assert.Equal(new[] { archive }, result.Output.Cast<DockerImageArchiveEntry>().Select(read => read.ArchivePath));
    }

    [Fact]
    public void PathOnADriveWithoutFiles_IsANonTerminatingInvalidArchivePath()
    {
        var result = runner.Run("Get-DockerImageArchive", new Hashtable { ["LiteralPath"] = new[] { "Env:\\PATH" } });

        var error = Assert.Single(result.Errors);
        Assert.Equal("InvalidArchivePath", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("Env:\\PATH", error.TargetObject);
        Assert.Contains("image archives are files, on a FileSystem drive", error.ToString());
    }

    [Theory]
    [InlineData("text", "Not a tar archive: it does not start with a tar header")]
    [InlineData("tar without manifest", "The archive has no manifest.json")]
    [InlineData("truncated", "The archive is truncated")]
    [InlineData("manifest not a list", "manifest.json is not a list of images")]
    [InlineData("manifest naming a missing layer", "which the archive does not hold as a file")]
    [InlineData("empty", "The archive is empty")]
    public void FileThatIsNoWholeImageArchive_IsANonTerminatingInvalidImageArchive_NamingTheFile_AndTheNextFileIsRead(string kind, string reason)
    {
        var bad = folder.Write("bad.tar", Damaged(kind));
        var good = folder.Write("good.tar.gz", TarTestArchives.Gzip(TarTestArchives.ImageArchive(true, App)));

        var result = runner.Run("Get-DockerImageArchive", new Hashtable { ["LiteralPath"] = new[] { bad, good } });

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("InvalidImageArchive,DockerPS.Commands.GetDockerImageArchiveCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Equal(bad, error.TargetObject);
        Assert.StartsWith($"'{bad}' is not an image archive docker load can read: ", error.ToString());
        Assert.Contains(reason, error.ToString());
        Assert.Equal(new[] { App.Id }, result.Output.Cast<DockerImageArchiveEntry>().Select(entry => entry.ImageId));
    }

    [Theory]
    [InlineData("bzip2", new byte[] { 0x42, 0x5a, 0x68, 0x39, 0x31, 0x41 })]
    [InlineData("xz", new byte[] { 0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00 })]
    [InlineData("zstd", new byte[] { 0x28, 0xb5, 0x2f, 0xfd, 0x04, 0x00 })]
    public void ArchiveInACompressionItCannotRead_IsANonTerminatingUnsupportedArchiveCompression(string compression, byte[] magic)
    {
        var compressed = folder.Write("app.tar.x", TarTestArchives.Concat(magic, new byte[600]));
        var good = folder.Write("app.tar", TarTestArchives.ImageArchive(false, App));

        var result = runner.Run("Get-DockerImageArchive", new Hashtable { ["LiteralPath"] = new[] { compressed, good } });

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("UnsupportedArchiveCompression,DockerPS.Commands.GetDockerImageArchiveCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.NotImplemented, error.CategoryInfo.Category);
        Assert.Equal(compressed, error.TargetObject);
        Assert.Contains($"compressed with {compression}; only plain tar and gzip archives can be read", error.ToString());
        Assert.Single(result.Output);
    }

    [Fact]
    public void PipedFilesAndArchiveEntries_AreRead()
    {
        var archive = folder.Write("app.tar", TarTestArchives.ImageArchive(false, App));
        var entry = Assert.Single(runner.Run("Get-DockerImageArchive", new Hashtable { ["LiteralPath"] = new[] { archive } }).Output);

        var result = runner.Run("Get-DockerImageArchive", null, new object[] { new FileInfo(archive), entry, "app.tar" });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { archive, archive, archive }, result.Output.Cast<DockerImageArchiveEntry>().Select(read => read.ArchivePath));
    }

    private static byte[] Damaged(string kind)
    {
        var whole = TarTestArchives.ImageArchive(false, App);
        return kind switch
        {
            "empty" => Array.Empty<byte>(),
            "text" => TarTestArchives.Bytes(string.Concat(Enumerable.Repeat("not an archive\n", 100))),
            "tar without manifest" => TarTestArchives.Files(System.Formats.Tar.TarEntryFormat.Pax, ("readme.txt", TarTestArchives.Bytes("hello"))),
            "truncated" => whole.Take(whole.Length / 2).ToArray(),
            "manifest not a list" => TarTestArchives.Files(System.Formats.Tar.TarEntryFormat.Pax, ("manifest.json", TarTestArchives.Bytes("{\"Config\":\"x.json\"}"))),
            "manifest naming a missing layer" => TarTestArchives.Files(
                System.Formats.Tar.TarEntryFormat.Pax,
                (App.Id.Substring(7) + ".json", App.Config),
                ("manifest.json", TarTestArchives.Bytes($"[{{\"Config\":\"{App.Id.Substring(7)}.json\",\"RepoTags\":[\"app:1\"],\"Layers\":[\"gone/layer.tar\"]}}]"))),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }
}
