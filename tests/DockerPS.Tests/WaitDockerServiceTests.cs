using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Mapping;
using DockerPS.Services;
using DockerPS.Tests.Fakes;
using Xunit;
using static DockerPS.Tests.ContainerTestKit;
using static DockerPS.Tests.ServiceTestKit;

namespace DockerPS.Tests;

/// <summary>
/// Wait-DockerService and what convergence means: every task the service should have running its current spec, none
/// left at the previous one or still stopping, no update under way; a timeout naming what was missing, with the failed
/// tasks' errors; a paused update; services that do not exist.
/// </summary>
public sealed class WaitDockerServiceTests : IClassFixture<CmdletRunner>, IDisposable
{
    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();

    public WaitDockerServiceTests(CmdletRunner runner) => this.runner = runner;

    public static TheoryData<string> NotServiceKinds => NotServices;

    public void Dispose() => engine.Dispose();

    [Fact]
    public void Wait_ConvergedService_IsWrittenReadAgain()
    {
        var web = Service("web", replicas: 2, running: 2);
        AnswerServices(engine, new[] { web }, new[] { TaskOf(web, 1), TaskOf(web, 2), TaskOf(web, 1, TaskState.Shutdown, TaskState.Shutdown, image: "old") });

        var result = runner.Run("Wait-DockerService", Parameters(engine, ("Name", new[] { "web" }), ("Timeout", 5), ("StableFor", 0)));

        Assert.Empty(result.ErrorIds);
        Assert.Equal("2/2", Assert.IsType<DockerService>(Assert.Single(result.Output)).ReplicasText);
    }

    [Fact]
    public void Wait_Timeout_IsANonTerminatingWaitTimedOut_NamingWhatWasMissing_AndEachFailedTaskIsAWarning()
    {
        var web = Service("web", replicas: 2, running: 1);
        AnswerServices(engine, new[] { web, Service("db") }, new[]
        {
            TaskOf(web, 1),
            TaskOf(web, 2, TaskState.Failed, TaskState.Shutdown, error: "task: non-zero exit (3)"),
            TaskOf(Service("db"), 1),
        });

        var result = runner.Run("Wait-DockerService", Parameters(engine, ("Name", new[] { "web", "db" }), ("Timeout", 1), ("StableFor", 0)));

        Assert.Null(result.Terminating);
        var error = AssertError(Assert.Single(result.Errors), "WaitTimedOut", ErrorCategory.OperationTimeout, "web");
        Assert.Equal("Service web had not converged after 1 seconds: 1/2 tasks running at the current spec; last task error: task: non-zero exit (3).", Message(error));
        Assert.Equal("Task web.2 (" + TaskOf(web, 2, TaskState.Failed, TaskState.Shutdown, error: "x").ID.Substring(0, 12) + ") of service web failed: task: non-zero exit (3)", Assert.Single(result.Warnings));
        Assert.Equal("db", Assert.IsType<DockerService>(Assert.Single(result.Output)).Name);
    }

