using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Services;
using DockerPS.Tests.Fakes;
using Xunit;
using static DockerPS.Tests.ContainerTestKit;
using static DockerPS.Tests.ServiceTestKit;

namespace DockerPS.Tests;

/// <summary>
/// Get-DockerServiceLog against a fake Swarm manager: lines named by their task and node from the details the engine
/// puts before them, the options asked for, services that do not exist and objects that are no service.
/// </summary>
public sealed class GetDockerServiceLogTests : IClassFixture<CmdletRunner>, IDisposable
{
    private const string Stamp = "2026-12-01T10:00:00.123456789Z";
    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();
    private ServiceLogsParameters? asked;

    public GetDockerServiceLogTests(CmdletRunner runner) => this.runner = runner;

    public static TheoryData<string> NotServiceKinds => NotServices;

    public void Dispose() => engine.Dispose();

    [Fact]
    public void Get_WritesEachLineNamingItsTaskAndNode_AsDockerServiceLogsDoes()
    {
        var web = Service("web", replicas: 2);
        var first = TaskOf(web, 1);
        AnswerServices(engine, new[] { web }, new[] { first, TaskOf(web, 2) });
        AnswerLogs(
            (false, $"{Stamp} com.docker.swarm.node.id={NodeId},com.docker.swarm.service.id={web.ID},com.docker.swarm.task.id={first.ID} hello world\n"),
            (true, $"{Stamp} com.docker.swarm.node.id={NodeId},com.docker.swarm.service.id={web.ID},com.docker.swarm.task.id=unknowntask oops\n"));

        var result = runner.Run("Get-DockerServiceLog", Parameters(engine, ("Name", new[] { "web" }), ("Tail", 5)));

        Assert.Empty(result.ErrorIds);
        var lines = result.Output.Cast<DockerServiceLogLine>().ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal(("web.1", "node-1", "stdout", "hello world"), (lines[0].Task, lines[0].Node, lines[0].Stream, lines[0].Text));
        Assert.Equal($"web.1.{first.ID!.Substring(0, 12)}@node-1 | hello world", lines[0].ToString());
        Assert.Equal(new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc).AddTicks(1234567), lines[0].Timestamp!.Value.ToUniversalTime());
        Assert.Equal(("web", "unknowntask", NodeId, "stderr", "oops"), (lines[1].Task, lines[1].TaskId, lines[1].Node, lines[1].Stream, lines[1].Text));
        Assert.Equal("5", asked!.Tail);
        Assert.True(asked.Details);
        Assert.True(asked.Timestamps);
        Assert.False(asked.Follow);
    }

    [Fact]
    public void Get_Timestamps_PutTheStampInTheTextForm()
    {
        var web = Service("web");
        var task = TaskOf(web, 1);
        AnswerServices(engine, new[] { web }, new[] { task });
        AnswerLogs((false, $"{Stamp} com.docker.swarm.task.id={task.ID} hi\n"));

        var result = runner.Run("Get-DockerServiceLog", Parameters(engine, ("Name", new[] { "web" }), ("Timestamps", true)));

        Assert.StartsWith(Stamp + " web.1.", Assert.Single(result.Output)!.ToString());
    }

    [Fact]
    public void Get_ServiceMatchingNothing_IsServiceNotFound_AndNoLogIsAsked()
    {
        AnswerServices(engine, new[] { Service("web") });

        var result = runner.Run("Get-DockerServiceLog", Parameters(engine, ("Name", new[] { "nosuch" })));

        AssertError(Assert.Single(result.Errors), "ServiceNotFound", ErrorCategory.ObjectNotFound, "nosuch");
        Assert.Equal(0, engine.Swarm.CountOf(nameof(ISwarmOperations.GetServiceLogsAsync)));
    }

    [Theory]
    [MemberData(nameof(NotServiceKinds))]
    public void Get_PipedObjectThatIsNoService_IsRefusedAsWrongObjectType_AndTheEngineIsNotAsked(string kind)
    {
        var result = runner.Run("Get-DockerServiceLog", Parameters(engine), new[] { ContainerTestKit.Piped(kind, engine) });

        Assert.Equal("WrongObjectType", Assert.Single(result.ErrorIds));
        Assert.Equal(0, engine.CallCount);
    }

    [Theory]
    [InlineData("com.docker.swarm.node.id=n1,com.docker.swarm.service.id=s1,com.docker.swarm.task.id=t1 the line", "t1", "n1", "the line")]
    [InlineData("com.docker.swarm.task.id=t%201 x", "t 1", null, "x")]
    [InlineData("com.docker.swarm.task.id=t1", "t1", null, "")]
    [InlineData("no details here", null, null, "no details here")]
    public void Split_ReadsTheEnginesDetails(string line, string? task, string? node, string text)
    {
        Assert.Equal((task, node, text), ServiceLogSource.Split(line));
    }

    private void AnswerLogs(params (bool IsError, string Text)[] frames) =>
        engine.Swarm.On(nameof(ISwarmOperations.GetServiceLogsAsync), (string _, bool __, ServiceLogsParameters parameters, CancellationToken ___) =>
        {
            asked = parameters;
            return Task.FromResult(FakeStreams.Multiplexed(frames));
        });
}
