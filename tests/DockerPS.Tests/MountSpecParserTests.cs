using System;
using System.Collections.Generic;
using Docker.DotNet.Models;
using DockerPS.Containers;
using Xunit;
using Version = System.Version;

namespace DockerPS.Tests;

/// <summary>
/// -Mount read as docker run --mount reads it (docker/cli's opts.MountOpt), then checked as the engine's Linux parser
/// checks a mount before creating anything. The expected words are the CLI's and the engine's.
/// </summary>
public class MountSpecParserTests
{
    // Stands in for PowerShell's path resolution, so the tests do not depend on the process's folder.
    private static string Resolve(string path) => "/resolved/" + path;

    private static string Unexpected(string path) => throw new InvalidOperationException($"resolved {path}");

    private static Mount Parse(string spec) => MountSpecParser.Parse(spec, Unexpected);

    private static string Refusal(string spec) => Assert.Throws<ArgumentException>(() => MountSpecParser.Parse(spec, Resolve)).Message;

    // ---- Types, sources, targets ----

    [Fact]
    public void Bind_WithSourceAndTarget()
    {
        var mount = Parse("type=bind,source=/srv/data,target=/data");

        Assert.Equal("bind", mount.Type);
        Assert.Equal("/srv/data", mount.Source);
        Assert.Equal("/data", mount.Target);
        Assert.Null(mount.ReadOnly);
        Assert.Null(mount.BindOptions);
        Assert.Null(mount.VolumeOptions);
        Assert.Null(mount.TmpfsOptions);
    }

    [Theory]
    [InlineData("type=bind,src=/source,dst=/target")]
    [InlineData("type=bind,source=/source,target=/target")]
    [InlineData("type=bind,source=/source,destination=/target")]
    [InlineData("TYPE=BIND,SOURCE=/source,Target=/target")]
    public void SourceAndTarget_HaveTheirAliases_AndKeysAnyCase(string spec)
    {
        var mount = Parse(spec);

        Assert.Equal("bind", mount.Type);
        Assert.Equal("/source", mount.Source);
        Assert.Equal("/target", mount.Target);
    }

    [Fact]
    public void WithoutType_IsAVolume()
    {
        var mount = Parse("target=/data,source=cache");

        Assert.Equal("volume", mount.Type);
        Assert.Equal("cache", mount.Source);
    }

    [Fact]
    public void VolumeWithoutSource_IsAnAnonymousVolume()
    {
        var mount = Parse("type=volume,target=/data");

        Assert.Equal("volume", mount.Type);
        Assert.Null(mount.Source);
        Assert.Equal("/data", mount.Target);
    }

    [Fact]
    public void Tmpfs_WithSizeAndMode()
    {
        var mount = Parse("type=tmpfs,target=/scratch,tmpfs-size=64m,tmpfs-mode=1770");

        Assert.Equal("tmpfs", mount.Type);
        Assert.Null(mount.Source);
        Assert.Equal(64L * 1024 * 1024, mount.TmpfsOptions!.SizeBytes);
        Assert.Equal(Convert.ToUInt32("1770", 8), mount.TmpfsOptions.Mode);
    }

    [Theory]
    [InlineData("1048576", 1048576L)]
    [InlineData("1k", 1024L)]
    [InlineData("1KB", 1024L)]
    [InlineData("1.5g", 1610612736L)]
    [InlineData("2MiB", 2097152L)]
    public void TmpfsSize_IsReadAsTheCliReadsSizes(string size, long bytes)
    {
        Assert.Equal(bytes, Parse($"type=tmpfs,target=/t,tmpfs-size={size}").TmpfsOptions!.SizeBytes);
    }

    [Theory]
    [InlineData(".", "/resolved/.")]
    [InlineData("./data", "/resolved/./data")]
    [InlineData("../up", "/resolved/../up")]
    public void RelativeSource_StartingWithADot_IsResolved(string source, string resolved)
    {
        Assert.Equal(resolved, MountSpecParser.Parse($"type=bind,source={source},target=/t", Resolve).Source);
    }

