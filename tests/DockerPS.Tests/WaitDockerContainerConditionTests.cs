using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Tests.Fakes;
using Xunit;
using static DockerPS.Tests.ContainerTestKit;

namespace DockerPS.Tests;

/// <summary>
/// Wait-DockerContainer -Condition against a fake engine, several containers at once: NextExit and Removed ask the
/// engine's own wait for those conditions and write the exit, Healthy and Running look at inspect until the state holds
/// and write the container read again; a container with no health check, one that turns unhealthy and one that exits
/// are errors of their own at once, and -Timeout gives up on each container still waiting. Each container is written
/// as soon as its condition holds, not in input order.
/// </summary>
public sealed class WaitDockerContainerConditionTests : IClassFixture<CmdletRunner>, IDisposable
{
    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();

    // What each container's inspect answers, look after look (the last answer repeats), and how often each was looked at.
    private readonly ConcurrentDictionary<string, ContainerInspectResponse[]> states = new();
    private readonly ConcurrentDictionary<string, int> looks = new();

    public WaitDockerContainerConditionTests(CmdletRunner runner) => this.runner = runner;

    public static TheoryData<string> NotContainerKinds => new(NotContainers);

    public void Dispose() => engine.Dispose();

    // ---- Healthy ----

    [Fact]
    public void Healthy_EachContainerIsWrittenOnceHealthy_ReadAgain_AsSoonAsItIs()
    {
        AnswerStates(
            ("slow", new[] { Starting("slow"), Starting("slow"), Healthy("slow") }),
            ("quick", new[] { Healthy("quick") }),
            ("middle", new[] { Starting("middle"), Healthy("middle") }));

        var result = Run(DockerWaitCondition.Healthy, "slow", "quick", "middle");

        Assert.Empty(result.ErrorIds);
        var written = result.Output.Cast<DockerContainer>().ToList();
        Assert.Equal(new[] { "quick", "middle", "slow" }, written.Select(container => container.Name));
        Assert.All(written, container => Assert.Equal("healthy", container.Health));
        Assert.All(written, container => Assert.Equal(engine.Endpoint, container.Endpoint));
        Assert.Equal(3, looks["slow"]);
        Assert.Equal(1, looks["quick"]);
        Assert.Empty(engine.RawCalls);
    }

    [Fact]
    public void Healthy_ContainerWithoutAHealthCheck_IsNoHealthcheck_AtTheFirstLook_AndTheOthersStillWait()
    {
        var none = Running("none");
        none.Config = new ContainerConfig { Healthcheck = new HealthcheckConfig { Test = new List<string> { "NONE" } } };
        AnswerStates(("plain", new[] { Running("plain") }), ("none", new[] { none }), ("ok", new[] { Starting("ok"), Healthy("ok") }));

        var result = Run(DockerWaitCondition.Healthy, "plain", "ok", "none");

        Assert.Null(result.Terminating);
        Assert.Equal(2, result.Errors.Count);
        var error = AssertError(result.Errors[0], "NoHealthcheck", ErrorCategory.InvalidOperation, "plain");
        Assert.Contains("Container plain has no health check", Message(error));
        AssertError(result.Errors[1], "NoHealthcheck", ErrorCategory.InvalidOperation, "none");
        Assert.Equal(new[] { "ok" }, Names(result));
        Assert.Equal(1, looks["plain"]);
        Assert.Equal(1, looks["none"]);
    }

    [Fact]
    public void Healthy_ContainerTurningUnhealthy_IsContainerUnhealthy_SayingWhatTheLastCheckSaid()
    {
        var sick = WithHealth(Running("sick"), "unhealthy");
        sick.State!.Health!.FailingStreak = 3;
        sick.State.Health.Log = new List<HealthcheckResult> { new() { ExitCode = 1, Output = "connection refused\n" } };
        AnswerStates(("sick", new[] { Starting("sick"), sick }), ("ok", new[] { Healthy("ok") }));

        var result = Run(DockerWaitCondition.Healthy, "sick", "ok");

        var error = AssertError(Assert.Single(result.Errors), "ContainerUnhealthy", ErrorCategory.InvalidResult, "sick");
        Assert.Equal("Container sick is unhealthy: 3 health checks failed in a row; the last exited with code 1 and said: connection refused.", Message(error));
        Assert.Equal(new[] { "ok" }, Names(result));
    }

