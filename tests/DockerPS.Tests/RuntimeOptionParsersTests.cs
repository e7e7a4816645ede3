using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DockerPS.Containers;
using Xunit;

namespace DockerPS.Tests;

/// <summary>The parsers behind New-DockerContainer's runtime options, each with the docker CLI's grammar and words.</summary>
public sealed class RuntimeOptionParsersTests : IDisposable
{
    private readonly string folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "dps-parsers-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("nofile=1024:2048", "nofile", 1024, 2048)]
    [InlineData("nofile=1024", "nofile", 1024, 1024)]
    [InlineData("core=-1", "core", -1, -1)]
    [InlineData("memlock=0:-1", "memlock", 0, -1)]
    public void Ulimit_SoftAndHard(string spec, string name, long soft, long hard)
    {
        var limit = UlimitParser.Parse(spec);

        Assert.Equal((name, soft, hard), (limit.Name, limit.Soft, limit.Hard));
    }

    [Theory]
    [InlineData("nofile", "invalid ulimit argument: nofile")]
    [InlineData("files=10", "invalid ulimit type: files")]
    [InlineData("nofile=1:2:3", "too many limit value arguments - 1:2:3, can only have up to two, `soft[:hard]`")]
    [InlineData("nofile=3:2", "ulimit soft limit must be less than or equal to hard limit: 3 > 2")]
    [InlineData("nofile=many", "invalid ulimit value: many")]
    public void Ulimit_Refused(string spec, string words) =>
        Assert.StartsWith(words, Assert.Throws<ArgumentException>(() => UlimitParser.Parse(spec)).Message);

    [Theory]
    [InlineData("/dev/sda", "/dev/sda", "/dev/sda", "rwm")]
    [InlineData("/dev/sda:r", "/dev/sda", "/dev/sda", "r")]
    [InlineData("/dev/sda:/dev/xvda", "/dev/sda", "/dev/xvda", "rwm")]
    [InlineData("/dev/sda:/dev/xvda:rw", "/dev/sda", "/dev/xvda", "rw")]
    public void Device_HostContainerAndPermissions(string spec, string host, string container, string permissions)
    {
        var device = DeviceSpecParser.Parse(spec);

        Assert.Equal((host, container, permissions), (device.PathOnHost, device.PathInContainer, device.CgroupPermissions));
    }

    [Theory]
    [InlineData("/dev/sda:/dev/xvda:rx", "invalid device mode: rx")]
    [InlineData("sda", "sda is not an absolute path")]
    [InlineData("/dev/sda:xvda", "xvda is not an absolute path")]
    [InlineData("/dev/a:/dev/b:r:w", "invalid device specification: /dev/a:/dev/b:r:w")]
    public void Device_Refused(string spec, string words) =>
        Assert.Equal(words, Assert.Throws<ArgumentException>(() => DeviceSpecParser.Parse(spec)).Message);

    [Fact]
    public void EnvironmentFile_KeepsValuesAsWritten_SkipsCommentsAndBlanks_AndTakesBareNamesFromTheEnvironment()
    {
        var path = Write("\uFEFF# a comment\n\nFOO=bar baz \n  INDENTED=1\r\nQUOTED=\"x\"\nFROM_SESSION\nUNSET\nEMPTY=\n");

        var lines = KeyValueFileParser.ReadEnvironmentFile(path, name => name == "FROM_SESSION" ? "here" : null);

        Assert.Equal(new[] { "FOO=bar baz ", "INDENTED=1", "QUOTED=\"x\"", "FROM_SESSION=here", "EMPTY=" }, lines);
    }

    [Fact]
    public void LabelFile_BareNamesAreEmptyLabels()
    {
        var lines = KeyValueFileParser.ReadLabelFile(Write("a=1\nb\n# c=3\n"));

        Assert.Equal(new[] { "a=1", "b" }, lines);
    }

