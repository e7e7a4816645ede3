using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
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

namespace DockerPS.Tests;

/// <summary>
/// Get-DockerContainerStats against a fake engine that answers with the engines' own readings (Samples/Stats): which
/// containers it reads (running ones, -All, names and patterns), that it reads them at once, Podman's readings compared
/// two by two, the errors of one container among others, piped objects, and -Follow ended by the container, the engine,
/// Ctrl+C or Select-Object -First.
/// </summary>
public sealed class GetDockerContainerStatsTests : IClassFixture<CmdletRunner>, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();
    private readonly ConcurrentQueue<(string Id, bool Stream)> reads = new();

    // One runspace for the class: the tests run one after another; none leaves state behind in it.
    public GetDockerContainerStatsTests(CmdletRunner runner) => this.runner = runner;

    public static TheoryData<string> NotContainerKinds => new(NotContainers.Where(kind => kind != "DockerContext"));

    public static TheoryData<string> ContainerKindsData => new(ContainerKinds);

    public void Dispose() => engine.Dispose();

    [Fact]
    public async Task WithoutNames_ReadsTheRunningContainers_AllAtOnce_OneReadingEach()
    {
        AnswerList(EngineAnswers.Container("web"), EngineAnswers.Container("old", "exited"), EngineAnswers.Container("db"));

        // No reading is answered before both have been asked for: read one after the other, the first would wait forever.
        var asked = new CountdownEvent(2);
        AnswerStats(async (id, progress, cancellation) =>
        {
            asked.Signal();
            await Task.Run(() => asked.Wait(cancellation), cancellation);
            progress.Report(EngineSamples.Stats("dockerd-20.10-cgroup1-busy"));
        });

        var result = await Task.Run(() => runner.Run("Get-DockerContainerStats", Parameters())).WaitAsync(Patience);

        Assert.Empty(result.ErrorIds);
        var rows = Rows(result);
        Assert.Equal(new[] { "web", "db" }, rows.Select(row => row.Name));
        Assert.All(rows, row => Assert.Equal(99.46, Math.Round(row.CpuPercent, 2)));
        Assert.Equal(new[] { (EngineAnswers.IdOf("web"), false), (EngineAnswers.IdOf("db"), false) }, reads.OrderBy(read => read.Id == EngineAnswers.IdOf("db")));
    }

    [Fact]
    public void All_ReadsStoppedContainersToo_AsRowsOfZeros()
    {
        AnswerList(EngineAnswers.Container("web"), EngineAnswers.Container("old", "exited"));
        AnswerStats((id, progress, _) =>
        {
            progress.Report(EngineSamples.Stats(id == EngineAnswers.IdOf("old") ? "dockerd-20.10-stopped" : "dockerd-20.10-cgroup1-busy"));
            return Task.CompletedTask;
        });

        var result = runner.Run("Get-DockerContainerStats", Parameters().With("All", true));

        var old = Rows(result).Single(row => row.Name == "old");
        Assert.Equal((0.0, 0L, 0L, (DateTime?)null), (old.CpuPercent, old.MemoryUsage, old.Pids, old.Time));
        Assert.Equal(2, Rows(result).Count);
    }

    [Fact]
    public void Names_FindContainersInAnyState_PatternsOnlyRunningOnes_AndAMissingNameIsItsOwnError()
    {
        AnswerList(EngineAnswers.Container("web"), EngineAnswers.Container("web-old", "exited"), EngineAnswers.Container("db", "exited"));
        AnswerReading("dockerd-20.10-cgroup1-busy");

        var result = runner.Run("Get-DockerContainerStats", Parameters().With("Name", new[] { "web*", "nope", "db" }));

        var error = AssertError(Assert.Single(result.Errors), "ContainerNotFound", ErrorCategory.ObjectNotFound, "nope");
        Assert.Equal("No such container: nope", Message(error));
        Assert.Equal(new[] { "web", "db" }, Rows(result).Select(row => row.Name));
    }

    [Fact]
    public void AnIdPrefixOfSeveralContainers_IsAmbiguous_AndTheOthersAreRead()
    {
        var first = EngineAnswers.Container("web");
        first.ID = "abc1" + first.ID.Substring(4);
        var second = EngineAnswers.Container("db");
        second.ID = "abc2" + second.ID.Substring(4);
        AnswerList(first, second, EngineAnswers.Container("api"));
        AnswerReading("dockerd-20.10-cgroup1-busy");

        var result = runner.Run("Get-DockerContainerStats", Parameters().With("Name", new[] { "abc", "api" }));

        AssertError(Assert.Single(result.Errors), "AmbiguousContainerReference", ErrorCategory.InvalidArgument, "abc");
        Assert.Equal("api", Assert.Single(Rows(result)).Name);
    }

    [Fact]
    public void PodmanGivesNoPreviousReading_SoASecondOneIsTaken_AndTheTwoAreCompared()
    {
        AnswerList(EngineAnswers.Container("web"));
        var answers = new ConcurrentQueue<string>(new[] { "podman-4.3-cgroup1-first", "podman-4.3-cgroup1-second" });
        AnswerStats((_, progress, _) =>
        {
            answers.TryDequeue(out var sample);
            progress.Report(EngineSamples.Stats(sample!));
            return Task.CompletedTask;
        });

        var result = runner.Run("Get-DockerContainerStats", Parameters().With("Name", new[] { "web" }));

        Assert.Empty(result.ErrorIds);
        var row = Assert.Single(Rows(result));
        Assert.Equal("42.61%", Formatting.DisplayText.Percent(row.CpuPercent));
        Assert.Equal(2, reads.Count);
    }

    [Fact]
    public void AnEngineRefusal_IsThatContainersError_ARemovedContainerIsLeftOut_AndTheOthersAreRead()
    {
        AnswerList(EngineAnswers.Container("web"), EngineAnswers.Container("gone"), EngineAnswers.Container("broken"), EngineAnswers.Container("db"));
        AnswerStats((id, progress, _) =>
        {
            if (id == EngineAnswers.IdOf("gone"))
            {
                throw EngineAnswers.NoSuchContainer(id);
            }

            if (id == EngineAnswers.IdOf("broken"))
            {
                throw EngineAnswers.Refusal(HttpStatusCode.InternalServerError, "cgroup not found");
            }

            progress.Report(EngineSamples.Stats("dockerd-20.10-cgroup1-busy"));
            return Task.CompletedTask;
        });

        var result = runner.Run("Get-DockerContainerStats", Parameters());

        var error = AssertError(Assert.Single(result.Errors), "DockerApi.InternalServerError", ErrorCategory.InvalidOperation, "broken");
        Assert.Equal("Error response from daemon: cgroup not found", Message(error));
        Assert.Equal(new[] { "web", "db" }, Rows(result).Select(row => row.Name));
    }

    [Fact]
    public void EngineUnreachable_IsTerminatingEngineUnreachable()
    {
        var result = runner.Run("Get-DockerContainerStats", new Hashtable { ["HostAddress"] = NowhereAddress() });

        Assert.Equal("EngineUnreachable", Assert.Single(result.ErrorIds));
        Assert.Equal(ErrorCategory.ConnectionError, result.Terminating!.CategoryInfo.Category);
    }

    [Theory]
    [MemberData(nameof(NotContainerKinds))]
    public void PipedObjectThatIsNoContainer_IsRefusedInItsPlace_AndNoEngineIsAsked(string kind)
    {
        var result = runner.Run("Get-DockerContainerStats", Parameters(), new[] { Piped(kind, engine) });

        AssertRefusedAsNotAContainer(result, kind, engine);
    }

    [Theory]
    [MemberData(nameof(ContainerKindsData))]
    public void PipedContainer_IsReadAtTheEngineItCameFrom(string kind)
    {
        AnswerList(EngineAnswers.Container("web"), EngineAnswers.Container("db"));
        AnswerReading("dockerd-20.10-cgroup1-busy");

        var result = runner.Run("Get-DockerContainerStats", new Hashtable { ["HostAddress"] = NowhereAddress() }, new[] { Piped(kind, engine) });

        Assert.Empty(result.ErrorIds);
        var row = Assert.Single(Rows(result));
        Assert.Equal(("web", engine.Endpoint), (row.Name, row.Endpoint));
    }

    [Fact]
    public async Task Follow_WritesARowPerReading_TheFirstWithoutAPreviousOneOnlyStartsTheComparison_AndAStopEndsIt()
    {
        AnswerList(EngineAnswers.Container("web"));
        var feed = AnswerFeed();
        await using var follow = new FollowRun(runner, "Get-DockerContainerStats", Parameters().With("Follow", true));

        // dockerd's first streamed reading has no previous one; the next ones carry the one before.
        var first = EngineSamples.Stats("dockerd-20.10-cgroup1-busy");
        first.PreCPUStats = new CPUStats { CPUUsage = new CPUUsage() };
        feed.Send(first);
        feed.Send(EngineSamples.Stats("dockerd-20.10-cgroup1-busy"));
        Assert.Equal(99.46, Math.Round((await follow.NextAsync<DockerContainerStats>()).CpuPercent, 2));
        feed.Send(EngineSamples.Stats("dockerd-20.10-cgroup1-pagecache"));
        Assert.Equal(1200128, (await follow.NextAsync<DockerContainerStats>()).MemoryUsage);

        // Stopped: docker stats drops a container that dies, unless -a.
        feed.Send(EngineSamples.Stats("dockerd-20.10-stopped"));

        var (state, errors) = await follow.EndAsync();
        Assert.Equal(PSInvocationState.Completed, state);
        Assert.Empty(errors);
        Assert.Equal(2, follow.WrittenCount);
        Assert.Equal((EngineAnswers.IdOf("web"), true), reads.Single());
    }

    [Fact]
    public async Task Follow_All_KeepsAStoppedContainer_AsRowsOfZeros()
    {
        AnswerList(EngineAnswers.Container("web", "exited"));
        var feed = AnswerFeed();
        await using var follow = new FollowRun(runner, "Get-DockerContainerStats", Parameters().With("Follow", true).With("All", true));

        feed.Send(EngineSamples.Stats("dockerd-20.10-stopped"));
        feed.Send(EngineSamples.Stats("dockerd-20.10-stopped"));

        Assert.Null((await follow.NextAsync<DockerContainerStats>()).Time);
        Assert.Equal(0, (await follow.NextAsync<DockerContainerStats>()).Pids);
        Assert.Equal(PSInvocationState.Running, follow.Shell.InvocationStateInfo.State);
    }

    [Fact]
    public async Task Follow_EndedByTheEngine_WhileTheContainerIsThere_EndsQuietly_AndWhenTheEngineIsGone_IsALostConnection()
    {
        AnswerList(EngineAnswers.Container("web"), EngineAnswers.Container("db"));
        var feeds = new ConcurrentDictionary<string, ProgressFeed<ContainerStatsResponse>>();
        AnswerStats((id, progress, cancellation) => feeds.GetOrAdd(id, _ => new ProgressFeed<ContainerStatsResponse>()).ReadAsync(progress, cancellation));
        engine.Containers.On(nameof(IContainerOperations.InspectContainerAsync), (string id, CancellationToken _) =>
            id == EngineAnswers.IdOf("web") ? Task.FromResult(EngineAnswers.Inspect("web", "exited")) : Task.FromException<ContainerInspectResponse>(new IOException("Connection refused")));
        await using var follow = new FollowRun(runner, "Get-DockerContainerStats", Parameters().With("Follow", true));
        Assert.True(SpinWait.SpinUntil(() => feeds.Count == 2, Patience));

        // Podman ends the readings of a container that stops.
        feeds[EngineAnswers.IdOf("web")].End();
        feeds[EngineAnswers.IdOf("db")].Send(EngineSamples.Stats("dockerd-20.10-cgroup1-busy"));
        Assert.Equal("db", (await follow.NextAsync<DockerContainerStats>()).Name);

        feeds[EngineAnswers.IdOf("db")].End();

        var (state, errors) = await follow.EndAsync();
        Assert.Equal(PSInvocationState.Failed, state);
        Assert.Empty(errors);
        Assert.Equal("EngineConnectionLost", ((RuntimeException)follow.Shell.InvocationStateInfo.Reason).ErrorRecord.FullyQualifiedErrorId.Split(',')[0]);
    }

    [Fact]
    public async Task Follow_EndedDownstreamAsBySelectObjectFirst_ReturnsAtOnce_AndReleasesEveryStream()
    {
        AnswerList(EngineAnswers.Container("web"), EngineAnswers.Container("db"));
        var feeds = new ConcurrentDictionary<string, ProgressFeed<ContainerStatsResponse>>();
        AnswerStats((id, progress, cancellation) => feeds.GetOrAdd(id, _ => new ProgressFeed<ContainerStatsResponse>()).ReadAsync(progress, cancellation));
        var run = Task.Run(() => runner.RunScript($"Get-DockerContainerStats -HostAddress '{engine.Address}' -Follow | Select-FirstObjects 1"));
        Assert.True(SpinWait.SpinUntil(() => feeds.Count == 2, Patience));

        feeds[EngineAnswers.IdOf("db")].Send(EngineSamples.Stats("dockerd-20.10-cgroup1-busy"));

        var result = await run.WaitAsync(Patience);
        Assert.Empty(result.ErrorIds);
        Assert.Equal("db", Assert.Single(Rows(result)).Name);
        await Task.WhenAll(feeds.Values.Select(feed => feed.Cancelled)).WaitAsync(Patience);
    }

    [Fact]
    public async Task Follow_CtrlC_StopsEveryStreamAtOnce()
    {
        AnswerList(EngineAnswers.Container("web"));
        var feed = AnswerFeed();
        await using var follow = new FollowRun(runner, "Get-DockerContainerStats", Parameters().With("Follow", true));
        await feed.Subscribed.WaitAsync(Patience);

        follow.Shell.Stop();

        Assert.Equal(PSInvocationState.Stopped, (await follow.EndAsync()).State);
        await feed.Cancelled.WaitAsync(Patience);
    }

    private Hashtable Parameters() => new() { ["HostAddress"] = engine.Address };

    private static List<DockerContainerStats> Rows(RunResult result) => result.Output.Cast<DockerContainerStats>().ToList();

    private void AnswerList(params ContainerListResponse[] containers) =>
        engine.Containers.On(nameof(IContainerOperations.ListContainersAsync), (ContainersListParameters _, CancellationToken __) => EngineAnswers.ListOf(containers));

    /// <summary>The engine answers each stats request with the handler; every request is recorded in <see cref="reads"/>.</summary>
    private void AnswerStats(Func<string, IProgress<ContainerStatsResponse>, CancellationToken, Task> answer) =>
        engine.Containers.On(nameof(IContainerOperations.GetContainerStatsAsync), (string id, ContainerStatsParameters parameters, IProgress<ContainerStatsResponse> progress, CancellationToken cancellation) =>
        {
            reads.Enqueue((id, parameters.Stream));
            return answer(id, progress, cancellation);
        });

    private void AnswerReading(string sample) => AnswerStats((_, progress, _) =>
    {
        progress.Report(EngineSamples.Stats(sample));
        return Task.CompletedTask;
    });

    /// <summary>The engine streams readings as the test sends them, for every container asked.</summary>
    private ProgressFeed<ContainerStatsResponse> AnswerFeed()
    {
        var feed = new ProgressFeed<ContainerStatsResponse>();
        AnswerStats((_, progress, cancellation) => feed.ReadAsync(progress, cancellation));
        return feed;
    }
}

