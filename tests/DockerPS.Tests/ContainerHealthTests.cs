using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Containers;
using DockerPS.Mapping;
using DockerPS.Tests.Fakes;
using Xunit;
using static DockerPS.Tests.ContainerTestKit;

namespace DockerPS.Tests;

/// <summary>
/// A container's health: read from the status text docker ps shows (dockerd's "Up 2 minutes (healthy)"), from the
/// listing's Health (Engine API 1.52) and from inspect; on Podman, whose status text leaves it out, learned from its
/// health filter and written into the text as dockerd writes it. Get-DockerContainer -Health passes the engine's health
/// filter to dockerd, and is applied to Podman's listing here (Podman's filter knows no none).
/// </summary>
public sealed class ContainerHealthTests : IClassFixture<CmdletRunner>, IDisposable
{
    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();

    public ContainerHealthTests(CmdletRunner runner) => this.runner = runner;

    public void Dispose() => engine.Dispose();

    // ---- Mapping ----

    [Theory]
    [InlineData("Up 2 minutes (healthy)", "healthy")]
    [InlineData("Up 3 hours (unhealthy)", "unhealthy")]
    [InlineData("Up 5 seconds (health: starting)", "starting")]
    [InlineData("Up About a minute", null)]
    [InlineData("Up 2 minutes (Paused)", null)]
    [InlineData("Exited (0) 3 hours ago", null)]
    [InlineData("Created", null)]
    [InlineData("Restarting (1) 2 seconds ago", null)]
    public void Health_IsReadFromTheStatusText_AsDockerPsShowsIt(string status, string? health)
    {
        var summary = EngineAnswers.Container("web");
        summary.Status = status;

        var container = ModelMapper.ToContainer(summary, engine.Endpoint);

        Assert.Equal(health, container.Health);
        Assert.Equal(status, container.Status);
    }

    [Theory]
    [InlineData("healthy", "healthy")]
    [InlineData("starting", "starting")]
    [InlineData("none", null)]
    public void Health_FromTheListingsHealth_OfApi152(string listed, string? health)
    {
        var summary = EngineAnswers.Container("web");
        summary.Health = new HealthSummary { Status = listed };

        Assert.Equal(health, ModelMapper.ToContainer(summary, engine.Endpoint).Health);
    }

    [Fact]
    public void Health_WithDetailed_IsInspectsStateHealth_WhichAStoppedContainerKeeps()
    {
        var container = ModelMapper.ToContainer(EngineAnswers.Container("web", "exited"), engine.Endpoint);
        var inspect = EngineAnswers.Inspect("web", "exited");
        inspect.State!.Health = new Health { Status = "unhealthy", FailingStreak = 3 };

        ModelMapper.AddInspectDetails(container, inspect);

        Assert.Equal("unhealthy", container.Health);
    }

    [Theory]
    [InlineData("Up 2 minutes", "healthy", "Up 2 minutes (healthy)")]
    [InlineData("Up 2 minutes", "starting", "Up 2 minutes (health: starting)")]
    [InlineData("Up 2 minutes", "unhealthy", "Up 2 minutes (unhealthy)")]
    [InlineData("Up 2 minutes (healthy)", "healthy", "Up 2 minutes (healthy)")]
    [InlineData("Up 2 minutes (Paused)", "healthy", "Up 2 minutes (Paused)")]
    [InlineData("Exited (0) 1 minute ago", "healthy", "Exited (0) 1 minute ago")]
    public void StatusWithHealth_WritesItAsDockerdDoes_OnlyIntoARunningContainersText(string status, string health, string shown)
    {
        Assert.Equal(shown, ContainerHealth.StatusWithHealth(status, health));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData(new string[0], false)]
    [InlineData(new[] { "NONE" }, false)]
    [InlineData(new[] { "CMD-SHELL", "true" }, true)]
    [InlineData(new[] { "CMD", "/bin/check" }, true)]
    public void IsConfigured_OnlyForATestOtherThanNone(string[]? test, bool configured)
    {
        Assert.Equal(configured, ContainerHealth.IsConfigured(test is null ? null : new HealthcheckConfig { Test = test.ToList() }));
        Assert.False(ContainerHealth.IsConfigured(null));
    }

    // ---- Podman: health from its filter ----

    [Fact]
    public void OnPodman_RunningContainersLearnTheirHealthFromItsFilter_AndTheTextShowsIt()
    {
        using var podman = new FakeEngine(podman: true);
        AnswerPodman(podman);

        var result = runner.Run("Get-DockerContainer", new Hashtable { ["HostAddress"] = podman.Address, ["All"] = true });

        Assert.Empty(result.ErrorIds);
        var containers = result.Output.Cast<DockerContainer>().ToDictionary(container => container.Name);
        Assert.Equal("healthy", containers["ok"].Health);
        Assert.Equal("Up 1 minute (healthy)", containers["ok"].Status);
        Assert.Equal("starting", containers["warming"].Health);
        Assert.Equal("Up 1 minute (health: starting)", containers["warming"].Status);
        Assert.Equal("unhealthy", containers["sick"].Health);
        Assert.Null(containers["plain"].Health);
        Assert.Equal("Up 1 minute", containers["plain"].Status);

        // A stopped container's health is left out, as dockerd's status text leaves it out.
        Assert.Null(containers["stopped"].Health);
    }

