using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Tests.Fakes;
using Xunit;
using Version = System.Version;

namespace DockerPS.Tests;

/// <summary>
/// New-DockerContainer's storage, network and runtime options against fake engines: -Mount, -Tmpfs, -AddHost, -Network
/// (several), -NetworkAlias, -IPAddress, -IP6Address and the runtime options (privileges, devices, limits, signals,
/// logging, namespaces, files, platform) refused before the engine when wrong, and the create request they make;
/// several networks in the create from API 1.44, else the first in the create and the others connected before the start.
/// </summary>
[Collection(DockerCliEnvironmentCollection.Name)]
public sealed class NewDockerContainerRunOptionsTests : IClassFixture<CmdletRunner>, IDisposable
{
    private readonly DockerCliEnvironmentScope environment = new(DockerCliEnvironmentScope.Nowhere);
    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();

    // The containers the fake engines created, by id, and every call that matters to the order, as it came.
    private readonly ConcurrentDictionary<string, (string Name, CreateContainerParameters Parameters)> created = new();
    private readonly ConcurrentQueue<string> calls = new();

    public NewDockerContainerRunOptionsTests(CmdletRunner runner)
    {
        this.runner = runner;
    }

    public void Dispose()
    {
        engine.Dispose();
        environment.Dispose();
    }

    // ---- Options refused before the engine ----

    [Theory]
    [InlineData("Mount", "type=bind,target=/data", "InvalidMount", "invalid mount config for type \"bind\": field Source must not be empty")]
    [InlineData("Mount", "type=volume,target=/data,bogus=1", "InvalidMount", "unknown option 'bogus' in 'bogus=1'")]
    [InlineData("Mount", "type=tmpfs,target=/data,volume-nocopy", "InvalidMount", "cannot mix 'volume-*' options with mount type 'tmpfs'")]
    [InlineData("Mount", "type=bind,source=rel,target=/data", "InvalidMount", "invalid mount path: 'rel' mount path must be absolute")]
    [InlineData("Mount", "type=tmpfs,target=/data,tmpfs-size=lots", "InvalidMount", "invalid value for tmpfs-size: lots")]
    [InlineData("Mount", "type=volume", "InvalidMount", "field Target must not be empty")]
    [InlineData("Tmpfs", "run", "InvalidTmpfs", "mount path must be absolute")]
    [InlineData("Tmpfs", "/run:size=64MB", "InvalidTmpfs", "invalid size '64MB'")]
    [InlineData("AddHost", "db", "InvalidAddHost", "bad format for add-host: \"db\"")]
    [InlineData("AddHost", "db:300.1.1.1", "InvalidAddHost", "invalid IP address in add-host: \"300.1.1.1\"")]
    [InlineData("IPAddress", "10.213.241.9", "InvalidIPAddress", "user specified IP address is supported on user defined networks only")]
    [InlineData("IPAddress", "10.213.241", "InvalidIPAddress", "invalid IPv4 address: 10.213.241")]
    [InlineData("IP6Address", "2001:db8::zz", "InvalidIPAddress", "invalid IPv6 address: 2001:db8::zz")]
    public void BadOption_IsATerminatingInvalidArgument_WithItsId_AndNothingReachesTheEngine(string parameter, string value, string errorId, string phrase)
    {
        var result = runner.Run("New-DockerContainer", Parameters(("Image", "busybox"), (parameter, value)));

        AssertRefusedBeforeTheEngine(result, errorId, phrase);
        Assert.Equal(value, result.Terminating!.TargetObject);
    }

    [Theory]
    [InlineData(new[] { "front", "front" }, "network \"front\" is specified multiple times")]
    [InlineData(new[] { "front", "bridge" }, "conflicting options: cannot attach both user-defined and non-user-defined network-modes")]
    [InlineData(new[] { "host", "none" }, "'host' cannot be combined with other networks")]
    public void NetworksThatCannotGoTogether_AreATerminatingInvalidNetwork_BeforeTheEngine(string[] networks, string phrase)
    {
        var result = runner.Run("New-DockerContainer", Parameters(("Image", "busybox"), ("Network", networks)));

        AssertRefusedBeforeTheEngine(result, "InvalidNetwork", phrase);
        Assert.Equal(networks, result.Terminating!.TargetObject);
    }

