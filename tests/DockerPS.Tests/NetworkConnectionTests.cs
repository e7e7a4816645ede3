using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Mapping;
using DockerPS.Tests.Fakes;
using Xunit;
using static DockerPS.Tests.ContainerTestKit;
using static DockerPS.Tests.NetworkTestKit;

namespace DockerPS.Tests;

/// <summary>
/// Connect-DockerNetwork and Disconnect-DockerNetwork against a fake engine: what they share first (the network looked up
/// once, containers missing, piped objects, engines, -PassThru, -WhatIf), then each one's own refusals and options.
/// </summary>
public sealed class NetworkConnectionTests : IClassFixture<CmdletRunner>, IDisposable
{
    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();
    private readonly ConcurrentQueue<(string Network, string Container, object Parameters)> changes = new();

    // One runspace for the class: the tests run one after another; none leaves state behind in it.
    public NetworkConnectionTests(CmdletRunner runner) => this.runner = runner;

    public static TheoryData<string> Cmdlets => new() { "Connect-DockerNetwork", "Disconnect-DockerNetwork" };

    public static TheoryData<string, string> CmdletsAndNotContainers()
    {
        var data = new TheoryData<string, string>();
        foreach (var cmdlet in Cmdlets)
        {
            foreach (var kind in NotContainers)
            {
                data.Add(cmdlet, kind);
            }
        }

        return data;
    }

    public static TheoryData<string, string> CmdletsAndContainers()
    {
        var data = new TheoryData<string, string>();
        foreach (var cmdlet in Cmdlets)
        {
            foreach (var kind in ContainerKinds)
            {
                data.Add(cmdlet, kind);
            }
        }

        return data;
    }

    public static TheoryData<string, string> CmdletsAndNotNetworks()
    {
        var data = new TheoryData<string, string>();
        foreach (var cmdlet in Cmdlets)
        {
            foreach (var kind in NotNetworks)
            {
                data.Add(cmdlet, kind);
            }
        }

        return data;
    }

    public void Dispose() => engine.Dispose();

