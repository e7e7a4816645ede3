using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Net.Http;
using System.Text.Json;
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
/// Clear-DockerSystem against a fake engine holding the scene docker system prune is explained with: -WhatIf reads and
/// names every object with its size and the total; the real run removes exactly the plan, by id, never forced; what
/// became used, changed or was declined between gathering and removing is kept and said so; bad values are refused
/// before the engine is asked.
/// </summary>
public sealed class ClearDockerSystemTests : IDisposable
{
    private const string ContainerSize = "10B";

    private readonly RecordingHost host = new();
    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();
    private readonly Scene scene;

    public ClearDockerSystemTests()
    {
        runner = CmdletRunner.WithHost(host);
        scene = new Scene(engine);
    }

    public void Dispose()
    {
        engine.Dispose();
        runner.Dispose();
    }

    private static string Short(string name) => EngineAnswers.IdOf(name).Substring(0, 12);

    private static string ShortImage(string name) => ImageId(name).Substring(7, 12);

    [Fact]
    public void WhatIf_NamesEveryObjectWithItsSize_AndTheTotal_WritesNothing_AndOnlyReads()
    {
        var result = Run(("All", true), ("Volumes", true), ("BuildCache", true), ("WhatIf", true));

        Assert.Empty(result.ErrorIds);
        Assert.Empty(result.Output);
        var anonymous = "anon" + new string('0', 60);
        Assert.Equal(
            new[]
            {
                $"What if: Performing the operation \"Remove container\" on target \"job ({Short("job")}), {ContainerSize}\".",
                $"What if: Performing the operation \"Remove network\" on target \"n2 ({Short("net-n2")})\".",
                $"What if: Performing the operation \"Remove network\" on target \"n3 ({Short("net-n3")})\".",
                $"What if: Performing the operation \"Remove volume\" on target \"{anonymous}, 5B\".",
                "What if: Performing the operation \"Remove volume\" on target \"v2, 5B\".",
                "What if: Performing the operation \"Remove volume\" on target \"v3, 5B\".",
                $"What if: Performing the operation \"Remove image\" on target \"b:1 ({ShortImage("b")}), 600B\".",
                $"What if: Performing the operation \"Remove image\" on target \"{ShortImage("dangling")}, 600B\".",
                $"What if: Performing the operation \"Remove image\" on target \"u:1, u:latest ({ShortImage("u")}), 600B\".",
                "What if: Performing the operation \"Remove build cache record\" on target \"regular: RUN make (cachedrecord), 1.5kB\".",
                $"What if: Performing the operation \"Reclaim 3.325kB in all: 1 container, 2 networks, 3 volumes, 3 images, 1 build cache record\" on target \"{engine.Address}\".",
            },
            host.Lines.Where(line => line.StartsWith("What if:", StringComparison.Ordinal)).Select(line => line.Trim()));
        Assert.Empty(scene.Removals);
        Assert.All(engine.RawCalls, call => Assert.StartsWith("GET ", call));
        Assert.Equal(0, engine.Containers.CountOf(nameof(IContainerOperations.RemoveContainerAsync)));
        Assert.Equal(0, engine.Networks.CountOf(nameof(INetworkOperations.DeleteNetworkAsync)));
        Assert.Equal(0, engine.Volumes.CountOf(nameof(IVolumeOperations.RemoveAsync)));
        Assert.Equal(0, engine.Images.CountOf(nameof(IImageOperations.DeleteImageAsync)));
    }