    [Fact]
    public void TypeIsReadWithoutRegardToCase()
    {
        Assert.Equal("tmpfs", Parse("type=TmpFS,target=/t").Type);
    }

    [Fact]
    public void Image_WithSourceAndSubpath()
    {
        var mount = Parse("type=image,source=alpine:3,target=/img,image-subpath=etc");

        Assert.Equal("image", mount.Type);
        Assert.Equal("alpine:3", mount.Source);
        Assert.Equal("etc", mount.ImageOptions!.Subpath);
    }

    // ---- Read-only and the other switches ----

    [Theory]
    [InlineData("", null)]
    [InlineData(",readonly", true)]
    [InlineData(",readonly=1", true)]
    [InlineData(",readonly=true", true)]
    [InlineData(",readonly=0", false)]
    [InlineData(",readonly=false", false)]
    [InlineData(",ro", true)]
    [InlineData(",ro=true", true)]
    [InlineData(",ro=false", false)]
    [InlineData(",RO", true)]
    public void ReadOnly_BareOrABoolean(string option, bool? readOnly)
    {
        Assert.Equal(readOnly, Parse("type=bind,source=/s,target=/t" + option).ReadOnly);
    }

    [Theory]
    [InlineData("readonly=no", "invalid value for 'readonly': invalid boolean value (\"no\"): must be one of \"true\", \"1\", \"false\", or \"0\" (default \"true\")")]
    [InlineData("ro=yes", "invalid value for 'ro': invalid boolean value (\"yes\")")]
    [InlineData("readonly=TRUE", "invalid boolean value (\"TRUE\")")]
    [InlineData("readonly=", "invalid value for 'readonly': value is empty")]
    [InlineData("readonly= true", "invalid value for 'readonly' in 'readonly= true': value should not have whitespace")]
    public void ReadOnly_AnythingButTheCliBooleans_IsRefused(string option, string words)
    {
        Assert.Contains(words, Refusal("type=bind,source=/s,target=/t," + option));
    }

    [Theory]
    [InlineData("volume-nocopy", true)]
    [InlineData("volume-nocopy=1", true)]
    [InlineData("volume-nocopy=false", false)]
    public void VolumeNoCopy_BareOrABoolean(string option, bool noCopy)
    {
        Assert.Equal(noCopy, Parse("type=volume,source=v,target=/t," + option).VolumeOptions!.NoCopy);
    }

    // ---- Volume, bind and tmpfs options ----

    [Fact]
    public void VolumeOptions_DriverOptionsAndLabels_Repeat()
    {
        var mount = Parse("type=volume,source=v,target=/t,volume-driver=local,volume-opt=type=nfs,volume-opt=o=addr=10.0.0.1,volume-opt=device=:/export,volume-label=tier=db,volume-label=empty");

        var driver = mount.VolumeOptions!.DriverConfig!;
        Assert.Equal("local", driver.Name);
        Assert.Equal(new Dictionary<string, string> { ["type"] = "nfs", ["o"] = "addr=10.0.0.1", ["device"] = ":/export" }, driver.Options);
        Assert.Equal(new Dictionary<string, string> { ["tier"] = "db", ["empty"] = string.Empty }, mount.VolumeOptions.Labels);
    }

    [Fact]
    public void VolumeOptionWithoutAKey_IsDropped_AsTheCliDropsIt()
    {
        var mount = Parse("type=volume,target=/t,volume-opt==value");

        Assert.NotNull(mount.VolumeOptions!.DriverConfig);
        Assert.Null(mount.VolumeOptions.DriverConfig!.Options);
    }

    [Fact]
    public void QuotedField_KeepsItsCommas()
    {
        var mount = Parse("type=volume,source=v,target=/t,\"volume-opt=o=addr=10.0.0.1,rw,nfsvers=4\"");

        Assert.Equal("addr=10.0.0.1,rw,nfsvers=4", mount.VolumeOptions!.DriverConfig!.Options!["o"]);
    }