    [Theory]
    [InlineData(DockerWaitCondition.Healthy, "healthy")]
    [InlineData(DockerWaitCondition.Running, "running")]
    public void StateCondition_ContainerThatExits_IsContainerExited_WithItsExitCode(DockerWaitCondition condition, string word)
    {
        var exited = WithHealthcheck(EngineAnswers.Inspect("crash", "exited"));
        exited.State!.ExitCode = 3;
        AnswerStates(("crash", new[] { WithHealthcheck(EngineAnswers.Inspect("crash", "created")), exited }), ("ok", new[] { Healthy("ok") }));

        var result = Run(condition, "crash", "ok");

        var error = AssertError(Assert.Single(result.Errors), "ContainerExited", ErrorCategory.InvalidResult, "crash");
        Assert.Equal($"Container crash exited with code 3 before it was {word}.", Message(error));
        Assert.Equal(new[] { "ok" }, Names(result));
    }

    [Fact]
    public void Healthy_Timeout_IsWaitTimedOut_ForEachContainerStillStarting_NamingIt_AndTheOthersAreWritten()
    {
        AnswerStates(("late1", new[] { Starting("late1") }), ("ok", new[] { Healthy("ok") }), ("late2", new[] { Starting("late2") }));

        var result = Run(DockerWaitCondition.Healthy, new[] { "late1", "ok", "late2" }, timeout: 1);

        Assert.Null(result.Terminating);
        Assert.Equal(2, result.Errors.Count);

        // Both time out at the same moment: written as each gives up, in either order.
        var errors = result.Errors.OrderBy(error => error.TargetObject as string, StringComparer.Ordinal).ToList();
        var first = AssertError(errors[0], "WaitTimedOut", ErrorCategory.OperationTimeout, "late1");
        Assert.Equal("Container late1 was not healthy after 1 seconds (health: starting).", Message(first));
        AssertError(errors[1], "WaitTimedOut", ErrorCategory.OperationTimeout, "late2");
        Assert.Equal(new[] { "ok" }, Names(result));

        // Giving up leaves the containers as they are: only looked at.
        Assert.All(engine.Containers.Calls, call => Assert.Contains(call.Method, new[] { nameof(IContainerOperations.InspectContainerAsync), nameof(IContainerOperations.ListContainersAsync) }));
    }

    [Fact]
    public void Healthy_ContainerRemovedWhileWaitedOn_IsContainerNotFound()
    {
        engine.Containers.On(nameof(IContainerOperations.InspectContainerAsync), (string id, CancellationToken _) =>
            looks.AddOrUpdate(id, 1, (_, count) => count + 1) == 1
                ? Task.FromResult(Starting(id))
                : Task.FromException<ContainerInspectResponse>(EngineAnswers.NoSuchContainer(id)));

        var result = Run(DockerWaitCondition.Healthy, "gone");

        AssertError(Assert.Single(result.Errors), "ContainerNotFound", ErrorCategory.ObjectNotFound, "gone");
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Healthy_CtrlC_StopsEveryWaitAtOnce()
    {
        AnswerStates(("a", new[] { Starting("a") }), ("b", new[] { Starting("b") }));

        using var shell = PowerShell.Create();
        shell.Runspace = runner.Runspace;
        shell.AddCommand("Wait-DockerContainer").AddParameters(new Hashtable { ["HostAddress"] = engine.Address, ["Name"] = new[] { "a", "b" }, ["Condition"] = "Healthy" });
        var invocation = shell.BeginInvoke();
        Assert.True(SpinWait.SpinUntil(() => looks.Count == 2, TimeSpan.FromSeconds(10)), "both containers should be looked at");

        shell.Stop();

        Assert.True(invocation.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(10)), "the pipeline should stop");
        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
        Assert.Empty(shell.Streams.Error);
    }

