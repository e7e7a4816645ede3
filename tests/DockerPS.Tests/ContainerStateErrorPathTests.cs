using System;
using System.Collections;
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
/// The error paths of the cmdlets that act on containers one by one (Start, Stop, Restart, Suspend, Resume, Wait,
/// Remove, Set), against a fake engine: what they share as batches first, then each cmdlet's own. Wait and Remove have
/// more in WaitDockerContainerTests and RemoveDockerContainerTests.
/// </summary>
public sealed class ContainerStateErrorPathTests : IClassFixture<CmdletRunner>, IDisposable
{
    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();

    // One runspace for the class: the tests run one after another; none leaves state behind in it.
    public ContainerStateErrorPathTests(CmdletRunner runner) => this.runner = runner;

    public static TheoryData<string> BatchCmdlets => new()
    {
        "Start-DockerContainer", "Stop-DockerContainer", "Restart-DockerContainer", "Suspend-DockerContainer", "Resume-DockerContainer", "Wait-DockerContainer", "Remove-DockerContainer",
        "Set-DockerContainer",
    };

    public static TheoryData<string> StateCmdlets => new()
    {
        "Start-DockerContainer", "Stop-DockerContainer", "Restart-DockerContainer", "Suspend-DockerContainer", "Resume-DockerContainer",
        "Set-DockerContainer",
    };

    public static TheoryData<string, string> BatchCmdletsAndNotContainers()
    {
        var data = new TheoryData<string, string>();
        foreach (var cmdlet in BatchCmdlets)
        {
            foreach (var kind in NotContainers)
            {
                data.Add(cmdlet, kind);
            }
        }

        return data;
    }

    public static TheoryData<string, string> BatchCmdletsAndContainers()
    {
        var data = new TheoryData<string, string>();
        foreach (var cmdlet in BatchCmdlets)
        {
            foreach (var kind in ContainerKinds)
            {
                data.Add(cmdlet, kind);
            }
        }

        return data;
    }

    public void Dispose()
    {
        engine.Dispose();
    }

    // ---- What every batch cmdlet shares ----

    [Theory]
    [MemberData(nameof(BatchCmdlets))]
    public void Batch_ContainerMissing_IsANonTerminatingContainerNotFound_AndTheOthersAreActedOn(string cmdlet)
    {
        Answer(cmdlet, id => id == "b" ? Task.FromException(EngineAnswers.NoSuchContainer("b")) : Task.CompletedTask);

        var result = runner.Run(cmdlet, Parameters(cmdlet).With("Name", new[] { "a", "b", "c" }));

        Assert.Null(result.Terminating);
        var error = AssertError(Assert.Single(result.Errors), "ContainerNotFound", ErrorCategory.ObjectNotFound, "b");
        Assert.Equal("Error response from daemon: No such container: b", Message(error));
        Assert.Equal(new[] { "a", "b", "c" }, engine.Containers.Calls.Where(call => call.Method == MethodOf(cmdlet)).Select(call => (string)call.Arguments[0]!));
        if (cmdlet == "Wait-DockerContainer")
        {
            Assert.Equal(new[] { "a", "c" }, result.Output.Cast<DockerContainerExit>().Select(exit => exit.Name));
        }
        else
        {
            Assert.Empty(result.Output);
        }
    }

    [Theory]
    [MemberData(nameof(BatchCmdletsAndNotContainers))]
    public void Batch_PipedObjectThatIsNoContainer_IsRefusedInItsPlace_AndNoEngineIsAsked(string cmdlet, string kind)
    {
        // The objects look like the container "web" (a context named web, an image web:latest …): taken for a name,
        // they would reach the fake engine, which would answer.
        Answer(cmdlet, _ => Task.CompletedTask);

        var result = runner.Run(cmdlet, Parameters(cmdlet), new[] { Piped(kind, engine) });

        AssertRefusedAsNotAContainer(result, kind, engine);
    }

