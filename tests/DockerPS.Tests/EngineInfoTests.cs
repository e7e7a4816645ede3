using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Formatting;
using DockerPS.Tests.Fakes;
using Xunit;
using static DockerPS.Tests.ContainerTestKit;
using Version = System.Version;

namespace DockerPS.Tests;

/// <summary>
/// Get-DockerInfo (docker info) and Get-DockerVersion (docker version) against fake engines answering as dockerd 20.10
/// and Podman 4.3 answer: every field read, the engine named as docker version names it, DockerPS's own version and
/// API range, the API version this session agreed; an engine out of reach.
/// </summary>
public sealed class EngineInfoTests : IClassFixture<CmdletRunner>, IDisposable
{
    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();

    public EngineInfoTests(CmdletRunner runner) => this.runner = runner;

    public void Dispose() => engine.Dispose();

    [Fact]
    public void Info_ReadsWhatDockerInfoShows()
    {
        engine.System.On(nameof(ISystemOperations.GetSystemInfoAsync), (CancellationToken _) => Task.FromResult(DockerdInfo()));

        var result = runner.Run("Get-DockerInfo", new Hashtable { ["HostAddress"] = engine.Address });

        Assert.Empty(result.ErrorIds);
        var info = Assert.IsType<DockerInfo>(Assert.Single(result.Output));
        Assert.Equal(engine.Endpoint, info.Endpoint);
        Assert.Equal("Docker", info.Product);
        Assert.Equal(new Version(1, 41), info.ApiVersion);
        Assert.Equal("vm", info.Name);
        Assert.Equal("KX6D:RCPN", info.Id);
        Assert.Equal("20.10.24+dfsg1", info.ServerVersion);
        Assert.Equal("Debian GNU/Linux 12 (bookworm)", info.OperatingSystem);
        Assert.Equal("linux", info.OSType);
        Assert.Equal("12", info.OSVersion);
        Assert.Equal("6.18.44", info.KernelVersion);
        Assert.Equal("x86_64", info.Architecture);
        Assert.Equal(2, info.Cpus);
        Assert.Equal(25324953600, info.Memory);
        Assert.Equal("overlay2", info.StorageDriver);
        Assert.Equal("extfs", info.StorageDriverStatus["Backing Filesystem"]);
        Assert.Equal("true", info.StorageDriverStatus["Supports d_type"]);
        Assert.Equal("/var/lib/docker", info.DataRoot);
        Assert.Equal((7L, 4L, 1L, 2L), (info.Containers, info.ContainersRunning, info.ContainersPaused, info.ContainersStopped));
        Assert.Equal(12, info.Images);
        Assert.Equal("inactive", info.SwarmState);
        Assert.Equal(("cgroupfs", "1"), (info.CgroupDriver, info.CgroupVersion));
        Assert.Equal("json-file", info.LoggingDriver);
        Assert.Equal("runc", info.DefaultRuntime);
        Assert.Equal(new[] { "name=seccomp,profile=default" }, info.SecurityOptions);
        Assert.Equal(new[] { "WARNING: No swap limit support" }, info.Warnings);
        Assert.Equal("vm", info.ToString());
    }

    [Fact]
    public void Info_FromPodman_SaysPodman_AndEmptyAnswersAreEmptyNotNull()
    {
        using var podman = new FakeEngine(podman: true);
        podman.System.On(nameof(ISystemOperations.GetSystemInfoAsync), (CancellationToken _) => Task.FromResult(new SystemInfoResponse { Name = "vm", ServerVersion = "4.3.1" }));

        var result = runner.Run("Get-DockerInfo", new Hashtable { ["HostAddress"] = podman.Address });

        var info = Assert.IsType<DockerInfo>(Assert.Single(result.Output));
        Assert.Equal("Podman", info.Product);
        Assert.Equal(string.Empty, info.StorageDriver);
        Assert.Empty(info.StorageDriverStatus);
        Assert.Empty(info.Warnings);
        Assert.Equal(string.Empty, info.SwarmState);
    }

