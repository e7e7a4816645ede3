using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Tests.Fakes;
using Xunit;
using static DockerPS.Tests.ContainerTestKit;

namespace DockerPS.Tests;

/// <summary>
/// Get-DockerContainerLog's error paths against a fake engine: times it cannot read (refused before the engine),
/// containers that do not exist, objects piped in, an unreachable engine; and -Follow over several containers,
/// whose lines interleave as the streams deliver them and which Ctrl+C ends at once.
/// </summary>
public sealed class GetDockerContainerLogTests : IClassFixture<CmdletRunner>, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();

    // One runspace for the class: the tests run one after another; none leaves state behind in it.
    public GetDockerContainerLogTests(CmdletRunner runner) => this.runner = runner;

    public static TheoryData<string> NotContainerKinds => new(NotContainers);

    public static TheoryData<string> ContainerKindsData => new(ContainerKinds);

    public static TheoryData<string, object> UnreadableTimes => new()
    {
        { "Since", "yesterday" },
        { "Since", "10x" },
        { "Since", "5d" },
        { "Since", "" },
        { "Since", -5 },
        { "Since", new Hashtable() },
        { "Until", "soon" },
        { "Until", "2026-13-45T10:00:00Z" },
    };

    public void Dispose() => engine.Dispose();

    [Theory]
    [MemberData(nameof(UnreadableTimes))]
    public void Log_TimeItCannotRead_IsTerminatingInvalidTime_BeforeTheEngine(string parameter, object value)
    {
        var result = runner.Run("Get-DockerContainerLog", Parameters().With("Name", new[] { "web", "db" }).With(parameter, value));

        Assert.Empty(result.Errors);
        Assert.NotNull(result.Terminating);
        Assert.Equal("InvalidTime", result.Terminating!.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.InvalidArgument, result.Terminating.CategoryInfo.Category);
        Assert.StartsWith("invalid time '", Message(result.Terminating));
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void Log_NegativeTail_IsAParameterError_AndNoEngineIsAsked()
    {
        var result = runner.Run("Get-DockerContainerLog", Parameters().With("Name", new[] { "web" }).With("Tail", -1));

        Assert.Equal("ParameterArgumentValidationError", Assert.Single(result.ErrorIds));
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void Log_ContainerMissing_IsANonTerminatingContainerNotFound_AndTheOthersLogsAreRead()
    {
        AnswerLogs(id => id == "nope" ? throw EngineAnswers.NoSuchContainer("nope") : FakeStreams.Multiplexed(new[] { (false, Stamped(id + " says hi")) }));

        var result = runner.Run("Get-DockerContainerLog", Parameters().With("Name", new[] { "web", "nope", "db" }));

        Assert.Null(result.Terminating);
        var error = AssertError(Assert.Single(result.Errors), "ContainerNotFound", ErrorCategory.ObjectNotFound, "nope");
        Assert.Equal("No such container: nope", Message(error));
        Assert.Equal(new[] { ("web", "web says hi"), ("db", "db says hi") }, Lines(result.Output).Select(line => (line.Container, line.Text)));
    }

    [Fact]
    public void Log_EngineRefusals_AreEachContainersOwnError_WrittenAsDockerPSWordsThem_AndTheOthersAreRead()
    {
        AnswerLogs(id => id switch
        {
            "nope" => throw EngineAnswers.NoSuchContainer("nope"),
            "nolog" => throw EngineAnswers.Refusal(HttpStatusCode.NotImplemented, "configured logging driver does not support reading"),
            "abc" => throw EngineAnswers.Refusal(HttpStatusCode.BadRequest, "multiple IDs found with provided prefix: abc"),
            _ => FakeStreams.Multiplexed(new[] { (false, Stamped(id + " says hi")) }),
        });

        var result = runner.Run("Get-DockerContainerLog", Parameters().With("Name", new[] { "nope", "nolog", "abc", "web" }));

        Assert.Null(result.Terminating);
        Assert.Equal(new[] { "ContainerNotFound", "DockerApi.NotImplemented", "AmbiguousContainerReference" }, result.ErrorIds);
        Assert.Equal(new object[] { "nope", "nolog", "abc" }, result.Errors.Select(error => error.TargetObject));
        Assert.Contains("does not support reading", Message(result.Errors[1]));
        Assert.Equal(new[] { ("web", "web says hi") }, Lines(result.Output).Select(line => (line.Container, line.Text)));
    }

    [Fact]
    public async Task Log_Follow_ContainerMissing_IsWrittenAtOnce_WhileTheOthersAreStillFollowed()
    {
        var stream = new FeedStream();
        AnswerLogs(id => id == "typo" ? throw EngineAnswers.NoSuchContainer("typo") : stream.AsMultiplexed());
        await using var follow = Follow("web", "typo");
        stream.Send(Stamped("web 1"));
        Assert.Equal(("web", "web 1"), await follow.NextAsync());

        // web's stream is still open: the error for typo must not wait for it.
        Assert.True(SpinWait.SpinUntil(() => follow.Shell.Streams.Error.Count == 1, Patience), "the error should be written while web is followed");
        var error = follow.Shell.Streams.Error.Single();
        Assert.Equal("ContainerNotFound,DockerPS.Commands.GetDockerContainerLogCommand", error.FullyQualifiedErrorId);
        Assert.Equal("typo", error.TargetObject);

        stream.End();
        var finished = await follow.EndAsync();
        Assert.Equal(PSInvocationState.Completed, finished.State);
        Assert.Single(finished.Errors);
    }

    [Fact]
    public void Log_Follow_ContainerMissing_IsANonTerminatingContainerNotFound_AndTheOthersAreFollowedToTheirEnd()
    {
        AnswerLogs(id => id == "nope" ? throw EngineAnswers.NoSuchContainer("nope") : FakeStreams.Multiplexed(new[] { (false, Stamped(id + " 1")), (false, Stamped(id + " 2")) }));

        var result = runner.Run("Get-DockerContainerLog", Parameters().With("Name", new[] { "web", "nope", "db" }).With("Follow", true));

        Assert.Null(result.Terminating);
        var error = AssertError(Assert.Single(result.Errors), "ContainerNotFound", ErrorCategory.ObjectNotFound, "nope");
        Assert.Equal("No such container: nope", Message(error));

        // Followed at once, the two logs may interleave; each keeps its own order.
        var lines = Lines(result.Output).ToList();
        Assert.Equal(new[] { "web 1", "web 2" }, lines.Where(line => line.Container == "web").Select(line => line.Text));
        Assert.Equal(new[] { "db 1", "db 2" }, lines.Where(line => line.Container == "db").Select(line => line.Text));
        Assert.Equal(4, lines.Count);

        // A followed log waits between lines: never over the burst client.
        Assert.Empty(engine.BurstCalls);
    }

    [Fact]
    public void Log_EngineUnreachable_IsTerminatingEngineUnreachable()
    {
        var address = NowhereAddress();

        var result = runner.Run("Get-DockerContainerLog", new Hashtable { ["HostAddress"] = address, ["Name"] = new[] { "web", "db" } });

        Assert.Empty(result.Errors);
        Assert.Equal("EngineUnreachable", result.Terminating!.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.ConnectionError, result.Terminating.CategoryInfo.Category);
        Assert.Equal($"Cannot connect to the Docker daemon at {address}. Is the docker daemon running?", Message(result.Terminating));
    }

    [Theory]
    [MemberData(nameof(NotContainerKinds))]
    public void Log_PipedObjectThatIsNoContainer_IsRefusedInItsPlace_AndNoEngineIsAsked(string kind)
    {
        // A DockerContainerLogLine names its container, but is a line: it is refused rather than read as "web".
        AnswerLogs(_ => FakeStreams.Multiplexed(new[] { (false, Stamped("hi")) }));

        var result = runner.Run("Get-DockerContainerLog", Parameters(), new[] { Piped(kind, engine) });

        AssertRefusedAsNotAContainer(result, kind, engine);
    }

    [Theory]
    [MemberData(nameof(NotContainerKinds))]
    public void Log_Follow_PipedObjectThatIsNoContainer_IsRefusedToo(string kind)
    {
        AnswerLogs(_ => FakeStreams.Multiplexed(new[] { (false, Stamped("hi")) }));

        var result = runner.Run("Get-DockerContainerLog", Parameters().With("Follow", true), new[] { Piped(kind, engine) });

        AssertRefusedAsNotAContainer(result, kind, engine);
    }

    [Theory]
    [MemberData(nameof(ContainerKindsData))]
    public void Log_PipedContainerOrExit_IsReadAtTheEngineItCameFrom(string kind)
    {
        AnswerLogs(id => FakeStreams.Multiplexed(new[] { (false, Stamped(id + " says hi")) }));

        var result = runner.Run("Get-DockerContainerLog", new Hashtable { ["HostAddress"] = NowhereAddress() }, new[] { Piped(kind, engine) });

        Assert.Empty(result.ErrorIds);
        var line = Assert.Single(Lines(result.Output));
        Assert.Equal(("web", "web says hi"), (line.Container, line.Text));
        Assert.Equal(new[] { "Containers.GetContainerLogsAsync" }, engine.BurstCalls);
    }

    [Fact]
    public async Task Log_Follow_SeveralContainers_AreReadAtOnce_TheirLinesInterleavedAsTheStreamsDeliverThem()
    {
        // Each line is sent only once the previous one was written: read one after the other, b's first line
        // would never come while a's stream is open, and the test would time out.
        var streams = new Dictionary<string, FeedStream> { ["a"] = new(), ["b"] = new() };
        AnswerLogs(id => streams[id].AsMultiplexed());
        await using var follow = Follow("a", "b");

        streams["a"].Send(Stamped("a1", 1));
        Assert.Equal(("a", "a1"), await follow.NextAsync());
        streams["b"].Send(Stamped("b1", 2));
        Assert.Equal(("b", "b1"), await follow.NextAsync());
        streams["a"].Send(Stamped("a2", 3));
        Assert.Equal(("a", "a2"), await follow.NextAsync());

        // b stops first; a goes on, and the cmdlet ends when the last stream does.
        streams["b"].End();
        streams["a"].Send(Stamped("a3", 4), isError: true);
        Assert.Equal(("a", "a3"), await follow.NextAsync());
        streams["a"].End();

        var finished = await follow.EndAsync();
        Assert.Equal(PSInvocationState.Completed, finished.State);
        Assert.Empty(finished.Errors);
        Assert.All(engine.Containers.Calls, call => Assert.True(((ContainerLogsParameters)call.Arguments[1]!).Follow));
    }

    [Fact]
    public async Task Log_Follow_CtrlC_StopsReadingEveryStreamAtOnce()
    {
        var streams = new Dictionary<string, FeedStream> { ["a"] = new(), ["b"] = new() };
        AnswerLogs(id => streams[id].AsMultiplexed());
        await using var follow = Follow("a", "b");
        streams["a"].Send(Stamped("a1"));
        streams["b"].Send(Stamped("b1"));
        await follow.NextAsync();
        await follow.NextAsync();

        follow.Shell.Stop();

        var finished = await follow.EndAsync();
        Assert.Equal(PSInvocationState.Stopped, finished.State);
        await Task.WhenAll(streams["a"].ReadCancelled, streams["b"].ReadCancelled).WaitAsync(Patience);
    }

    private Hashtable Parameters() => new() { ["HostAddress"] = engine.Address };

    private void AnswerLogs(Func<string, MultiplexedStream> logs) =>
        engine.Containers.On(nameof(IContainerOperations.GetContainerLogsAsync), (string id, ContainerLogsParameters _, CancellationToken __) => Task.FromResult(logs(id)));

    private static IEnumerable<DockerContainerLogLine> Lines(IEnumerable<object> output) => output.Cast<DockerContainerLogLine>();

    /// <summary>Starts Get-DockerContainerLog -Follow on the names; its lines can be awaited one by one as they are written.</summary>
    private FollowRun Follow(params string[] names)
    {
        var shell = PowerShell.Create();
        shell.Runspace = runner.Runspace;
        shell.AddCommand("Get-DockerContainerLog").AddParameters(Parameters().With("Name", names).With("Follow", true));
        return new FollowRun(shell);
    }

    /// <summary>A -Follow run in progress: each line written goes to a channel the test reads, without polling.</summary>
    private sealed class FollowRun : IAsyncDisposable
    {
        private readonly Channel<DockerContainerLogLine> lines = Channel.CreateUnbounded<DockerContainerLogLine>();
        private readonly PSDataCollection<PSObject> output = new();
        private readonly IAsyncResult invocation;

        public FollowRun(PowerShell shell)
        {
            Shell = shell;
            output.DataAdded += (_, added) => lines.Writer.TryWrite((DockerContainerLogLine)output[added.Index].BaseObject);
            invocation = shell.BeginInvoke<PSObject, PSObject>(null, output);
        }

        public PowerShell Shell { get; }

        public async Task<(string Container, string Text)> NextAsync()
        {
            using var patience = new CancellationTokenSource(Patience);
            var line = await lines.Reader.ReadAsync(patience.Token);
            return (line.Container, line.Text);
        }

        public async Task<(PSInvocationState State, IReadOnlyList<ErrorRecord> Errors)> EndAsync()
        {
            var ended = await Task.Run(() => invocation.AsyncWaitHandle.WaitOne(Patience));
            Assert.True(ended, "the cmdlet should have ended");
            return (Shell.InvocationStateInfo.State, Shell.Streams.Error.ToList());
        }

        public ValueTask DisposeAsync()
        {
            if (!invocation.IsCompleted)
            {
                Shell.Stop();
            }

            Shell.Dispose();
            output.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