    [Theory]
    [MemberData(nameof(BatchCmdletsAndContainers))]
    public void Batch_PipedContainerOrExit_IsActedOnAtTheEngineItCameFrom(string cmdlet, string kind)
    {
        Answer(cmdlet, _ => Task.CompletedTask);

        // -HostAddress names an engine nobody listens on: only the object's own engine can answer.
        var result = runner.Run(cmdlet, Parameters(cmdlet).With("HostAddress", NowhereAddress()), new[] { Piped(kind, engine) });

        Assert.Empty(result.ErrorIds);
        var call = Assert.Single(engine.Containers.Calls);
        Assert.Equal(MethodOf(cmdlet), call.Method);
        Assert.Equal("web", call.Arguments[0]);
    }

    [Theory]
    [MemberData(nameof(BatchCmdlets))]
    public void Batch_EngineUnreachable_IsOneTerminatingEngineUnreachable_NotOneErrorPerContainer(string cmdlet)
    {
        var address = NowhereAddress();

        var result = runner.Run(cmdlet, Parameters(cmdlet).With("HostAddress", address).With("Name", new[] { "a", "b", "c" }));

        Assert.Empty(result.Errors);
        Assert.NotNull(result.Terminating);
        AssertError(result.Terminating!, "EngineUnreachable", ErrorCategory.ConnectionError, "a");
        Assert.Equal($"Cannot connect to the Docker daemon at {address}. Is the docker daemon running?", Message(result.Terminating!));
    }

    [Theory]
    [MemberData(nameof(BatchCmdlets))]
    public void Batch_ConflictingEngineOptions_AreTerminating_BeforeAnyContainerIsTouched(string cmdlet)
    {
        var result = runner.Run(cmdlet, Parameters(cmdlet).With("Context", new[] { "default" }).With("Name", new[] { "a", "b" }));

        Assert.Empty(result.Errors);
        AssertError(result.Terminating!, "ConflictingEndpointOptions", ErrorCategory.InvalidArgument, "a");
        Assert.Contains("either specify -HostAddress or -Context, not both", Message(result.Terminating!));
        Assert.Equal(0, engine.CallCount);
    }

    [Theory]
    [MemberData(nameof(BatchCmdlets))]
    public void Batch_ThrottleLimitOutOfRange_IsAParameterError_AndNoEngineIsAsked(string cmdlet)
    {
        var result = runner.Run(cmdlet, Parameters(cmdlet).With("Name", new[] { "a" }).With("ThrottleLimit", 0));

        Assert.Equal("ParameterArgumentValidationError", Assert.Single(result.ErrorIds));
        Assert.Equal(ErrorCategory.InvalidData, result.Terminating!.CategoryInfo.Category);
        Assert.Equal(0, engine.CallCount);
    }

    [Theory]
    [MemberData(nameof(StateCmdlets))]
    public void StateChange_WhatIf_AsksNothingOfTheEngine(string cmdlet)
    {
        var result = runner.Run(cmdlet, Parameters(cmdlet).With("Name", new[] { "a", "b" }).With("WhatIf", true).With("PassThru", true));

        Assert.Empty(result.ErrorIds);
        Assert.Empty(result.Output);
        Assert.Equal(0, engine.CallCount);
    }

    [Theory]
    [MemberData(nameof(StateCmdlets))]
    public void StateChange_PassThru_ReadsBackEachContainer_InInputOrder(string cmdlet)
    {
        Answer(cmdlet, _ => Task.CompletedTask);
        AnswerReadBack("a", "b");

        var result = runner.Run(cmdlet, Parameters(cmdlet).With("Name", new[] { "b", "a" }).With("PassThru", true));

        Assert.Empty(result.ErrorIds);
        var containers = result.Output.Cast<DockerContainer>().ToList();
        Assert.Equal(new[] { "b", "a" }, containers.Select(container => container.Name));
        Assert.All(containers, container => Assert.Equal(engine.Endpoint, container.Endpoint));
    }

    [Theory]
    [MemberData(nameof(StateCmdlets))]
    public void StateChange_PassThru_ContainerGoneBeforeTheReadBack_IsANonTerminatingContainerNotFound_AfterTheChange(string cmdlet)
    {
        // b is changed, then removed (as a --rm container is once it exits) before it can be read back.
        Answer(cmdlet, _ => Task.CompletedTask);
        AnswerReadBack("a", "c");

        var result = runner.Run(cmdlet, Parameters(cmdlet).With("Name", new[] { "a", "b", "c" }).With("PassThru", true));

        Assert.Null(result.Terminating);
        var error = AssertError(Assert.Single(result.Errors), "ContainerNotFound", ErrorCategory.ObjectNotFound, "b");
        Assert.Contains("No such container: b", Message(error));
        Assert.Equal(new[] { "a", "c" }, result.Output.Cast<DockerContainer>().Select(container => container.Name));
        Assert.Equal(3, engine.Containers.CountOf(MethodOf(cmdlet)));
    }

