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
using static DockerPS.Tests.VolumeTestKit;

namespace DockerPS.Tests;

/// <summary>
/// Get-DockerVolume against a fake engine: names that match nothing, patterns, names the filters leave out, the
/// filters asked for, -Size from the engine's disk usage, objects piped in, refusals and an engine out of reach.
/// </summary>
public sealed class GetDockerVolumeTests : IClassFixture<CmdletRunner>, IDisposable
{
    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new(apiVersion: new System.Version(1, 52));

    // One runspace for the class: the tests run one after another; none leaves state behind in it.
    public GetDockerVolumeTests(CmdletRunner runner) => this.runner = runner;

    public static TheoryData<string> NotVolumeKinds => new(NotVolumes.Where(kind => kind != "DockerContext"));

    public void Dispose() => engine.Dispose();

    [Fact]
    public void Get_WithoutNames_ListsEveryVolumeByName_AsDockerVolumeLsDoes_WithoutSizes()
    {
        AnswerList(engine, Volume("web"), Volume("cache", labels: new Dictionary<string, string> { ["tier"] = "db" }), Volume("0123abcd" + new string('0', 56)));

        var result = runner.Run("Get-DockerVolume", Parameters());

        Assert.Empty(result.ErrorIds);
        var volumes = result.Output.Cast<DockerVolume>().ToList();
        Assert.Equal(new[] { "0123abcd" + new string('0', 56), "cache", "web" }, volumes.Select(volume => volume.Name));
        var cache = volumes[1];
        Assert.Equal("local", cache.Driver);
        Assert.Equal("/var/lib/docker/volumes/cache/_data", cache.Mountpoint);
        Assert.Equal(new DateTime(2026, 11, 28, 10, 0, 0, DateTimeKind.Utc).AddTicks(1234567).ToLocalTime(), cache.Created);
        Assert.Equal("db", cache.Labels["tier"]);
        Assert.Equal("local", cache.Scope);
        Assert.Equal(engine.Endpoint, cache.Endpoint);
        Assert.Null(cache.Size);
        Assert.Null(cache.RefCount);
        Assert.Empty(engine.System.Calls);
        Assert.Equal(new[] { Array.Empty<string>() }, ListingFilters(engine));
    }

    [Fact]
    public void Get_NamesMatchingNothing_AreEachANonTerminatingVolumeNotFound_AndTheOthersAreFound()
    {
        AnswerList(engine, Volume("web"), Volume("db"));

        var result = runner.Run("Get-DockerVolume", Parameters().With("Name", new[] { "web", "nope1", "db", "nope2" }));

        Assert.Null(result.Terminating);
        Assert.Equal(2, result.Errors.Count);
        Assert.Equal("No such volume: nope1", Message(AssertError(result.Errors[0], "VolumeNotFound", ErrorCategory.ObjectNotFound, "nope1")));
        Assert.Equal("No such volume: nope2", Message(AssertError(result.Errors[1], "VolumeNotFound", ErrorCategory.ObjectNotFound, "nope2")));
        Assert.Equal(new[] { "web", "db" }, Names(result));
    }

    [Fact]
    public void Get_NameIsExactAndCaseSensitive_AsTheEnginesNamesAre_WhileAPatternIgnoresCase()
    {
        AnswerList(engine, Volume("Web"), Volume("web2"));

        var result = runner.Run("Get-DockerVolume", Parameters().With("Name", new[] { "web", "WEB*" }));

        AssertError(Assert.Single(result.Errors), "VolumeNotFound", ErrorCategory.ObjectNotFound, "web");
        Assert.Equal(new[] { "Web", "web2" }, Names(result));
    }

    [Fact]
    public void Get_PatternMatchingNothing_IsNoError()
    {
        AnswerList(engine, Volume("web"));

        var result = runner.Run("Get-DockerVolume", Parameters().With("Name", new[] { "zz*" }));

        Assert.Empty(result.ErrorIds);
        Assert.Empty(result.Output);
    }