    [Fact]
    public void Force_RemovesExactlyThePlan_ById_InDependencyOrder_WithoutForcingAnything()
    {
        var result = Run(("All", true), ("Volumes", true), ("BuildCache", true), ("Force", true));

        Assert.Empty(result.ErrorIds);
        Assert.Empty(host.Prompts);
        var anonymous = "anon" + new string('0', 60);
        Assert.Equal(
            new[]
            {
                "container " + EngineAnswers.IdOf("job"),
                "network " + EngineAnswers.IdOf("net-n2"),
                "network " + EngineAnswers.IdOf("net-n3"),
                "volume " + anonymous, "volume v2", "volume v3",
                "image b:1", "image " + ImageId("dangling"), "image u:1", "image u:latest",
                "build cachedrecord",
            },
            scene.Removals);

        // Nothing forced: docker rm without -f or -v, docker volume rm without -f, docker rmi without -f and keeping parents.
        var removal = (ContainerRemoveParameters)engine.Containers.Calls.Single(call => call.Method == nameof(IContainerOperations.RemoveContainerAsync)).Arguments[1]!;
        Assert.NotEqual(true, removal.Force);
        Assert.NotEqual(true, removal.RemoveVolumes);
        Assert.All(engine.Volumes.Calls.Where(call => call.Method == nameof(IVolumeOperations.RemoveAsync)), call => Assert.NotEqual(true, (bool?)call.Arguments[1]));
        Assert.All(engine.Images.Calls.Where(call => call.Method == nameof(IImageOperations.DeleteImageAsync)), call =>
        {
            var parameters = (ImageDeleteParameters)call.Arguments[1]!;
            Assert.NotEqual(true, parameters.Force);
            Assert.True(parameters.NoPrune);
        });
        var prune = Assert.Single(engine.RawCalls, call => call.StartsWith("POST ", StringComparison.Ordinal));
        Assert.Equal("POST build/prune?all=1&filters=" + Uri.EscapeDataString("{\"id\":{\"cachedrecord\":true}}"), prune);

        var report = Assert.IsType<DockerCleanupResult>(Assert.Single(result.Output));
        Assert.Equal(engine.Endpoint, report.Endpoint);
        Assert.Equal(new[] { EngineAnswers.IdOf("job") }, report.ContainersDeleted);
        Assert.Equal(new[] { "n2", "n3" }, report.NetworksDeleted);
        Assert.Equal(new[] { anonymous, "v2", "v3" }, report.VolumesDeleted);
        Assert.Equal(new[] { ImageId("b"), ImageId("dangling"), ImageId("u") }, report.ImagesDeleted.Where(line => line.Deleted is not null).Select(line => line.Deleted));
        Assert.Equal(new[] { "b:1", "u:1", "u:latest" }, report.ImagesDeleted.Where(line => line.Untagged is not null).Select(line => line.Untagged));
        Assert.Equal(new[] { "cachedrecord" }, report.BuildCacheDeleted);
        Assert.Empty(report.Kept);
        Assert.Equal(10, report.RemovedCount);

        // The gathered sizes, but the build cache's from the engine's answer: 10 + 3 * 5 + 3 * 600 + 1234.
        Assert.Equal(3059, report.SpaceReclaimed);
    }

    [Fact]
    public void Default_RemovesTheStoppedContainer_TheUnusedNetworks_AndDanglingImages_NoVolumes()
    {
        var result = Run(("Force", true));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(
            new[] { "container " + EngineAnswers.IdOf("job"), "network " + EngineAnswers.IdOf("net-n2"), "network " + EngineAnswers.IdOf("net-n3"), "image " + ImageId("dangling") },
            scene.Removals);
    }

    [Fact]
    public void ObjectsThatBecameUsedSinceGathering_AreKept_AsResourceBusyErrors()
    {
        // A container made after the gathering, from u:1, on n3 and mounting v3.
        scene.ContainersAfterGathering = SceneContainers().Append(Container("late", "running", "u", new[] { "n3" }, new[] { "v3" })).ToList();

        var result = Run(("All", true), ("Volumes", true), ("Force", true));

        Assert.Null(result.Terminating);
        Assert.Equal(3, result.Errors.Count);
        Assert.Contains("in use by container late", Message(AssertError(result.Errors[0], "NetworkInUse", ErrorCategory.ResourceBusy, "n3")));
        AssertError(result.Errors[1], "VolumeInUse", ErrorCategory.ResourceBusy, "v3");
        Assert.Contains("image u:1, u:latest", Message(AssertError(result.Errors[2], "ImageInUse", ErrorCategory.ResourceBusy, ImageId("u"))));
        Assert.DoesNotContain("network " + EngineAnswers.IdOf("net-n3"), scene.Removals);
        Assert.DoesNotContain("volume v3", scene.Removals);
        Assert.DoesNotContain(scene.Removals, removal => removal.StartsWith("image u:", StringComparison.Ordinal));
        var report = Assert.IsType<DockerCleanupResult>(Assert.Single(result.Output));
        Assert.Equal(new[] { "network n3", "volume v3", "image u:1, u:latest" }, report.Kept.Select(kept => $"{kept.Kind} {kept.Name}"));
        Assert.Equal(new[] { "n2" }, report.NetworksDeleted);
        Assert.Equal(new[] { ImageId("b"), ImageId("dangling") }, report.ImagesDeleted.Where(line => line.Deleted is not null).Select(line => line.Deleted));
    }