    [Theory]
    [MemberData(nameof(StateCmdlets))]
    public void StateChange_PassThru_ContainerGoneBetweenInspectAndList_IsStillContainerNotFound(string cmdlet)
    {
        // The read-back turns the name into an id, then lists by id; the container can vanish in between.
        Answer(cmdlet, _ => Task.CompletedTask);
        engine.Containers.On(nameof(IContainerOperations.InspectContainerAsync), (string id, CancellationToken _) => Task.FromResult(EngineAnswers.Inspect(id)));
        engine.Containers.On(nameof(IContainerOperations.ListContainersAsync), (ContainersListParameters _, CancellationToken __) => EngineAnswers.ListOf<ContainerListResponse>());

        var result = runner.Run(cmdlet, Parameters(cmdlet).With("Name", new[] { "a" }).With("PassThru", true));

        Assert.Null(result.Terminating);
        var error = AssertError(Assert.Single(result.Errors), "ContainerNotFound", ErrorCategory.ObjectNotFound, "a");
        Assert.Contains("No such container: a", Message(error));
        Assert.Empty(result.Output);
    }

    // ---- Start-DockerContainer ----

    [Fact]
    public void Start_ContainerAlreadyRunning_IsAVerboseNote_NotAnError()
    {
        // The engine answers 304 Not Modified, which Docker.DotNet reports as false.
        engine.Containers.On(nameof(IContainerOperations.StartContainerAsync), (string id, ContainerStartParameters _, CancellationToken __) => Task.FromResult(id != "a"));

        var result = runner.Run("Start-DockerContainer", Parameters("Start-DockerContainer").With("Name", new[] { "a", "b" }).With("Verbose", true));

        Assert.Empty(result.ErrorIds);
        Assert.Contains("Container a is already running.", result.Verbose);
        Assert.DoesNotContain(result.Verbose, message => message.Contains("Container b"));
        Assert.Equal(2, engine.Containers.CountOf(nameof(IContainerOperations.StartContainerAsync)));
    }

    [Fact]
    public void Start_PausedContainer_IsTheEnginesConflict_ResourceBusy_InItsWords_AndTheOthersStart()
    {
        engine.Containers.On(nameof(IContainerOperations.StartContainerAsync), (string id, ContainerStartParameters _, CancellationToken __) =>
            id == "a" ? Task.FromException<bool>(EngineAnswers.Refusal(HttpStatusCode.Conflict, "cannot start a paused container, try unpause instead")) : Task.FromResult(true));

        var result = runner.Run("Start-DockerContainer", Parameters("Start-DockerContainer").With("Name", new[] { "a", "b" }));

        Assert.Null(result.Terminating);
        var error = AssertError(Assert.Single(result.Errors), "DockerApi.Conflict", ErrorCategory.ResourceBusy, "a");
        Assert.Equal("Error response from daemon: cannot start a paused container, try unpause instead", Message(error));
        Assert.Equal(2, engine.Containers.CountOf(nameof(IContainerOperations.StartContainerAsync)));
    }

    [Fact]
    public void Start_HostPortTaken_IsTheEnginesRefusalInItsWords_ForThatContainerOnly()
    {
        const string words = "driver failed programming external connectivity on endpoint web: Bind for 0.0.0.0:8080 failed: port is already allocated";
        engine.Containers.On(nameof(IContainerOperations.StartContainerAsync), (string id, ContainerStartParameters _, CancellationToken __) =>
            id == "web" ? Task.FromException<bool>(EngineAnswers.Refusal(HttpStatusCode.InternalServerError, words)) : Task.FromResult(true));

        var result = runner.Run("Start-DockerContainer", Parameters("Start-DockerContainer").With("Name", new[] { "web", "db" }));

        Assert.Null(result.Terminating);
        var error = AssertError(Assert.Single(result.Errors), "DockerApi.InternalServerError", ErrorCategory.InvalidOperation, "web");
        Assert.Equal("Error response from daemon: " + words, Message(error));
        Assert.Equal(2, engine.Containers.CountOf(nameof(IContainerOperations.StartContainerAsync)));
    }