    [Fact]
    public void Version_OfADockerd_HasTheClientsAndTheServersVersions_AndTheAgreedApi()
    {
        engine.System.On(nameof(ISystemOperations.GetVersionAsync), (CancellationToken _) => Task.FromResult(DockerdVersion()));

        var result = runner.Run("Get-DockerVersion", new Hashtable { ["HostAddress"] = engine.Address });

        Assert.Empty(result.ErrorIds);
        var version = Assert.IsType<DockerVersion>(Assert.Single(result.Output));
        var assembly = typeof(DockerVersion).Assembly.GetName().Version!;
        Assert.Equal(assembly.ToString(3), version.ClientVersion);
        Assert.Equal(new Version(1, 40), version.ClientMinimumApiVersion);
        Assert.Equal(new Version(1, 54), version.ClientApiVersion);
        Assert.Equal(new Version(1, 41), version.SessionApiVersion);
        Assert.Equal("Docker Engine", version.Product);
        Assert.False(version.IsPodman);
        Assert.Equal("20.10.24+dfsg1", version.Version);
        Assert.Equal(new Version(1, 41), version.ApiVersion);
        Assert.Equal(new Version(1, 12), version.MinimumApiVersion);
        Assert.Equal("go1.19.8", version.GoVersion);
        Assert.Equal("5d6db84", version.GitCommit);
        Assert.Equal(new DateTime(2026, 5, 7, 21, 9, 36, DateTimeKind.Utc), version.BuildTime!.Value.ToUniversalTime());
        Assert.Equal(("linux", "amd64"), (version.OS, version.Architecture));
        Assert.Equal("6.18.44", version.KernelVersion);
        Assert.Equal(new[] { "Engine 20.10.24+dfsg1", "containerd 1.6.20~ds1" }, version.Components.Select(component => component.ToString()));
        Assert.Equal("5d6db84", version.Components[0].Details["GitCommit"]);
        Assert.Equal(engine.Endpoint, version.Endpoint);
    }

    [Fact]
    public void Version_OfPodman_NamesPodman_AsTheComponentsDo()
    {
        using var podman = new FakeEngine(podman: true);
        podman.System.On(nameof(ISystemOperations.GetVersionAsync), (CancellationToken _) => Task.FromResult(new VersionResponse
        {
            Platform = new PlatformInfo { Name = "linux/amd64/debian-12" },
            Components = new List<ComponentVersion>
            {
                new() { Name = "Podman Engine", Version = "4.3.1", Details = new Dictionary<string, string> { ["APIVersion"] = "4.3.1" } },
                new() { Name = "Conmon", Version = "conmon version 2.1.6" },
            },
            Version = "4.3.1",
            APIVersion = "1.41",
            MinAPIVersion = "1.24",
            BuildTime = "1970-01-01T00:00:00Z",
        }));

        var result = runner.Run("Get-DockerVersion", new Hashtable { ["HostAddress"] = podman.Address });

        var version = Assert.IsType<DockerVersion>(Assert.Single(result.Output));
        Assert.Equal("Podman Engine", version.Product);
        Assert.True(version.IsPodman);
        Assert.Equal("Podman Engine 4.3.1", version.ToString());
        Assert.Equal(new Version(1, 24), version.MinimumApiVersion);
        Assert.Empty(version.Components[1].Details);
    }

    [Fact]
    public void Version_PlatformName_NamesADockerdThatHasOne()
    {
        var answer = DockerdVersion();
        answer.Platform = new PlatformInfo { Name = "Docker Engine - Community" };
        engine.System.On(nameof(ISystemOperations.GetVersionAsync), (CancellationToken _) => Task.FromResult(answer));

        var result = runner.Run("Get-DockerVersion", new Hashtable { ["HostAddress"] = engine.Address });

        Assert.Equal("Docker Engine - Community", Assert.IsType<DockerVersion>(Assert.Single(result.Output)).Product);
    }

    [Fact]
    public void Version_UnreadableApiVersions_AreNull()
    {
        var answer = DockerdVersion();
        answer.APIVersion = "banana";
        answer.MinAPIVersion = null!;
        engine.System.On(nameof(ISystemOperations.GetVersionAsync), (CancellationToken _) => Task.FromResult(answer));

        var version = Assert.IsType<DockerVersion>(Assert.Single(runner.Run("Get-DockerVersion", new Hashtable { ["HostAddress"] = engine.Address }).Output));

        Assert.Null(version.ApiVersion);
        Assert.Null(version.MinimumApiVersion);
    }

    [Theory]
    [InlineData("Get-DockerInfo")]
    [InlineData("Get-DockerVersion")]
    public void UnreachableEngine_IsATerminatingEngineUnreachable(string cmdlet)
    {
        var result = runner.Run(cmdlet, new Hashtable { ["HostAddress"] = NowhereAddress() });

        Assert.Equal("EngineUnreachable", Assert.Single(result.ErrorIds));
        Assert.NotNull(result.Terminating);
        Assert.Empty(result.Output);
    }

    [Theory]
    [InlineData(0, "0B")]
    [InlineData(1023, "1023B")]
    [InlineData(1024, "1KiB")]
    [InlineData(25324953600, "23.59GiB")]
    [InlineData(2147483648, "2GiB")]
    public void BytesSize_IsDockerInfosTotalMemory(long bytes, string shown)
    {
        Assert.Equal(shown, DisplayText.BytesSize(bytes));
    }