    // ---- Running ----

    [Fact]
    public void Running_IsWrittenOnceRunning_APausedOneWaits_UntilTheTimeout()
    {
        var paused = Running("paused");
        paused.State!.Status = "paused";
        paused.State.Paused = true;
        AnswerStates(
            ("later", new[] { EngineAnswers.Inspect("later", "created"), EngineAnswers.Inspect("later", "created"), Running("later") }),
            ("paused", new[] { paused }),
            ("now", new[] { Running("now") }));

        var result = Run(DockerWaitCondition.Running, new[] { "later", "paused", "now" }, timeout: 1);

        Assert.Equal(new[] { "now", "later" }, Names(result));
        Assert.All(result.Output.Cast<DockerContainer>(), container => Assert.Equal("running", container.State));
        var error = AssertError(Assert.Single(result.Errors), "WaitTimedOut", ErrorCategory.OperationTimeout, "paused");
        Assert.Equal("Container paused was not running after 1 seconds (paused).", Message(error));
    }

    [Fact]
    public void Running_NeedsNoHealthCheck()
    {
        AnswerStates(("plain", new[] { Running("plain") }));

        var result = Run(DockerWaitCondition.Running, "plain");

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "plain" }, Names(result));
    }

    // ---- NextExit and Removed: the engine's wait conditions ----

    [Theory]
    [InlineData(DockerWaitCondition.NextExit, "next-exit")]
    [InlineData(DockerWaitCondition.Removed, "removed")]
    public void ExitCondition_AsksTheEnginesWaitForIt_AndWritesEachExit_AsItComes(DockerWaitCondition condition, string asked)
    {
        engine.OnRaw(async (HttpMethod method, string path, CancellationToken token) =>
        {
            Assert.Equal(HttpMethod.Post, method);
            var name = path.Split('/')[1];
            await Task.Delay(name == "first" ? 300 : 0, token);
            return (HttpStatusCode.OK, name == "oom"
                ? "{\"StatusCode\":137,\"Error\":{\"Message\":\"container killed\"}}"
                : $"{{\"StatusCode\":{name.Length},\"Error\":null}}");
        });

        var result = Run(condition, "first", "oom", "ab");

        Assert.Empty(result.ErrorIds);
        var exits = result.Output.Cast<DockerContainerExit>().ToList();
        // first's wait answers last: it is written last.
        Assert.Equal(("first", 5L, (string?)null), (exits[2].Name, exits[2].ExitCode, exits[2].Error));
        Assert.Equal(new[] { ("ab", 2L, (string?)null), ("oom", 137L, "container killed") }, exits.Take(2).Select(exit => (exit.Name, exit.ExitCode, exit.Error)).OrderBy(exit => exit.Name));
        Assert.All(exits, exit => Assert.Equal(engine.Endpoint, exit.Endpoint));
        Assert.Equal(new[] { "ab", "first", "oom" }.Select(name => $"POST containers/{name}/wait?condition={asked}"), engine.RawCalls.OrderBy(call => call, StringComparer.Ordinal));
        Assert.Empty(engine.Containers.Calls);
    }

    [Fact]
    public void ExitCondition_ContainerMissing_IsContainerNotFound_AndTheOthersAreWaitedFor()
    {
        engine.OnRaw((HttpMethod _, string path) => path.StartsWith("containers/nope/", StringComparison.Ordinal)
            ? (HttpStatusCode.NotFound, "{\"message\":\"No such container: nope\"}")
            : (HttpStatusCode.OK, "{\"StatusCode\":0,\"Error\":null}"));

        var result = Run(DockerWaitCondition.Removed, "a", "nope", "b");

        var error = AssertError(Assert.Single(result.Errors), "ContainerNotFound", ErrorCategory.ObjectNotFound, "nope");
        Assert.Equal("Error response from daemon: No such container: nope", Message(error));
        Assert.Equal(new[] { "a", "b" }, result.Output.Cast<DockerContainerExit>().Select(exit => exit.Name));
    }

    [Theory]
    [InlineData(DockerWaitCondition.NextExit, "Container late had not exited after 1 seconds.")]
    [InlineData(DockerWaitCondition.Removed, "Container late had not been removed after 1 seconds.")]
    public void ExitCondition_Timeout_IsWaitTimedOut_ForTheLateOne(DockerWaitCondition condition, string message)
    {
        engine.OnRaw(async (HttpMethod _, string path, CancellationToken token) => path.StartsWith("containers/late/", StringComparison.Ordinal)
            ? await EngineAnswers.Forever<(HttpStatusCode, string)>(token)
            : (HttpStatusCode.OK, "{\"StatusCode\":0,\"Error\":null}"));

        var result = Run(condition, new[] { "early", "late" }, timeout: 1);

        var error = AssertError(Assert.Single(result.Errors), "WaitTimedOut", ErrorCategory.OperationTimeout, "late");
        Assert.Equal(message, Message(error));
        Assert.Equal(new[] { "early" }, result.Output.Cast<DockerContainerExit>().Select(exit => exit.Name));
    }

    [Fact]
    public void Removed_OnPodman_WritesTheExitOfItsNotRunningWait_ForItsRemovedWaitAnswersZero()
    {
        using var podman = new FakeEngine(podman: true);
        podman.OnRaw(async (HttpMethod _, string path, CancellationToken token) =>
        {
            // The exit comes before the removal, as on the engine; the removed wait says 0 as Podman's does.
            await Task.Delay(path.EndsWith("condition=removed", StringComparison.Ordinal) ? 200 : 0, token);
            return (HttpStatusCode.OK, path.EndsWith("condition=not-running", StringComparison.Ordinal)
                ? "{\"StatusCode\":6,\"Error\":null}"
                : "{\"StatusCode\":0,\"Error\":null}");
        });

        var result = runner.Run("Wait-DockerContainer", new Hashtable { ["HostAddress"] = podman.Address, ["Name"] = "job", ["Condition"] = DockerWaitCondition.Removed });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(6L, Assert.IsType<DockerContainerExit>(Assert.Single(result.Output)).ExitCode);
        Assert.Equal(
            new[] { "POST containers/job/wait?condition=not-running", "POST containers/job/wait?condition=removed" },
            podman.RawCalls.OrderBy(call => call, StringComparer.Ordinal));
    }

    [Fact]
    public void Removed_OnPodman_ContainerGoneBeforeItsExitWasAsked_KeepsPodmansAnswer_AndAMissingOneIsContainerNotFound()
    {
        using var podman = new FakeEngine(podman: true);
        podman.OnRaw((HttpMethod _, string path) =>
            path.StartsWith("containers/nope/", StringComparison.Ordinal) || path.EndsWith("condition=not-running", StringComparison.Ordinal)
                ? (HttpStatusCode.NotFound, "{\"message\":\"no container with that name or ID found: no such container\"}")
                : (HttpStatusCode.OK, "{\"StatusCode\":0,\"Error\":null}"));

        var result = runner.Run("Wait-DockerContainer", new Hashtable { ["HostAddress"] = podman.Address, ["Name"] = new[] { "gone", "nope" }, ["Condition"] = DockerWaitCondition.Removed });

        AssertError(Assert.Single(result.Errors), "ContainerNotFound", ErrorCategory.ObjectNotFound, "nope");
        var exit = Assert.IsType<DockerContainerExit>(Assert.Single(result.Output));
        Assert.Equal(("gone", 0L), (exit.Name, exit.ExitCode));
    }

    [Fact]
    public void NotRunning_IsTheDefault_AndKeepsDockerWait()
    {
        engine.Containers.On(nameof(IContainerOperations.WaitContainerAsync), (string id, CancellationToken _) => Task.FromResult(new ContainerWaitResponse { StatusCode = 4 }));

        var result = runner.Run("Wait-DockerContainer", new Hashtable { ["HostAddress"] = engine.Address, ["Name"] = "a" });

        Assert.Equal(4L, Assert.IsType<DockerContainerExit>(Assert.Single(result.Output)).ExitCode);
        Assert.Empty(engine.RawCalls);
    }

    // ---- Bad input ----

    [Fact]
    public void ConditionThatIsNoCondition_IsAParameterError_AndNoEngineIsAsked()
    {
        var result = runner.Run("Wait-DockerContainer", new Hashtable { ["HostAddress"] = engine.Address, ["Name"] = "a", ["Condition"] = "Happy" });

        Assert.Equal("CannotConvertArgumentNoMessage", Assert.Single(result.ErrorIds));
        Assert.Equal(0, engine.CallCount);
    }

    [Theory]
    [MemberData(nameof(NotContainerKinds))]
    public void Healthy_PipedObjectThatIsNoContainer_IsWrongObjectType_AndNoEngineIsAsked(string kind)
    {
        var result = runner.Run("Wait-DockerContainer", new Hashtable { ["HostAddress"] = engine.Address, ["Condition"] = "Healthy" }, new[] { Piped(kind, engine) });

        AssertRefusedAsNotAContainer(result, kind, engine);
    }

    // ---- Helpers ----

    private RunResult Run(DockerWaitCondition condition, params string[] names) => Run(condition, names, timeout: 0);

    private RunResult Run(DockerWaitCondition condition, string[] names, int timeout)
    {
        var parameters = new Hashtable { ["HostAddress"] = engine.Address, ["Name"] = names, ["Condition"] = condition };
        if (timeout > 0)
        {
            parameters["Timeout"] = timeout;
        }

        return runner.Run("Wait-DockerContainer", parameters);
    }

    /// <summary>Inspect answers each container's states in turn (the last one from then on); the container read back is the one listed by its id.</summary>
    private void AnswerStates(params (string Name, ContainerInspectResponse[] States)[] containers)
    {
        foreach (var (name, answers) in containers)
        {
            states[name] = answers;
        }

        engine.Containers.On(nameof(IContainerOperations.InspectContainerAsync), (string id, CancellationToken _) =>
        {
            var look = looks.AddOrUpdate(id, 1, (_, count) => count + 1);
            var answers = states[id];
            return Task.FromResult(answers[Math.Min(look, answers.Length) - 1]);
        });
        engine.Containers.On(nameof(IContainerOperations.ListContainersAsync), (ContainersListParameters parameters, CancellationToken _) =>
        {
            var id = parameters.Filters!["id"].Keys.Single();
            var name = states.Keys.Single(candidate => EngineAnswers.IdOf(candidate) == id);
            var listed = EngineAnswers.Container(name);
            listed.Status = states[name][^1].State!.Health?.Status == "healthy" ? "Up 1 minute (healthy)" : "Up 1 minute";
            return EngineAnswers.ListOf(listed);
        });
    }

    private static ContainerInspectResponse Running(string name) => EngineAnswers.Inspect(name);

    private static ContainerInspectResponse Starting(string name) => WithHealth(Running(name), "starting");

    private static ContainerInspectResponse Healthy(string name) => WithHealth(Running(name), "healthy");

    private static ContainerInspectResponse WithHealth(ContainerInspectResponse inspect, string status)
    {
        WithHealthcheck(inspect).State!.Health = new Health { Status = status };
        return inspect;
    }

    private static ContainerInspectResponse WithHealthcheck(ContainerInspectResponse inspect)
    {
        inspect.Config = new ContainerConfig { Healthcheck = new HealthcheckConfig { Test = new List<string> { "CMD-SHELL", "true" } } };
        return inspect;
    }

    private static IEnumerable<string> Names(RunResult result) => result.Output.Cast<DockerContainer>().Select(container => container.Name);
}