/// <summary>Get-DockerContainerStats -Context a,b: several engines read in one pipeline (contexts live in a test's own docker configuration).</summary>
[Collection(DockerCliEnvironmentCollection.Name)]
public sealed class GetDockerContainerStatsContextTests : IDisposable
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
    public async Task Follow_SeveralEngines_RowsComeAsRead_WithTheEngineColumn_AndOneThatDrops_IsItsOwnError()
    {
        store.WriteContext("one", first.Address);
        store.WriteContext("two", second.Address);
        var web = Answer(first, "web");
        var db = Answer(second, "db");
        await using var follow = new FollowRun(runner, "Get-DockerContainerStats", new Hashtable { ["Context"] = new[] { "one", "two" }, ["Follow"] = true });

        web.Send(EngineSamples.Stats("dockerd-20.10-cgroup1-busy"));
        var fromOne = await follow.NextObjectAsync();
        db.Send(EngineSamples.Stats("dockerd-20.10-cgroup1-busy"));
        var fromTwo = await follow.NextObjectAsync();
        var rows = new[] { fromOne, fromTwo }.Select(written => (DockerContainerStats)written.BaseObject);
        Assert.Equal(new (string, string?)[] { ("web", "one"), ("db", "two") }, rows.Select(row => (row.Name, row.Endpoint.Context)));
        Assert.All(new[] { fromOne, fromTwo }, written => Assert.Equal("DockerPS.DockerContainerStats#Engines", written.TypeNames[0]));

        db.Break();
        Assert.True(SpinWait.SpinUntil(() => follow.Shell.Streams.Error.Count == 1, TimeSpan.FromSeconds(10)), "the lost engine should be an error of its own");
        var error = follow.Shell.Streams.Error.Single();
        Assert.Equal("EngineConnectionLost,DockerPS.Commands.GetDockerContainerStatsCommand", error.FullyQualifiedErrorId);
        Assert.Equal("two", error.TargetObject);

        web.Send(EngineSamples.Stats("dockerd-20.10-cgroup1-pagecache"));
        Assert.Equal(1200128, ((DockerContainerStats)(await follow.NextObjectAsync()).BaseObject).MemoryUsage);
    }

    /// <summary>The engine has one running container, whose readings the test sends.</summary>
    private static ProgressFeed<ContainerStatsResponse> Answer(FakeEngine engine, string container)
    {
        var feed = new ProgressFeed<ContainerStatsResponse>();
        engine.Containers.On(nameof(IContainerOperations.ListContainersAsync), (ContainersListParameters _, CancellationToken __) => EngineAnswers.ListOf(EngineAnswers.Container(container)));
        engine.Containers.On(nameof(IContainerOperations.GetContainerStatsAsync), (string _, ContainerStatsParameters __, IProgress<ContainerStatsResponse> progress, CancellationToken cancellation) =>
            feed.ReadAsync(progress, cancellation));
        return feed;
    }
}
