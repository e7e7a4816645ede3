using System;
using System.Collections.Generic;
using System.Linq;
using DockerPS.Containers;
using Xunit;
using static DockerPS.Containers.VolumeSpecParser;

namespace DockerPS.Tests;

public class VolumeSpecParserTests
{
    // Stands in for PowerShell's path resolution, so the tests do not depend on the process's folder.
    private static string Resolve(string path) => "/resolved/" + path;

    private static string Unexpected(string path) => throw new InvalidOperationException($"resolved {path}");

    [Theory]
    [InlineData("/data")]
    [InlineData("/var/lib/data")]
    [InlineData("/with space")]
    [InlineData("/a")]
    [InlineData(@"\data")]
    [InlineData(@"C:\data")]
    [InlineData("c:/data")]
    [InlineData("D:")]
    [InlineData(@"\\.\pipe\inside")]
    public void Parse_AnonymousVolume(string spec)
    {
        var volume = Parse(spec, Unexpected);

        Assert.Equal(VolumeKind.Anonymous, volume.Kind);
        Assert.Null(volume.Source);
        Assert.Equal(spec, volume.Target);
        Assert.Null(volume.Mode);
        Assert.Null(volume.Bind);
    }

    [Theory]
    [InlineData("data:/data", "data", "/data", null)]
    [InlineData("my-volume_1.x:/var/lib/x", "my-volume_1.x", "/var/lib/x", null)]
    [InlineData("data:/data:ro", "data", "/data", "ro")]
    [InlineData("data:/data:rw", "data", "/data", "rw")]
    [InlineData("data:/data:nocopy", "data", "/data", "nocopy")]
    [InlineData("data:/data:ro,nocopy,z", "data", "/data", "ro,nocopy,z")]
    [InlineData("data:/data:Z", "data", "/data", "Z")]
    [InlineData("data:/data:cached", "data", "/data", "cached")]
    [InlineData(@"data:C:\data", "data", @"C:\data", null)]
    [InlineData("data:D:", "data", "D:", null)]
    [InlineData("data:D::rw", "data", "D:", "rw")]
    [InlineData("0123456789name:/data", "0123456789name", "/data", null)]
    public void Parse_NamedVolume(string spec, string source, string target, string? mode)
    {
        var volume = Parse(spec, Unexpected);

        Assert.Equal(VolumeKind.Named, volume.Kind);
        Assert.Equal(source, volume.Source);
        Assert.Equal(target, volume.Target);
        Assert.Equal(mode, volume.Mode);
        Assert.Equal(spec, volume.Bind);
    }

