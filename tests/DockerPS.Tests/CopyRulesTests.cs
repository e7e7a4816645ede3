using System;
using System.IO;
using DockerPS.ContainerFiles;
using DockerPS.Errors;
using Xunit;

namespace DockerPS.Tests;

/// <summary>
/// docker cp's table of where a copy lands (moby's pkg/archive CopyInfo and PrepareArchiveCopy): the directory the
/// archive is extracted into, the source's name its entries start with, and the name they take there.
/// </summary>
public sealed class CopyRulesTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "dockerps-copyrules-" + Guid.NewGuid().ToString("N"));

    public CopyRulesTests()
    {
        Directory.CreateDirectory(Path.Combine(root, "existing-dir"));
        File.WriteAllText(Path.Combine(root, "existing-file"), "x");
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Theory]
    //          source          source is dir  destination          exists  dest is dir  directory          source base  top name
    [InlineData("/etc/hosts", false, "/tmp/new", false, false, "/tmp", "hosts", "new")] // file -> new file
    [InlineData("/etc/hosts", false, "/tmp/old", true, false, "/tmp", "hosts", "old")] // file -> existing file: replaced
    [InlineData("/etc/hosts", false, "/tmp/dir", true, true, "/tmp/dir", "hosts", "hosts")] // file -> existing dir: inside
    [InlineData("/etc/hosts", false, "/tmp/dir/", true, true, "/tmp/dir", "hosts", "hosts")] // file -> existing dir/
    [InlineData("/etc/nginx", true, "/tmp/dir", true, true, "/tmp/dir", "nginx", "nginx")] // dir -> existing dir: inside, own name
    [InlineData("/etc/nginx", true, "/tmp/new", false, false, "/tmp", "nginx", "new")] // dir -> new: becomes it
    [InlineData("/etc/nginx", true, "/tmp/new/", false, false, "/tmp", "nginx", "new")] // dir -> new/: becomes it
    [InlineData("/etc/nginx/", true, "/tmp/dir", true, true, "/tmp/dir", "nginx", "nginx")] // dir/ -> existing dir
    [InlineData("/etc/nginx/.", true, "/tmp/dir", true, true, "/tmp/dir", ".", ".")] // dir/. -> existing dir: its contents
    [InlineData("/etc/nginx/.", true, "/tmp/new", false, false, "/tmp", ".", "new")] // dir/. -> new: contents in a new dir
    [InlineData("/etc/nginx/.", true, "/tmp/dir/.", true, true, "/tmp/dir", ".", ".")] // dir/. -> dir/.
    [InlineData("/", true, "/tmp/dir", true, true, "/tmp/dir", "/", ".")] // the root -> existing dir: its contents
    public void Plan_FollowsDockerCpsTable(string source, bool sourceIsDir, string destination, bool exists, bool destinationIsDir, string directory, string sourceBase, string topName)
    {
        var plan = CopyRules.Plan(new CopyInfo(source, true, sourceIsDir), new CopyInfo(destination, exists, destinationIsDir), out var refusal);

        Assert.Null(refusal);
        Assert.NotNull(plan);
        Assert.Equal(directory, plan!.Directory);
        Assert.Equal(sourceBase, plan.SourceBase);
        Assert.Equal(topName, plan.TopName);
    }

    [Theory]
    [InlineData("/etc/nginx", true, "/tmp/file", true, false, "cannot copy directory")] // dir -> existing file
    [InlineData("/etc/nginx/.", true, "/tmp/file", true, false, "cannot copy directory")]
    [InlineData("/etc/hosts", false, "/tmp/missing/", false, false, "no such directory")] // file -> missing dir/
    [InlineData("/etc/hosts", false, "/tmp/missing/.", false, false, "no such directory")]
    public void Plan_RefusesAsDockerCpRefuses(string source, bool sourceIsDir, string destination, bool exists, bool destinationIsDir, string expected)
    {
        var plan = CopyRules.Plan(new CopyInfo(source, true, sourceIsDir), new CopyInfo(destination, exists, destinationIsDir), out var refusal);

        Assert.Null(plan);
        Assert.Equal(expected, refusal);
    }

    [Fact]
    public void Plan_AFollowedLinkKeepsTheLinksName()
    {
        var (path, rebase) = CopyRules.FollowedLink("/var/lib/current", "/var/lib/v2");

        var plan = CopyRules.Plan(new CopyInfo(path, true, true, rebase), new CopyInfo("/tmp/dir", true, true), out _);

        Assert.Equal("/var/lib/v2", path);
        Assert.Equal("current", rebase);
        Assert.Equal("v2", plan!.SourceBase);
        Assert.Equal("current", plan.TopName);
    }

    [Theory]
    [InlineData("/a/b/../c/", "/a/c")]
    [InlineData("a//b/./c", "a/b/c")]
    [InlineData("../a", "../a")]
    [InlineData("/../a", "/a")]
    [InlineData("", ".")]
    [InlineData("/", "/")]
    public void Clean_IsGosPathClean(string path, string expected) => Assert.Equal(expected, CopyRules.Clean(path));

    [Theory]
    [InlineData("/x/y/", "/x/y/.", "/x/y/.")]
    [InlineData("/x/y", "/x/y/", "/x/y/")]
    [InlineData("/x/y", "/x/y", "/x/y")]
    public void PreserveTrailingDotOrSeparator_GivesBackWhatWasWritten(string cleaned, string original, string expected) =>
        Assert.Equal(expected, CopyRules.PreserveTrailingDotOrSeparator(cleaned, original));

    [Fact]
    public void LocalDestination_ExistingDirectoryFileAndNewName()
    {
        var directory = ContainerCopy.LocalDestination(Slashed("existing-dir"));
        var file = ContainerCopy.LocalDestination(Slashed("existing-file"));
        var fresh = ContainerCopy.LocalDestination(Slashed("new-name"));

        Assert.True(directory.Exists && directory.IsDirectory);
        Assert.True(file.Exists && !file.IsDirectory);
        Assert.False(fresh.Exists);
    }

    [Fact]
    public void LocalDestination_IntoAMissingParent_IsDirectoryNotFound()
    {
        var error = Assert.Throws<ErrorRecordException>(() => ContainerCopy.LocalDestination(Slashed("missing/child")));

        Assert.Equal("DirectoryNotFound", error.ErrorRecord.FullyQualifiedErrorId);
    }

    [Fact]
    public void LocalDestination_AFileWrittenAsADirectory_IsRefused()
    {
        var error = Assert.Throws<ErrorRecordException>(() => ContainerCopy.LocalDestination(Slashed("existing-file") + "/"));

        Assert.Equal("CopyRefused", error.ErrorRecord.FullyQualifiedErrorId);
        Assert.Contains("not a directory", error.Message);
    }

    [Fact]
    public void LocalDestination_FollowsALinkAtThePath()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        File.CreateSymbolicLink(Path.Combine(root, "link"), "existing-dir");

        var info = ContainerCopy.LocalDestination(Slashed("link"));

        Assert.Equal(Slashed("existing-dir"), info.Path);
        Assert.True(info.IsDirectory);
    }

    [Theory]
    [InlineData("web:/etc/nginx", "web", "/etc/nginx")]
    [InlineData("web:relative", "web", "relative")]
    [InlineData(":/etc/nginx", "", "/etc/nginx")]
    [InlineData("/tmp/a:b", null, "/tmp/a:b")]
    [InlineData("./file:name", null, "./file:name")]
    [InlineData("plain", null, "plain")]
    [InlineData("Temp:/x", null, "Temp:/x")]
    public void CopyArgument_ReadsTheDockerClisNotation(string text, string? container, string path)
    {
        var argument = CopyArgument.Parse(text, name => name == "Temp");

        Assert.Equal(container, argument.Container);
        Assert.Equal(path, argument.Path);
    }

    [Fact]
    public void CopyArgument_AContainerWithoutAPath_IsRefused() =>
        Assert.Throws<ArgumentException>(() => CopyArgument.Parse("web:", _ => false));

    private string Slashed(string name) => Path.Combine(root, name).Replace('\\', '/');
}
