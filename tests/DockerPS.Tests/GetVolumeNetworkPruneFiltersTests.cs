using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Tests.Fakes;
using Xunit;
using static DockerPS.Tests.CleanupTestKit;
using static DockerPS.Tests.ContainerTestKit;

namespace DockerPS.Tests;

/// <summary>
/// Get-DockerVolume and Get-DockerNetwork with prune's filters: -Label's negations (label!=) applied here, the positive
/// terms left to the engine, and -CreatedBefore compared here (the engine's volume prune refuses until=; volumes and
/// networks carry their creation time); names the filters leave out are no error; bad values are refused first.
/// </summary>
public sealed class GetVolumeNetworkPruneFiltersTests : IClassFixture<CmdletRunner>, IDisposable
{
    private static readonly DateTime Moment = new(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();
    private readonly List<IDictionary<string, IDictionary<string, bool>>?> networkFilters = new();

    public GetVolumeNetworkPruneFiltersTests(CmdletRunner runner) => this.runner = runner;

    public void Dispose() => engine.Dispose();

    [Fact]
    public void Volumes_NegatedLabel_IsAppliedHere_AndOnlyThePositiveTermsReachTheEngine()
    {
        VolumeTestKit.AnswerList(engine, Volume("web", labels: new[] { ("run", "1"), ("tier", "web") }), Volume("db", labels: new[] { ("run", "1"), ("tier", "db") }), Volume("bare", labels: ("run", "1")));

        var result = Get("Get-DockerVolume", ("Label", new[] { "run", "tier!=db" }));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "bare", "web" }, result.Output.Cast<DockerVolume>().Select(volume => volume.Name));
        Assert.Equal(new[] { new[] { "label=run" } }, VolumeTestKit.ListingFilters(engine));
    }

    [Fact]
    public void Volumes_OnPodman_EveryLabelTermIsMatchedHere()
    {
        using var podman = new FakeEngine(podman: true);
        VolumeTestKit.AnswerList(podman, Volume("web", labels: ("tier", "web")), Volume("bare"));

        var result = runner.Run("Get-DockerVolume", new Hashtable { ["HostAddress"] = podman.Address, ["Label"] = new[] { "!tier" } });

        Assert.Equal(new[] { "bare" }, result.Output.Cast<DockerVolume>().Select(volume => volume.Name));
        Assert.Equal(new[] { Array.Empty<string>() }, VolumeTestKit.ListingFilters(podman));
    }

    [Fact]
    public void Volumes_CreatedBefore_ComparesEachVolumesCreation_AndLeavesOutOneWithoutATime()
    {
        var newer = Volume("newer");
        newer.CreatedAt = Moment.AddSeconds(1).ToString("yyyy-MM-ddTHH:mm:ssZ");
        var exact = Volume("exact");
        exact.CreatedAt = "2026-06-01T00:00:00Z";
        var timeless = Volume("timeless");
        timeless.CreatedAt = null;
        VolumeTestKit.AnswerList(engine, Volume("old"), newer, exact, timeless);

        var result = Get("Get-DockerVolume", ("CreatedBefore", Moment));

        Assert.Equal(new[] { "exact", "old" }, result.Output.Cast<DockerVolume>().Select(volume => volume.Name));
        Assert.Equal(new[] { Array.Empty<string>() }, VolumeTestKit.ListingFilters(engine));
    }

    [Fact]
    public void Volumes_NameTheFiltersLeaveOut_IsNoError_ButAMissingOneIs()
    {
        VolumeTestKit.AnswerList(engine, Volume("kept", labels: ("keep", "yes")));

        var result = Get("Get-DockerVolume", ("Name", new[] { "kept", "nope" }), ("Label", new[] { "keep!=yes" }));

        AssertError(Assert.Single(result.Errors), "VolumeNotFound", ErrorCategory.ObjectNotFound, "nope");
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Networks_NegatedLabel_IsAppliedHere_AndOnlyThePositiveTermsReachTheEngine()
    {
        AnswerNetworks(Network("web", labels: new[] { ("run", "1"), ("tier", "web") }), Network("db", labels: new[] { ("run", "1"), ("tier", "db") }));

        var result = Get("Get-DockerNetwork", ("Label", new[] { "run=1", "!tier=db" }));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "web" }, result.Output.Cast<DockerNetwork>().Select(network => network.Name));
        var filters = Assert.Single(networkFilters)!;
        Assert.Equal(new[] { "label" }, filters.Keys);
        Assert.Equal(new[] { "run=1" }, filters["label"].Keys);
    }

    [Fact]
    public void Networks_CreatedBefore_IsAtOrBefore_AsPrunesUntil_AndANameItLeavesOutIsNoError()
    {
        AnswerNetworks(Network("old"), Network("exact", Moment), Network("new", Moment.AddSeconds(1)));

        var listed = Get("Get-DockerNetwork", ("CreatedBefore", Moment));
        var named = Get("Get-DockerNetwork", ("Name", new[] { "new" }), ("CreatedBefore", "2026-06-01T00:00:00Z"));

        Assert.Equal(new[] { "exact", "old" }, listed.Output.Cast<DockerNetwork>().Select(network => network.Name));
        Assert.Empty(named.ErrorIds);
        Assert.Empty(named.Output);
    }

    [Theory]
    [InlineData("Get-DockerVolume", "Label", "=x", "InvalidLabelFilter")]
    [InlineData("Get-DockerNetwork", "Label", "!=x", "InvalidLabelFilter")]
    [InlineData("Get-DockerVolume", "CreatedBefore", "last week", "InvalidTime")]
    [InlineData("Get-DockerNetwork", "CreatedBefore", "last week", "InvalidTime")]
    public void BadFilter_IsRefused_BeforeTheEngineIsAsked(string cmdlet, string parameter, string value, string errorId)
    {
        var result = Get(cmdlet, (parameter, parameter == "Label" ? new[] { value } : value));

        Assert.Equal(errorId, Assert.Single(result.ErrorIds));
        Assert.Equal(ErrorCategory.InvalidArgument, result.Terminating!.CategoryInfo.Category);
        Assert.Equal(0, engine.CallCount);
    }

    private RunResult Get(string cmdlet, params (string Name, object Value)[] parameters)
    {
        var table = new Hashtable { ["HostAddress"] = engine.Address };
        foreach (var (name, value) in parameters)
        {
            table[name] = value;
        }

        return runner.Run(cmdlet, table);
    }

    private void AnswerNetworks(params NetworkResponse[] networks)
    {
        NetworkTestKit.AnswerNetworks(engine, networks);
        engine.Networks.On(nameof(INetworkOperations.ListNetworksAsync), (NetworksListParameters parameters, CancellationToken _) =>
        {
            lock (networkFilters)
            {
                networkFilters.Add(parameters.Filters);
            }

            return EngineAnswers.ListOf(networks);
        });
    }
}