    // ---- Stop-DockerContainer ----

    [Fact]
    public void Stop_ContainerNotRunning_IsAVerboseNote_NotAnError()
    {
        // 304 Not Modified: the container was not running.
        engine.Containers.On(nameof(IContainerOperations.StopContainerAsync), (string id, ContainerStopParameters _, CancellationToken __) => Task.FromResult(id != "a"));

        var result = runner.Run("Stop-DockerContainer", Parameters("Stop-DockerContainer").With("Name", new[] { "a", "b" }).With("Verbose", true));

        Assert.Empty(result.ErrorIds);
        Assert.Contains("Container a is not running.", result.Verbose);
        Assert.DoesNotContain(result.Verbose, message => message.Contains("Container b"));
    }

    [Theory]
    [InlineData(false, "Cannot kill container: a: Container 0123456789ab is not running")]
    [InlineData(true, "can only kill running containers. 0123456789ab is in state exited")]
    public void Stop_Kill_ContainerNotRunning_IsAVerboseNote_OnDockerAndPodman(bool podman, string words)
    {
        var refusal = podman ? PodmanStateImproper(words) : EngineAnswers.Refusal(HttpStatusCode.Conflict, words);
        engine.Containers.On(nameof(IContainerOperations.KillContainerAsync), (string id, ContainerKillParameters _, CancellationToken __) =>
            id == "a" ? Task.FromException(refusal) : Task.CompletedTask);

        var result = runner.Run("Stop-DockerContainer", Parameters("Stop-DockerContainer").With("Name", new[] { "a", "b" }).With("Kill", true).With("Verbose", true));

        Assert.Empty(result.ErrorIds);
        Assert.Contains("Container a is not running.", result.Verbose);
        Assert.All(engine.Containers.Calls, call => Assert.Equal("SIGKILL", ((ContainerKillParameters)call.Arguments[1]!).Signal));
        Assert.Equal(0, engine.Containers.CountOf(nameof(IContainerOperations.StopContainerAsync)));
    }

    [Fact]
    public void Stop_Signal_TheEngineDoesNotKnow_IsItsRefusalForEachContainer_InvalidArgument()
    {
        // The engine, not DockerPS, knows which signals its platform has (docker kill -s leaves it to the engine too).
        engine.Containers.On(nameof(IContainerOperations.KillContainerAsync), (string id, ContainerKillParameters parameters, CancellationToken __) =>
            Task.FromException(EngineAnswers.Refusal(HttpStatusCode.BadRequest, "Invalid signal: " + parameters.Signal)));

        var result = runner.Run("Stop-DockerContainer", Parameters("Stop-DockerContainer").With("Name", new[] { "a", "b" }).With("Signal", "SIGNOPE"));

        Assert.Null(result.Terminating);
        Assert.Equal(2, result.Errors.Count);
        AssertError(result.Errors[0], "DockerApi.BadRequest", ErrorCategory.InvalidArgument, "a");
        AssertError(result.Errors[1], "DockerApi.BadRequest", ErrorCategory.InvalidArgument, "b");
        Assert.Equal("Error response from daemon: Invalid signal: SIGNOPE", Message(result.Errors[0]));
    }

    [Theory]
    [InlineData("Kill")]
    [InlineData("Signal")]
    public void Stop_KillOrSignalWithTimeout_IsAParameterSetError_AndNoEngineIsAsked(string kill)
    {
        var parameters = Parameters("Stop-DockerContainer").With("Name", new[] { "a" }).With("Timeout", 5);
        parameters[kill] = kill == "Kill" ? true : "SIGHUP";

        var result = runner.Run("Stop-DockerContainer", parameters);

        Assert.Equal("AmbiguousParameterSet", Assert.Single(result.ErrorIds));
        Assert.Equal(ErrorCategory.InvalidArgument, result.Terminating!.CategoryInfo.Category);
        Assert.Equal(0, engine.CallCount);
    }