    private static SystemInfoResponse DockerdInfo() => new()
    {
        ID = "KX6D:RCPN",
        Name = "vm",
        ServerVersion = "20.10.24+dfsg1",
        OperatingSystem = "Debian GNU/Linux 12 (bookworm)",
        OSType = "linux",
        OSVersion = "12",
        KernelVersion = "6.18.44",
        Architecture = "x86_64",
        NCPU = 2,
        MemTotal = 25324953600,
        Driver = "overlay2",
        DriverStatus = new List<string[]> { new[] { "Backing Filesystem", "extfs" }, new[] { "Supports d_type", "true" } },
        DockerRootDir = "/var/lib/docker",
        Containers = 7,
        ContainersRunning = 4,
        ContainersPaused = 1,
        ContainersStopped = 2,
        Images = 12,
        Swarm = new Info { LocalNodeState = "inactive" },
        CgroupDriver = "cgroupfs",
        CgroupVersion = "1",
        LoggingDriver = "json-file",
        DefaultRuntime = "runc",
        SecurityOptions = new List<string> { "name=seccomp,profile=default" },
        Warnings = new List<string> { "WARNING: No swap limit support" },
    };

    private static VersionResponse DockerdVersion() => new()
    {
        Platform = new PlatformInfo { Name = string.Empty },
        Components = new List<ComponentVersion>
        {
            new() { Name = "Engine", Version = "20.10.24+dfsg1", Details = new Dictionary<string, string> { ["GitCommit"] = "5d6db84", ["ApiVersion"] = "1.41" } },
            new() { Name = "containerd", Version = "1.6.20~ds1", Details = new Dictionary<string, string> { ["GitCommit"] = "1.6.20~ds1-1" } },
        },
        Version = "20.10.24+dfsg1",
        APIVersion = "1.41",
        MinAPIVersion = "1.12",
        GitCommit = "5d6db84",
        GoVersion = "go1.19.8",
        Os = "linux",
        Arch = "amd64",
        KernelVersion = "6.18.44",
        BuildTime = "2026-05-07T21:09:36.000000000+00:00",
    };
}

/// <summary>Get-DockerInfo and Get-DockerVersion across several contexts: an object per engine, one out of reach its own error.</summary>
public sealed class EngineInfoSeveralEnginesTests : IDisposable
{
    private readonly DockerCliEnvironmentScope store = new(DockerCliEnvironmentScope.Nowhere);
    private readonly CmdletRunner runner = new();
    private readonly FakeEngine first = new();
    private readonly FakeEngine second = new(podman: true);

    public EngineInfoSeveralEnginesTests()
    {
        foreach (var engine in new[] { first, second })
        {
            engine.System.On(nameof(ISystemOperations.GetSystemInfoAsync), (CancellationToken _) => Task.FromResult(new SystemInfoResponse { Name = engine.Address }));
            engine.System.On(nameof(ISystemOperations.GetVersionAsync), (CancellationToken _) => Task.FromResult(new VersionResponse { Version = engine == first ? "20.10.24" : "4.3.1" }));
        }
    }

    public void Dispose()
    {
        second.Dispose();
        first.Dispose();
        runner.Dispose();
        store.Dispose();
    }

    [Fact]
    public void Info_OfSeveralContexts_IsOnePerEngine_EachWithItsContext()
    {
        store.WriteContext("one", first.Address);
        store.WriteContext("two", second.Address);

        var result = runner.Run("Get-DockerInfo", new Hashtable { ["Context"] = new[] { "one", "two" } });

        Assert.Empty(result.ErrorIds);
        var infos = result.Output.Cast<DockerInfo>().OrderBy(info => info.Endpoint.Context, StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { ("one", first.Address), ("two", second.Address) }, infos.Select(info => (info.Endpoint.Context!, info.Name)));
        Assert.Equal(new[] { "Docker", "Podman" }, infos.Select(info => info.Product));
    }

    [Fact]
    public void Version_OfSeveralContexts_OneOutOfReach_IsItsEngineUnreachable_AndTheOtherIsWritten()
    {
        store.WriteContext("one", first.Address);
        store.WriteContext("gone", NowhereAddress());

        var result = runner.Run("Get-DockerVersion", new Hashtable { ["Context"] = new[] { "one", "gone" } });

        Assert.Null(result.Terminating);
        Assert.Equal("EngineUnreachable", Assert.Single(result.ErrorIds));
        var version = Assert.IsType<DockerVersion>(Assert.Single(result.Output));
        Assert.Equal(("one", "20.10.24"), (version.Endpoint.Context, version.Version));
    }
}