    [Fact]
    public void OnPodman_AListingWithoutRunningContainers_AsksNoHealth()
    {
        using var podman = new FakeEngine(podman: true);
        podman.Containers.On(nameof(IContainerOperations.ListContainersAsync), (ContainersListParameters _, CancellationToken __) =>
            EngineAnswers.ListOf(EngineAnswers.Container("stopped", "exited")));

        var result = runner.Run("Get-DockerContainer", new Hashtable { ["HostAddress"] = podman.Address, ["All"] = true });

        Assert.Empty(result.ErrorIds);
        Assert.Single(result.Output);
        Assert.Equal(1, podman.Containers.CountOf(nameof(IContainerOperations.ListContainersAsync)));
    }

    // ---- -Health ----

    [Fact]
    public void Health_OnDocker_IsTheEnginesHealthFilter()
    {
        var sent = new List<IDictionary<string, IDictionary<string, bool>>?>();
        engine.Containers.On(nameof(IContainerOperations.ListContainersAsync), (ContainersListParameters parameters, CancellationToken _) =>
        {
            lock (sent)
            {
                sent.Add(parameters.Filters);
            }

            return EngineAnswers.ListOf(WithStatus("ok", "Up 1 minute (healthy)"));
        });

        var result = runner.Run("Get-DockerContainer", Parameters().With("Health", new[] { "Healthy", "None" }));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "ok" }, result.Output.Cast<DockerContainer>().Select(container => container.Name));
        var filters = Assert.Single(sent)!;
        Assert.Equal(new[] { "healthy", "none" }, filters["health"].Keys.OrderBy(key => key, StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("Healthy", new[] { "ok" })]
    [InlineData("Starting", new[] { "warming" })]
    [InlineData("Unhealthy", new[] { "sick" })]
    [InlineData("None", new[] { "plain" })]
    public void Health_OnPodman_IsAppliedHere_NoneToo(string health, string[] names)
    {
        using var podman = new FakeEngine(podman: true);
        var asked = AnswerPodman(podman);

        var result = runner.Run("Get-DockerContainer", new Hashtable { ["HostAddress"] = podman.Address, ["Health"] = health });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(names, result.Output.Cast<DockerContainer>().Select(container => container.Name));

        // Podman is asked for the whole listing and for its health filter's answers, never for -Health's own filter.
        Assert.Single(asked, filters => filters is null);
        Assert.All(asked.Where(filters => filters is not null), filters => Assert.Equal(new[] { "health" }, filters!.Keys));
    }

    [Fact]
    public void Health_NameTheFilterLeavesOut_IsNoError_ButAMissingNameStillIs()
    {
        var web = WithStatus("web", "Up 1 minute (healthy)");
        var plain = EngineAnswers.Container("plain");
        engine.Containers.On(nameof(IContainerOperations.ListContainersAsync), (ContainersListParameters parameters, CancellationToken _) =>
            parameters.Filters is null ? EngineAnswers.ListOf(web, plain) : EngineAnswers.ListOf(web));

        var result = runner.Run("Get-DockerContainer", Parameters().With("Name", new[] { "web", "plain", "nope" }).With("Health", "Healthy"));

        Assert.Null(result.Terminating);
        AssertError(Assert.Single(result.Errors), "ContainerNotFound", System.Management.Automation.ErrorCategory.ObjectNotFound, "nope");
        Assert.Equal(new[] { "web" }, result.Output.Cast<DockerContainer>().Select(container => container.Name));
    }

    [Fact]
    public void Health_ThatIsNoHealth_IsAParameterError_AndNoEngineIsAsked()
    {
        var result = runner.Run("Get-DockerContainer", Parameters().With("Health", "Sickly"));

        Assert.Equal("CannotConvertArgumentNoMessage", Assert.Single(result.ErrorIds));
        Assert.Equal(0, engine.CallCount);
    }

    // ---- Helpers ----

    private static ContainerListResponse WithStatus(string name, string status)
    {
        var container = EngineAnswers.Container(name);
        container.Status = status;
        return container;
    }

    /// <summary>Podman's listing of four running containers and a stopped one, and its health filter's answers; the filters asked for, in order.</summary>
    private static List<IDictionary<string, IDictionary<string, bool>>?> AnswerPodman(FakeEngine podman)
    {
        var ok = EngineAnswers.Container("ok");
        var warming = EngineAnswers.Container("warming");
        var sick = EngineAnswers.Container("sick");
        var plain = EngineAnswers.Container("plain");
        var stopped = EngineAnswers.Container("stopped", "exited");
        var asked = new List<IDictionary<string, IDictionary<string, bool>>?>();
        podman.Containers.On(nameof(IContainerOperations.ListContainersAsync), (ContainersListParameters parameters, CancellationToken _) =>
        {
            lock (asked)
            {
                asked.Add(parameters.Filters);
            }

            var health = parameters.Filters?.TryGetValue("health", out var values) == true ? values.Keys.Single() : null;
            return health switch
            {
                null => EngineAnswers.ListOf(ok, warming, sick, plain, stopped),
                "healthy" => EngineAnswers.ListOf(ok),
                "starting" => EngineAnswers.ListOf(warming),

                // Podman keeps a stopped container's last health; dockerd's status text does not show it.
                "unhealthy" => EngineAnswers.ListOf(sick, stopped),
                _ => EngineAnswers.ListOf<ContainerListResponse>(),
            };
        });
        return asked;
    }

    private Hashtable Parameters() => new() { ["HostAddress"] = engine.Address };
}