    [Fact]
    public void AliasesWithoutANetworkOfTheUsersOwn_AreATerminatingInvalidNetworkAlias_BeforeTheEngine()
    {
        var result = runner.Run("New-DockerContainer", Parameters(("Image", "busybox"), ("Network", "bridge"), ("NetworkAlias", new[] { "web", "www" })));

        AssertRefusedBeforeTheEngine(result, "InvalidNetworkAlias", "network-scoped aliases are only supported for user-defined networks");
        Assert.Equal(new[] { "web", "www" }, result.Terminating!.TargetObject);
    }

    [Fact]
    public void AddressOfTheOtherFamily_NamesTheParameterItBelongsTo()
    {
        var result = runner.Run("New-DockerContainer", Parameters(("Image", "busybox"), ("Network", "front"), ("IP6Address", "10.213.241.9")));

        AssertRefusedBeforeTheEngine(result, "InvalidIPAddress", "'10.213.241.9' is an IPv4 address: give it to -IPAddress");
    }

    [Fact]
    public void BadMountAmongSeveral_NamesTheOneThatIsWrong()
    {
        var result = runner.Run("New-DockerContainer", Parameters(("Image", "busybox"), ("Mount", new[] { "type=tmpfs,target=/a", "type=bind,target=/b", "type=volume,target=/c" })));

        AssertRefusedBeforeTheEngine(result, "InvalidMount", "field Source must not be empty");
        Assert.Equal("type=bind,target=/b", result.Terminating!.TargetObject);
    }

    [Fact]
    public void BadAddHostAmongSeveral_NamesTheOneThatIsWrong()
    {
        var result = runner.Run("New-DockerContainer", Parameters(("Image", "busybox"), ("AddHost", new[] { "a:10.0.0.1", "b:10.0.0", "c:::1" })));

        AssertRefusedBeforeTheEngine(result, "InvalidAddHost", "\"10.0.0\"");
        Assert.Equal("b:10.0.0", result.Terminating!.TargetObject);
    }

    [Fact]
    public void WhatIf_WithEveryNewOption_AsksNothingOfTheEngine()
    {
        var result = runner.Run("New-DockerContainer", Parameters(
            ("Image", "busybox"),
            ("Mount", "type=tmpfs,target=/t"),
            ("Tmpfs", "/run"),
            ("AddHost", "db:10.0.0.1"),
            ("Network", new[] { "front", "back" }),
            ("NetworkAlias", "web"),
            ("IPAddress", "10.213.241.9"),
            ("WhatIf", true)));

        Assert.Empty(result.ErrorIds);
        Assert.Empty(result.Output);
        Assert.Equal(0, engine.CallCount);
    }

    // ---- The create request ----

    [Fact]
    public void StorageOptions_GoInTheCreateRequest_AsTheCliSendsThem()
    {
        AnswerCreateStartAndReadBack(engine);

        var result = runner.Run("New-DockerContainer", Parameters(
            ("Image", "busybox"),
            ("Mount", new[] { "type=bind,source=/srv,target=/data,readonly", "type=volume,source=cache,target=/cache,volume-nocopy", "type=tmpfs,target=/scratch,tmpfs-size=1m,tmpfs-mode=700" }),
            ("Tmpfs", new[] { "/run:rw,size=64m", "/tmp" }),
            ("AddHost", new[] { "db:10.0.0.5", "v6=[::1]", "gw:host-gateway" })));

        Assert.Empty(result.ErrorIds);
        var host = created.Single().Value.Parameters.HostConfig!;
        var mounts = host.Mounts!;
        Assert.Equal(new[] { "bind", "volume", "tmpfs" }, mounts.Select(mount => mount.Type));
        Assert.True(mounts[0].ReadOnly);
        Assert.Equal("/srv", mounts[0].Source);
        Assert.True(mounts[1].VolumeOptions!.NoCopy);
        Assert.Equal(1048576, mounts[2].TmpfsOptions!.SizeBytes);
        Assert.Equal(448u, mounts[2].TmpfsOptions!.Mode);
        Assert.Equal(new Dictionary<string, string> { ["/run"] = "rw,size=64m", ["/tmp"] = string.Empty }, host.Tmpfs);
        Assert.Equal(new[] { "db:10.0.0.5", "v6:::1", "gw:host-gateway" }, host.ExtraHosts);
    }

