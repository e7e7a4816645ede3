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
/// Get-DockerNetwork against a fake engine: the containers the list answer leaves out, names that match nothing or too
/// much, names the filters leave out, -Unused, objects piped in, an engine that cannot be reached.
/// </summary>
public sealed class GetDockerNetworkTests : IClassFixture<CmdletRunner>, IDisposable
{
    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();

    // One runspace for the class: the tests run one after another; none leaves state behind in it.
    public GetDockerNetworkTests(CmdletRunner runner) => this.runner = runner;

    public static TheoryData<string> NotNetworkKinds => new(NotNetworkNames.Where(kind => kind != "DockerContext"));

    public static TheoryData<string> NetworkKindsData => NetworkKinds;

    public void Dispose() => engine.Dispose();

    [Fact]
    public void Get_ListsEveryNetworkByName_WithTheContainersOnlyInspectingShows()
    {
        AnswerNetworks(engine, Network("web-net", "bridge", "web", "api"), Network("bridge"), Network("host", "host"), Network("none", "null"));

        var result = runner.Run("Get-DockerNetwork", Parameters(engine));

        Assert.Empty(result.ErrorIds);
        var networks = result.Output.Cast<DockerNetwork>().ToList();
        Assert.Equal(new[] { "bridge", "host", "none", "web-net" }, networks.Select(network => network.Name));
        var web = networks.Single(network => network.Name == "web-net");
        Assert.Equal(new[] { "api", "web" }, web.Containers.Select(container => container.Name));
        Assert.All(web.Containers, container => Assert.Equal("10.77.0.2", container.IPv4Address));
        Assert.Equal("10.77.0.0/24", Assert.Single(web.Subnets).Subnet);
        Assert.Equal(engine.Endpoint, web.Endpoint);
        Assert.Equal(4, engine.Networks.CountOf(nameof(INetworkOperations.InspectNetworkAsync)));
    }

    [Fact]
    public void Get_OnPodman_TakesTheContainersFromTheList_WhichHasThem()
    {
        using var podman = new FakeEngine(podman: true);
        var web = Network("web-net", "bridge", "web");
        podman.Networks.On(nameof(INetworkOperations.ListNetworksAsync), (NetworksListParameters _, CancellationToken __) => EngineAnswers.ListOf(web));

        var result = runner.Run("Get-DockerNetwork", Parameters(podman));

        Assert.Empty(result.ErrorIds);
        Assert.Equal("web", Assert.Single(Assert.IsType<DockerNetwork>(Assert.Single(result.Output)).Containers).Name);
        Assert.Equal(0, podman.Networks.CountOf(nameof(INetworkOperations.InspectNetworkAsync)));
    }

    [Fact]
    public void Get_NamesMatchingNothing_AreEachANonTerminatingNetworkNotFound_AndTheOthersAreFound()
    {
        AnswerNetworks(engine, Network("web-net"), Network("db-net"));

        var result = runner.Run("Get-DockerNetwork", Parameters(engine, ("Name", new[] { "db-net", "nope1", "web-net", "nope2" })));

        Assert.Null(result.Terminating);
        Assert.Equal(2, result.Errors.Count);
        Assert.Equal("No such network: nope1", Message(AssertError(result.Errors[0], "NetworkNotFound", ErrorCategory.ObjectNotFound, "nope1")));
        AssertError(result.Errors[1], "NetworkNotFound", ErrorCategory.ObjectNotFound, "nope2");
        Assert.Equal(new[] { "db-net", "web-net" }, Names(result));
    }

    [Fact]
    public void Get_FindsByFullIdByExactNameAndByUniqueIdPrefix_AndAnAmbiguousPrefixIsAmbiguousNetworkReference()
    {
        var one = Network("one");
        one.ID = "abc1" + new string('0', 60);
        var two = Network("two");
        two.ID = "abc2" + new string('0', 60);
        AnswerNetworks(engine, one, two);

        var result = runner.Run("Get-DockerNetwork", Parameters(engine, ("Name", new[] { "abc", two.ID, "one", "abc2" })));

        Assert.Null(result.Terminating);
        var error = AssertError(Assert.Single(result.Errors), "AmbiguousNetworkReference", ErrorCategory.InvalidArgument, "abc");
        Assert.Equal("multiple networks found with provided prefix: abc", Message(error));
        Assert.Equal(new[] { "two", "one" }, Names(result));
    }

