using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Containers;
using DockerPS.Tests.Fakes;
using Xunit;
using static DockerPS.Tests.ContainerTestKit;

namespace DockerPS.Tests;

/// <summary>
/// Set-DockerContainer (docker update) against fake engines: what reaches the engine, what is refused before it,
/// and the engines without an update. What it shares with the other batches is in ContainerStateErrorPathTests.
/// </summary>
public sealed class SetDockerContainerTests : IDisposable
{
    private readonly RecordingHost host = new();
    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();
    private readonly ConcurrentQueue<(string Id, ContainerUpdateParameters Body)> updates = new();

    public SetDockerContainerTests()
    {
        runner = CmdletRunner.WithHost(host);
        AnswerUpdates(engine);
    }

    public void Dispose()
    {
        engine.Dispose();
        runner.Dispose();
    }

    [Fact]
    public void EveryChange_ReachesTheEngine_AsDockerUpdateSendsIt()
    {
        var result = runner.Run("Set-DockerContainer", Parameters("web")
            .With("RestartPolicy", "on-failure:3").With("Memory", "512m").With("MemoryReservation", "256m").With("MemorySwap", "1g")
            .With("Cpus", 1.5).With("CpuShares", 512L).With("CpusetCpus", "0-1,3").With("PidsLimit", 200L));

        Assert.Empty(result.ErrorIds);
        var (id, body) = Assert.Single(updates);
        Assert.Equal("web", id);
        Assert.Equal(RestartPolicyKind.OnFailure, body.RestartPolicy.Name);
        Assert.Equal(3, body.RestartPolicy.MaximumRetryCount);
        Assert.Equal(512L << 20, body.Memory);
        Assert.Equal(256L << 20, body.MemoryReservation);
        Assert.Equal(1L << 30, body.MemorySwap);
        Assert.Equal(1_500_000_000L, body.NanoCPUs);
        Assert.Equal(512, body.CPUShares);
        Assert.Equal("0-1,3", body.CpusetCpus);
        Assert.Equal(200, body.PidsLimit);
    }

    [Fact]
    public void WhatIsNotGiven_IsLeftOutOfTheRequest_SoTheEngineKeepsIt()
    {
        var result = runner.Run("Set-DockerContainer", Parameters("web").With("Memory", "64m"));

        Assert.Empty(result.ErrorIds);
        var body = Assert.Single(updates).Body;
        Assert.Equal(64L << 20, body.Memory);
        Assert.Null(body.RestartPolicy);
        Assert.Null(body.PidsLimit);
        Assert.Null(body.CpusetCpus);
        Assert.Equal(0, body.MemorySwap);
        Assert.Equal(0, body.NanoCPUs);
        Assert.Equal(0, body.CPUShares);
    }

    [Fact]
    public void UnlimitedSwapAndProcesses_AreSentAsMinusOne()
    {
        var result = runner.Run("Set-DockerContainer", Parameters("web").With("MemorySwap", "-1").With("PidsLimit", -1L));

        Assert.Empty(result.ErrorIds);
        var body = Assert.Single(updates).Body;
        Assert.Equal(-1, body.MemorySwap);
        Assert.Equal(-1, body.PidsLimit);
    }

    [Fact]
    public void NoChange_IsATerminatingNoChangeGiven_AndNoEngineIsAsked()
    {
        var result = runner.Run("Set-DockerContainer", Parameters("web", "db"));

        AssertError(result.Terminating!, "NoChangeGiven", ErrorCategory.InvalidArgument, null);
        Assert.Equal("you must provide one or more flags when using this command", Message(result.Terminating!));
        Assert.Equal(0, engine.CallCount);
    }