    [Theory]
    [InlineData("Dangling", "dangling=true")]
    [InlineData("Label", "label=tier=db")]
    [InlineData("Driver", "driver=nfs")]
    public void Get_NameTheFilterLeavesOut_IsNoError_ButAMissingNameStillIs(string narrowing, string filter)
    {
        // "web" exists but the filtered listing has only "old".
        engine.Volumes.On(nameof(IVolumeOperations.ListAsync), (VolumesListParameters parameters, CancellationToken _) =>
            Task.FromResult(new VolumesListResponse
            {
                Volumes = parameters.Filters is null ? new List<VolumeResponse> { Volume("web"), Volume("old") } : new List<VolumeResponse> { Volume("old") },
            }));
        object value = narrowing switch
        {
            "Dangling" => true,
            "Label" => new[] { "tier=db" },
            _ => "nfs",
        };

        var result = runner.Run("Get-DockerVolume", Parameters().With("Name", new[] { "web", "old", "nope" }).With(narrowing, value));

        Assert.Null(result.Terminating);
        AssertError(Assert.Single(result.Errors), "VolumeNotFound", ErrorCategory.ObjectNotFound, "nope");
        Assert.Equal(new[] { "old" }, Names(result));
        Assert.Equal(new[] { filter }, ListingFilters(engine)[0]);
    }

