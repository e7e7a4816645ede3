using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Mapping;
using DockerPS.Tests.Fakes;
using Xunit;
using static DockerPS.Tests.ContainerTestKit;

namespace DockerPS.Tests;

/// <summary>
/// Get-DockerEvent against fake engines: what it asks the engine (types, actions, the time window, until now without
/// -Follow), what it refuses before asking (an unknown type, a time or filter it cannot read), the engine's refusals and
/// losses, Podman's other names and its way with until, and -Follow ended by Ctrl+C or by Select-Object -First.
/// </summary>
public sealed class GetDockerEventTests : IClassFixture<CmdletRunner>, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();
    private readonly FakeEngine podman = new(podman: true);

    // One runspace for the class: the tests run one after another; none leaves state behind in it.
    public GetDockerEventTests(CmdletRunner runner) => this.runner = runner;

    public static TheoryData<string, object> UnreadableTimes => new()
    {
        { "Since", "yesterday" },
        { "Since", "5d" },
        { "Since", -5 },
        { "Until", "soon" },
        { "Until", "2026-13-45T10:00:00Z" },
    };

    public void Dispose()
    {
        podman.Dispose();
        engine.Dispose();
    }

    [Theory]
    [InlineData("volumes")]
    [InlineData("pod")]
    public void UnknownType_IsTerminatingInvalidEventType_BeforeTheEngine(string type)
    {
        var result = runner.Run("Get-DockerEvent", Parameters(engine).With("Type", new[] { "container", type }));

        Assert.Empty(result.Errors);
        Assert.Equal("InvalidEventType", result.Terminating!.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.InvalidArgument, result.Terminating.CategoryInfo.Category);
        Assert.Equal($"Unknown event type '{type}': expected one of container, image, volume, network, daemon, plugin, node, service, secret, config.", Message(result.Terminating));
        Assert.Equal(0, engine.CallCount);
    }

    [Theory]
    [MemberData(nameof(UnreadableTimes))]
    public void TimeItCannotRead_IsTerminatingInvalidTime_BeforeTheEngine(string parameter, object value)
    {
        var result = runner.Run("Get-DockerEvent", Parameters(engine).With(parameter, value));

        Assert.Equal("InvalidTime", Assert.Single(result.ErrorIds));
        Assert.Equal(ErrorCategory.InvalidArgument, result.Terminating!.CategoryInfo.Category);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void FilterWithAnEmptyKey_IsTerminatingInvalidFilter_BeforeTheEngine()
    {
        var result = runner.Run("Get-DockerEvent", Parameters(engine).With("Filter", new Hashtable { [" "] = "x" }));

        Assert.Equal("InvalidFilter", Assert.Single(result.ErrorIds));
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void TypesActionsAndFilters_AreTheEnginesFilters_InItsSpelling_AndWithoutFollowTheEventsEndNow()
    {
        var asked = Answer(engine, EngineSamples.Events("dockerd-20.10-container-lifecycle"));
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var result = runner.Run("Get-DockerEvent", Parameters(engine)
            .With("Type", new[] { "Container", " container" })
            .With("Action", new[] { "Die", "start" })
            .With("Filter", new Hashtable { ["label"] = new[] { "tier=web", "env" } }));

        Assert.Empty(result.ErrorIds);
        var parameters = Assert.Single(asked);
        Assert.Equal(new[] { "event=die", "event=start", "label=env", "label=tier=web", "type=container" }, FilterTerms(parameters));
        Assert.Null(parameters.Since);
        var until = decimal.Parse(parameters.Until!, CultureInfo.InvariantCulture);
        Assert.InRange(until, before, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
    }

    [Fact]
    public void SinceAndUntil_AreTheMomentsTheyName_InTheEnginesUnixSeconds()
    {
        var asked = Answer(engine, Array.Empty<Message>());

        runner.Run("Get-DockerEvent", Parameters(engine).With("Since", "2026-11-28T10:00:00Z").With("Until", "1795860060.5"));

        var parameters = Assert.Single(asked);
        Assert.Equal(("1795860000.000000000", "1795860060.500000000"), (parameters.Since, parameters.Until));
    }

    [Fact]
    public void Events_AreWrittenInTheOrderTheEngineSentThem_AsDockerEvents()
    {
        Answer(engine, EngineSamples.Events("dockerd-20.10-container-lifecycle"));

        var result = runner.Run("Get-DockerEvent", Parameters(engine));

        Assert.Empty(result.ErrorIds);
        var events = result.Output.Cast<DockerEvent>().ToList();
        Assert.Equal(new[] { "create", "attach", "start", "die", "destroy" }, events.Select(found => found.Action));
        Assert.All(events, found => Assert.Equal(("watch-capture-ev", engine.Endpoint), (found.Name, found.Endpoint)));
    }

    [Fact]
    public void PastWindow_IsReadOverTheBurstClient_AndAllItsEventsAreWritten_InOrder()
    {
        // More than one batch's worth (dockerd keeps 256; Podman more).
        var sent = Enumerable.Range(0, 600).Select(i => Event(i % 2 == 0 ? "start" : "die", $"c{i}", DateTime.UtcNow.AddMinutes(-1))).ToList();
        Answer(engine, sent);

        var result = runner.Run("Get-DockerEvent", Parameters(engine));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(sent.Select(message => message.Actor.Attributes["name"]), result.Output.Cast<DockerEvent>().Select(found => found.Name));
        Assert.Equal(new[] { "System.MonitorEventsAsync" }, engine.BurstCalls);
    }

    [Theory]
    [InlineData("Until")]
    [InlineData("Follow")]
    public void EventsStillToCome_AreReadOverTheWatchedClient(string parameter)
    {
        Answer(engine, new[] { Event("start", "web", DateTime.UtcNow.AddMinutes(-1)) });

        var result = runner.Run("Get-DockerEvent", Parameters(engine).With(parameter, parameter == "Until" ? DateTime.UtcNow.AddMinutes(5) : true));

        Assert.Equal("web", result.Output.Cast<DockerEvent>().Single().Name);
        Assert.Empty(engine.BurstCalls);
    }

    [Fact]
    public void PastWindow_CutShort_WritesTheEventsBeforeTheCut_ThenOneEngineConnectionLost()
    {
        engine.System.On(nameof(ISystemOperations.MonitorEventsAsync), (ContainerEventsParameters _, IProgress<Message> progress, CancellationToken __) =>
        {
            progress.Report(Event("create", "web", DateTime.UtcNow.AddMinutes(-2)));
            progress.Report(Event("start", "web", DateTime.UtcNow.AddMinutes(-1)));
            return Task.FromException(new IOException("Connection reset by peer"));
        });

        var result = runner.Run("Get-DockerEvent", Parameters(engine));

        Assert.Equal(new[] { "create", "start" }, result.Output.Cast<DockerEvent>().Select(found => found.Action));
        Assert.Equal("EngineConnectionLost", Assert.Single(result.ErrorIds));
    }

    [Fact]
    public void EngineRefusal_IsTerminating_InTheEnginesWords()
    {
        engine.System.On(nameof(ISystemOperations.MonitorEventsAsync), (ContainerEventsParameters _, IProgress<Message> __, CancellationToken ___) =>
            Task.FromException(EngineAnswers.Refusal(HttpStatusCode.BadRequest, "invalid filter 'colour'")));

        var result = runner.Run("Get-DockerEvent", Parameters(engine).With("Filter", new Hashtable { ["colour"] = "red" }));

        Assert.Equal("DockerApi.BadRequest", Assert.Single(result.ErrorIds));
        Assert.Equal("Error response from daemon: invalid filter 'colour'", Message(result.Terminating!));
    }

    [Fact]
    public void EngineUnreachable_IsTerminatingEngineUnreachable()
    {
        var address = NowhereAddress();

        var result = runner.Run("Get-DockerEvent", new Hashtable { ["HostAddress"] = address, ["Follow"] = true });

        Assert.Equal("EngineUnreachable", Assert.Single(result.ErrorIds));
        Assert.Equal($"Cannot connect to the Docker daemon at {address}. Is the docker daemon running?", Message(result.Terminating!));
    }

    [Fact]
    public async Task Follow_AsksForNoEnd_AndAStreamTheEngineEnds_IsALostConnection_AfterTheEventsBeforeIt()
    {
        var feed = Feed(engine);
        await using var follow = new FollowRun(runner, "Get-DockerEvent", Parameters(engine).With("Follow", true));
        feed.Send(Event("create", "web"));
        Assert.Equal("create", (await follow.NextAsync<DockerEvent>()).Action);
        Assert.Null(((ContainerEventsParameters)feed.Asked!).Until);

        feed.End();

        var (state, errors) = await follow.EndAsync();
        Assert.Equal(PSInvocationState.Failed, state);
        Assert.Equal("EngineConnectionLost", follow.Shell.InvocationStateInfo.Reason is RuntimeException { ErrorRecord: { } record } ? record.FullyQualifiedErrorId.Split(',')[0] : null);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Follow_EndedDownstreamAsBySelectObjectFirst_ReturnsAtOnce_AndReleasesTheStream()
    {
        var feed = Feed(engine);
        var run = Task.Run(() => runner.RunScript($"Get-DockerEvent -HostAddress '{engine.Address}' -Follow -Action die | Select-FirstObjects 1"));
        await feed.Subscribed.WaitAsync(Patience);

        feed.Send(Event("die", "web"));

        var result = await run.WaitAsync(Patience);
        Assert.Empty(result.ErrorIds);
        Assert.Equal(("die", "web"), result.Output.Cast<DockerEvent>().Select(found => (found.Action, found.Name)).Single());
        await feed.Cancelled.WaitAsync(Patience);
    }

    [Fact]
    public async Task Follow_CtrlC_StopsReadingAtOnce()
    {
        var feed = Feed(engine);
        await using var follow = new FollowRun(runner, "Get-DockerEvent", Parameters(engine).With("Follow", true));
        feed.Send(Event("start", "web"));
        await follow.NextAsync<DockerEvent>();

        follow.Shell.Stop();

        Assert.Equal(PSInvocationState.Stopped, (await follow.EndAsync()).State);
        await feed.Cancelled.WaitAsync(Patience);
    }

    [Fact]
    public void Podman_ActionsAreAskedByPodmansNames_AndTheEventsReadAsDockerNamesThem()
    {
        var asked = Answer(podman, EngineSamples.Events("podman-4.3-container-lifecycle"));

        var result = runner.Run("Get-DockerEvent", Parameters(podman).With("Action", new[] { "die", "destroy" }));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "event=died", "event=remove" }, FilterTerms(asked.Single()));

        // The fake sends every event whatever the filter, as Podman's remove also matches an image's removal: what is
        // written is matched again, by Docker's names.
        Assert.Equal(new[] { "die", "destroy" }, result.Output.Cast<DockerEvent>().Select(found => found.Action));
    }

    [Fact]
    public void Podman_UntilNow_IsAskedAsAMomentToCome_AndWhatComesAfterNowIsDropped()
    {
        var before = DateTime.UtcNow;
        var asked = new List<ContainerEventsParameters>();
        podman.System.On(nameof(ISystemOperations.MonitorEventsAsync), (ContainerEventsParameters parameters, IProgress<Message> progress, CancellationToken _) =>
        {
            asked.Add(parameters);
            progress.Report(Event("start", "web", before.AddSeconds(-5)));
            progress.Report(Event("die", "web", DateTime.UtcNow.AddMilliseconds(900)));
            return Task.CompletedTask;
        });

        var result = runner.Run("Get-DockerEvent", Parameters(podman));

        Assert.Empty(result.ErrorIds);
        Assert.Equal("start", Assert.Single(result.Output.Cast<DockerEvent>()).Action);
        Assert.True(decimal.Parse(asked.Single().Until!, CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.ToUnixTimeSeconds(), "Podman sends nothing for an until already past");
    }

    [Fact]
    public void Map_Dockerd_TimeNamesAndAttributes()
    {
        var created = ModelMapper.ToEvent(EngineSamples.Events("dockerd-20.10-container-lifecycle")[0], engine.Endpoint, podman: false);
        var died = ModelMapper.ToEvent(EngineSamples.Events("dockerd-20.10-container-lifecycle")[3], engine.Endpoint, podman: false);
        const string id = "7b566aa2fa2ac5e2125a94e7e13fdd543d12f8a6df653589459822b3f1e56d07";

        Assert.Equal(1796503855954105280, created.TimeNano);
        Assert.Equal(new DateTime(2026, 12, 5, 20, 50, 55, DateTimeKind.Utc).AddTicks(9541052), created.Time.ToUniversalTime());
        Assert.Equal(DateTimeKind.Local, created.Time.Kind);
        Assert.Equal(("container", "create", id, "watch-capture-ev", "dockerps-fixture/busybox", "local"), (created.Type, created.Action, created.Id, created.Name, created.Image, created.Scope));
        Assert.Equal("ev", created.Attributes["dockerps.watch.capture"]);
        Assert.Equal("3", died.Attributes["exitCode"]);

        // docker events' line: local time with nine fraction digits and the offset, then the attributes in key order.
        var offset = TimeZoneInfo.Local.GetUtcOffset(created.Time);
        var zone = offset == TimeSpan.Zero ? "Z" : (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture);
        Assert.Equal(created.Time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + ".954105280" + zone, created.TimeText);
        Assert.Equal(
            $"{created.TimeText} container create {id} (dockerps.fixture=true, dockerps.watch.capture=ev, image=dockerps-fixture/busybox, name=watch-capture-ev)",
            created.ToString());
    }

    [Fact]
    public void Map_Podman_ARemovedContainerIsDestroyed_AsDockerSaysIt()
    {
        var events = EngineSamples.Events("podman-4.3-container-lifecycle").Select(message => ModelMapper.ToEvent(message, podman.Endpoint, podman: true)).ToList();

        Assert.Equal(new[] { "create", "init", "attach", "start", "die", "cleanup", "destroy" }, events.Select(found => found.Action));
        Assert.Equal("docker.io/dockerps-fixture/busybox:latest", events[4].Image);
        Assert.Equal("3", events[4].Attributes["exitCode"]);
        Assert.Equal("remove", ModelMapper.ToEvent(EngineSamples.Events("podman-4.3-container-lifecycle")[6], engine.Endpoint, podman: false).Action);
    }

    [Fact]
    public void Map_AnEngineWithoutNanoseconds_GivesWholeSeconds_AndAnImageEventNamesItsImage()
    {
        var pulled = ModelMapper.ToEvent(
            new Message { Type = "image", Action = "pull", Actor = new Actor { ID = "alpine:3.20", Attributes = new Dictionary<string, string> { ["name"] = "alpine" } }, Time = 1795860000 },
            engine.Endpoint,
            podman: false);

        Assert.Equal(1795860000L * 1_000_000_000, pulled.TimeNano);
        Assert.Equal("alpine", pulled.Image);
        Assert.Null(pulled.Scope);
    }

    private static Hashtable Parameters(FakeEngine engine) => new() { ["HostAddress"] = engine.Address };

    /// <summary>The engine answers every event request with these events, then ends; returns what it was asked.</summary>
    private static List<ContainerEventsParameters> Answer(FakeEngine engine, IReadOnlyList<Message> events)
    {
        var asked = new List<ContainerEventsParameters>();
        engine.System.On(nameof(ISystemOperations.MonitorEventsAsync), (ContainerEventsParameters parameters, IProgress<Message> progress, CancellationToken _) =>
        {
            asked.Add(parameters);
            foreach (var message in events)
            {
                progress.Report(message);
            }

            return Task.CompletedTask;
        });
        return asked;
    }

    private static string[] FilterTerms(ContainerEventsParameters parameters) =>
        (parameters.Filters ?? new Dictionary<string, IDictionary<string, bool>>())
            .SelectMany(filter => filter.Value.Keys.Select(value => $"{filter.Key}={value}"))
            .OrderBy(term => term, StringComparer.Ordinal)
            .ToArray();

    /// <summary>The engine's event stream, fed by the test.</summary>
    internal static ProgressFeed<Message> Feed(FakeEngine engine)
    {
        var feed = new ProgressFeed<Message>();
        engine.System.On(nameof(ISystemOperations.MonitorEventsAsync), (ContainerEventsParameters parameters, IProgress<Message> progress, CancellationToken cancellation) =>
        {
            feed.Asked = parameters;
            return feed.ReadAsync(progress, cancellation);
        });
        return feed;
    }

    internal static Message Event(string action, string name, DateTime? utc = null)
    {
        var time = utc ?? DateTime.UtcNow;
        var nanoseconds = (time - DateTime.UnixEpoch).Ticks * 100;
        return new Message
        {
            Type = "container",
            Action = action,
            Actor = new Actor { ID = EngineAnswers.IdOf(name), Attributes = new Dictionary<string, string> { ["name"] = name } },
            Scope = "local",
            Time = nanoseconds / 1_000_000_000,
            TimeNano = nanoseconds,
        };
    }
}

/// <summary>Get-DockerEvent -Context a,b: several engines' streams in one pipeline (contexts live in a test's own docker configuration).</summary>
[Collection(DockerCliEnvironmentCollection.Name)]
public sealed class GetDockerEventContextTests : IDisposable
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
    public async Task SeveralEngines_AreMergedAsTheEventsCome_AndOneThatDrops_IsItsOwnError_WhileTheOthersGoOn()
    {
        store.WriteContext("one", first.Address);
        store.WriteContext("two", second.Address);
        var one = GetDockerEventTests.Feed(first);
        var two = GetDockerEventTests.Feed(second);
        await using var follow = new FollowRun(runner, "Get-DockerEvent", new Hashtable { ["Context"] = new[] { "one", "two" }, ["Follow"] = true });

        // Each event is sent only once the previous one was written: engines read one after the other would never
        // deliver two's event while one's stream is open.
        one.Send(GetDockerEventTests.Event("start", "web"));
        var web = await follow.NextObjectAsync();
        two.Send(GetDockerEventTests.Event("start", "db"));
        var db = await follow.NextObjectAsync();
        var events = new[] { web, db }.Select(written => (DockerEvent)written.BaseObject);
        Assert.Equal(new (string?, string?)[] { ("web", "one"), ("db", "two") }, events.Select(found => (found.Name, found.Endpoint.Context)));
        Assert.All(new[] { web, db }, written => Assert.Equal("DockerPS.DockerEvent#Engines", written.TypeNames[0]));

        two.Break();
        Assert.True(SpinWait.SpinUntil(() => follow.Shell.Streams.Error.Count == 1, TimeSpan.FromSeconds(10)), "the lost engine should be an error of its own");
        var error = follow.Shell.Streams.Error.Single();
        Assert.Equal("EngineConnectionLost,DockerPS.Commands.GetDockerEventCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ConnectionError, error.CategoryInfo.Category);
        Assert.Equal("two", error.TargetObject);

        one.Send(GetDockerEventTests.Event("die", "web"));
        Assert.Equal("die", ((DockerEvent)(await follow.NextObjectAsync()).BaseObject).Action);

        follow.Shell.Stop();
        Assert.Equal(PSInvocationState.Stopped, (await follow.EndAsync()).State);
        await one.Cancelled.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