    [Fact]
    public void RelativeBindSource_IsResolvedAgainstTheSessionsLocation()
    {
        AnswerCreateStartAndReadBack(engine);

        var result = runner.RunScript($"[void]$ExecutionContext.SessionState.Path.SetLocation('{System.IO.Path.GetTempPath()}'); New-DockerContainer busybox -HostAddress '{engine.Address}' -Mount 'type=bind,source=./data,target=/data'");

        Assert.Empty(result.ErrorIds);
        var source = created.Single().Value.Parameters.HostConfig!.Mounts!.Single().Source!;
        Assert.Equal(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "data"), System.IO.Path.GetFullPath(source));
    }

    [Fact]
    public void WithoutTheNewOptions_TheRequestLeavesThemToTheEngine()
    {
        AnswerCreateStartAndReadBack(engine);

        var result = runner.Run("New-DockerContainer", Parameters(("Image", "busybox")));

        Assert.Empty(result.ErrorIds);
        var parameters = created.Single().Value.Parameters;
        Assert.Null(parameters.HostConfig!.Mounts);
        Assert.Null(parameters.HostConfig.Tmpfs);
        Assert.Null(parameters.HostConfig.ExtraHosts);
        Assert.Null(parameters.NetworkingConfig);
        Assert.Equal(string.Empty, parameters.HostConfig.NetworkMode);
    }

    [Fact]
    public void MountOptionTheEngineIsTooOldFor_IsMountOptionNotSupported_AndNothingIsAsked()
    {
        var result = runner.Run("New-DockerContainer", Parameters(("Image", "busybox"), ("Name", "sub"), ("Mount", "type=volume,source=v,target=/t,volume-subpath=logs")));

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("MountOptionNotSupported", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.NotImplemented, error.CategoryInfo.Category);
        Assert.Equal("sub", error.TargetObject);
        Assert.Contains("volume-subpath needs 1.45", error.Exception.Message);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void MountOptionOfANewEnoughEngine_IsSent()
    {
        using var modern = new FakeEngine(apiVersion: new Version(1, 45));
        AnswerCreateStartAndReadBack(modern);

        var result = runner.Run("New-DockerContainer", new Hashtable { ["HostAddress"] = modern.Address, ["Image"] = "busybox", ["Mount"] = "type=volume,source=v,target=/t,volume-subpath=logs" });

        Assert.Empty(result.ErrorIds);
        Assert.Equal("logs", created.Single().Value.Parameters.HostConfig!.Mounts!.Single().VolumeOptions!.Subpath);
    }

    // ---- Networks: API 1.44 and later ----

    [Fact]
    public void SeveralNetworks_FromApi144_AreAllInTheCreate_WithTheOptionsOnTheFirst_AndNothingIsConnectedAfter()
    {
        using var modern = new FakeEngine(apiVersion: new Version(1, 44));
        AnswerCreateStartAndReadBack(modern);
        AnswerNetworks(modern);

        var result = runner.Run("New-DockerContainer", new Hashtable
        {
            ["HostAddress"] = modern.Address,
            ["Image"] = "busybox",
            ["Network"] = new[] { "front", "back", "db" },
            ["NetworkAlias"] = new[] { "web", "www" },
            ["IPAddress"] = "10.213.241.9",
            ["IP6Address"] = "2001:db8::9",
        });

        Assert.Empty(result.ErrorIds);
        var parameters = created.Single().Value.Parameters;
        Assert.Equal("front", parameters.HostConfig!.NetworkMode);
        var endpoints = parameters.NetworkingConfig!.EndpointsConfig;
        Assert.Equal(new[] { "back", "db", "front" }, endpoints.Keys.OrderBy(name => name, StringComparer.Ordinal));
        Assert.Equal(new[] { "web", "www" }, endpoints["front"].Aliases);
        Assert.Equal("10.213.241.9", endpoints["front"].IPAMConfig!.IPv4Address);
        Assert.Equal("2001:db8::9", endpoints["front"].IPAMConfig!.IPv6Address);
        Assert.All(new[] { "back", "db" }, name => Assert.True(endpoints[name].Aliases is null && endpoints[name].IPAMConfig is null));
        Assert.Equal(0, modern.Networks.CountOf(nameof(INetworkOperations.ConnectNetworkAsync)));
        Assert.Equal(new[] { "inspect back", "inspect db", "create", "start" }, calls);
    }

    // ---- Networks: before API 1.44 (dockerd 20.10, Podman 4) ----

    [Fact]
    public void SeveralNetworks_BeforeApi144_TheFirstIsInTheCreate_AndTheOthersAreConnectedInOrderBeforeTheStart()
    {
        AnswerCreateStartAndReadBack(engine);
        AnswerNetworks(engine);

        var result = runner.Run("New-DockerContainer", Parameters(
            ("Image", "busybox"),
            ("Name", "web"),
            ("Network", new[] { "front", "back", "db" }),
            ("NetworkAlias", "www"),
            ("IPAddress", "10.213.241.9"),
            ("Verbose", true)));

        Assert.Empty(result.ErrorIds);
        var parameters = created.Single().Value.Parameters;
        Assert.Equal("front", parameters.HostConfig!.NetworkMode);
        var first = Assert.Single(parameters.NetworkingConfig!.EndpointsConfig);
        Assert.Equal("front", first.Key);
        Assert.Equal(new[] { "www" }, first.Value.Aliases);
        Assert.Equal("10.213.241.9", first.Value.IPAMConfig!.IPv4Address);

        // The others are looked at before anything is created, then joined with no aliases or address of their own.
        var id = EngineAnswers.IdOf("web");
        Assert.Equal(new[] { "inspect back", "inspect db", "create", $"connect back {id}", $"connect db {id}", "start" }, calls);
        var connections = engine.Networks.Calls.Where(call => call.Method == nameof(INetworkOperations.ConnectNetworkAsync)).Select(call => (NetworkConnectParameters)call.Arguments[1]!).ToList();
        Assert.All(connections, connection => Assert.True(connection.EndpointConfig?.Aliases is null && connection.EndpointConfig?.IPAMConfig is null));
        Assert.Contains(result.Verbose, message => message.Contains("to network back before starting it (Engine API 1.41 takes one network at create)"));
    }

    [Fact]
    public void SeveralNetworks_WithNoStart_AreAllJoinedAndNothingStarts()
    {
        AnswerCreateStartAndReadBack(engine, "created");
        AnswerNetworks(engine);

        var result = runner.Run("New-DockerContainer", Parameters(("Image", "busybox"), ("Name", "later"), ("Network", new[] { "front", "back" }), ("NoStart", true)));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "inspect back", "create", $"connect back {EngineAnswers.IdOf("later")}" }, calls);
    }

    [Theory]
    [InlineData("1.41")]
    [InlineData("1.45")]    // dockerd 26 takes the create and refuses only the start, leaving the container behind
    public void MissingNetworkAmongTheOthers_IsTheEnginesNotFound_AndNothingIsCreated(string apiVersion)
    {
        using var target = new FakeEngine(apiVersion: Version.Parse(apiVersion));
        AnswerCreateStartAndReadBack(target);
        AnswerNetworks(target, missing: "db");

        var result = runner.Run("New-DockerContainer", new Hashtable
        {
            ["HostAddress"] = target.Address,
            ["Image"] = "busybox",
            ["Name"] = "web",
            ["Network"] = new[] { "front", "back", "db" },
        });

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("DockerApi.NotFound", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("web", error.TargetObject);
        Assert.Contains("network db not found", error.ToString());
        Assert.Empty(created);
        Assert.Equal(0, target.Containers.CallCount());
    }

    [Fact]
    public void ConnectionTheEngineRefuses_RemovesTheNewContainer_AndIsThatImagesError_AndTheNextPipedImageStillRuns()
    {
        AnswerCreateStartAndReadBack(engine);
        AnswerNetworks(engine, refuseFor: "alpine");
        var removed = new ConcurrentQueue<(string Id, ContainerRemoveParameters Parameters)>();
        engine.Containers.On(nameof(IContainerOperations.RemoveContainerAsync), (string id, ContainerRemoveParameters parameters, CancellationToken _) =>
        {
            removed.Enqueue((id, parameters));
            return Task.CompletedTask;
        });

        var result = runner.Run("New-DockerContainer", Parameters(("Network", new[] { "front", "back" })), new object[] { "alpine", "busybox" });

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("DockerApi.Conflict", result.ErrorIds.Single());
        Assert.Equal("alpine", error.TargetObject);
        Assert.Contains("address already in use", error.ToString());
        var (removedId, how) = Assert.Single(removed);
        Assert.Equal(EngineAnswers.IdOf("alpine"), removedId);
        Assert.True(how.Force);
        Assert.True(how.RemoveVolumes);
        Assert.Equal(1, engine.Containers.CountOf(nameof(IContainerOperations.StartContainerAsync)));
        Assert.Single(result.Output);
    }

    [Fact]
    public void OneNetwork_BeforeApi144_IsTheCreatesNetworkMode_AndNothingElseIsAsked()
    {
        AnswerCreateStartAndReadBack(engine);

        var result = runner.Run("New-DockerContainer", Parameters(("Image", "busybox"), ("Network", "front")));

        Assert.Empty(result.ErrorIds);
        Assert.Equal("front", created.Single().Value.Parameters.HostConfig!.NetworkMode);
        Assert.Null(created.Single().Value.Parameters.NetworkingConfig);
        Assert.Equal(0, engine.Networks.CallCount());
    }

    // ---- The runtime options ----

    [Theory]
    [InlineData("CapabilityAdd", "fly", "InvalidCapability", "unknown capability: \"CAP_FLY\"")]
    [InlineData("CapabilityDrop", "", "ParameterArgumentValidationError", "")]
    [InlineData("Device", "/dev/sda:/dev/xvda:rx", "InvalidDevice", "invalid device mode: rx")]
    [InlineData("Ulimit", "nofile=3:2", "InvalidUlimit", "ulimit soft limit must be less than or equal to hard limit: 3 > 2")]
    [InlineData("ShmSize", "lots", "InvalidShmSize", "invalid size: 'lots'")]
    [InlineData("StopSignal", "SIGFOO", "InvalidStopSignal", "Invalid signal: SIGFOO")]
    [InlineData("SecurityOption", "bogus=1", "InvalidSecurityOption", "Invalid --security-opt: \"bogus=1\"")]
    [InlineData("Sysctl", "kernel.hostname=x", "InvalidSysctl", "sysctl 'kernel.hostname=x' is not whitelisted")]
    [InlineData("PidMode", "private", "InvalidPidMode", "--pid: invalid PID mode")]
    [InlineData("IpcMode", "public", "InvalidIpcMode", "--ipc: invalid IPC mode")]
    [InlineData("UtsMode", "private", "InvalidUtsMode", "--uts: invalid UTS mode")]
    [InlineData("Platform", "linux/", "InvalidPlatform", "unknown operating system or architecture")]
    [InlineData("Expose", "80/icmp", "InvalidExpose", "invalid proto: icmp")]
    [InlineData("EnvironmentFile", "/nonexistent/dps.env", "InvalidEnvironmentFile", "open /nonexistent/dps.env:")]
    [InlineData("LabelFile", "/nonexistent/dps.labels", "InvalidLabelFile", "open /nonexistent/dps.labels:")]
    public void BadRuntimeOption_IsATerminatingError_WithItsId_AndNothingReachesTheEngine(string parameter, string value, string errorId, string phrase)
    {
        var result = runner.Run("New-DockerContainer", Parameters(("Image", "busybox"), (parameter, value)));

        if (errorId == "ParameterArgumentValidationError")
        {
            Assert.Equal(errorId, Assert.Single(result.ErrorIds));
            Assert.Equal(0, engine.CallCount);
            return;
        }

        AssertRefusedBeforeTheEngine(result, errorId, phrase);
        Assert.Equal(value, result.Terminating!.TargetObject);
    }

    [Fact]
    public void LogOptionsForTheNoneDriver_AreRefused_AsTheCliRefusesThem()
    {
        var result = runner.Run("New-DockerContainer", Parameters(("Image", "busybox"), ("LogDriver", "none"), ("LogOption", "max-size=1m")));

        AssertRefusedBeforeTheEngine(result, "InvalidLogOption", "invalid logging opts for driver none");
    }

    [Fact]
    public void RuntimeOptions_GoInTheCreateRequest_AsTheCliSendsThem()
    {
        AnswerCreateStartAndReadBack(engine);

        var result = runner.Run("New-DockerContainer", Parameters(
            ("Image", "busybox"),
            ("Privileged", true),
            ("CapabilityAdd", new[] { "net_admin", "CAP_SYS_TIME" }),
            ("CapabilityDrop", "chown"),
            ("Device", "/dev/null:/dev/mynull:r"),
            ("Init", true),
            ("ReadOnly", true),
            ("Ulimit", new[] { "nofile=1024:2048", "core=0", "nofile=10:20" }),
            ("ShmSize", "32m"),
            ("StopSignal", "SIGQUIT"),
            ("StopTimeout", 7),
            ("LogDriver", "json-file"),
            ("LogOption", new Hashtable { ["max-size"] = "1m" }),
            ("Expose", new[] { "7000-7001/udp", "81" }),
            ("Publish", "8080:80"),
            ("SecurityOption", new[] { "no-new-privileges", "apparmor:unconfined" }),
            ("Sysctl", new[] { "net.ipv4.ip_forward=1", "kernel.shmmax=4096" }),
            ("Platform", "Linux/AMD64"),
            ("PidMode", "host"),
            ("IpcMode", "shareable"),
            ("UtsMode", "host"),
            ("GroupAdd", new[] { "123", "audio" }),
            ("OomKillDisable", true),
            ("PidsLimit", 77L)));

        Assert.Empty(result.ErrorIds);
        var parameters = created.Single().Value.Parameters;
        var host = parameters.HostConfig!;
        Assert.True(host.Privileged);
        Assert.Equal(new[] { "CAP_NET_ADMIN", "CAP_SYS_TIME" }, host.CapAdd);
        Assert.Equal(new[] { "CAP_CHOWN" }, host.CapDrop);
        var device = Assert.Single(host.Devices!);
        Assert.Equal(("/dev/null", "/dev/mynull", "r"), (device.PathOnHost, device.PathInContainer, device.CgroupPermissions));
        Assert.True(host.Init);
        Assert.True(host.ReadonlyRootfs);
        Assert.Equal(new[] { ("core", 0L, 0L), ("nofile", 10L, 20L) }, host.Ulimits!.Select(limit => (limit.Name, limit.Soft, limit.Hard)));
        Assert.Equal(32L << 20, host.ShmSize);
        Assert.Equal("SIGQUIT", parameters.StopSignal);
        Assert.Equal(TimeSpan.FromSeconds(7), parameters.StopTimeout);
        Assert.Equal("json-file", host.LogConfig!.Type);
        Assert.Equal(new Dictionary<string, string> { ["max-size"] = "1m" }, host.LogConfig.Config);
        Assert.Equal(new[] { "7000/udp", "7001/udp", "80/tcp", "81/tcp" }, parameters.ExposedPorts!.Keys.OrderBy(port => port, StringComparer.Ordinal));
        Assert.Equal(new[] { "no-new-privileges", "apparmor=unconfined" }, host.SecurityOpt);
        Assert.Equal(new Dictionary<string, string> { ["net.ipv4.ip_forward"] = "1", ["kernel.shmmax"] = "4096" }, host.Sysctls);
        Assert.Equal("linux/amd64", parameters.Platform);
        Assert.Equal(("host", "shareable", "host"), (host.PidMode, host.IpcMode, host.UTSMode));
        Assert.Equal(new[] { "123", "audio" }, host.GroupAdd);
        Assert.True(host.OomKillDisable);
        Assert.Equal(77L, host.PidsLimit);
    }

    [Fact]
    public void WithoutTheRuntimeOptions_TheRequestLeavesThemToTheEngine()
    {
        AnswerCreateStartAndReadBack(engine);

        var result = runner.Run("New-DockerContainer", Parameters(("Image", "busybox")));

        Assert.Empty(result.ErrorIds);
        var parameters = created.Single().Value.Parameters;
        var host = parameters.HostConfig!;
        Assert.False(host.Privileged);
        Assert.False(host.ReadonlyRootfs);
        Assert.Null(host.CapAdd);
        Assert.Null(host.Devices);
        Assert.Null(host.Init);
        Assert.Null(host.Ulimits);
        Assert.Equal(0, host.ShmSize);
        Assert.Null(host.LogConfig);
        Assert.Null(host.SecurityOpt);
        Assert.Null(host.Sysctls);
        Assert.Null(host.OomKillDisable);
        Assert.Null(host.PidsLimit);
        Assert.Null(parameters.StopTimeout);
        Assert.Null(parameters.Platform);
        Assert.Equal(string.Empty, parameters.StopSignal);
        Assert.Equal(string.Empty, host.PidMode);
    }

    [Fact]
    public void EnvironmentAndLabelFiles_AreReadAgainstTheSessionsLocation_AndTheOptionsGivenOneByOneWin()
    {
        AnswerCreateStartAndReadBack(engine);
        var folder = System.IO.Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dps-files-" + Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            System.IO.File.WriteAllText(System.IO.Path.Combine(folder, "app.env"), "# settings\nMODE=file\nLEVEL=3\n");
            System.IO.File.WriteAllText(System.IO.Path.Combine(folder, "app.labels"), "team=file\ntier\n");

            var result = runner.RunScript(
                $"[void]$ExecutionContext.SessionState.Path.SetLocation('{folder}'); " +
                $"New-DockerContainer busybox -HostAddress '{engine.Address}' -EnvironmentFile ./app.env -Environment @{{ MODE = 'given' }} -LabelFile app.labels -Label team=given");

            Assert.Empty(result.ErrorIds);
            var parameters = created.Single().Value.Parameters;
            Assert.Equal(new[] { "MODE=file", "LEVEL=3", "MODE=given" }, parameters.Env);
            Assert.Equal(new Dictionary<string, string> { ["team"] = "given", ["tier"] = string.Empty }, parameters.Labels);
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Platform_IsPulledFor_WhenTheImageIsMissing()
    {
        var pulled = new ConcurrentQueue<ImagesCreateParameters>();
        AnswerCreateStartAndReadBack(engine);
        engine.Images.On(nameof(IImageOperations.InspectImageAsync), (string name, CancellationToken _) =>
            Task.FromException<ImageInspectResponse>(EngineAnswers.NoSuchImage(name)));
        engine.Images.On(nameof(IImageOperations.CreateImageAsync), (ImagesCreateParameters parameters, AuthConfig _, IProgress<JSONMessage> __, CancellationToken ___) =>
        {
            pulled.Enqueue(parameters);
            return Task.CompletedTask;
        });

        var result = runner.Run("New-DockerContainer", Parameters(("Image", "busybox"), ("Platform", "linux/arm64")));

        Assert.Empty(result.ErrorIds);
        Assert.Equal("linux/arm64", Assert.Single(pulled).Platform);
        Assert.Equal("linux/arm64", created.Single().Value.Parameters.Platform);
    }

    // ---- Helpers ----

    private void AssertRefusedBeforeTheEngine(RunResult result, string errorId, string phrase)
    {
        var error = Assert.IsType<ErrorRecord>(result.Terminating);
        Assert.Equal(errorId, Assert.Single(result.ErrorIds));
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains(phrase, error.Exception.Message);
        Assert.Empty(result.Output);
        Assert.Equal(0, engine.CallCount);
    }

    /// <summary>The image is there; creates record the request (one object for every image: New-DockerContainer reuses it), starts and read-backs answer as dockerd does.</summary>
    private void AnswerCreateStartAndReadBack(FakeEngine target, string state = "running")
    {
        target.Images.On(nameof(IImageOperations.InspectImageAsync), (string name, CancellationToken _) =>
            Task.FromResult(new ImageInspectResponse { ID = EveryOutputType.ImageId, RepoTags = new List<string> { name } }));
        target.Containers.On(nameof(IContainerOperations.CreateContainerAsync), (CreateContainerParameters parameters, CancellationToken _) =>
        {
            var name = parameters.Name ?? parameters.Image;
            var id = EngineAnswers.IdOf(name);
            created[id] = (name, parameters);
            calls.Enqueue("create");
            return Task.FromResult(new CreateContainerResponse { ID = id, Warnings = new List<string>() });
        });
        target.Containers.On(nameof(IContainerOperations.StartContainerAsync), (string _, ContainerStartParameters __, CancellationToken ___) =>
        {
            calls.Enqueue("start");
            return Task.FromResult(true);
        });
        target.Containers.On(nameof(IContainerOperations.ListContainersAsync), (ContainersListParameters parameters, CancellationToken _) =>
            EngineAnswers.ListOf(EngineAnswers.Container(created[parameters.Filters!["id"].Keys.Single()].Name, state)));
    }

    /// <summary>Networks as dockerd answers for them: <paramref name="missing"/> is not there; connecting an image's container may be refused.</summary>
    private void AnswerNetworks(FakeEngine target, string? missing = null, string? refuseFor = null)
    {
        target.Networks.On(nameof(INetworkOperations.InspectNetworkAsync), (string name, CancellationToken _) =>
        {
            calls.Enqueue($"inspect {name}");
            return name == missing
                ? Task.FromException<NetworkResponse>(EngineAnswers.Refusal(HttpStatusCode.NotFound, $"network {name} not found"))
                : Task.FromResult(new NetworkResponse { Name = name });
        });
        target.Networks.On(nameof(INetworkOperations.ConnectNetworkAsync), (string name, NetworkConnectParameters parameters, CancellationToken _) =>
        {
            calls.Enqueue($"connect {name} {parameters.Container}");
            return created[parameters.Container].Name == refuseFor
                ? Task.FromException(EngineAnswers.Refusal(HttpStatusCode.Conflict, "address already in use"))
                : Task.CompletedTask;
        });
    }

    private Hashtable Parameters(params (string Name, object Value)[] parameters)
    {
        var table = new Hashtable { ["HostAddress"] = engine.Address };
        foreach (var (name, value) in parameters)
        {
            table[name] = value;
        }

        return table;
    }
}