    [Fact]
    public void ContainerStartedSinceGathering_IsKept_AndWhatItUsesStaysQuietly()
    {
        scene.RefuseContainer("job", EngineAnswers.Refusal(HttpStatusCode.Conflict, "You cannot remove a running container " + EngineAnswers.IdOf("job") + ". Stop the container before attempting removal or force remove"));

        var result = Run(("All", true), ("Volumes", true), ("Force", true));

        var error = AssertError(Assert.Single(result.Errors), "ContainerInUse", ErrorCategory.ResourceBusy, "job");
        Assert.StartsWith("Error response from daemon: You cannot remove a running container", Message(error));
        Assert.DoesNotContain(scene.Removals, removal => removal.Contains("n2") || removal == "volume v2" || removal == "image b:1");
        var report = Assert.IsType<DockerCleanupResult>(Assert.Single(result.Output));
        Assert.Equal(new[] { "container job", "network n2", "volume v2", "image b:1" }, report.Kept.Select(kept => $"{kept.Kind} {kept.Name}"));
        Assert.All(report.Kept.Skip(1), kept => Assert.Equal($"container job ({Short("job")}), which was kept, uses it", kept.Reason));
        Assert.Empty(report.ContainersDeleted);
    }

    [Fact]
    public void ImageWhoseTagsChangedSinceGathering_IsKept_WithAWarning_AndNoTagIsTakenOff()
    {
        scene.TagsNow[ImageId("u")] = new[] { "u:1" };

        var result = Run(("All", true), ("Force", true));

        Assert.Empty(result.ErrorIds);
        Assert.Contains(result.Warnings, warning => warning.Contains("u:1, u:latest") && warning.Contains("tags changed"));
        Assert.DoesNotContain(scene.Removals, removal => removal.StartsWith("image u:", StringComparison.Ordinal));
        Assert.Contains(scene.Removals, removal => removal == "image b:1");
        var kept = Assert.Single(Assert.IsType<DockerCleanupResult>(Assert.Single(result.Output)).Kept);
        Assert.Equal(("image", ImageId("u")), (kept.Kind, kept.Id));
    }

