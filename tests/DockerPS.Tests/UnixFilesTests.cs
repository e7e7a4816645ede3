using System;
using System.IO;
using System.Runtime.InteropServices;
using DockerPS.Internal;
using Xunit;

namespace DockerPS.Tests;

public sealed class UnixFilesTests : IDisposable
{
    private static readonly DateTime Fractional = new DateTime(2021, 3, 4, 5, 6, 7, DateTimeKind.Utc).AddTicks(1234567);

    private readonly string root = Path.Combine(Path.GetTempPath(), "dockerps-unixfiles-" + Guid.NewGuid().ToString("N"));

    public UnixFilesTests()
    {
        Directory.CreateDirectory(root);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static bool OnUnix => !RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

    [Fact]
    public void StatusOf_DescribesAFileItsModeSizeAndTime()
    {
        if (!OnUnix)
        {
            return;
        }

        var path = Path.Combine(root, "file");
        using (var file = new FileStream(path, FileMode.CreateNew))
        {
            file.Write(new byte[] { 1, 2, 3 }, 0, 3);
            file.Flush();
            UnixFiles.SetModeAndTime(file, path, 0x800 | 0x1E8, Fractional);
        }

        var facts = UnixFiles.StatusOf(path)!;

        Assert.Equal(UnixFiles.FileKind.Regular, facts.Kind);
        Assert.Equal(0x800 | 0x1E8, facts.Mode);
        Assert.Equal(3, facts.Size);
        Assert.Equal(Fractional, facts.Modified);
        Assert.Null(UnixFiles.StatusOf(Path.Combine(root, "missing")));
    }

    [Fact]
    public void SymbolicLinks_AreCreatedReadAndDescribedNotFollowed()
    {
        if (!OnUnix)
        {
            return;
        }

        var link = Path.Combine(root, "lien-été");
        UnixFiles.CreateSymbolicLink(link, "../nowhere/été");

        Assert.Equal("../nowhere/été", UnixFiles.ReadLink(link));
        Assert.Equal(UnixFiles.FileKind.SymbolicLink, UnixFiles.KindOf(link));
        var error = Assert.Throws<IOException>(() => UnixFiles.CreateSymbolicLink(link, "other"));
        Assert.Contains(link, error.Message);
    }

    [Fact]
    public void CreateHardLink_GivesTheFileASecondName()
    {
        var first = Path.Combine(root, "first");
        File.WriteAllText(first, "same");

        UnixFiles.CreateHardLink(first, Path.Combine(root, "second"));

        Assert.Equal("same", File.ReadAllText(Path.Combine(root, "second")));
    }

    [Fact]
    public void CreateDirectory_SetsTheModeExactlyAndTimesStick()
    {
        if (!OnUnix)
        {
            return;
        }

        var directory = Path.Combine(root, "sticky");
        UnixFiles.CreateDirectory(directory, 0x200 | 0x1FF);
        UnixFiles.SetModifiedTime(directory, Fractional);

        var facts = UnixFiles.StatusOf(directory)!;
        Assert.Equal(UnixFiles.FileKind.Directory, facts.Kind);
        Assert.Equal(0x200 | 0x1FF, facts.Mode);
        Assert.Equal(Fractional, facts.Modified);
    }

    [Fact]
    public void Rename_ReplacesALinkItselfNotItsTarget()
    {
        if (!OnUnix)
        {
            return;
        }

        var target = Path.Combine(root, "target");
        File.WriteAllText(target, "kept");
        var link = Path.Combine(root, "link");
        UnixFiles.CreateSymbolicLink(link, target);
        var fresh = Path.Combine(root, "fresh");
        File.WriteAllText(fresh, "new");

        UnixFiles.Rename(fresh, link);

        Assert.Equal(UnixFiles.FileKind.Regular, UnixFiles.KindOf(link));
        Assert.Equal("new", File.ReadAllText(link));
        Assert.Equal("kept", File.ReadAllText(target));
        Assert.False(File.Exists(fresh));
    }
}