    [Fact]
    public void QuotedField_TakesADoubledQuoteAsOne()
    {
        Assert.Equal("/with\"quote", Parse("type=bind,\"source=/with\"\"quote\",target=/t").Source);
    }

    [Theory]
    [InlineData("RShared", "rshared")]
    [InlineData("private", "private")]
    [InlineData("slave", "slave")]
    public void BindPropagation_IsLowerCased(string given, string expected)
    {
        Assert.Equal(expected, Parse($"type=bind,source=/s,target=/t,bind-propagation={given}").BindOptions!.Propagation);
    }

    [Fact]
    public void BindRecursive_Disabled_IsNonRecursive_AndEnabledRecordsNothing()
    {
        Assert.True(Parse("type=bind,source=/s,target=/t,bind-recursive=disabled").BindOptions!.NonRecursive);
        Assert.Null(Parse("type=bind,source=/s,target=/t,bind-recursive=enabled").BindOptions);
    }

    [Fact]
    public void BindRecursive_ReadOnly_WithReadOnlyAndRprivate()
    {
        var mount = Parse("type=bind,source=/s,target=/t,readonly,bind-recursive=readonly,bind-propagation=rprivate");

        Assert.True(mount.BindOptions!.ReadOnlyForceRecursive);
    }

    [Fact]
    public void BindCreateSource_IsCreateMountpoint()
    {
        Assert.True(Parse("type=bind,source=/s,target=/t,bind-create-src").BindOptions!.CreateMountpoint);
    }

    [Fact]
    public void Consistency_IsAcceptedAndPassedOn_AsTheCliDoes()
    {
        Assert.Equal("cached", Parse("type=bind,source=/s,target=/t,consistency=Cached").Consistency);
    }

    [Fact]
    public void VolumeSubpath_OfANamedVolume()
    {
        Assert.Equal("sub/dir", Parse("type=volume,source=v,target=/t,volume-subpath=sub/dir").VolumeOptions!.Subpath);
    }

    [Fact]
    public void Whitespace_AroundTheWholeValue_IsTrimmed()
    {
        Assert.Equal("/t", Parse("  type=tmpfs,target=/t  ").Target);
    }

    // ---- The CLI's refusals ----

    [Theory]
    [InlineData("", "value is empty")]
    [InlineData("   ", "value is empty")]
    [InlineData("type=volume,target=/foo,bogus=foo", "unknown option 'bogus' in 'bogus=foo'")]
    [InlineData("type=volume, src=/foo,target=/foo", "invalid option 'src' in ' src=/foo': option should not have whitespace")]
    [InlineData("type=volume,src =/foo,target=/foo", "invalid option 'src' in 'src =/foo': option should not have whitespace")]
    [InlineData("type=volume,src=,target=/foo", "invalid value for 'src': value is empty")]
    [InlineData("type=volume,src= /foo,target=/foo", "invalid value for 'src' in 'src= /foo': value should not have whitespace")]
    [InlineData("type=volume,src=/foo ,target=/foo", "invalid value for 'src' in 'src=/foo ': value should not have whitespace")]
    [InlineData("type=volume,target=/foo,bogus", "invalid field 'bogus' must be a key=value pair")]
    [InlineData("type=volume,,target=/foo", "invalid field '' must be a key=value pair")]
    [InlineData("type=volume,target=/foo,", "invalid field '' must be a key=value pair")]
    [InlineData("type,target=/foo", "invalid field 'type' must be a key=value pair")]
    [InlineData("type=tmpfs,target=/foo,tmpfs-size=foo", "invalid value for tmpfs-size: foo")]
    [InlineData("type=tmpfs,target=/foo,tmpfs-size=-1", "invalid value for tmpfs-size: -1")]
    [InlineData("type=tmpfs,target=/foo,tmpfs-mode=foo", "invalid value for tmpfs-mode: foo")]
    [InlineData("type=tmpfs,target=/foo,tmpfs-mode=800", "invalid value for tmpfs-mode: 800")]
    [InlineData("type=tmpfs,target=/foo,tmpfs-mode=+755", "invalid value for tmpfs-mode: +755")]
    [InlineData("type=tmpfs,target=/foo,tmpfs-mode=777777777777", "invalid value for tmpfs-mode: 777777777777")]
    [InlineData("type=bind,source=/s,target=/t,bind-nonrecursive", "bind-nonrecursive is deprecated, use bind-recursive=disabled instead")]
    [InlineData("type=bind,source=/s,target=/t,bind-recursive=maybe", "invalid value for bind-recursive: maybe (must be \"enabled\", \"disabled\", \"writable\", or \"readonly\")")]
    [InlineData("type=bind,source=/s,target=/t,bind-recursive=writable", "option 'bind-recursive=writable' requires 'readonly' to be specified in conjunction")]
    [InlineData("type=bind,source=/s,target=/t,bind-recursive=readonly,bind-propagation=rprivate", "option 'bind-recursive=readonly' requires 'readonly' to be specified in conjunction")]
    [InlineData("type=bind,source=/s,target=/t,readonly,bind-recursive=readonly", "option 'bind-recursive=readonly' requires 'bind-propagation=rprivate' to be specified in conjunction")]
    public void CliRefusal_InItsWords(string spec, string words)
    {
        var message = Refusal(spec);

        Assert.StartsWith($"invalid mount specification '{spec}': ", message);
        Assert.EndsWith(words, message);
    }

