using System;
using System.Collections.Generic;
using System.Linq;
using Docker.DotNet.Models;
using DockerPS.Cleanup;
using DockerPS.Mapping;
using DockerPS.Tests.Fakes;
using Xunit;
using static DockerPS.Tests.CleanupTestKit;

namespace DockerPS.Tests;

/// <summary>
/// docker system prune's rules as Clear-DockerSystem gathers by them: what a container being removed no longer keeps,
/// what a running or kept container does, predefined networks, -All against dangling images, -Volumes by API version,
/// the label and time filters on every kind, the build cache, and the order of removal.
/// </summary>
public sealed class CleanupPlannerTests : IDisposable
{
    private readonly FakeEngine engine = new();
    private readonly FakeEngine newer = new(apiVersion: new System.Version(1, 44));
    private readonly FakeEngine podman = new(podman: true);

    public void Dispose()
    {
        podman.Dispose();
        newer.Dispose();
        engine.Dispose();
    }

    [Fact]
    public void Default_TakesTheStoppedContainer_ItsNetworkAndTheUnusedOne_AndTheDanglingImage_NotWhatTheRunningOneUses()
    {
        var plan = Plan(engine, Rules(), Scene());

        Assert.Equal(
            new[] { "container job", "network n2", "network n3", "image " + ShortId("dangling") },
            Chosen(plan));
    }

    [Fact]
    public void All_TakesEveryImageNoRemainingContainerUses_TheStoppedContainersAmongThem()
    {
        var plan = Plan(engine, Rules(all: true), Scene());

        Assert.Equal(new[] { "b:1", ShortId("dangling"), "u:1, u:latest" }, Names(plan, CleanupKind.Image));
        Assert.Equal(new[] { "u:1", "u:latest" }, plan.Candidates.Single(candidate => candidate.Id == ImageId("u")).Tags);
    }

    [Fact]
    public void Volumes_BeforeApi142_AreEveryLocalVolumeNoRemainingContainerMounts()
    {
        var plan = Plan(engine, Rules(volumes: true), Scene());

        Assert.Equal(new[] { "v2", "v3", "anon" + new string('0', 60) }.OrderBy(name => name, StringComparer.Ordinal), Names(plan, CleanupKind.Volume).OrderBy(name => name, StringComparer.Ordinal));
    }

    [Fact]
    public void Volumes_FromApi142_AreTheAnonymousOnes_AsTheEnginesVolumePruneDecides()
    {
        var plan = Plan(newer, Rules(volumes: true), Scene());

        Assert.Equal(new[] { "anon" + new string('0', 60) }, Names(plan, CleanupKind.Volume));
    }

    [Fact]
    public void Volumes_OfAnotherDriver_OrWithDriverOptions_AreLeftAsTheEnginesPruneLeavesThem()
    {
        var nfs = Volume("nfs");
        nfs.Driver = "nfs";
        var tmpfs = Volume("tmpfs");
        tmpfs.Options = new Dictionary<string, string> { ["type"] = "tmpfs" };

        var plan = Plan(engine, Rules(volumes: true), Scene() with { Volumes = new[] { nfs, tmpfs, Volume("plain") } });

        Assert.Equal(new[] { "plain" }, Names(plan, CleanupKind.Volume));
    }

    [Fact]
    public void PredefinedNetworks_AreNeverTaken_NorPodmansOwn_NorConfigOnlyOnes()
    {
        var contents = Scene() with { Networks = new[] { Network("bridge"), Network("host"), Network("none"), Network("podman"), Network("template"), Network("n3") } };

        var plan = Plan(podman, Rules(labels: "!keep"), contents, skips: new[] { EngineAnswers.IdOf("net-template") });

        Assert.Equal(new[] { "n3" }, Names(plan, CleanupKind.Network));
    }