    [Theory]
    [InlineData("=value\n", "no variable name on line '=value'")]
    [InlineData("MY VAR=1\n", "variable 'MY VAR' contains whitespaces")]
    public void KeyValueFile_Refused(string text, string words) =>
        Assert.Equal(words, Assert.Throws<ArgumentException>(() => KeyValueFileParser.ReadLabelFile(Write(text))).Message);

    [Fact]
    public void KeyValueFile_InvalidUtf8_AndMissingFile_AreRefused()
    {
        var bad = Path.Combine(folder, "bad");
        File.WriteAllBytes(bad, new byte[] { (byte)'A', (byte)'=', 0xC3, 0x28 });

        Assert.Contains("contains invalid utf8 bytes", Assert.Throws<ArgumentException>(() => KeyValueFileParser.ReadLabelFile(bad)).Message);
        Assert.StartsWith($"open {Path.Combine(folder, "missing")}:", Assert.Throws<ArgumentException>(() => KeyValueFileParser.ReadLabelFile(Path.Combine(folder, "missing"))).Message);
    }

    [Theory]
    [InlineData("net_admin", "CAP_NET_ADMIN")]
    [InlineData("CAP_SYS_TIME", "CAP_SYS_TIME")]
    [InlineData("cap_chown", "CAP_CHOWN")]
    [InlineData("all", "ALL")]
    public void Capability_NormalizedAsTheCliSendsIt(string name, string sent) =>
        Assert.Equal(sent, CapabilityNames.Normalize(name));

    [Fact]
    public void Capability_Unknown_IsRefusedInTheEnginesWords() =>
        Assert.Equal("unknown capability: \"CAP_FLY\"", Assert.Throws<ArgumentException>(() => CapabilityNames.Normalize("fly")).Message);

    [Theory]
    [InlineData("SIGTERM")]
    [InlineData("quit")]
    [InlineData("9")]
    [InlineData("SIGRTMIN+3")]
    [InlineData("RTMAX-1")]
    public void Signal_Known(string signal) => Assert.Equal(signal, SignalNames.Check(signal));

    [Theory]
    [InlineData("SIGFOO")]
    [InlineData("0")]
    [InlineData("65")]
    [InlineData("RTMIN+16")]
    public void Signal_Unknown(string signal) =>
        Assert.Equal($"Invalid signal: {signal}", Assert.Throws<ArgumentException>(() => SignalNames.Check(signal)).Message);

    [Fact]
    public void NamespaceModes_AsTheCliChecksThem()
    {
        Assert.Equal("host", NamespaceModes.Pid("host"));
        Assert.Equal("container:web", NamespaceModes.Pid("container:web"));
        Assert.Equal("shareable", NamespaceModes.Ipc("shareable"));
        Assert.Equal("host", NamespaceModes.Uts("host"));
        Assert.Equal("--pid: invalid PID mode", Assert.Throws<ArgumentException>(() => NamespaceModes.Pid("private")).Message);
        Assert.Equal("--pid: invalid PID mode", Assert.Throws<ArgumentException>(() => NamespaceModes.Pid("container:")).Message);
        Assert.Equal("--ipc: invalid IPC mode", Assert.Throws<ArgumentException>(() => NamespaceModes.Ipc("public")).Message);
        Assert.Equal("--uts: invalid UTS mode", Assert.Throws<ArgumentException>(() => NamespaceModes.Uts("private")).Message);
    }

    [Theory]
    [InlineData("net.ipv4.ip_forward=1", "net.ipv4.ip_forward", "1")]
    [InlineData("kernel.shmmax=4096", "kernel.shmmax", "4096")]
    [InlineData("fs.mqueue.msg_max=20", "fs.mqueue.msg_max", "20")]
    [InlineData("net.core.somaxconn=", "net.core.somaxconn", "")]
    public void Sysctl_Namespaced(string setting, string name, string value) =>
        Assert.Equal(new KeyValuePair<string, string>(name, value), SysctlParser.Parse(setting));