    [Theory]
    [InlineData("Stop-DockerContainer")]
    [InlineData("Restart-DockerContainer")]
    public void StopOrRestart_NegativeTimeout_IsAParameterError_AndNoEngineIsAsked(string cmdlet)
    {
        var result = runner.Run(cmdlet, Parameters(cmdlet).With("Name", new[] { "a" }).With("Timeout", -1));

        Assert.Equal("ParameterArgumentValidationError", Assert.Single(result.ErrorIds));
        Assert.Equal(0, engine.CallCount);
    }

    [Theory]
    [InlineData("Stop-DockerContainer", nameof(IContainerOperations.StopContainerAsync))]
    [InlineData("Restart-DockerContainer", nameof(IContainerOperations.RestartContainerAsync))]
    public void StopOrRestart_OnPodman_ContainerMissing_IsContainerNotFound_FromTheStopTimeoutInspect(string cmdlet, string change)
    {
        // Without -Timeout, Podman's stop timeout is read first (Podman 4 records 0 for "none"); a missing container
        // fails there, and the change itself is never asked for.
        using var podman = new FakeEngine(podman: true);
        podman.Containers.On(nameof(IContainerOperations.InspectContainerAsync), (string id, CancellationToken _) =>
            id == "b" ? Task.FromException<ContainerInspectResponse>(EngineAnswers.NoSuchContainer("b")) : Task.FromResult(EngineAnswers.Inspect(id)));
        podman.Containers.On(nameof(IContainerOperations.StopContainerAsync), (string _, ContainerStopParameters __, CancellationToken ___) => Task.FromResult(true));
        podman.Containers.On(nameof(IContainerOperations.RestartContainerAsync), (string _, ContainerRestartParameters __, CancellationToken ___) => Task.CompletedTask);

        var result = runner.Run(cmdlet, new Hashtable { ["HostAddress"] = podman.Address, ["Name"] = new[] { "a", "b" } });

        Assert.Null(result.Terminating);
        var error = AssertError(Assert.Single(result.Errors), "ContainerNotFound", ErrorCategory.ObjectNotFound, "b");
        Assert.Contains("No such container: b", Message(error));
        Assert.Equal(new[] { "a" }, podman.Containers.Calls.Where(call => call.Method == change).Select(call => (string)call.Arguments[0]!));
    }

    // ---- Restart-DockerContainer ----

    [Fact]
    public void Restart_EngineRefusal_IsNonTerminating_InTheEnginesWords_AndTheOthersRestart()
    {
        const string words = "Cannot restart container a: OCI runtime create failed: unable to start container process";
        engine.Containers.On(nameof(IContainerOperations.RestartContainerAsync), (string id, ContainerRestartParameters _, CancellationToken __) =>
            id == "a" ? Task.FromException(EngineAnswers.Refusal(HttpStatusCode.InternalServerError, words)) : Task.CompletedTask);

        var result = runner.Run("Restart-DockerContainer", Parameters("Restart-DockerContainer").With("Name", new[] { "a", "b" }));

        Assert.Null(result.Terminating);
        var error = AssertError(Assert.Single(result.Errors), "DockerApi.InternalServerError", ErrorCategory.InvalidOperation, "a");
        Assert.Equal("Error response from daemon: " + words, Message(error));
        Assert.Equal(2, engine.Containers.CountOf(nameof(IContainerOperations.RestartContainerAsync)));
    }

    // ---- Suspend-DockerContainer and Resume-DockerContainer ----

    [Theory]
    [InlineData(false, "Container 0123456789ab is already paused")]
    [InlineData(true, "\"0123456789ab\" is already paused")]
    public void Suspend_ContainerAlreadyPaused_IsAVerboseNote_OnDockerAndPodman(bool podman, string words)
    {
        var refusal = podman ? PodmanStateImproper(words) : EngineAnswers.Refusal(HttpStatusCode.Conflict, words);
        engine.Containers.On(nameof(IContainerOperations.PauseContainerAsync), (string id, CancellationToken _) => id == "a" ? Task.FromException(refusal) : Task.CompletedTask);

        var result = runner.Run("Suspend-DockerContainer", Parameters("Suspend-DockerContainer").With("Name", new[] { "a", "b" }).With("Verbose", true));

        Assert.Empty(result.ErrorIds);
        Assert.Contains("Container a is already paused.", result.Verbose);
        Assert.Equal(2, engine.Containers.CountOf(nameof(IContainerOperations.PauseContainerAsync)));
    }