    [Fact]
    public void StoppedContainerTheLabelsLeaveOut_KeepsItsImageVolumeAndNetwork()
    {
        var mine = ("run", "1");
        var contents = Scene() with
        {
            Containers = new[] { Container("web", "running", "a", new[] { "n1" }, new[] { "v1" }, labels: mine), Container("job", "exited", "b", new[] { "n2" }, new[] { "v2" }) },
            Networks = SceneNetworks(mine),
            Volumes = SceneVolumes(mine),
            Images = SceneImages(mine),
        };

        var plan = Plan(engine, Rules(all: true, volumes: true, labels: "run=1"), contents);

        Assert.Equal(
            new[] { "network n3", "volume v3", "volume anon" + new string('0', 60), "image " + ShortId("dangling"), "image u:1, u:latest" },
            Chosen(plan));
    }

    [Fact]
    public void EveryKind_HonoursTheLabels_SoNothingUnlabelledIsTaken()
    {
        var mine = ("run", "1");
        var contents = new Contents
        {
            Containers = new[] { Container("mine", "exited", "a", labels: mine), Container("theirs", "exited", "a") },
            Networks = new[] { Network("mine", labels: mine), Network("theirs") },
            Volumes = new[] { Volume("mine", labels: mine), Volume("theirs") },
            Images = new[] { Image("mine", Array.Empty<string>(), labels: mine), Image("theirs", Array.Empty<string>()) },
            BuildCache = new[] { Record(engine, "record") },
        };

        var plan = Plan(engine, Rules(all: true, volumes: true, buildCache: true, labels: "run=1"), contents);

        Assert.Equal(new[] { "container mine", "network mine", "volume mine", "image " + ShortId("mine") }, Chosen(plan));
    }

    [Fact]
    public void NegatedLabels_LeaveOutWhatCarriesThem_AsPrunesLabelNot()
    {
        var keep = ("keep", "yes");
        var contents = new Contents
        {
            Containers = new[] { Container("kept", "exited", "a", labels: keep), Container("gone", "exited", "a") },
            Networks = new[] { Network("kept", labels: keep), Network("gone") },
            BuildCache = new[] { Record(engine, "record") },
        };

        var plan = Plan(engine, Rules(buildCache: true, labels: "keep!=yes"), contents);

        Assert.Equal(new[] { "container gone", "network gone", "build cache regular: RUN make" }, Chosen(plan));
    }

    [Fact]
    public void CreatedBefore_LeavesOutWhatIsNewer_AndWhatHasNoTime()
    {
        var moment = new DateTime(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc);
        var later = moment.AddSeconds(1);
        var timeless = Volume("timeless");
        timeless.CreatedAt = null;
        var contents = new Contents
        {
            Containers = new[] { Container("old", "exited", "a"), Container("new", "exited", "a", created: later), Container("exact", "created", "a", created: moment) },
            Networks = new[] { Network("old"), Network("new", later) },
            Volumes = new[] { Volume("old"), timeless },
            Images = new[] { Image("old", Array.Empty<string>()), Image("new", Array.Empty<string>(), created: later) },
        };

        var plan = Plan(engine, Rules(volumes: true, createdBefore: moment), contents);

        Assert.Equal(new[] { "container old", "container exact", "network old", "volume old", "image " + ShortId("old") }, Chosen(plan));
    }

    [Fact]
    public void RunningPausedAndRestartingContainers_Stay_AndKeepWhatTheyUse()
    {
        var contents = new Contents
        {
            Containers = new[] { Container("up", "running", "a"), Container("held", "paused", "b"), Container("again", "restarting", "c"), Container("dead", "dead", "d") },
            Images = new[] { Image("a", Array.Empty<string>()), Image("b", Array.Empty<string>()), Image("c", Array.Empty<string>()), Image("d", Array.Empty<string>()) },
        };

        var plan = Plan(engine, Rules(), contents);

        Assert.Equal(new[] { "container dead", "image " + ShortId("d") }, Chosen(plan));
    }