    [Theory]
    [InlineData("type=volume,target=/foo,source=/foo,bind-propagation=rprivate", "cannot mix 'bind-*' options with mount type 'volume'")]
    [InlineData("type=bind,target=/foo,source=/foo,volume-nocopy=true", "cannot mix 'volume-*' options with mount type 'bind'")]
    [InlineData("type=bind,target=/foo,source=/foo,volume-opt=a=b", "cannot mix 'volume-*' options with mount type 'bind'")]
    [InlineData("type=tmpfs,target=/foo,volume-driver=local", "cannot mix 'volume-*' options with mount type 'tmpfs'")]
    [InlineData("type=volume,target=/foo,tmpfs-size=1m", "cannot mix 'tmpfs-*' options with mount type 'volume'")]
    [InlineData("type=bind,source=/s,target=/foo,tmpfs-mode=700", "cannot mix 'tmpfs-*' options with mount type 'bind'")]
    [InlineData("target=/foo,bind-propagation=shared", "cannot mix 'bind-*' options with mount type 'volume'")]
    [InlineData("type=tmpfs,target=/foo,bind-create-src", "cannot mix 'bind-*' options with mount type 'tmpfs'")]
    [InlineData("type=volume,target=/foo,image-subpath=x", "cannot mix 'image-*' options with mount type 'volume'")]
    public void OptionForAnotherType_IsRefused(string spec, string words)
    {
        Assert.EndsWith(words, Refusal(spec));
    }

    [Theory]
    [InlineData("type=bind,\"source=/s,target=/t", "extraneous or missing \" in quoted-field")]
    [InlineData("type=bind,\"source=/s\"x,target=/t", "extraneous or missing \" in quoted-field")]
    [InlineData("type=bind,source=/s\"x,target=/t", "bare \" in non-quoted field")]
    [InlineData("type=bind,source=/s\ntarget=/t", "a mount is one line")]
    public void MalformedCsv_IsRefused(string spec, string words)
    {
        Assert.Contains(words, Refusal(spec));
    }

    // ---- What the engine would refuse ----