    // ---- What both share ----

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Change_LooksTheNetworkUpOnce_AndActsOnEachContainerByTheNetworksId(string cmdlet)
    {
        AnswerNetworks(engine, Network("web-net"));
        AnswerChange(cmdlet);

        var result = runner.Run(cmdlet, Parameters(engine, ("Network", "web-net"), ("Container", new[] { "a", "b", "c" })));

        Assert.Empty(result.ErrorIds);
        Assert.Empty(result.Output);
        Assert.Equal(1, engine.Networks.CountOf(nameof(INetworkOperations.InspectNetworkAsync)));
        Assert.Equal(new[] { "a", "b", "c" }, changes.Select(change => change.Container).OrderBy(name => name, StringComparer.Ordinal));
        Assert.All(changes, change => Assert.Equal(EngineAnswers.IdOf("net-web-net"), change.Network));
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Change_NetworkMissing_IsNetworkNotFoundForEachContainer_AndNoContainerIsTouched(string cmdlet)
    {
        AnswerNetworks(engine);
        AnswerChange(cmdlet);

        var result = runner.Run(cmdlet, Parameters(engine, ("Network", "nosuch"), ("Container", new[] { "a", "b" })));

        Assert.Null(result.Terminating);
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, error => AssertError(error, "NetworkNotFound", ErrorCategory.ObjectNotFound, "nosuch"));
        Assert.Equal("Error response from daemon: network nosuch not found", Message(result.Errors[0]));
        Assert.Empty(changes);
        Assert.Equal(1, engine.Networks.CountOf(nameof(INetworkOperations.InspectNetworkAsync)));
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Change_ContainerMissing_IsContainerNotFound_OnDockerAndOnPodman_AndTheOthersAreChanged(string cmdlet)
    {
        AnswerNetworks(engine, Network("web-net"));
        AnswerChange(cmdlet, container => container switch
        {
            "gone" => EngineAnswers.NoSuchContainer("gone"),
            "lost" => new DockerNetworkNotFoundException(HttpStatusCode.NotFound, "{\"cause\":\"no such container\",\"message\":\"no container with name or ID \\\"lost\\\" found: no such container\",\"response\":404}"),
            _ => null,
        });

        var result = runner.Run(cmdlet, Parameters(engine, ("Network", "web-net"), ("Container", new[] { "a", "gone", "lost", "b" })));

        Assert.Null(result.Terminating);
        Assert.Equal(2, result.Errors.Count);
        Assert.Equal("Error response from daemon: No such container: gone", Message(AssertError(result.Errors[0], "ContainerNotFound", ErrorCategory.ObjectNotFound, "gone")));
        AssertError(result.Errors[1], "ContainerNotFound", ErrorCategory.ObjectNotFound, "lost");
        Assert.Equal(4, changes.Count);
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Change_NetworkGoneBetweenTheLookupAndTheChange_IsNetworkNotFound(string cmdlet)
    {
        AnswerNetworks(engine, Network("web-net"));
        AnswerChange(cmdlet, _ => NoSuchNetwork(EngineAnswers.IdOf("net-web-net")));

        var result = runner.Run(cmdlet, Parameters(engine, ("Network", "web-net"), ("Container", new[] { "a" })));

        AssertError(Assert.Single(result.Errors), "NetworkNotFound", ErrorCategory.ObjectNotFound, "web-net");
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Change_PassThru_WritesEachContainerAsItIsAfterwards_InInputOrder(string cmdlet)
    {
        AnswerNetworks(engine, Network("web-net"));
        AnswerChange(cmdlet);
        engine.Containers.On(nameof(IContainerOperations.InspectContainerAsync), (string name, CancellationToken _) => Task.FromResult(EngineAnswers.Inspect(name)));
        engine.Containers.On(nameof(IContainerOperations.ListContainersAsync), (ContainersListParameters parameters, CancellationToken _) =>
            EngineAnswers.ListOf(new[] { "a", "b" }.Select(name => EngineAnswers.Container(name)).Where(container => parameters.Filters!["id"].ContainsKey(container.ID)).ToArray()));

        var result = runner.Run(cmdlet, Parameters(engine, ("Network", "web-net"), ("Container", new[] { "a", "b" }), ("PassThru", true)));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "a", "b" }, result.Output.Cast<DockerContainer>().Select(container => container.Name));
    }

    [Theory]
    [MemberData(nameof(CmdletsAndContainers))]
    public void Change_PipedContainer_IsChangedOnItsOwnEngine_WhereTheNetworkIsLookedUp(string cmdlet, string kind)
    {
        AnswerNetworks(engine, Network("web-net"));
        AnswerChange(cmdlet);

        var result = runner.Run(cmdlet, new Hashtable { ["HostAddress"] = NowhereAddress(), ["Network"] = "web-net" }, new[] { ContainerTestKit.Piped(kind, engine) });

        Assert.Empty(result.ErrorIds);
        Assert.Equal("web", Assert.Single(changes).Container);
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Change_NetworkObject_BringsItsEngine_ForContainersNamedByName(string cmdlet)
    {
        AnswerNetworks(engine, Network("web-net"));
        AnswerChange(cmdlet);

        var result = runner.Run(cmdlet, new Hashtable { ["HostAddress"] = NowhereAddress(), ["Network"] = Piped(engine, "web-net"), ["Container"] = new[] { "a" } });

        Assert.Empty(result.ErrorIds);
        Assert.Equal("a", Assert.Single(changes).Container);
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Change_ContainerAndNetworkFromTwoEngines_IsRefusedAsEngineMismatch_AndNeitherEngineIsAsked(string cmdlet)
    {
        using var other = new FakeEngine();
        var container = ModelMapper.ToContainer(EngineAnswers.Container("web"), other.Endpoint);

        var result = runner.Run(cmdlet, new Hashtable { ["Network"] = Piped(engine, "web-net") }, new object[] { container });

        Assert.Null(result.Terminating);
        var error = AssertError(Assert.Single(result.Errors), "EngineMismatch", ErrorCategory.InvalidArgument, "web");
        Assert.Contains("a container joins the networks of its own engine", Message(error));
        Assert.Equal(0, engine.CallCount + other.CallCount);
    }

    [Theory]
    [MemberData(nameof(CmdletsAndNotContainers))]
    public void Change_PipedObjectThatIsNoContainer_IsRefusedInItsPlace_AndNoEngineIsAsked(string cmdlet, string kind)
    {
        var result = runner.Run(cmdlet, Parameters(engine, ("Network", "web-net")), new[] { ContainerTestKit.Piped(kind, engine) });

        AssertRefusedAsNotAContainer(result, kind, engine);
    }

    [Theory]
    [MemberData(nameof(CmdletsAndNotNetworks))]
    public void Change_NetworkThatIsNoNetwork_IsATerminatingWrongObjectType_AndNoEngineIsAsked(string cmdlet, string kind)
    {
        var value = ContainerTestKit.Piped(kind, engine);

        var result = runner.Run(cmdlet, Parameters(engine, ("Network", value), ("Container", new[] { "a" })));

        Assert.Empty(result.Errors);
        AssertError(result.Terminating!, "WrongObjectType", ErrorCategory.InvalidType, PSObject.AsPSObject(value).ToString());
        Assert.Equal(0, engine.CallCount);
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Change_WhatIf_AsksTheEngineNothing(string cmdlet)
    {
        var result = runner.Run(cmdlet, Parameters(engine, ("Network", "web-net"), ("Container", new[] { "a", "b" }), ("WhatIf", true)));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(0, engine.CallCount);
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Change_EngineUnreachable_IsTerminatingEngineUnreachable(string cmdlet)
    {
        var result = runner.Run(cmdlet, new Hashtable { ["HostAddress"] = NowhereAddress(), ["Network"] = "web-net", ["Container"] = new[] { "a" } });

        Assert.Empty(result.Errors);
        Assert.Equal("EngineUnreachable", result.ErrorIds.Single());
    }

    // ---- Connect-DockerNetwork ----

    [Fact]
    public void Connect_AliasAndIPAddress_AreTheEndpointsSettings_AnIPv6AddressAsSuch()
    {
        AnswerNetworks(engine, Network("web-net"));
        AnswerChange("Connect-DockerNetwork");

        var v4 = runner.Run("Connect-DockerNetwork", Parameters(engine, ("Network", "web-net"), ("Container", new[] { "a" }), ("Alias", new[] { "db", "sql" }), ("IPAddress", "10.77.0.10")));
        var v6 = runner.Run("Connect-DockerNetwork", Parameters(engine, ("Network", "web-net"), ("Container", new[] { "b" }), ("IPAddress", "fd00:77::10")));
        var plain = runner.Run("Connect-DockerNetwork", Parameters(engine, ("Network", "web-net"), ("Container", new[] { "c" })));

        Assert.Empty(v4.ErrorIds.Concat(v6.ErrorIds).Concat(plain.ErrorIds));
        var settings = changes.ToDictionary(change => change.Container, change => (EndpointSettings?)((NetworkConnectParameters)change.Parameters).EndpointConfig);
        Assert.Equal(new[] { "db", "sql" }, settings["a"]!.Aliases);
        Assert.Equal("10.77.0.10", settings["a"]!.IPAMConfig!.IPv4Address);
        Assert.True(string.IsNullOrEmpty(settings["a"]!.IPAMConfig!.IPv6Address));
        Assert.Equal("fd00:77::10", settings["b"]!.IPAMConfig!.IPv6Address);
        Assert.True(string.IsNullOrEmpty(settings["b"]!.IPAMConfig!.IPv4Address));
        Assert.Null(settings["b"]!.Aliases);
        Assert.Null(settings["c"]);
    }

    [Theory]
    [InlineData("10.77.0")]
    [InlineData("10.77.0.300")]
    [InlineData("10.77.0.10/24")]
    [InlineData("web")]
    public void Connect_IPAddressThatIsNoAddress_IsTerminatingInvalidIPAddress_AndNoEngineIsAsked(string address)
    {
        var result = runner.Run("Connect-DockerNetwork", Parameters(engine, ("Network", "web-net"), ("Container", new[] { "a" }), ("IPAddress", address)));

        Assert.Empty(result.Errors);
        AssertError(result.Terminating!, "InvalidIPAddress", ErrorCategory.InvalidArgument, address);
        Assert.Equal(0, engine.CallCount);
    }

    [Theory]
    [InlineData(false, "endpoint with name a already exists in network web-net")]
    [InlineData(true, null)]
    public void Connect_ContainerAlreadyConnected_IsResourceExists_InTheEnginesWords(bool podman, string? words)
    {
        using var other = new FakeEngine(podman: podman);
        AnswerNetworks(other, Network("web-net"));
        var refusal = podman
            ? Podman("container 0123 is already connected to network \"web-net\"", "network is already connected")
            : EngineAnswers.Refusal(HttpStatusCode.Forbidden, words!);
        other.Networks.On(nameof(INetworkOperations.ConnectNetworkAsync), (string _, NetworkConnectParameters __, CancellationToken ___) => Task.FromException(refusal));

        var result = runner.Run("Connect-DockerNetwork", Parameters(other, ("Network", "web-net"), ("Container", new[] { "a" })));

        var error = AssertError(Assert.Single(result.Errors), "ContainerAlreadyConnected", ErrorCategory.ResourceExists, "a");
        Assert.Equal("Error response from daemon: " + (words ?? "container 0123 is already connected to network \"web-net\": network is already connected"), Message(error));
    }

    [Fact]
    public void Connect_AddressTheNetworkCannotGive_IsTheEnginesInvalidArgument()
    {
        AnswerNetworks(engine, Network("bridge"));
        AnswerChange("Connect-DockerNetwork", _ => EngineAnswers.Refusal(HttpStatusCode.BadRequest, "user specified IP address is supported on user defined networks only"));

        var result = runner.Run("Connect-DockerNetwork", Parameters(engine, ("Network", "bridge"), ("Container", new[] { "a" }), ("IPAddress", "10.77.0.10")));

        var error = AssertError(Assert.Single(result.Errors), "DockerApi.BadRequest", ErrorCategory.InvalidArgument, "a");
        Assert.Equal("Error response from daemon: user specified IP address is supported on user defined networks only", Message(error));
    }

    // ---- Disconnect-DockerNetwork ----

    [Theory]
    [InlineData("docker", "container 0123 is not connected to the network web-net")]
    [InlineData("podman, stopped", "container a is not connected to network web-net")]
    [InlineData("podman, running", "container 0123 is not connected to CNI network \"web-net\": network not found")]
    public void Disconnect_ContainerNotConnected_IsInvalidOperation_InTheEnginesWords(string engineAndState, string words)
    {
        using var other = new FakeEngine(podman: engineAndState.StartsWith("podman", StringComparison.Ordinal));
        AnswerNetworks(other, Network("web-net"));
        var refusal = engineAndState switch
        {
            "docker" => EngineAnswers.Refusal(HttpStatusCode.InternalServerError, words),
            "podman, stopped" => new DockerApiException(HttpStatusCode.InternalServerError, JsonSerializer.Serialize(new { cause = words, message = words, response = 500 })),
            _ => new DockerNetworkNotFoundException(HttpStatusCode.NotFound, JsonSerializer.Serialize(new { cause = "network not found", message = words, response = 404 })),
        };
        other.Networks.On(nameof(INetworkOperations.DisconnectNetworkAsync), (string _, NetworkDisconnectParameters __, CancellationToken ___) => Task.FromException(refusal));

        var result = runner.Run("Disconnect-DockerNetwork", Parameters(other, ("Network", "web-net"), ("Container", new[] { "a" })));

        var error = AssertError(Assert.Single(result.Errors), "ContainerNotConnected", ErrorCategory.InvalidOperation, "a");
        Assert.Equal("Error response from daemon: " + words, Message(error));
    }

    [Fact]
    public void Disconnect_Force_IsAskedOfTheEngine()
    {
        AnswerNetworks(engine, Network("web-net"));
        AnswerChange("Disconnect-DockerNetwork");

        var result = runner.Run("Disconnect-DockerNetwork", Parameters(engine, ("Network", "web-net"), ("Container", new[] { "a" }), ("Force", true)));

        Assert.Empty(result.ErrorIds);
        Assert.True(((NetworkDisconnectParameters)Assert.Single(changes).Parameters).Force);
    }

    [Fact]
    public void Disconnect_HostNetworkRefusal_IsDockersForbidden_AnInvalidOperation()
    {
        AnswerNetworks(engine, Network("host", "host"));
        AnswerChange("Disconnect-DockerNetwork", _ => EngineAnswers.Refusal(HttpStatusCode.Forbidden, "container cannot be disconnected from host network or connected to host network"));

        var result = runner.Run("Disconnect-DockerNetwork", Parameters(engine, ("Network", "host"), ("Container", new[] { "a" })));

        AssertError(Assert.Single(result.Errors), "DockerApi.Forbidden", ErrorCategory.InvalidOperation, "a");
    }

    /// <summary>The engine connects or disconnects every container, unless <paramref name="refusal"/> says otherwise.</summary>
    private void AnswerChange(string cmdlet, Func<string, Exception?>? refusal = null)
    {
        if (cmdlet == "Connect-DockerNetwork")
        {
            engine.Networks.On(nameof(INetworkOperations.ConnectNetworkAsync), (string network, NetworkConnectParameters parameters, CancellationToken _) =>
                Record(network, parameters.Container, parameters, refusal));
        }
        else
        {
            engine.Networks.On(nameof(INetworkOperations.DisconnectNetworkAsync), (string network, NetworkDisconnectParameters parameters, CancellationToken _) =>
                Record(network, parameters.Container, parameters, refusal));
        }
    }

    private Task Record(string network, string container, object parameters, Func<string, Exception?>? refusal)
    {
        changes.Enqueue((network, container, parameters));
        return refusal?.Invoke(container) is { } failure ? Task.FromException(failure) : Task.CompletedTask;
    }
}