    [Fact]
    public void Wait_StableFor_WritesTheServiceOnlyOnceTheSameTasksHaveRunThatLong()
    {
        var web = Service("web", replicas: 1);
        AnswerServices(engine, new[] { web }, new[] { TaskOf(web, 1) });
        var clock = Stopwatch.StartNew();

        var result = runner.Run("Wait-DockerService", Parameters(engine, ("Name", new[] { "web" }), ("Timeout", 10), ("StableFor", 1)));

        Assert.Empty(result.ErrorIds);
        Assert.Single(result.Output);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1), $"written after {clock.Elapsed}");
        Assert.True(engine.Tasks.CountOf(nameof(ITasksOperations.ListAsync)) >= 3);
    }

    [Fact]
    public void Wait_TaskReplacedAtEveryLook_NeverCountsAsStable_AndTimesOutSayingSo()
    {
        // A task that fails at once and is restarted: each look finds a new one running.
        var web = Service("web", replicas: 1);
        AnswerServices(engine, new[] { web });
        var looks = 0;
        engine.Tasks.On(nameof(ITasksOperations.ListAsync), (TasksListParameters _, CancellationToken _) =>
            EngineAnswers.ListOf(TaskOf(web, ++looks)));

        var result = runner.Run("Wait-DockerService", Parameters(engine, ("Name", new[] { "web" }), ("Timeout", 3), ("StableFor", 1)));

        Assert.Empty(result.Output);
        var error = AssertError(Assert.Single(result.Errors), "WaitTimedOut", ErrorCategory.OperationTimeout, "web");
        Assert.Equal("Service web had not converged after 3 seconds: the tasks run, but not yet for 1 seconds (-StableFor).", Message(error));
    }

    [Fact]
    public void Wait_PausedUpdate_IsServiceUpdatePaused_WithTheEnginesMessage()
    {
        var web = Service("web");
        web.UpdateStatus = new UpdateStatus { State = "paused", Message = "update paused due to failure or early termination of task x" };
        AnswerServices(engine, new[] { web }, new[] { TaskOf(web, 1) });

        var result = runner.Run("Wait-DockerService", Parameters(engine, ("Name", new[] { "web" })));

        var error = AssertError(Assert.Single(result.Errors), "ServiceUpdatePaused", ErrorCategory.InvalidOperation, "web");
        Assert.Contains("update paused due to failure", Message(error));
    }

    [Fact]
    public void Wait_ServiceMatchingNothing_IsServiceNotFound()
    {
        AnswerServices(engine, new[] { Service("web") });

        var result = runner.Run("Wait-DockerService", Parameters(engine, ("Name", new[] { "nosuch" })));

        AssertError(Assert.Single(result.Errors), "ServiceNotFound", ErrorCategory.ObjectNotFound, "nosuch");
    }

    [Theory]
    [MemberData(nameof(NotServiceKinds))]
    public void Wait_PipedObjectThatIsNoService_IsRefusedAsWrongObjectType_AndTheEngineIsNotAsked(string kind)
    {
        var result = runner.Run("Wait-DockerService", Parameters(engine), new[] { ContainerTestKit.Piped(kind, engine) });

        Assert.Equal("WrongObjectType", Assert.Single(result.ErrorIds));
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void Assess_TasksOfThePreviousSpec_AreMissing_EvenWhenEnoughRun()
    {
        var web = Service("web", replicas: 2, image: "web:v2");
        var tasks = new[] { TaskOf(web, 1), TaskOf(web, 2, image: "web:v1") };

        var (missing, _, _) = ServiceConvergence.Assess(web, ServiceMapper.ToService(web, engine.Endpoint), tasks);

        Assert.Equal("1/2 tasks running at the current spec; 1 task(s) still at the previous spec", missing);
    }

    [Fact]
    public void Assess_TasksStillStoppingAfterAScaleDown_AreMissing()
    {
        var web = Service("web", replicas: 1);
        var tasks = new[] { TaskOf(web, 1), TaskOf(web, 2, TaskState.Running, TaskState.Remove) };

        var (missing, _, _) = ServiceConvergence.Assess(web, ServiceMapper.ToService(web, engine.Endpoint), tasks);

        Assert.Equal("1 task(s) still stopping", missing);
    }

    [Fact]
    public void Assess_UpdateUnderWay_IsMissing_AndAGlobalServiceCountsTheNodesTheEngineCounts()
    {
        var agent = Service("agent", global: true);
        agent.ServiceStatus!.DesiredTasks = 2;
        agent.UpdateStatus = new UpdateStatus { State = "updating" };
        var tasks = new[] { TaskOf(agent, 0) };

        var (missing, _, _) = ServiceConvergence.Assess(agent, ServiceMapper.ToService(agent, engine.Endpoint), tasks);

        Assert.Equal("1/2 tasks running at the current spec; the update is updating", missing);
    }

    [Fact]
    public void Assess_ServiceSpecDefaultsTheTasksLack_DoNotMakeThemOutdated()
    {
        var web = Service("web", replicas: 1);
        web.Spec!.TaskTemplate!.ContainerSpec!.DNSConfig = new DNSConfig();

        var (missing, failed, _) = ServiceConvergence.Assess(web, ServiceMapper.ToService(web, engine.Endpoint), new List<TaskResponse> { TaskOf(web, 1) });

        Assert.Null(missing);
        Assert.Empty(failed);
    }
}