    [Fact]
    public void Get_FiltersTogether_AreAllAskedOfTheEngine()
    {
        AnswerList(engine, Volume("old"));

        var result = runner.Run("Get-DockerVolume", Parameters().With("Dangling", true).With("Label", new[] { "tier=db", "backup" }).With("Driver", "local"));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { new[] { "dangling=true", "driver=local", "label=backup", "label=tier=db" } }, ListingFilters(engine));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Get_OnPodman_LabelsAndDriverAreMatchedHere_AllOfThem_AsDockerMatchesThem(bool dangling)
    {
        // Podman 4 joins a volume listing's filters with OR: asked for two labels, it lists volumes with either.
        using var podman = new FakeEngine(podman: true);
        AnswerList(
            podman,
            Volume("both", labels: new Dictionary<string, string> { ["tier"] = "db", ["backup"] = string.Empty }),
            Volume("tier-only", labels: new Dictionary<string, string> { ["tier"] = "db" }),
            Volume("other-value", labels: new Dictionary<string, string> { ["tier"] = "web", ["backup"] = "yes" }),
            Volume("nfs", driver: "nfs", labels: new Dictionary<string, string> { ["tier"] = "db", ["backup"] = "no" }));
        var parameters = new Hashtable { ["HostAddress"] = podman.Address, ["Label"] = new[] { "tier=db", "backup" }, ["Driver"] = "local" };
        if (dangling)
        {
            parameters["Dangling"] = true;
        }

        var result = runner.Run("Get-DockerVolume", parameters);

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "both" }, Names(result));
        Assert.Equal(new[] { dangling ? new[] { "dangling=true" } : Array.Empty<string>() }, ListingFilters(podman));
    }

    [Fact]
    public void Get_Size_AddsTheDiskUsageOfEachVolume_WithTheEnginesMinusOneAsNull()
    {
        AnswerList(engine, Volume("web"), Volume("nfs", driver: "nfs"), Volume("new"));
        SytemDataUsageInfoParameters? asked = null;
        engine.System.On(nameof(ISystemOperations.GetDataUsageInfoAsync), (SytemDataUsageInfoParameters parameters, CancellationToken _) =>
        {
            asked = parameters;
            return Task.FromResult(new SystemDataUsageInfoResponse
            {
                VolumeUsage = new VolumeDiskUsage
                {
                    Items = new List<Docker.DotNet.Models.Volume>
                    {
                        new() { Name = "web", Driver = "local", UsageData = new UsageData { Size = 200000, RefCount = 2 } },
                        new() { Name = "nfs", Driver = "nfs", UsageData = new UsageData { Size = -1, RefCount = 0 } },
                    },
                },
            });
        });

        var result = runner.Run("Get-DockerVolume", Parameters().With("Size", true));

        Assert.Empty(result.ErrorIds);
        var volumes = result.Output.Cast<DockerVolume>().ToDictionary(volume => volume.Name);
        Assert.Equal((200000L, 2L), (volumes["web"].Size, volumes["web"].RefCount));
        Assert.Equal(((long?)null, 0L), (volumes["nfs"].Size, volumes["nfs"].RefCount));

        // Created after the engine counted: nothing to say.
        Assert.Equal(((long?)null, (long?)null), (volumes["new"].Size, volumes["new"].RefCount));
        Assert.Equal(new[] { "volume" }, asked!.Type);
        Assert.True(asked.Verbose);
    }

    [Fact]
    public void Get_SizeOfNothingFound_DoesNotAskForTheDiskUsage()
    {
        AnswerList(engine, Volume("web"));

        var result = runner.Run("Get-DockerVolume", Parameters().With("Name", new[] { "zz*" }).With("Size", true));

        Assert.Empty(result.ErrorIds);
        Assert.Empty(engine.System.Calls);
    }

    [Fact]
    public void Get_ListingTheEngineRefuses_IsTerminating_InTheEnginesWords()
    {
        engine.Volumes.On(nameof(IVolumeOperations.ListAsync), (VolumesListParameters _, CancellationToken __) =>
            Task.FromException<VolumesListResponse>(EngineAnswers.Refusal(HttpStatusCode.BadRequest, "invalid filter 'driver'")));

        var result = runner.Run("Get-DockerVolume", Parameters().With("Driver", "x"));

        Assert.Empty(result.Errors);
        AssertError(result.Terminating!, "DockerApi.BadRequest", ErrorCategory.InvalidArgument, null);
        Assert.Equal("Error response from daemon: invalid filter 'driver'", Message(result.Terminating!));
    }

    [Fact]
    public void Get_EngineUnreachable_IsTerminatingEngineUnreachable()
    {
        var address = NowhereAddress();

        var result = runner.Run("Get-DockerVolume", new Hashtable { ["HostAddress"] = address, ["Name"] = new[] { "web" } });

        Assert.Empty(result.Errors);
        AssertError(result.Terminating!, "EngineUnreachable", ErrorCategory.ConnectionError, null);
        Assert.Equal($"Cannot connect to the Docker daemon at {address}. Is the docker daemon running?", Message(result.Terminating!));
    }

    [Theory]
    [InlineData("DockerVolume")]
    [InlineData("VolumeMount")]
    public void Get_PipedVolumeOrVolumeMount_IsLookedUpAgainAtTheEngineItCameFrom(string kind)
    {
        AnswerList(engine, Volume("web", labels: new Dictionary<string, string> { ["since"] = "then" }), Volume("db"));

        var result = runner.Run("Get-DockerVolume", new Hashtable { ["HostAddress"] = NowhereAddress() }, new[] { PipedObject(kind, engine) });

        Assert.Empty(result.ErrorIds);
        var volume = Assert.IsType<DockerVolume>(Assert.Single(result.Output));
        Assert.Equal("then", volume.Labels["since"]);
        Assert.Equal(engine.Endpoint, volume.Endpoint);
    }

    [Fact]
    public void Get_PipedPropertyBag_NamesTheVolumeByVolumeNameOrName()
    {
        AnswerList(engine, Volume("web"), Volume("db"));
        var fromJson = new PSObject();
        fromJson.Properties.Add(new PSNoteProperty("Name", "web"));
        var withVolumeName = new PSObject();
        withVolumeName.Properties.Add(new PSNoteProperty("Name", "a-container"));
        withVolumeName.Properties.Add(new PSNoteProperty("VolumeName", "db"));

        var result = runner.Run("Get-DockerVolume", Parameters(), new object[] { fromJson, withVolumeName });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "web", "db" }, Names(result));
    }

    [Theory]
    [MemberData(nameof(NotVolumeKinds))]
    public void Get_PipedObjectThatIsNoVolume_IsRefusedInItsPlace_AndNoEngineIsAsked(string kind)
    {
        AnswerList(engine, Volume("web"));

        var result = runner.Run("Get-DockerVolume", Parameters(), new[] { PipedObject(kind, engine) });

        AssertRefusedAsNotAVolume(result, kind, engine);
    }

    /// <summary>The refusal of a piped object that stands for no volume; nothing may have reached an engine.</summary>
    internal static void AssertRefusedAsNotAVolume(RunResult result, string kind, FakeEngine engine)
    {
        Assert.Null(result.Terminating);
        Assert.Empty(result.Output);
        var error = AssertError(Assert.Single(result.Errors), "WrongObjectType", ErrorCategory.InvalidType, RefusalTarget(kind));
        Assert.Contains(
            kind switch
            {
                "DockerContext" => "is an engine, not a volume",
                "DockerContainer" => "is not a volume: pipe its Mounts",
                "BindMount" => "is a bind mount, not a volume",
                "TmpfsMount" => "is a tmpfs mount, not a volume",
                _ => "is not a volume",
            },
            Message(error));
        Assert.Equal(0, engine.CallCount);
    }

    private static IEnumerable<string> Names(RunResult result) => result.Output.Cast<DockerVolume>().Select(volume => volume.Name);

    private Hashtable Parameters() => new() { ["HostAddress"] = engine.Address };
}
