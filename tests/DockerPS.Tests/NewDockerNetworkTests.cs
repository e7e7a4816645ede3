using System;
using System.Collections;
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
using static DockerPS.Tests.ContainerTestKit;
using static DockerPS.Tests.NetworkTestKit;

namespace DockerPS.Tests;

/// <summary>
/// New-DockerNetwork against a fake engine: the request it makes, values refused before the engine is asked, a taken
/// name (checked first where the engine would not check it), the engine's other refusals, and -WhatIf.
/// </summary>
public sealed class NewDockerNetworkTests : IClassFixture<CmdletRunner>, IDisposable
{
    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();
    private readonly List<NetworksCreateParameters> created = new();

    // One runspace for the class: the tests run one after another; none leaves state behind in it.
    public NewDockerNetworkTests(CmdletRunner runner) => this.runner = runner;

    public void Dispose() => engine.Dispose();

    [Fact]
    public void New_AsksForWhatTheParametersSay_AndWritesTheNetworkAsTheEngineMadeIt()
    {
        AnswerCreate();

        var result = runner.Run("New-DockerNetwork", Parameters(
            engine,
            ("Name", "web-net"),
            ("Driver", "bridge"),
            ("Subnet", new[] { "10.77.0.0/16", "fd00:77::/64" }),
            ("IPRange", new[] { "10.77.5.0/24" }),
            ("Gateway", new[] { "fd00:77::1", "10.77.5.254" }),
            ("Internal", true),
            ("Attachable", true),
            ("IPv6", true),
            ("Label", new[] { "env=prod", "tier" }),
            ("Option", new Hashtable { ["com.docker.network.driver.mtu"] = 1400 })));

        Assert.Empty(result.ErrorIds);
        var asked = Assert.Single(created);
        Assert.Equal(("web-net", "bridge", true, true, (bool?)true), (asked.Name, asked.Driver, asked.Internal, asked.Attachable, asked.EnableIPv6));
        Assert.Equal(new[] { "10.77.0.0/16|10.77.5.0/24|10.77.5.254", "fd00:77::/64||fd00:77::1" }, asked.IPAM!.Config.Select(pool => $"{pool.Subnet}|{pool.IPRange}|{pool.Gateway}"));
        Assert.Equal(new Dictionary<string, string> { ["env"] = "prod", ["tier"] = string.Empty }, asked.Labels);
        Assert.Equal(new Dictionary<string, string> { ["com.docker.network.driver.mtu"] = "1400" }, asked.Options);
        var network = Assert.IsType<DockerNetwork>(Assert.Single(result.Output));
        Assert.Equal(("web-net", EngineAnswers.IdOf("net-web-net"), engine.Endpoint), (network.Name, network.Id, network.Endpoint));
    }

    [Fact]
    public void New_WithoutOptions_LeavesDriverPoolsAndIPv6ToTheEngine()
    {
        AnswerCreate();

        var result = runner.Run("New-DockerNetwork", Parameters(engine, ("Name", "web-net")));

        Assert.Empty(result.ErrorIds);
        var asked = Assert.Single(created);
        Assert.Null(asked.Driver);
        Assert.Null(asked.IPAM);
        Assert.Null(asked.EnableIPv6);
        Assert.Null(asked.Labels);
        Assert.Null(asked.Options);
    }

    [Theory]
    [InlineData("Subnet", "10.77.0.5/16", "InvalidSubnet", "10.77.0.5/16")]
    [InlineData("Subnet", "10.77.0/16", "InvalidSubnet", "10.77.0/16")]
    [InlineData("IPRange", "10.78.0.0/24", "InvalidIPRange", "10.78.0.0/24")]
    [InlineData("Gateway", "10.78.0.1", "InvalidGateway", "10.78.0.1")]
    [InlineData("Gateway", "10.77.0", "InvalidGateway", "10.77.0")]
    public void New_SubnetRangeOrGatewayThatCannotBeUsed_IsTerminatingInvalidArgument_NamingIt_AndNoEngineIsAsked(string parameter, string value, string errorId, string target)
    {
        var parameters = Parameters(engine, ("Name", "web-net"), ("Subnet", new[] { "10.77.0.0/16" }));
        parameters[parameter] = new[] { value };

        var result = runner.Run("New-DockerNetwork", parameters);

        Assert.Empty(result.Errors);
        AssertError(result.Terminating!, errorId, ErrorCategory.InvalidArgument, target);
        Assert.Contains(value, Message(result.Terminating!));
        Assert.Equal(0, engine.CallCount);
    }