    [Fact]
    public void UntaggedParents_LeftChildless_FollowTheirChildren_AndOnesStillBuiltOnStay()
    {
        // base <- leaf (dangling); shared <- gone (dangling) and shared <- kept (tagged, used).
        var contents = new Contents
        {
            Containers = new[] { Container("user", "running", "kept") },
            Images = new[]
            {
                Image("base", Array.Empty<string>()),
                Image("leaf", Array.Empty<string>(), parent: "base"),
                Image("shared", Array.Empty<string>()),
                Image("gone", Array.Empty<string>(), parent: "shared"),
                Image("kept", new[] { "kept:1" }, parent: "shared"),
            },
        };

        var plan = Plan(engine, Rules(), contents);

        Assert.Equal(new[] { ShortId("leaf"), ShortId("gone"), ShortId("base") }, Names(plan, CleanupKind.Image));
    }

    [Fact]
    public void All_LeavesUntaggedImagesOthersAreBuiltOn_ButTakesTaggedOnes()
    {
        var contents = new Contents
        {
            Containers = new[] { Container("user", "running", "child") },
            Images = new[] { Image("tagged", new[] { "t:1" }), Image("child", new[] { "c:1" }, parent: "tagged"), Image("inner", Array.Empty<string>()), Image("top", new[] { "top:1" }, parent: "inner"), Image("user2", new[] { "x:1" }, parent: "top") },
        };

        var plan = Plan(engine, Rules(all: true), contents with { Containers = new[] { Container("user", "running", "child"), Container("other", "running", "user2") } });

        // t:1 loses its tag (its child stays); inner is built on by top, which stays for x:1: untagging frees nothing.
        Assert.Equal(new[] { "t:1", "top:1" }.OrderBy(name => name), Names(plan, CleanupKind.Image).OrderBy(name => name));
        Assert.All(plan.Candidates, candidate => Assert.Equal(0, candidate.Size));
    }

    [Fact]
    public void Images_ChildrenComeBeforeTheImagesTheyAreBuiltOn()
    {
        var contents = new Contents
        {
            Images = new[] { Image("root", new[] { "root:1" }), Image("mid", new[] { "mid:1" }, parent: "root"), Image("leaf", new[] { "leaf:1" }, parent: "mid") },
        };

        var plan = Plan(engine, Rules(all: true), contents);

        Assert.Equal(new[] { "leaf:1", "mid:1", "root:1" }, Names(plan, CleanupKind.Image));
    }

    [Fact]
    public void BuildCache_IsTheRecordsNoBuildHolds_SharedAndInternalOnesOnlyWithAll_ChildrenFirst()
    {
        var records = new[]
        {
            Record(engine, "parent"),
            Record(engine, "child", parents: "parent"),
            Record(engine, "held", inUse: true),
            Record(engine, "shared", shared: true),
            Record(engine, "internal", type: "internal"),
            Record(engine, "frontend", type: "frontend"),
        };

        var dangling = Plan(engine, Rules(buildCache: true), new Contents { BuildCache = records });
        var all = Plan(engine, Rules(all: true, buildCache: true), new Contents { BuildCache = records });
        var none = Plan(engine, Rules(all: true), new Contents { BuildCache = records });

        Assert.Equal(new[] { "child", "parent" }, Ids(dangling, CleanupKind.BuildCache));
        Assert.Equal(new[] { "child", "parent", "shared", "internal", "frontend" }, Ids(all, CleanupKind.BuildCache));
        Assert.Empty(Ids(none, CleanupKind.BuildCache));
    }

    [Fact]
    public void BuildCache_CreatedBefore_KeepsWhatABuildUsedSince_AsUntilDoes()
    {
        var moment = new DateTime(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc);
        var records = new[] { Record(engine, "never"), Record(engine, "long", lastUsed: moment.AddDays(-1)), Record(engine, "lately", lastUsed: moment.AddDays(1)) };

        var plan = Plan(engine, Rules(buildCache: true, createdBefore: moment), new Contents { BuildCache = records });

        Assert.Equal(new[] { "never", "long" }, Ids(plan, CleanupKind.BuildCache));
    }