    [Theory]
    [InlineData(false, "Container 0123456789ab is not running")]
    [InlineData(true, "\"exited\" is not running, can't pause")]
    public void Suspend_ContainerNotRunning_IsContainerNotRunning_InvalidOperation_InTheEnginesWords_TheSameOnDockerAndPodman(bool podman, string words)
    {
        var refusal = podman ? PodmanStateImproper(words) : EngineAnswers.Refusal(HttpStatusCode.Conflict, words);
        engine.Containers.On(nameof(IContainerOperations.PauseContainerAsync), (string id, CancellationToken _) => id == "a" ? Task.FromException(refusal) : Task.CompletedTask);

        var result = runner.Run("Suspend-DockerContainer", Parameters("Suspend-DockerContainer").With("Name", new[] { "a", "b" }).With("Verbose", true));

        Assert.Null(result.Terminating);
        var error = AssertError(Assert.Single(result.Errors), "ContainerNotRunning", ErrorCategory.InvalidOperation, "a");
        Assert.StartsWith("Error response from daemon: " + words, Message(error));
        Assert.DoesNotContain(result.Verbose, message => message.Contains("already paused"));
        Assert.Equal(2, engine.Containers.CountOf(nameof(IContainerOperations.PauseContainerAsync)));
    }

    [Theory]
    [InlineData(false, HttpStatusCode.Conflict, "Container 0123456789ab is not paused")]
    [InlineData(false, HttpStatusCode.InternalServerError, "Container 0123456789ab is not paused")]
    [InlineData(true, HttpStatusCode.InternalServerError, "\"0123456789ab\" is not paused, can't unpause")]
    public void Resume_ContainerNotPaused_IsAVerboseNote_OnDockerAndPodman(bool podman, HttpStatusCode status, string words)
    {
        var refusal = podman ? PodmanStateImproper(words) : EngineAnswers.Refusal(status, words);
        engine.Containers.On(nameof(IContainerOperations.UnpauseContainerAsync), (string id, CancellationToken _) => id == "a" ? Task.FromException(refusal) : Task.CompletedTask);

        var result = runner.Run("Resume-DockerContainer", Parameters("Resume-DockerContainer").With("Name", new[] { "a", "b" }).With("Verbose", true));

        Assert.Empty(result.ErrorIds);
        Assert.Contains("Container a is not paused.", result.Verbose);
        Assert.Equal(2, engine.Containers.CountOf(nameof(IContainerOperations.UnpauseContainerAsync)));
    }

    [Theory]
    [InlineData("Suspend-DockerContainer", HttpStatusCode.Conflict, "Container 0123456789ab is restarting, wait until the container is running", "DockerApi.Conflict", ErrorCategory.ResourceBusy)]
    [InlineData("Resume-DockerContainer", HttpStatusCode.InternalServerError, "cannot unpause container 0123456789ab: freezer not available", "DockerApi.InternalServerError", ErrorCategory.InvalidOperation)]
    public void SuspendOrResume_OtherRefusal_IsTheContainersError_NotMistakenForTheStateAlreadyReached(string cmdlet, HttpStatusCode status, string words, string id, ErrorCategory category)
    {
        // Only "is already paused" / "is not paused" are tolerated; any other refusal is the container's error.
        Answer(cmdlet, _ => Task.FromException(EngineAnswers.Refusal(status, words)));

        var result = runner.Run(cmdlet, Parameters(cmdlet).With("Name", new[] { "a" }).With("Verbose", true));

        Assert.Null(result.Terminating);
        var error = AssertError(Assert.Single(result.Errors), id, category, "a");
        Assert.Equal("Error response from daemon: " + words, Message(error));
        Assert.DoesNotContain(result.Verbose, message => message.Contains("paused"));
    }

    // ---- Helpers ----