    [Theory]
    [InlineData("type=bind,source=/s", "invalid mount config for type \"bind\": field Target must not be empty")]
    [InlineData("type=volume,source=v", "invalid mount config for type \"volume\": field Target must not be empty")]
    [InlineData("type=tmpfs", "invalid mount config for type \"tmpfs\": field Target must not be empty")]
    [InlineData("type=bind,target=/t", "invalid mount config for type \"bind\": field Source must not be empty")]
    [InlineData("type=bind,source=relative/dir,target=/t", "invalid mount config for type \"bind\": invalid mount path: 'relative/dir' mount path must be absolute")]
    [InlineData("type=bind,source=~/dir,target=/t", "invalid mount config for type \"bind\": invalid mount path: '~/dir' mount path must be absolute")]
    [InlineData("type=bind,source=/s,target=/t,bind-propagation=sideways", "invalid mount config for type \"bind\": invalid propagation mode: sideways")]
    [InlineData("type=tmpfs,source=/s,target=/t", "invalid mount config for type \"tmpfs\": field Source must not be specified")]
    [InlineData("type=volume,target=relative", "invalid mount config for type \"volume\": invalid mount path: 'relative' mount path must be absolute")]
    [InlineData("type=volume,target=/", "invalid mount config for type \"volume\": destination can't be '/'")]
    [InlineData("type=tmpfs,target=/a/..", "invalid mount config for type \"tmpfs\": destination can't be '/'")]
    [InlineData("type=volume,target=/t,volume-subpath=x", "invalid mount config for type \"volume\": must not set Subpath when using anonymous volumes")]
    [InlineData("type=volume,source=v,target=/t,volume-subpath=../x", "invalid mount config for type \"volume\": subpath must be a relative path within the volume")]
    [InlineData("type=volume,source=v,target=/t,volume-subpath=/abs", "invalid mount config for type \"volume\": subpath must be a relative path within the volume")]
    [InlineData("type=volume,source=v,target=/t,volume-subpath=a/../../x", "invalid mount config for type \"volume\": subpath must be a relative path within the volume")]
    [InlineData("type=image,target=/t", "invalid mount config for type \"image\": field Source must not be empty")]
    [InlineData("type=npipe,source=x,target=/t", "invalid mount config for type \"npipe\": mount type unknown")]
    [InlineData("type=cluster,target=/t", "invalid mount config for type \"cluster\": mount type unknown")]
    public void EngineRefusal_IsMadeHere_InTheEnginesWords(string spec, string words)
    {
        Assert.EndsWith(words, Refusal(spec));
    }

    [Fact]
    public void SubpathThatStaysInside_IsLocal()
    {
        Assert.Equal("a/../b", Parse("type=volume,source=v,target=/t,volume-subpath=a/../b").VolumeOptions!.Subpath);
    }

    // ---- Options an older engine would ignore ----

    [Theory]
    [InlineData("type=volume,source=v,target=/t,volume-subpath=x", "volume-subpath", "1.45")]
    [InlineData("type=bind,source=/s,target=/t,readonly,bind-recursive=writable", "bind-recursive=writable", "1.44")]
    [InlineData("type=bind,source=/s,target=/t,bind-create-src", "bind-create-src", "1.42")]
    [InlineData("type=image,source=alpine,target=/t", "type=image", "1.48")]
    public void NeedsNewerApi_NamesTheOptionAndTheApi(string spec, string option, string api)
    {
        var mounts = new[] { Parse("type=tmpfs,target=/plain"), Parse(spec) };

        var needed = MountSpecParser.NeedsNewerApi(mounts, new Version(1, 41));

        Assert.Equal(option, needed!.Value.Option);
        Assert.Equal(Version.Parse(api), needed.Value.Api);
        Assert.Null(MountSpecParser.NeedsNewerApi(mounts, Version.Parse(api)));
    }

    [Fact]
    public void NeedsNewerApi_NothingForPlainMountsOrNone()
    {
        Assert.Null(MountSpecParser.NeedsNewerApi(new[] { Parse("type=bind,source=/s,target=/t,ro,bind-recursive=disabled") }, new Version(1, 40)));
        Assert.Null(MountSpecParser.NeedsNewerApi(null, new Version(1, 40)));
    }
}