    [Theory]
    [InlineData("Label", "=prod", "InvalidLabel")]
    [InlineData("Option", null, "InvalidOption")]
    public void New_LabelOrOptionWithAnEmptyKey_IsTerminatingInvalidArgument_AndNoEngineIsAsked(string parameter, string? label, string errorId)
    {
        object value = label is null ? new Hashtable { [" "] = "1400" } : new[] { label };

        var result = runner.Run("New-DockerNetwork", Parameters(engine, ("Name", "web-net"), (parameter, value)));

        Assert.Empty(result.Errors);
        Assert.Equal(errorId, result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.InvalidArgument, result.Terminating!.CategoryInfo.Category);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void New_NameTaken_OnAnEngineThatWouldNotCheck_IsRefusedInTheEnginesWordsAsResourceExists_AndNothingIsCreated()
    {
        // dockerd before API 1.44 makes a second network of a taken name unless asked to check (the fake speaks 1.41).
        AnswerCreate();
        engine.Networks.On(nameof(INetworkOperations.ListNetworksAsync), (NetworksListParameters parameters, CancellationToken _) =>
            EngineAnswers.ListOf(Network("web-net"), Network("web-net-2")));

        var result = runner.Run("New-DockerNetwork", Parameters(engine), new object[] { "web-net", "web" });

        Assert.Null(result.Terminating);
        var error = AssertError(Assert.Single(result.Errors), "DockerApi.Conflict", ErrorCategory.ResourceExists, "web-net");
        Assert.Equal("Error response from daemon: network with name web-net already exists", Message(error));
        Assert.Equal(new[] { "web" }, created.Select(parameters => parameters.Name));
        Assert.Equal(new[] { "web" }, result.Output.Cast<DockerNetwork>().Select(network => network.Name));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void New_NameTheEngineRefusesAsTaken_IsResourceExists_OnDockerAndOnPodman(bool podman)
    {
        using var other = new FakeEngine(podman: podman);
        other.Networks.On(nameof(INetworkOperations.ListNetworksAsync), (NetworksListParameters _, CancellationToken __) => EngineAnswers.ListOf<NetworkResponse>());
        other.Networks.On(nameof(INetworkOperations.CreateNetworkAsync), (NetworksCreateParameters _, CancellationToken __) =>
            Task.FromException<NetworksCreateResponse>(podman
                ? Podman("network name web-net already used", "network already exists")
                : EngineAnswers.Refusal(HttpStatusCode.Conflict, "network with name web-net already exists")));

        var result = runner.Run("New-DockerNetwork", Parameters(other, ("Name", "web-net")));

        Assert.Null(result.Terminating);
        var error = AssertError(Assert.Single(result.Errors), "DockerApi.Conflict", ErrorCategory.ResourceExists, "web-net");
        Assert.Contains("web-net already", Message(error));
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, "Pool overlaps with other one on this address space", "DockerApi.Forbidden", ErrorCategory.InvalidOperation)]
    [InlineData(HttpStatusCode.NotFound, "plugin \"nosuch\" not found", "DockerApi.NotFound", ErrorCategory.ObjectNotFound)]
    [InlineData(HttpStatusCode.InternalServerError, "failed to allocate gateway (10.213.1.1): Requested address is out of range", "DockerApi.InternalServerError", ErrorCategory.InvalidOperation)]
    public void New_OtherRefusals_AreNonTerminating_InTheEnginesWords(HttpStatusCode status, string words, string errorId, ErrorCategory category)
    {
        engine.Networks.On(nameof(INetworkOperations.ListNetworksAsync), (NetworksListParameters _, CancellationToken __) => EngineAnswers.ListOf<NetworkResponse>());
        engine.Networks.On(nameof(INetworkOperations.CreateNetworkAsync), (NetworksCreateParameters _, CancellationToken __) =>
            Task.FromException<NetworksCreateResponse>(EngineAnswers.Refusal(status, words)));

        var result = runner.Run("New-DockerNetwork", Parameters(engine, ("Name", "web-net")));

        Assert.Null(result.Terminating);
        var error = AssertError(Assert.Single(result.Errors), errorId, category, "web-net");
        Assert.Equal("Error response from daemon: " + words, Message(error));
        Assert.Empty(result.Output);
    }

    [Fact]
    public void New_TheEnginesWarning_IsWrittenAsAWarning()
    {
        AnswerCreate(warning: "Network with name web-net (id : 0123) already exists");

        var result = runner.Run("New-DockerNetwork", Parameters(engine, ("Name", "web-net")));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "Network with name web-net (id : 0123) already exists" }, result.Warnings);
    }

    [Fact]
    public void New_WhatIf_AsksTheEngineNothing()
    {
        var result = runner.Run("New-DockerNetwork", Parameters(engine, ("WhatIf", true)), new object[] { "front", "back" });

        Assert.Empty(result.ErrorIds);
        Assert.Empty(result.Output);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void New_EngineUnreachable_IsTerminatingEngineUnreachable()
    {
        var result = runner.Run("New-DockerNetwork", new Hashtable { ["HostAddress"] = NowhereAddress(), ["Name"] = "web-net" });

        Assert.Empty(result.Errors);
        Assert.Equal("EngineUnreachable", result.ErrorIds.Single());
    }

    /// <summary>No network is taken; each created one is inspected as made.</summary>
    private void AnswerCreate(string warning = "")
    {
        engine.Networks.On(nameof(INetworkOperations.ListNetworksAsync), (NetworksListParameters _, CancellationToken __) => EngineAnswers.ListOf<NetworkResponse>());
        engine.Networks.On(nameof(INetworkOperations.CreateNetworkAsync), (NetworksCreateParameters parameters, CancellationToken _) =>
        {
            lock (created)
            {
                created.Add(parameters);
            }

            return Task.FromResult(new NetworksCreateResponse { ID = EngineAnswers.IdOf("net-" + parameters.Name), Warning = warning });
        });
        engine.Networks.On(nameof(INetworkOperations.InspectNetworkAsync), (string id, CancellationToken _) =>
        {
            lock (created)
            {
                return Task.FromResult(Network(created.Single(parameters => EngineAnswers.IdOf("net-" + parameters.Name) == id).Name));
            }
        });
    }
}