    [Fact]
    public void Get_Wildcards_MatchNamesRegardlessOfCase_AndAPatternMatchingNothingIsNoError()
    {
        AnswerNetworks(engine, Network("Web-Front"), Network("web-back"), Network("db"));

        var result = runner.Run("Get-DockerNetwork", Parameters(engine, ("Name", new[] { "web-*", "zz*" })));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "Web-Front", "web-back" }, Names(result));
    }

    [Fact]
    public void Get_DriverAndLabel_AreTheEnginesFilters()
    {
        NetworksListParameters? asked = null;
        engine.Networks.On(nameof(INetworkOperations.ListNetworksAsync), (NetworksListParameters parameters, CancellationToken _) =>
        {
            asked = parameters;
            return EngineAnswers.ListOf<NetworkResponse>();
        });

        var result = runner.Run("Get-DockerNetwork", Parameters(engine, ("Driver", new[] { "bridge", "macvlan" }), ("Label", new[] { "env=prod", "tier" })));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "bridge", "macvlan" }, asked!.Filters!["driver"].Keys.OrderBy(key => key, StringComparer.Ordinal));
        Assert.Equal(new[] { "env=prod", "tier" }, asked.Filters["label"].Keys.OrderBy(key => key, StringComparer.Ordinal));
    }

    [Fact]
    public void Get_NameTheFiltersLeaveOut_IsNoError_ButAMissingNameStillIs()
    {
        // web-net exists (inspect finds it) but the driver filter leaves it out of the listing.
        var web = Network("web-net");
        engine.Networks.On(nameof(INetworkOperations.ListNetworksAsync), (NetworksListParameters _, CancellationToken __) => EngineAnswers.ListOf<NetworkResponse>());
        engine.Networks.On(nameof(INetworkOperations.InspectNetworkAsync), (string reference, CancellationToken _) =>
            reference == "web-net" ? Task.FromResult(web) : Task.FromException<NetworkResponse>(NoSuchNetwork(reference)));

        var result = runner.Run("Get-DockerNetwork", Parameters(engine, ("Name", new[] { "web-net", "nope" }), ("Driver", new[] { "macvlan" })));

        Assert.Null(result.Terminating);
        AssertError(Assert.Single(result.Errors), "NetworkNotFound", ErrorCategory.ObjectNotFound, "nope");
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Get_NameTheListingLacksButTheEngineKnows_IsFound_AsPodmansDefaultNetworkByItsOwnName()
    {
        // Podman lists its default network as bridge, and inspects it as podman too.
        var bridge = Network("bridge");
        var podmanNamed = Network("podman");
        podmanNamed.ID = bridge.ID;
        using var podman = new FakeEngine(podman: true);
        podman.Networks.On(nameof(INetworkOperations.ListNetworksAsync), (NetworksListParameters _, CancellationToken __) => EngineAnswers.ListOf(bridge));
        podman.Networks.On(nameof(INetworkOperations.InspectNetworkAsync), (string reference, CancellationToken _) =>
            reference == "podman" ? Task.FromResult(podmanNamed) : Task.FromException<NetworkResponse>(NoSuchNetwork(reference)));

        var result = runner.Run("Get-DockerNetwork", Parameters(podman, ("Name", new[] { "podman" })));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "podman" }, Names(result));
    }

    [Fact]
    public void Get_Unused_KeepsNetworksNoContainerIsAttachedTo_LeavingOutThePredefinedOnes_AndNamesItLeavesOutAreNoError()
    {
        AnswerNetworks(engine, Network("used", "bridge", "web"), Network("idle"), Network("bridge"), Network("host", "host"), Network("none", "null"));

        var all = runner.Run("Get-DockerNetwork", Parameters(engine, ("Unused", true)));
        var named = runner.Run("Get-DockerNetwork", Parameters(engine, ("Name", new[] { "used", "idle", "bridge" }), ("Unused", true)));

        Assert.Empty(all.ErrorIds);
        Assert.Equal(new[] { "idle" }, Names(all));
        Assert.Empty(named.ErrorIds);
        Assert.Equal(new[] { "idle" }, Names(named));
    }

    [Fact]
    public void Get_NetworkRemovedBetweenTheListingAndItsInspection_IsLeftOut()
    {
        var web = Network("web-net");
        var gone = Network("gone");
        engine.Networks.On(nameof(INetworkOperations.ListNetworksAsync), (NetworksListParameters _, CancellationToken __) => EngineAnswers.ListOf(web, gone));
        engine.Networks.On(nameof(INetworkOperations.InspectNetworkAsync), (string reference, CancellationToken _) =>
            reference == web.ID ? Task.FromResult(web) : Task.FromException<NetworkResponse>(NoSuchNetwork(reference)));

        var result = runner.Run("Get-DockerNetwork", Parameters(engine));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "web-net" }, Names(result));
    }

    [Fact]
    public void Get_InspectRefusedForAnotherReason_IsTerminating_InTheEnginesWords()
    {
        engine.Networks.On(nameof(INetworkOperations.ListNetworksAsync), (NetworksListParameters _, CancellationToken __) => EngineAnswers.ListOf(Network("web-net")));
        engine.Networks.On(nameof(INetworkOperations.InspectNetworkAsync), (string _, CancellationToken __) =>
            Task.FromException<NetworkResponse>(EngineAnswers.Refusal(HttpStatusCode.InternalServerError, "driver failed")));

        var result = runner.Run("Get-DockerNetwork", Parameters(engine));

        Assert.Empty(result.Errors);
        Assert.Equal("DockerApi.InternalServerError", result.ErrorIds.Single());
        Assert.Equal("Error response from daemon: driver failed", Message(result.Terminating!));
    }

    [Fact]
    public void Get_FilterTheEngineRefuses_IsTerminating_InTheEnginesWords()
    {
        engine.Networks.On(nameof(INetworkOperations.ListNetworksAsync), (NetworksListParameters _, CancellationToken __) =>
            Task.FromException<IList<NetworkResponse>>(EngineAnswers.Refusal(HttpStatusCode.BadRequest, "invalid filter 'label'")));

        var result = runner.Run("Get-DockerNetwork", Parameters(engine, ("Label", new[] { "x" })));

        Assert.Empty(result.Errors);
        AssertError(result.Terminating!, "DockerApi.BadRequest", ErrorCategory.InvalidArgument, null);
    }

    [Fact]
    public void Get_EngineUnreachable_IsTerminatingEngineUnreachable()
    {
        var result = runner.Run("Get-DockerNetwork", new Hashtable { ["HostAddress"] = NowhereAddress() });

        Assert.Empty(result.Errors);
        Assert.Equal("EngineUnreachable", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.ConnectionError, result.Terminating!.CategoryInfo.Category);
    }

    [Theory]
    [MemberData(nameof(NotNetworkKinds))]
    public void Get_PipedObjectThatIsNoNetwork_IsRefusedInItsPlace_AndNoEngineIsAsked(string kind)
    {
        var value = ContainerTestKit.Piped(kind, engine);

        var result = runner.Run("Get-DockerNetwork", Parameters(engine), new[] { value });

        Assert.Null(result.Terminating);
        Assert.Empty(result.Output);
        var error = AssertError(Assert.Single(result.Errors), "WrongObjectType", ErrorCategory.InvalidType, PSObject.AsPSObject(value).ToString());
        Assert.Contains(kind == "DockerContext" ? "is an engine, not a network" : "is not a network", Message(error));
        Assert.Equal(0, engine.CallCount);
    }

    [Theory]
    [MemberData(nameof(NetworkKindsData))]
    public void Get_PipedNetworkOrAttachment_IsLookedUpAgainAtTheEngineItCameFrom(string kind)
    {
        AnswerNetworks(engine, Network("web", "bridge", "api"), Network("db"));

        var result = runner.Run("Get-DockerNetwork", new Hashtable { ["HostAddress"] = NowhereAddress() }, new[] { ContainerTestKit.Piped(kind, engine) });

        Assert.Empty(result.ErrorIds);
        var network = Assert.IsType<DockerNetwork>(Assert.Single(result.Output));
        Assert.Equal("web", network.Name);
        Assert.Equal("api", Assert.Single(network.Containers).Name);
        Assert.Equal(engine.Endpoint, network.Endpoint);
    }

    [Fact]
    public void Get_NetworkThatWentThroughSerialization_StillNamesItsEngine()
    {
        AnswerNetworks(engine, Network("web"));
        // As Export-Clixml and Import-Clixml pass it on, two levels deep.
        var revived = PSSerializer.Deserialize(PSSerializer.Serialize(Piped(engine, "web"), 2));

        var result = runner.Run("Get-DockerNetwork", new Hashtable { ["HostAddress"] = NowhereAddress() }, new[] { revived });

        Assert.Empty(result.ErrorIds);
        Assert.Equal("web", Assert.IsType<DockerNetwork>(Assert.Single(result.Output)).Name);
    }

    private static IEnumerable<string> Names(RunResult result) => result.Output.Cast<DockerNetwork>().Select(network => network.Name);
}