    private Hashtable Parameters(string cmdlet)
    {
        var parameters = new Hashtable { ["HostAddress"] = engine.Address };
        if (cmdlet == "Remove-DockerContainer")
        {
            // Removing asks by default; this runspace has no one to answer.
            parameters["Confirm"] = false;
        }

        if (cmdlet == "Set-DockerContainer")
        {
            // docker update needs a change to make.
            parameters["Memory"] = "64m";
        }

        return parameters;
    }

    /// <summary>Answers the one call the cmdlet makes per container with <paramref name="act"/>'s outcome.</summary>
    private void Answer(string cmdlet, Func<string, Task> act)
    {
        var containers = engine.Containers;
        switch (cmdlet)
        {
            case "Start-DockerContainer":
                containers.On(nameof(IContainerOperations.StartContainerAsync), async (string id, ContainerStartParameters _, CancellationToken __) =>
                {
                    await act(id);
                    return true;
                });
                break;
            case "Stop-DockerContainer":
                containers.On(nameof(IContainerOperations.StopContainerAsync), async (string id, ContainerStopParameters _, CancellationToken __) =>
                {
                    await act(id);
                    return true;
                });
                break;
            case "Restart-DockerContainer":
                containers.On(nameof(IContainerOperations.RestartContainerAsync), (string id, ContainerRestartParameters _, CancellationToken __) => act(id));
                break;
            case "Suspend-DockerContainer":
                containers.On(nameof(IContainerOperations.PauseContainerAsync), (string id, CancellationToken _) => act(id));
                break;
            case "Resume-DockerContainer":
                containers.On(nameof(IContainerOperations.UnpauseContainerAsync), (string id, CancellationToken _) => act(id));
                break;
            case "Wait-DockerContainer":
                containers.On(nameof(IContainerOperations.WaitContainerAsync), async (string id, CancellationToken _) =>
                {
                    await act(id);
                    return new ContainerWaitResponse { StatusCode = 0 };
                });
                break;
            case "Remove-DockerContainer":
                containers.On(nameof(IContainerOperations.RemoveContainerAsync), (string id, ContainerRemoveParameters _, CancellationToken __) => act(id));
                break;
            case "Set-DockerContainer":
                containers.On(nameof(IContainerOperations.UpdateContainerAsync), async (string id, ContainerUpdateParameters _, CancellationToken __) =>
                {
                    await act(id);
                    return new ContainerUpdateResponse();
                });
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(cmdlet), cmdlet, null);
        }
    }

    private static string MethodOf(string cmdlet) => cmdlet switch
    {
        "Start-DockerContainer" => nameof(IContainerOperations.StartContainerAsync),
        "Stop-DockerContainer" => nameof(IContainerOperations.StopContainerAsync),
        "Restart-DockerContainer" => nameof(IContainerOperations.RestartContainerAsync),
        "Suspend-DockerContainer" => nameof(IContainerOperations.PauseContainerAsync),
        "Resume-DockerContainer" => nameof(IContainerOperations.UnpauseContainerAsync),
        "Wait-DockerContainer" => nameof(IContainerOperations.WaitContainerAsync),
        "Remove-DockerContainer" => nameof(IContainerOperations.RemoveContainerAsync),
        "Set-DockerContainer" => nameof(IContainerOperations.UpdateContainerAsync),
        _ => throw new ArgumentOutOfRangeException(nameof(cmdlet), cmdlet, null),
    };

    /// <summary>The read-back of -PassThru (inspect for the id, then the list by id); only the names given still exist.</summary>
    private void AnswerReadBack(params string[] existing)
    {
        engine.Containers.On(nameof(IContainerOperations.InspectContainerAsync), (string id, CancellationToken _) =>
            existing.Contains(id) ? Task.FromResult(EngineAnswers.Inspect(id)) : Task.FromException<ContainerInspectResponse>(EngineAnswers.NoSuchContainer(id)));
        engine.Containers.On(nameof(IContainerOperations.ListContainersAsync), (ContainersListParameters parameters, CancellationToken _) =>
        {
            var id = parameters.Filters!["id"].Keys.Single();
            return EngineAnswers.ListOf(existing.Where(name => EngineAnswers.IdOf(name) == id).Select(name => EngineAnswers.Container(name)).ToArray());
        });
    }
}
