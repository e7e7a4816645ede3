using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Tests.Fakes;
using Xunit;
using static DockerPS.Tests.ContainerTestKit;

namespace DockerPS.Tests;

/// <summary>
/// Wait-DockerContainer's own error paths against a fake engine: -Timeout gives up per container, bad values never
/// reach the engine, Ctrl+C ends a wait that would last forever. What it shares with the other batch cmdlets
/// (missing containers, piped objects, an unreachable engine) is in ContainerStateErrorPathTests.
/// </summary>
public sealed class WaitDockerContainerTests : IClassFixture<CmdletRunner>, IDisposable
{
    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();

    // One runspace for the class: the tests run one after another; none leaves state behind in it.
    public WaitDockerContainerTests(CmdletRunner runner) => this.runner = runner;

    public void Dispose() => engine.Dispose();

    [Fact]
    public void Wait_Timeout_IsANonTerminatingWaitTimedOut_ForTheContainerStillRunning_AndTheOthersExitsAreWritten()
    {
        var gaveUp = 0;
        engine.Containers.On(nameof(IContainerOperations.WaitContainerAsync), async (string id, CancellationToken token) =>
        {
            if (id != "b")
            {
                return new ContainerWaitResponse { StatusCode = id == "a" ? 0 : 3 };
            }

            try
            {
                return await EngineAnswers.Forever<ContainerWaitResponse>(token);
            }
            finally
            {
                Interlocked.Increment(ref gaveUp);
            }
        });

        // -Timeout takes whole seconds, at least 1: this test takes that second.
        var result = runner.Run("Wait-DockerContainer", new Hashtable { ["HostAddress"] = engine.Address, ["Name"] = new[] { "a", "b", "c" }, ["Timeout"] = 1 });

        Assert.Null(result.Terminating);
        var error = AssertError(Assert.Single(result.Errors), "WaitTimedOut", ErrorCategory.OperationTimeout, "b");
        Assert.Contains("Container b was still running after 1 second", Message(error));
        Assert.Equal(new[] { ("a", 0L), ("c", 3L) }, result.Output.Cast<DockerContainerExit>().Select(exit => (exit.Name, exit.ExitCode)));
        Assert.Equal(1, Volatile.Read(ref gaveUp));

        // Giving up leaves the container as it is: only waits were asked for.
        Assert.All(engine.Containers.Calls, call => Assert.Equal(nameof(IContainerOperations.WaitContainerAsync), call.Method));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Wait_TimeoutBelowOneSecond_IsAParameterError_AndNoEngineIsAsked(int timeout)
    {
        var result = runner.Run("Wait-DockerContainer", new Hashtable { ["HostAddress"] = engine.Address, ["Name"] = new[] { "a" }, ["Timeout"] = timeout });

        Assert.Equal("ParameterArgumentValidationError", Assert.Single(result.ErrorIds));
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void Wait_CtrlC_StopsEveryWaitAtOnce_AndTouchesNoContainer()
    {
        using var waiting = new CountdownEvent(2);
        using var givenUp = new CountdownEvent(2);
        engine.Containers.On(nameof(IContainerOperations.WaitContainerAsync), async (string _, CancellationToken token) =>
        {
            waiting.Signal();
            try
            {
                return await EngineAnswers.Forever<ContainerWaitResponse>(token);
            }
            finally
            {
                givenUp.Signal();
            }
        });

        using var shell = PowerShell.Create();
        shell.Runspace = runner.Runspace;
        shell.AddCommand("Wait-DockerContainer").AddParameters(new Hashtable { ["HostAddress"] = engine.Address, ["Name"] = new[] { "a", "b" } });
        var invocation = shell.BeginInvoke();
        Assert.True(waiting.Wait(TimeSpan.FromSeconds(10)), "both waits should be in flight");

        shell.Stop();

        Assert.True(invocation.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(10)), "the pipeline should stop");
        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);

        // The pipeline may report itself stopped before the last wait has seen the cancellation; each does see it.
        Assert.True(givenUp.Wait(TimeSpan.FromSeconds(10)), "every wait should be cancelled");
        Assert.Empty(shell.Streams.Error);
        Assert.Equal(2, engine.CallCount);
    }
}