    [Theory]
    [InlineData("Memory", "lots", "InvalidMemory", "invalid size: 'lots'")]
    [InlineData("MemoryReservation", "12q", "InvalidMemory", "invalid size: '12q'")]
    [InlineData("MemorySwap", "-2", "InvalidMemory", "invalid size: '-2'")]
    [InlineData("RestartPolicy", "sometimes", "InvalidRestartPolicy", "invalid restart policy")]
    [InlineData("CpusetCpus", "0-", "InvalidCpusetCpus", "invalid value 0- for cpuset cpus")]
    [InlineData("CpusetCpus", "a,b", "InvalidCpusetCpus", "invalid value a,b for cpuset cpus")]
    public void BadValue_IsATerminatingInvalidArgumentNamingIt_AndNoContainerIsChanged(string parameter, string value, string errorId, string words)
    {
        var result = runner.Run("Set-DockerContainer", Parameters("web", "db").With(parameter, value));

        AssertError(result.Terminating!, errorId, ErrorCategory.InvalidArgument, value);
        Assert.Contains(words, Message(result.Terminating!), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void NonPositiveCpus_IsATerminatingInvalidCpus_AndNoContainerIsChanged()
    {
        var result = runner.Run("Set-DockerContainer", Parameters("web").With("Cpus", 0.0));

        AssertError(result.Terminating!, "InvalidCpus", ErrorCategory.InvalidArgument, 0.0);
        Assert.Equal(0, engine.CallCount);
    }

    [Theory]
    [InlineData("1m", null, null, "Minimum memory limit allowed is 6MB")]
    [InlineData(null, "1m", null, "Minimum memory reservation allowed is 6MB")]
    [InlineData("512m", null, "256m", "Minimum memoryswap limit should be larger than memory limit, see usage")]
    [InlineData("256m", "512m", null, "Minimum memory limit can not be less than memory reservation limit, see usage")]
    public void LimitsThatCannotGoTogether_AreRefusedInTheEnginesWords_BeforeAnyContainerIsChanged(string? memory, string? reservation, string? swap, string words)
    {
        var parameters = Parameters("web", "db");
        foreach (var (name, value) in new[] { ("Memory", memory), ("MemoryReservation", reservation), ("MemorySwap", swap) })
        {
            if (value is not null)
            {
                parameters[name] = value;
            }
        }

        var result = runner.Run("Set-DockerContainer", parameters);

        AssertError(result.Terminating!, "InvalidMemory", ErrorCategory.InvalidArgument, memory ?? reservation);
        Assert.Equal(words, Message(result.Terminating!));
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void SwapWithoutLimit_GoesWithAnyMemoryLimit()
    {
        var result = runner.Run("Set-DockerContainer", Parameters("web").With("Memory", "1g").With("MemorySwap", "-1"));

        Assert.Empty(result.ErrorIds);
        Assert.Single(updates);
    }

    [Theory]
    [InlineData("CpuShares", 1L)]
    [InlineData("CpuShares", 262145L)]
    [InlineData("PidsLimit", -2L)]
    public void OutOfRangeNumber_IsAParameterError_AndNoEngineIsAsked(string parameter, long value)
    {
        var result = runner.Run("Set-DockerContainer", Parameters("web").With(parameter, value));

        Assert.Equal("ParameterArgumentValidationError", Assert.Single(result.ErrorIds));
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void EngineWarnings_AreWrittenAsWarnings_NamingTheContainer()
    {
        engine.Containers.On(nameof(IContainerOperations.UpdateContainerAsync), (string id, ContainerUpdateParameters _, CancellationToken __) =>
            Task.FromResult(new ContainerUpdateResponse { Warnings = new[] { "Your kernel does not support swap limit capabilities." } }));

        var result = runner.Run("Set-DockerContainer", Parameters("web").With("MemorySwap", "1g"));

        Assert.Empty(result.ErrorIds);
        Assert.Equal("web: Your kernel does not support swap limit capabilities.", Assert.Single(result.Warnings));
    }

    [Fact]
    public void EngineRefusalForOneContainer_IsItsErrorInTheEnginesWords_AndTheOthersAreChanged()
    {
        engine.Containers.On(nameof(IContainerOperations.UpdateContainerAsync), (string id, ContainerUpdateParameters _, CancellationToken __) =>
            id == "db"
                ? Task.FromException<ContainerUpdateResponse>(EngineAnswers.Refusal(HttpStatusCode.BadRequest, "Restart policy cannot be updated because AutoRemove is enabled for the container"))
                : Task.FromResult(new ContainerUpdateResponse()));

        var result = runner.Run("Set-DockerContainer", Parameters("web", "db", "cache").With("RestartPolicy", "always"));

        var error = Assert.Single(result.Errors);
        Assert.Equal("db", error.TargetObject);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("AutoRemove is enabled", Message(error));
        Assert.Equal(3, engine.Containers.CountOf(nameof(IContainerOperations.UpdateContainerAsync)));
    }

    [Fact]
    public void WhatIf_SaysTheChangesForEachContainer_AndAsksNothing()
    {
        var result = runner.Run("Set-DockerContainer", Parameters("web", "db").With("Memory", "512m").With("RestartPolicy", "always").With("WhatIf", true));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(
            new[]
            {
                "What if: Performing the operation \"Update (-RestartPolicy always, -Memory 512m)\" on target \"web\".",
                "What if: Performing the operation \"Update (-RestartPolicy always, -Memory 512m)\" on target \"db\".",
            },
            host.Lines.Where(line => line.StartsWith("What if:", StringComparison.Ordinal)).Select(line => line.Trim()));
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void OlderPodman_IsUpdateNotSupportedForEachContainer_WithoutAskingIt()
    {
        using var podman = new FakeEngine(podman: true);

        var result = runner.Run("Set-DockerContainer", new Hashtable { ["HostAddress"] = podman.Address, ["Name"] = new[] { "web", "db" }, ["Memory"] = "64m" });

        Assert.Equal(new[] { "UpdateNotSupported", "UpdateNotSupported" }, result.ErrorIds);
        var error = AssertError(result.Errors[0], "UpdateNotSupported", ErrorCategory.NotImplemented, "web");
        Assert.Contains("Podman 4.3.1 has no Docker-compatible container update (Podman 5.1 added it)", Message(error));
        Assert.Equal(0, podman.CallCount);
    }

    [Fact]
    public void NewerPodman_IsSentTheContainersOwnRestartPolicy_WhichItWouldOtherwiseReset()
    {
        using var podman = new FakeEngine(podman: true, engineVersion: "5.4.2");
        AnswerUpdates(podman);
        podman.Containers.On(nameof(IContainerOperations.InspectContainerAsync), (string id, CancellationToken _) =>
        {
            var inspect = EngineAnswers.Inspect(id);
            inspect.HostConfig = new HostConfig { RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.UnlessStopped } };
            return Task.FromResult(inspect);
        });

        var result = runner.Run("Set-DockerContainer", new Hashtable { ["HostAddress"] = podman.Address, ["Name"] = "web", ["Memory"] = "64m" });

        Assert.Empty(result.ErrorIds);
        var body = Assert.Single(updates).Body;
        Assert.Equal(RestartPolicyKind.UnlessStopped, body.RestartPolicy.Name);
        Assert.Equal(64L << 20, body.Memory);
    }

    [Fact]
    public void NewerPodman_GivenARestartPolicy_IsNotAskedForItsOwn()
    {
        using var podman = new FakeEngine(podman: true, engineVersion: "5.1.0");
        AnswerUpdates(podman);

        var result = runner.Run("Set-DockerContainer", new Hashtable { ["HostAddress"] = podman.Address, ["Name"] = "web", ["RestartPolicy"] = "always" });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(RestartPolicyKind.Always, Assert.Single(updates).Body.RestartPolicy.Name);
        Assert.Equal(0, podman.Containers.CountOf(nameof(IContainerOperations.InspectContainerAsync)));
    }

    [Fact]
    public void AnEngineWithoutTheRoute_IsUpdateNotSupported_NotAMissingContainer()
    {
        engine.Containers.On(nameof(IContainerOperations.UpdateContainerAsync), (string id, ContainerUpdateParameters _, CancellationToken __) =>
            Task.FromException<ContainerUpdateResponse>(EngineAnswers.Refusal(HttpStatusCode.NotFound, "Not Found")));

        var result = runner.Run("Set-DockerContainer", Parameters("web").With("Memory", "64m"));

        var error = AssertError(Assert.Single(result.Errors), "UpdateNotSupported", ErrorCategory.NotImplemented, "web");
        Assert.Contains("Not Found: this engine has no container update", Message(error));
    }

    [Theory]
    [InlineData("4.3.1", false)]
    [InlineData("5.0.3", false)]
    [InlineData("5.1.0", true)]
    [InlineData("5.4.2", true)]
    [InlineData("6.0.0-dev", true)]
    [InlineData("unknown", false)]
    public void PodmanCanUpdate_FromVersion51(string version, bool expected) =>
        Assert.Equal(expected, ContainerUpdate.PodmanCanUpdate(version));

    private Hashtable Parameters(params string[] names) => new() { ["HostAddress"] = engine.Address, ["Name"] = names };

    private void AnswerUpdates(FakeEngine target) =>
        target.Containers.On(nameof(IContainerOperations.UpdateContainerAsync), (string id, ContainerUpdateParameters body, CancellationToken _) =>
        {
            updates.Enqueue((id, body));
            return Task.FromResult(new ContainerUpdateResponse());
        });
}