/// <summary>Get-DockerNetwork -Context a,b: contexts live in the docker CLI's configuration, which these tests point elsewhere.</summary>
[Collection(DockerCliEnvironmentCollection.Name)]
public sealed class GetDockerNetworkContextTests : IDisposable
{
    private readonly DockerCliEnvironmentScope store = new(DockerCliEnvironmentScope.Nowhere);
    private readonly CmdletRunner runner = new();
    private readonly FakeEngine first = new();
    private readonly FakeEngine second = new();

    public void Dispose()
    {
        second.Dispose();
        first.Dispose();
        runner.Dispose();
        store.Dispose();
    }

    [Fact]
    public void Get_SeveralEngines_ANameIsMissingOnlyWhenNoneHasIt_AndEachNetworkIsMarkedForTheEngineColumn()
    {
        store.WriteContext("one", first.Address);
        store.WriteContext("two", second.Address);
        AnswerNetworks(first, Network("web-net"));
        AnswerNetworks(second, Network("db-net"));

        var result = runner.Run("Get-DockerNetwork", new Hashtable { ["Context"] = new[] { "one", "two" }, ["Name"] = new[] { "web-net", "db-net", "nope" } });

        Assert.Null(result.Terminating);
        AssertError(Assert.Single(result.Errors), "NetworkNotFound", ErrorCategory.ObjectNotFound, "nope");
        var networks = result.Output.Cast<DockerNetwork>().ToList();
        Assert.Equal(new (string, string?)[] { ("web-net", "one"), ("db-net", "two") }, networks.Select(network => (network.Name, network.Endpoint.Context)));
        var typeNames = runner.RunScript("Get-DockerNetwork -Context one, two | ForEach-Object { $_.PSObject.TypeNames[0] }");
        Assert.Equal(new object[] { "DockerPS.DockerNetwork#Engines", "DockerPS.DockerNetwork#Engines" }, typeNames.Output);
    }
}