    [Fact]
    public void BuildCacheRecordTheEngineDidNotPrune_IsKept_WithAWarning()
    {
        scene.BuildPruneDeletes = false;

        var result = Run(("BuildCache", true), ("Force", true));

        Assert.Empty(result.ErrorIds);
        Assert.Contains(result.Warnings, warning => warning.Contains("cachedrecord") || warning.Contains("RUN make"));
        var report = Assert.IsType<DockerCleanupResult>(Assert.Single(result.Output));
        Assert.Empty(report.BuildCacheDeleted);
        Assert.Equal("build cache", Assert.Single(report.Kept).Kind);
        Assert.Contains("all=0", Assert.Single(engine.RawCalls, call => call.StartsWith("POST ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Confirm_AsksPerObject_AndWhatIsDeclinedStays_WithWhatItUses()
    {
        host.Answer("No", "Yes to All");

        var result = Run(("Volumes", true));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(2, host.Prompts.Count);
        Assert.Contains("job", host.Prompts[0]);
        var report = Assert.IsType<DockerCleanupResult>(Assert.Single(result.Output));
        Assert.Equal(new[] { "container job: not confirmed", $"network n2: container job ({Short("job")}), which was kept, uses it", $"volume v2: container job ({Short("job")}), which was kept, uses it" }, report.Kept.Select(kept => kept.ToString()));
        Assert.Equal(new[] { "n3" }, report.NetworksDeleted);
    }

    [Fact]
    public void NothingToRemove_StillReports_AsDockerSystemPruneDoes()
    {
        scene.Containers.Clear();
        scene.Networks.RemoveAll(network => network.Name is not ("bridge" or "host" or "none"));
        scene.Images.RemoveAll(image => image.RepoTags.Count == 0);

        var result = Run(("Force", true));

        var report = Assert.IsType<DockerCleanupResult>(Assert.Single(result.Output));
        Assert.Equal(0, report.RemovedCount);
        Assert.Equal("Total reclaimed space: 0B", report.ToString());
        Assert.Empty(scene.Removals);
    }

    [Fact]
    public void Report_ReadsLikeDockerSystemPrunes()
    {
        var report = Assert.IsType<DockerCleanupResult>(Assert.Single(Run(("Force", true)).Output));

        Assert.Equal(
            string.Join(Environment.NewLine, "Deleted Containers:", EngineAnswers.IdOf("job"), string.Empty, "Deleted Networks:", "n2", "n3", string.Empty, "Deleted Images:", "deleted: " + ImageId("dangling"), string.Empty, "Total reclaimed space: 610B"),
            report.ToString());
    }

    [Theory]
    [InlineData("Label", "=x", "InvalidLabelFilter")]
    [InlineData("Label", "!", "InvalidLabelFilter")]
    [InlineData("CreatedBefore", "some day", "InvalidTime")]
    public void BadFilter_IsRefused_BeforeTheEngineIsAsked(string parameter, string value, string errorId)
    {
        var result = Run((parameter, parameter == "Label" ? new[] { value } : value), ("Force", true));

        Assert.Equal(errorId, Assert.Single(result.ErrorIds));
        Assert.Equal(ErrorCategory.InvalidArgument, result.Terminating!.CategoryInfo.Category);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void LabelFilter_ReachesEveryKind_SoOtherObjectsAreNotEvenConsidered()
    {
        var result = Run(("All", true), ("Volumes", true), ("BuildCache", true), ("Label", new[] { "run=mine" }), ("WhatIf", true));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(
            new[] { $"What if: Performing the operation \"Reclaim 0B in all: nothing to remove\" on target \"{engine.Address}\"." },
            host.Lines.Where(line => line.StartsWith("What if:", StringComparison.Ordinal)).Select(line => line.Trim()));
    }

    private RunResult Run(params (string Name, object Value)[] parameters)
    {
        scene.Wire();
        var table = new Hashtable { ["HostAddress"] = engine.Address };
        foreach (var (name, value) in parameters)
        {
            table[name] = value;
        }

        return runner.Run("Clear-DockerSystem", table);
    }

    /// <summary>The fake engine's objects, its answers to listing, inspecting and removing them, and what it removed.</summary>
    internal sealed class Scene
    {
        private readonly FakeEngine engine;
        private readonly Dictionary<string, DockerApiException> containerRefusals = new(StringComparer.Ordinal);
        private int containerListings;

        public Scene(FakeEngine engine)
        {
            this.engine = engine;
        }

        public List<ContainerListResponse> Containers { get; } = SceneContainers();

        /// <summary>The containers listed once gathering is done (the removal's own readings); the same ones unless set.</summary>
        public List<ContainerListResponse>? ContainersAfterGathering { get; set; }

        public List<NetworkResponse> Networks { get; } = SceneNetworks();

        public List<VolumeResponse> Volumes { get; } = SceneVolumes();

        public List<ImagesListResponse> Images { get; } = SceneImages();

        /// <summary>An image's tags as inspect answers them now, where they differ from the listing's.</summary>
        public Dictionary<string, string[]> TagsNow { get; } = new(StringComparer.Ordinal);

        /// <summary>Whether the build cache prune deletes the record it is asked for.</summary>
        public bool BuildPruneDeletes { get; set; } = true;

        /// <summary>What the engine removed, as "kind id-or-name", in order.</summary>
        public List<string> Removals { get; } = new();

        public void RefuseContainer(string name, DockerApiException refusal) => containerRefusals[EngineAnswers.IdOf(name)] = refusal;

        public void Wire()
        {
            engine.Containers.On(nameof(IContainerOperations.ListContainersAsync), (ContainersListParameters _, CancellationToken __) =>
                EngineAnswers.ListOf((Interlocked.Increment(ref containerListings) > 1 ? ContainersAfterGathering ?? Containers : Containers).ToArray()));
            engine.Containers.On(nameof(IContainerOperations.RemoveContainerAsync), (string id, ContainerRemoveParameters _, CancellationToken __) =>
            {
                if (containerRefusals.TryGetValue(id, out var refusal))
                {
                    return Task.FromException(refusal);
                }

                Removals.Add("container " + id);
                Containers.RemoveAll(container => container.ID == id);
                ContainersAfterGathering?.RemoveAll(container => container.ID == id);
                return Task.CompletedTask;
            });
            NetworkTestKit.AnswerNetworks(engine, Networks.ToArray());
            engine.Networks.On(nameof(INetworkOperations.DeleteNetworkAsync), (string id, CancellationToken _) =>
            {
                Removals.Add("network " + id);
                return Task.CompletedTask;
            });
            VolumeTestKit.AnswerList(engine, Volumes.ToArray());
            engine.Volumes.On(nameof(IVolumeOperations.RemoveAsync), (string name, bool? _, CancellationToken __) =>
            {
                Removals.Add("volume " + name);
                return Task.CompletedTask;
            });
            engine.Images.On(nameof(IImageOperations.ListImagesAsync), (ImagesListParameters _, CancellationToken __) => EngineAnswers.ListOf(Images.ToArray()));
            engine.Images.On(nameof(IImageOperations.InspectImageAsync), (string id, CancellationToken _) =>
                Task.FromResult(new ImageInspectResponse { ID = id, RepoTags = TagsNow.TryGetValue(id, out var tags) ? tags.ToList() : Images.Single(image => image.ID == id).RepoTags }));
            var tagsLeft = Images.ToDictionary(image => image.ID, image => image.RepoTags.ToList());
            engine.Images.On(nameof(IImageOperations.DeleteImageAsync), (string reference, ImageDeleteParameters _, CancellationToken __) =>
            {
                Removals.Add("image " + reference);
                var id = tagsLeft.Keys.FirstOrDefault(key => key == reference) ?? tagsLeft.Single(pair => pair.Value.Contains(reference)).Key;
                var lines = new List<IDictionary<string, string>>();
                if (tagsLeft[id].Remove(reference))
                {
                    lines.Add(new Dictionary<string, string> { ["Untagged"] = reference });
                }

                if (tagsLeft[id].Count == 0)
                {
                    lines.Add(new Dictionary<string, string> { ["Deleted"] = id });
                }

                return Task.FromResult<IList<IDictionary<string, string>>>(lines);
            });
            engine.OnRaw((method, path) => method == HttpMethod.Get ? (HttpStatusCode.OK, DiskUsage()) : BuildPrune(path));
        }

        /// <summary>/system/df in the older shape: every container wrote 10 bytes, every image holds 600 of its own, every volume 5.</summary>
        private string DiskUsage() => JsonSerializer.Serialize(new
        {
            LayersSize = 10000,
            Images = Images.Select(image => new { Id = image.ID, Size = 1000, SharedSize = 400, Containers = 0 }),
            Containers = Containers.Select(container => new { Id = container.ID, SizeRw = 10 }),
            Volumes = Volumes.Select(volume => new { Name = volume.Name, Driver = "local", UsageData = new { Size = 5, RefCount = 0 } }),
            BuildCache = new[] { new { ID = "cachedrecord", Type = "regular", Description = "RUN make", InUse = false, Shared = false, Size = 1500, CreatedAt = "2026-01-01T00:00:00Z" } },
        });

        private (HttpStatusCode, string) BuildPrune(string path)
        {
            Removals.Add("build cachedrecord");
            return (HttpStatusCode.OK, JsonSerializer.Serialize(new { CachesDeleted = BuildPruneDeletes ? new[] { "cachedrecord" } : Array.Empty<string>(), SpaceReclaimed = BuildPruneDeletes ? 1234 : 0 }));
        }
    }
}

/// <summary>Clear-DockerSystem -Context a,b: contexts live in the docker CLI's configuration, which these tests point elsewhere.</summary>
[Collection(DockerCliEnvironmentCollection.Name)]
public sealed class ClearDockerSystemContextTests : IDisposable
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
    public void SeveralEngines_EachIsCleanedOfItsOwn_AndReportedApart()
    {
        store.WriteContext("one", first.Address);
        store.WriteContext("two", second.Address);
        var one = new ClearDockerSystemTests.Scene(first);
        var two = new ClearDockerSystemTests.Scene(second);
        two.Containers.RemoveAll(container => container.State != "running");
        one.Wire();
        two.Wire();

        var result = runner.Run("Clear-DockerSystem", new Hashtable { ["Context"] = new[] { "one", "two" }, ["Force"] = true });

        Assert.Empty(result.ErrorIds);
        var reports = result.Output.Cast<DockerCleanupResult>().ToList();
        Assert.Equal(new[] { "one", "two" }, reports.Select(report => report.Endpoint.Context));
        Assert.Equal((1, 0), (reports[0].ContainersDeleted.Count, reports[1].ContainersDeleted.Count));
        Assert.Contains("container " + EngineAnswers.IdOf("job"), one.Removals);
        Assert.DoesNotContain(two.Removals, removal => removal.StartsWith("container", StringComparison.Ordinal));
        var typeNames = runner.RunScript("Clear-DockerSystem -Context one, two -Force | ForEach-Object { $_.PSObject.TypeNames[0] }");
        Assert.All(typeNames.Output, name => Assert.Equal("DockerPS.DockerCleanupResult#Engines", name));
    }

    [Fact]
    public void SeveralEngines_OneOutOfReach_IsItsError_AndTheOtherIsCleaned()
    {
        store.WriteContext("one", first.Address);
        store.WriteContext("gone", NowhereAddress());
        var one = new ClearDockerSystemTests.Scene(first);
        one.Wire();

        var result = runner.Run("Clear-DockerSystem", new Hashtable { ["Context"] = new[] { "one", "gone" }, ["Force"] = true });

        Assert.Null(result.Terminating);
        Assert.Equal("EngineUnreachable", Assert.Single(result.ErrorIds));
        Assert.Equal("one", Assert.IsType<DockerCleanupResult>(Assert.Single(result.Output)).Endpoint.Context);
        Assert.Contains("container " + EngineAnswers.IdOf("job"), one.Removals);
    }
}