    [Fact]
    public void Sizes_AreTheEnginesDiskUsage_AndTheOrderIsUsersFirst()
    {
        var usage = DiskUsageAnswer.Parse(System.Text.Json.JsonDocument.Parse(System.Text.Json.JsonSerializer.Serialize(new
        {
            LayersSize = 0,
            Images = new[] { new { Id = ImageId("dangling"), Size = 900, SharedSize = 100, Containers = 0 } },
            Containers = new[] { new { Id = EngineAnswers.IdOf("job"), SizeRw = 42 } },
            Volumes = new[] { new { Name = "v3", Driver = "local", UsageData = new { Size = 7, RefCount = 0 } } },
        })).RootElement, engine.Endpoint);

        var plan = Plan(engine, Rules(volumes: true), Scene() with { Usage = usage });

        Assert.Equal(new[] { CleanupKind.Container, CleanupKind.Network, CleanupKind.Network, CleanupKind.Volume, CleanupKind.Volume, CleanupKind.Volume, CleanupKind.Image }, plan.Candidates.Select(candidate => candidate.Kind));
        Assert.Equal(42, plan.Candidates.Single(candidate => candidate.Kind == CleanupKind.Container).Size);
        Assert.Equal(800, plan.Candidates.Single(candidate => candidate.Kind == CleanupKind.Image).Size);
        Assert.Equal(7, plan.Candidates.Single(candidate => candidate.Id == "v3").Size);
        Assert.Null(plan.Candidates.First(candidate => candidate.Kind == CleanupKind.Network).Size);
        Assert.Equal(849, plan.TotalSize);
        Assert.Equal("Reclaim 849B in all: 1 container, 2 networks, 3 volumes, 1 image", plan.Summary);
        Assert.Equal("job (" + EngineAnswers.IdOf("job").Substring(0, 12) + "), 42B", plan.Candidates[0].Target);
    }

    private static string ShortId(string image) => ImageId(image).Substring(7, 12);

    private static IEnumerable<string> Chosen(CleanupPlan plan) => plan.Candidates.Select(candidate => candidate.ToString());

    private static IEnumerable<string> Names(CleanupPlan plan, CleanupKind kind) => plan.Candidates.Where(candidate => candidate.Kind == kind).Select(candidate => candidate.Name);

    private static IEnumerable<string> Ids(CleanupPlan plan, CleanupKind kind) => plan.Candidates.Where(candidate => candidate.Kind == kind).Select(candidate => candidate.Id);

    private static Contents Scene() => new()
    {
        Containers = SceneContainers(),
        Networks = SceneNetworks(),
        Volumes = SceneVolumes(),
        Images = SceneImages(),
    };

    private static CleanupPlan Plan(FakeEngine on, CleanupRules rules, Contents contents, string[]? skips = null) =>
        CleanupPlanner.Plan(on.Engine, rules, new CleanupPlanner.EngineContents
        {
            Containers = contents.Containers.Select(container => ModelMapper.ToContainer(container, on.Endpoint)).ToList(),
            Networks = contents.Networks.Select(network => ModelMapper.ToNetwork(network, on.Endpoint)).ToList(),
            NetworksPruneSkips = new HashSet<string>(skips ?? Array.Empty<string>()),
            Volumes = contents.Volumes.Select(volume => ModelMapper.ToVolume(volume, on.Endpoint)).ToList(),
            Images = contents.Images.SelectMany(image => ModelMapper.ToImages(image, on.Endpoint, Array.Empty<string>())).ToList(),
            BuildCache = contents.BuildCache,
            Usage = contents.Usage,
        });

    /// <summary>What an engine has, as it answers.</summary>
    private sealed record Contents
    {
        public IReadOnlyList<ContainerListResponse> Containers { get; init; } = Array.Empty<ContainerListResponse>();

        public IReadOnlyList<NetworkResponse> Networks { get; init; } = Array.Empty<NetworkResponse>();

        public IReadOnlyList<VolumeResponse> Volumes { get; init; } = Array.Empty<VolumeResponse>();

        public IReadOnlyList<ImagesListResponse> Images { get; init; } = Array.Empty<ImagesListResponse>();

        public IReadOnlyList<DockerBuildCacheRecord> BuildCache { get; init; } = Array.Empty<DockerBuildCacheRecord>();

        public DiskUsageAnswer? Usage { get; init; }
    }
}