    [Theory]
    [InlineData("kernel.hostname=x")]
    [InlineData("vm.swappiness=1")]
    [InlineData("net.ipv4.ip_forward")]
    public void Sysctl_NotNamespaced_IsRefused(string setting) =>
        Assert.Equal($"sysctl '{setting}' is not whitelisted", Assert.Throws<ArgumentException>(() => SysctlParser.Parse(setting)).Message);

    [Theory]
    [InlineData("no-new-privileges", "no-new-privileges")]
    [InlineData("no-new-privileges=true", "no-new-privileges=true")]
    [InlineData("apparmor=unconfined", "apparmor=unconfined")]
    [InlineData("label:disable", "label=disable")]
    [InlineData("seccomp=unconfined", "seccomp=unconfined")]
    [InlineData("systempaths=unconfined", "systempaths=unconfined")]
    public void SecurityOption_Sent(string option, string sent) => Assert.Equal(sent, SecurityOptionParser.Parse(option, path => path));

    [Theory]
    [InlineData("bogus=1", "Invalid --security-opt: \"bogus=1\"")]
    [InlineData("apparmor", "Invalid --security-opt: \"apparmor\"")]
    [InlineData("no-new-privileges=yes", "Invalid --security-opt no-new-privileges: \"yes\": true or false")]
    [InlineData("systempaths=confined", "Invalid --security-opt systempaths: \"confined\": only unconfined")]
    public void SecurityOption_Refused(string option, string words) =>
        Assert.Equal(words, Assert.Throws<ArgumentException>(() => SecurityOptionParser.Parse(option, path => path)).Message);

    [Fact]
    public void SecurityOption_SeccompProfile_IsReadFromItsFile_AndSentCompact()
    {
        var path = Write("{\n  \"defaultAction\": \"SCMP_ACT_ALLOW\",\n  \"syscalls\": []\n}\n");

        Assert.Equal("seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[]}", SecurityOptionParser.Parse("seccomp=profile.json", _ => path));
        Assert.StartsWith("compacting json for seccomp profile", Assert.Throws<ArgumentException>(() => SecurityOptionParser.Parse("seccomp=x", _ => Write("{ nope"))).Message);
        Assert.StartsWith("opening seccomp profile", Assert.Throws<ArgumentException>(() => SecurityOptionParser.Parse("seccomp=x", _ => Path.Combine(folder, "none.json"))).Message);
    }

    [Theory]
    [InlineData("80", new[] { "80/tcp" })]
    [InlineData("53/udp", new[] { "53/udp" })]
    [InlineData("7000-7002/SCTP", new[] { "7000/sctp", "7001/sctp", "7002/sctp" })]
    public void Expose_PortsAndRanges(string spec, string[] ports) => Assert.Equal(ports, ExposeParser.Parse(spec));

    [Theory]
    [InlineData("80/icmp", "invalid proto: icmp")]
    [InlineData("http", "invalid range format for --expose: http, error: invalid port: http")]
    [InlineData("90-80", "invalid range format for --expose: 90-80, error: invalid range specified for port: 90-80")]
    [InlineData("70000", "invalid range format for --expose: 70000, error: invalid port: 70000")]
    public void Expose_Refused(string spec, string words) =>
        Assert.Equal(words, Assert.Throws<ArgumentException>(() => ExposeParser.Parse(spec).ToList()).Message);

    [Theory]
    [InlineData("linux", "linux")]
    [InlineData("Linux/AMD64", "linux/amd64")]
    [InlineData("linux/arm64/v8", "linux/arm64/v8")]
    public void Platform_Known(string platform, string sent) => Assert.Equal(sent, PlatformName.Check(platform));

    [Theory]
    [InlineData("linux/")]
    [InlineData("linux/arm64/v8/x")]
    [InlineData("linux amd64")]
    public void Platform_Refused(string platform) =>
        Assert.Contains("unknown operating system or architecture", Assert.Throws<ArgumentException>(() => PlatformName.Check(platform)).Message);

    private string Write(string text)
    {
        var path = Path.Combine(folder, Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, text);
        return path;
    }
}