    [Theory]
    [InlineData("/host:/data", "/host", "/data", null)]
    [InlineData("/:/host", "/", "/host", null)]
    [InlineData("/host/path:/container/path:ro", "/host/path", "/container/path", "ro")]
    [InlineData("/rw:/ro", "/rw", "/ro", null)]
    [InlineData("/src:/dst:ro,rslave", "/src", "/dst", "ro,rslave")]
    [InlineData("/src:/dst:Z,shared,ro", "/src", "/dst", "Z,shared,ro")]
    [InlineData("/src:/dst:rprivate,delegated", "/src", "/dst", "rprivate,delegated")]
    [InlineData(@"C:\data:/data", @"C:\data", "/data", null)]
    [InlineData(@"c:\data:/data:ro", @"c:\data", "/data", "ro")]
    [InlineData("C:/data:/data", "C:/data", "/data", null)]
    [InlineData(@"C:\:D:\", @"C:\", @"D:\", null)]
    [InlineData(@"c:\program files:d:\s p a c e", @"c:\program files", @"d:\s p a c e", null)]
    [InlineData(@"C:\source\foo:D:\target:ro,rprivate", @"C:\source\foo", @"D:\target", "ro,rprivate")]
    [InlineData(@"\\.\pipe\docker_engine:\\.\pipe\inside", @"\\.\pipe\docker_engine", @"\\.\pipe\inside", null)]
    [InlineData(@"\\server\share:/data", @"\\server\share", "/data", null)]
    [InlineData("~user/x:/data", "~user/x", "/data", null)]
    public void Parse_BindMount(string spec, string source, string target, string? mode)
    {
        var volume = Parse(spec, Unexpected);

        Assert.Equal(VolumeKind.Bind, volume.Kind);
        Assert.Equal(source, volume.Source);
        Assert.Equal(target, volume.Target);
        Assert.Equal(mode, volume.Mode);
        Assert.Equal(spec, volume.Bind);
    }

    [Theory]
    [InlineData("./data:/data", "/resolved/./data:/data")]
    [InlineData("../data:/data:ro", "/resolved/../data:/data:ro")]
    [InlineData(@".\data:/data", @"/resolved/.\data:/data")]
    [InlineData(".:/src", "/resolved/.:/src")]
    [InlineData(".hidden:/data", "/resolved/.hidden:/data")]
    [InlineData("~/data:/data", "/resolved/~/data:/data")]
    [InlineData(@"~\data:/data", @"/resolved/~\data:/data")]
    [InlineData("~:/home", "/resolved/~:/home")]
    public void Parse_ResolvesRelativeHostPaths(string spec, string bind)
    {
        var volume = Parse(spec, Resolve);

        Assert.Equal(VolumeKind.Bind, volume.Kind);
        Assert.Equal(bind, volume.Bind);
    }

    [Theory]
    [InlineData("", "invalid empty volume spec")]
    [InlineData(":/data", "invalid volume specification: ':/data': empty section between colons")]
    [InlineData("/data:", "invalid volume specification: '/data:': empty section between colons")]
    [InlineData("/foo::ro", "invalid volume specification: '/foo::ro': empty section between colons")]
    [InlineData("/a:/b:", "invalid volume specification: '/a:/b:': empty section between colons")]
    [InlineData("::", "invalid volume specification: '::': empty section between colons")]
    [InlineData("/foo:/foo:ro:foo", "invalid volume specification: '/foo:/foo:ro:foo': too many colons")]
    [InlineData("/a:/b:ro:", "invalid volume specification: '/a:/b:ro:': too many colons")]
    [InlineData("data", "invalid volume specification: 'data': invalid mount path: 'data' mount path must be absolute")]
    [InlineData("ab", "invalid volume specification: 'ab': invalid mount path: 'ab' mount path must be absolute")]
    [InlineData("./", "invalid volume specification: './': invalid mount path: './' mount path must be absolute")]
    [InlineData("data:rel", "invalid volume specification: 'data:rel': invalid mount path: 'rel' mount path must be absolute")]
    [InlineData("/host:data", "invalid volume specification: '/host:data': invalid mount path: 'data' mount path must be absolute")]
    [InlineData("/path:ro", "invalid volume specification: '/path:ro': invalid mount path: 'ro' mount path must be absolute")]
    [InlineData("/:../", "invalid volume specification: '/:../': invalid mount path: '../' mount path must be absolute")]
    [InlineData("data:C:data", "invalid volume specification: 'data:C:data': invalid mount path: 'C:data' mount path must be absolute")]
    [InlineData("/", "invalid volume specification: '/': destination can't be '/'")]
    [InlineData("/host:/", "invalid volume specification: '/host:/': destination can't be '/'")]
    [InlineData("data://", "invalid volume specification: 'data://': destination can't be '/'")]
    [InlineData("/host:/x/..", "invalid volume specification: '/host:/x/..': destination can't be '/'")]
    [InlineData(@"/host:\", @"invalid volume specification: '/host:\': destination can't be '/'")]
    public void Parse_RefusesMalformedSpecs(string spec, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => Parse(spec, Resolve));

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("/a:/b:foo", "foo", "unknown option 'foo'")]
    [InlineData("/a:/b:sw", "sw", "unknown option 'sw'")]
    [InlineData("/a:/b:rwz", "rwz", "unknown option 'rwz'")]
    [InlineData("/a:/b:RW", "RW", "unknown option 'RW'")]
    [InlineData("/a:/b:ro,", "ro,", "unknown option ''")]
    [InlineData("/a:/b:default", "default", "unknown option 'default'")]
    [InlineData("/a:/b:ro,rw", "ro,rw", "more than one of rw, ro")]
    [InlineData("/a:/b:z,Z", "z,Z", "more than one of z, Z")]
    [InlineData("/a:/b:ro,rshared,rslave", "ro,rshared,rslave", "more than one of shared, rshared, slave, rslave, private, rprivate")]
    [InlineData("/a:/b:cached,delegated", "cached,delegated", "more than one of consistent, cached, delegated")]
    [InlineData("data:/b:nocopy,nocopy", "nocopy,nocopy", "more than one of nocopy")]
    [InlineData("data:/b:shared", "shared", "propagation 'shared' applies only to a host path")]
    [InlineData("data:/b:ro,rprivate", "ro,rprivate", "propagation 'rprivate' applies only to a host path")]
    [InlineData("/a:/b:nocopy", "nocopy", "nocopy applies only to a named volume")]
    public void Parse_RefusesBadModes(string spec, string mode, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => Parse(spec, Resolve));

        Assert.Equal($"invalid volume specification: '{spec}': invalid mode: {mode} ({reason})", error.Message);
    }

    [Fact]
    public void Merge_SortsBindsFromAnonymousVolumes()
    {
        var volumes = Merge(new[] { "/cache", "data:/data:ro", "./src:/src", "/cache", @"C:\logs:/logs", "/tmp/x" }, Resolve);

        Assert.Equal(new[] { "data:/data:ro", "/resolved/./src:/src", @"C:\logs:/logs" }, volumes.Binds);
        Assert.Equal(new[] { "/cache", "/tmp/x" }, volumes.Volumes.Keys.OrderBy(k => k, StringComparer.Ordinal));
    }

    [Fact]
    public void Merge_KeepsRepeatedBindsForTheEngineToJudge()
    {
        var volumes = Merge(new[] { "/a:/data", "/a:/data" }, Resolve);

        Assert.Equal(new[] { "/a:/data", "/a:/data" }, volumes.Binds);
        Assert.Empty(volumes.Volumes);
    }

    [Fact]
    public void Merge_OfNothingIsEmpty()
    {
        var volumes = Merge(Array.Empty<string>(), Resolve);

        Assert.Empty(volumes.Binds);
        Assert.Empty(volumes.Volumes);
    }

    [Fact]
    public void Merge_StopsAtTheFirstBadSpec()
    {
        var resolved = new List<string>();

        var error = Assert.Throws<ArgumentException>(() => Merge(new[] { "/a:/a", "data:rel", "./b:/b" }, path =>
        {
            resolved.Add(path);
            return path;
        }));

        Assert.Contains("'data:rel'", error.Message);
        Assert.Empty(resolved);
    }
}
