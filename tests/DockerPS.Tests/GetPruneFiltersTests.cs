using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Lookup;
using DockerPS.Mapping;
using DockerPS.Tests.Fakes;
using Xunit;
using static DockerPS.Tests.ImageCmdletFixtures;

namespace DockerPS.Tests;

/// <summary>
/// The prune filters of the Get- cmdlets against fake engines: -Label with negations applied here (the engine's lists
/// take only positive label filters), -CreatedBefore, and Get-DockerImage -Unused as docker image prune -a decides;
/// values they cannot read are refused before any engine is asked.
/// </summary>
public sealed class GetPruneFiltersTests : IDisposable
{
    private static readonly DateTime Old = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Recent = DateTime.UtcNow.AddMinutes(-5);

    private readonly CmdletRunner runner = new();
    private readonly FakeEngine engine = new();

    // The -Last each container listing asked the engine for.
    private readonly List<int?> sentLimits = new();

    public void Dispose()
    {
        engine.Dispose();
        runner.Dispose();
    }

    // ---- Get-DockerContainer ----

    [Fact]
    public void Containers_NegatedLabel_IsAppliedHere_AndOnlyThePositiveTermsReachTheEngine()
    {
        var sent = AnswerContainers(
            Container("web", "exited", Old, ("tier", "web"), ("run", "1")),
            Container("db", "exited", Old, ("tier", "db"), ("run", "1")),
            Container("bare", "exited", Old, ("run", "1")));

        var result = runner.Run("Get-DockerContainer", Parameters(("Status", new[] { "Exited" }), ("Label", new[] { "run", "tier!=db" })));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "web", "bare" }, Names(result));
        var filters = Assert.Single(sent)!;
        Assert.Equal(new[] { "run" }, filters["label"].Keys);
        Assert.False(filters.ContainsKey("label!"));
    }

    [Fact]
    public void Containers_LabelMissing_WithBangKey()
    {
        AnswerContainers(Container("web", "running", Old, ("tier", "web")), Container("bare", "running", Old));

        var result = runner.Run("Get-DockerContainer", Parameters(("Label", new[] { "!tier" })));

        Assert.Equal(new[] { "bare" }, Names(result));
    }

    [Fact]
    public void Containers_CreatedBefore_ADurationAgo_OrADateTime()
    {
        AnswerContainers(Container("old", "exited", Old), Container("new", "exited", Recent));

        Assert.Equal(new[] { "old" }, Names(runner.Run("Get-DockerContainer", Parameters(("All", true), ("CreatedBefore", "1h")))));
        Assert.Equal(new[] { "old" }, Names(runner.Run("Get-DockerContainer", Parameters(("All", true), ("CreatedBefore", Old.AddDays(1))))));
        Assert.Empty(Names(runner.Run("Get-DockerContainer", Parameters(("All", true), ("CreatedBefore", Old.AddSeconds(-1))))));
        Assert.Equal(new[] { "new", "old" }, Names(runner.Run("Get-DockerContainer", Parameters(("All", true), ("CreatedBefore", TimeSpan.FromMinutes(1))))));
    }

    [Fact]
    public void Containers_CreatedBefore_IsAtOrBefore_AsPrunesUntil()
    {
        AnswerContainers(Container("exact", "exited", Old));

        Assert.Equal(new[] { "exact" }, Names(runner.Run("Get-DockerContainer", Parameters(("All", true), ("CreatedBefore", Old)))));
    }

    [Fact]
    public void Containers_Last_CountsAfterTheFiltersAppliedHere()
    {
        // The engine lists the newest first; -Last 1 of those created before an hour ago is "older", not "new".
        AnswerContainers(Container("new", "exited", Recent), Container("older", "exited", Old.AddDays(1)), Container("oldest", "exited", Old));

        var result = runner.Run("Get-DockerContainer", Parameters(("Last", 1), ("CreatedBefore", "1h")));

        Assert.Equal(new[] { "older" }, Names(result));
        Assert.Null(Assert.Single(sentLimits));
    }

    [Fact]
    public void Containers_NameTheNegatedLabelLeavesOut_IsNoError()
    {
        AnswerContainers(Container("db", "running", Old, ("tier", "db")));

        var result = runner.Run("Get-DockerContainer", Parameters(("Name", new[] { "db", "nope" }), ("Label", new[] { "tier!=db" })));

        Assert.Equal("ContainerNotFound", Assert.Single(result.ErrorIds));
        Assert.Equal("nope", result.Errors.Single().TargetObject);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Containers_StatusOnPodman_IsAppliedHere_ForPodmanRefusesStatusDead()
    {
        using var podman = new FakeEngine(podman: true);
        var sent = new List<IDictionary<string, IDictionary<string, bool>>?>();
        podman.Containers.On(nameof(IContainerOperations.ListContainersAsync), (ContainersListParameters parameters, CancellationToken _) =>
        {
            lock (sent)
            {
                sent.Add(parameters.Filters);
            }

            return parameters.Filters?.ContainsKey("status") == true
                ? Task.FromException<IList<ContainerListResponse>>(EngineAnswers.Refusal(System.Net.HttpStatusCode.InternalServerError, "unknown container state: dead: invalid argument"))
                : EngineAnswers.ListOf(Container("up", "running", Old), Container("done", "exited", Old), Container("new", "created", Old));
        });

        var result = runner.Run("Get-DockerContainer", new Hashtable { ["HostAddress"] = podman.Address, ["Status"] = new[] { "Exited", "Created", "Dead" }, ["Last"] = 1 });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "done" }, Names(result));

        // One listing without filters; the others ask Podman's health filter for the running containers' health.
        Assert.Null(Assert.Single(sent, filters => filters?.ContainsKey("health") != true));
    }

    [Theory]
    [InlineData("Get-DockerContainer", "Label", "!=db", "InvalidLabelFilter", "invalid label filter '!=db'")]
    [InlineData("Get-DockerContainer", "CreatedBefore", "soon", "InvalidTime", "invalid time 'soon'")]
    [InlineData("Get-DockerImage", "Label", "=x", "InvalidLabelFilter", "invalid label filter '=x'")]
    [InlineData("Get-DockerImage", "CreatedBefore", "yesterday-ish", "InvalidTime", "invalid time 'yesterday-ish'")]
    public void ValueTheCmdletCannotRead_IsATerminatingInvalidArgument_BeforeAnyEngine(string cmdlet, string parameter, string value, string id, string words)
    {
        var result = runner.Run(cmdlet, Parameters((parameter, parameter == "Label" ? new[] { "ok", value } : value)));

        var error = Assert.IsType<ErrorRecord>(result.Terminating);
        Assert.Equal(id, Assert.Single(result.ErrorIds));
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal(value, error.TargetObject);
        Assert.StartsWith(words, error.Exception.Message);
        Assert.Equal(0, engine.CallCount);
    }

    // ---- Get-DockerImage ----

    [Fact]
    public void Images_Unused_LeavesOutImagesOfAnyContainer_RunningOrNot()
    {
        var app = ImageId("app");
        var db = ImageId("db");
        var tool = ImageId("tool");
        AnswerImages(
            new[] { Row(app, "app:1", "app:latest"), Row(db, "db:1"), Row(tool, "tool:1") },
            new[] { ContainerOf("web", "running", app), ContainerOf("migrate", "exited", db) });

        var result = runner.Run("Get-DockerImage", Parameters(("Unused", true)));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "tool:1" }, result.Output.Cast<DockerImage>().Select(image => image.Name));
    }

    [Fact]
    public void Images_UnusedWithAll_KeepsTheUntaggedParentsOfOtherImages_ButNotTaggedOnes()
    {
        var baseImage = ImageId("base");
        var layer = ImageId("layer");
        var app = ImageId("app");
        var loose = ImageId("loose");
        AnswerImages(
            new[] { Row(baseImage, "base:1"), WithParent(Row(layer), baseImage), WithParent(Row(app, "app:1"), layer), Row(loose) },
            new[] { ContainerOf("web", "running", app) });

        var result = runner.Run("Get-DockerImage", Parameters(("Unused", true), ("All", true)));

        // prune -a leaves the intermediate layer (app is built on it), takes base's tag and the dangling loose image.
        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { baseImage, loose }, result.Output.Cast<DockerImage>().Select(image => image.Id));
    }

    [Fact]
    public void Images_UnusedWithLabel_ChildrenOutsideTheLabelStillKeepTheirUntaggedParent()
    {
        var layer = ImageId("layer");
        var child = ImageId("child");
        AnswerImages(
            new[] { Labelled(Row(layer), ("run", "1")), WithParent(Row(child, "child:1"), layer) },
            Array.Empty<ContainerListResponse>(),
            engineAppliesLabels: true);

        var result = runner.Run("Get-DockerImage", Parameters(("Unused", true), ("All", true), ("Label", new[] { "run" })));

        Assert.Empty(result.ErrorIds);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Images_NegatedLabelAndCreatedBefore_AreAppliedHere()
    {
        var sent = AnswerImages(
            new[]
            {
                Created(Labelled(Row(ImageId("a"), "a:1"), ("run", "1"), ("keep", "yes")), Old),
                Created(Labelled(Row(ImageId("b"), "b:1"), ("run", "1")), Old),
                Created(Labelled(Row(ImageId("c"), "c:1"), ("run", "1")), Recent),
            },
            Array.Empty<ContainerListResponse>());

        var result = runner.Run("Get-DockerImage", Parameters(("Label", new[] { "run", "keep!=yes" }), ("CreatedBefore", "30m")));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "b:1" }, result.Output.Cast<DockerImage>().Select(image => image.Name));
        Assert.Equal(new[] { "run" }, sent.First()!["label"].Keys);
    }

    [Fact]
    public void Images_NameTheFiltersLeaveOut_IsNoError_ButAMissingNameStillIs()
    {
        var app = ImageId("app");
        AnswerImages(new[] { Row(app, "app:1"), Row(ImageId("tool"), "tool:1") }, new[] { ContainerOf("web", "running", app) });

        var result = runner.Run("Get-DockerImage", Parameters(("Name", new[] { "app:1", "tool:1", "nope:1" }), ("Unused", true)));

        Assert.Equal("ImageNotFound", Assert.Single(result.ErrorIds));
        Assert.Equal("nope:1", result.Errors.Single().TargetObject);
        Assert.Equal(new[] { "tool:1" }, result.Output.Cast<DockerImage>().Select(image => image.Name));
    }

    // ---- ImageLookup.Unused, the rule itself ----

    [Fact]
    public void Unused_TheRule_OnObjects()
    {
        var endpoint = engine.Endpoint;
        DockerImage Make(string seed, string[] tags, string[] digests, string? parent, params string[] users) =>
            ModelMapper.ToImages(new ImagesListResponse { ID = ImageId(seed), RepoTags = tags.ToList(), RepoDigests = digests.ToList(), ParentID = parent! }, endpoint, users).First();

        var images = new[]
        {
            Make("used", new[] { "used:1" }, Array.Empty<string>(), null, "web"),
            Make("parent", Array.Empty<string>(), Array.Empty<string>(), null),
            Make("digested-parent", Array.Empty<string>(), new[] { "repo@sha256:" + new string('a', 64) }, null),
            Make("child", new[] { "child:1" }, Array.Empty<string>(), ImageId("parent")),
            Make("child2", new[] { "child:2" }, Array.Empty<string>(), ImageId("digested-parent")),
            Make("dangling", Array.Empty<string>(), Array.Empty<string>(), null),
        };

        var unused = ImageLookup.Unused(images, images).Select(image => image.Id);

        Assert.Equal(new[] { ImageId("digested-parent"), ImageId("child"), ImageId("child2"), ImageId("dangling") }, unused);
    }

    // ---- Helpers ----

    private Hashtable Parameters(params (string Name, object Value)[] parameters)
    {
        var table = new Hashtable { ["HostAddress"] = engine.Address };
        foreach (var (name, value) in parameters)
        {
            table[name] = value;
        }

        return table;
    }

    private static IEnumerable<string> Names(RunResult result) => result.Output.Cast<DockerContainer>().Select(container => container.Name);

    private static ContainerListResponse Container(string name, string state, DateTime created, params (string Key, string Value)[] labels)
    {
        var container = EngineAnswers.Container(name, state);
        container.Created = created;
        container.Labels = labels.ToDictionary(label => label.Key, label => label.Value);
        return container;
    }

    private static ContainerListResponse ContainerOf(string name, string state, string imageId)
    {
        var container = EngineAnswers.Container(name, state);
        container.ImageID = imageId;
        return container;
    }

    private static ImagesListResponse WithParent(ImagesListResponse row, string parent)
    {
        row.ParentID = parent;
        return row;
    }

    private static ImagesListResponse Labelled(ImagesListResponse row, params (string Key, string Value)[] labels)
    {
        row.Labels = labels.ToDictionary(label => label.Key, label => label.Value);
        return row;
    }

    private static ImagesListResponse Created(ImagesListResponse row, DateTime created)
    {
        row.Created = created;
        return row;
    }

    /// <summary>
    /// The engine lists these containers, newest first, applying its status and positive label filters as dockerd
    /// does; returns the filters each listing was asked with.
    /// </summary>
    private List<IDictionary<string, IDictionary<string, bool>>?> AnswerContainers(params ContainerListResponse[] containers)
    {
        var sent = new List<IDictionary<string, IDictionary<string, bool>>?>();
        engine.Containers.On(nameof(IContainerOperations.ListContainersAsync), (ContainersListParameters parameters, CancellationToken _) =>
        {
            lock (sent)
            {
                sent.Add(parameters.Filters);
                sentLimits.Add((int?)parameters.Limit);
            }

            var filters = parameters.Filters ?? new Dictionary<string, IDictionary<string, bool>>();
            var listed = containers
                .Where(c => !filters.TryGetValue("status", out var states) || states.ContainsKey(c.State))
                .Where(c => !filters.TryGetValue("label", out var terms) || LabelFilter.Parse(terms.Keys).Admits(new Dictionary<string, string>(c.Labels ?? new Dictionary<string, string>())))
                .OrderByDescending(c => c.Created)
                .Take(parameters.Limit is { } limit ? (int)limit : int.MaxValue)
                .ToArray();
            return EngineAnswers.ListOf(listed);
        });
        return sent;
    }

    /// <summary>The engine lists these images (by their labels when asked and <paramref name="engineAppliesLabels"/>) and containers; returns the image listings' filters.</summary>
    private List<IDictionary<string, IDictionary<string, bool>>?> AnswerImages(ImagesListResponse[] rows, ContainerListResponse[] containers, bool engineAppliesLabels = false)
    {
        var sent = new List<IDictionary<string, IDictionary<string, bool>>?>();
        engine.Images.On(nameof(IImageOperations.ListImagesAsync), (ImagesListParameters parameters, CancellationToken _) =>
        {
            lock (sent)
            {
                sent.Add(parameters.Filters);
            }

            var terms = parameters.Filters is { } filters && filters.TryGetValue("label", out var label) ? label.Keys : null;
            var listed = rows
                .Where(row => parameters.All == true || row.RepoTags?.Any(tag => tag != "<none>:<none>") == true || !rows.Any(other => other.ParentID == row.ID))
                .Where(row => !engineAppliesLabels || terms is null || LabelFilter.Parse(terms).Admits(new Dictionary<string, string>(row.Labels ?? new Dictionary<string, string>())))
                .ToArray();
            return EngineAnswers.ListOf(listed);
        });
        engine.Containers.On(nameof(IContainerOperations.ListContainersAsync), (ContainersListParameters _, CancellationToken __) => EngineAnswers.ListOf(containers));
        return sent;
    }
}
