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
using static DockerPS.Tests.ServiceTestKit;

namespace DockerPS.Tests;

/// <summary>
/// Get-DockerService and Get-DockerServiceTask against a fake Swarm manager: docker service ls's columns, names,
/// patterns and id prefixes, names that match nothing or too much, an engine that is no manager, and piped objects.
/// </summary>
public sealed class GetDockerServiceTests : IClassFixture<CmdletRunner>, IDisposable
{
    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();

    public GetDockerServiceTests(CmdletRunner runner) => this.runner = runner;

    public static TheoryData<string> NotServiceKinds => NotServices;

    public static TheoryData<string> NotServiceKindsButContexts => NotServicesButContexts;

    public static TheoryData<string> ServiceKindsData => ServiceKinds;

    public void Dispose() => engine.Dispose();

    [Fact]
    public void Get_ListsEveryService_ByName_WithReplicasAndIngressPortsAsDockerServiceLsShowsThem()
    {
        AnswerServices(engine, new[] { Service("web", replicas: 3, running: 2), Service("api"), Service("agent", global: true) });

        var result = runner.Run("Get-DockerService", Parameters(engine));

        Assert.Empty(result.ErrorIds);
        var services = result.Output.Cast<DockerService>().ToList();
        Assert.Equal(new[] { "agent", "api", "web" }, services.Select(service => service.Name));
        var web = services[2];
        Assert.Equal("2/3", web.ReplicasText);
        Assert.Equal("replicated", web.Mode);
        Assert.Equal(3UL, web.Replicas);
        Assert.Equal("*:8080->80/tcp", web.PortsText);
        Assert.Equal(2, web.Ports.Count);
        Assert.Equal(new[] { "sleep", "3600" }, web.Command);
        Assert.Equal(ServiceId("web").Substring(0, 12), web.ShortId);
        Assert.Equal(engine.Endpoint, web.Endpoint);
        Assert.Equal("global", services[0].Mode);
        Assert.Null(services[0].Replicas);
    }

    [Fact]
    public void Get_PatternIdAndIdPrefix_FindTheirServices_AndAPatternMatchingNothingIsNoError()
    {
        AnswerServices(engine, new[] { Service("web"), Service("webapi"), Service("db") });

        var result = runner.Run("Get-DockerService", Parameters(engine, ("Name", new[] { "web*", ServiceId("db").Substring(0, 6), "zz*" })));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "web", "webapi", "db" }, result.Output.Cast<DockerService>().Select(service => service.Name));
    }

    [Fact]
    public void Get_Label_KeepsTheServicesWithTheLabels_AndLeavesOutThoseWithTheNegatedOnes()
    {
        AnswerServices(engine, new[] { Labelled(Service("web"), ("tier", "front")), Labelled(Service("api"), ("tier", "back")), Service("db") });

        var tiered = runner.Run("Get-DockerService", Parameters(engine, ("Label", new[] { "tier" })));
        var notFront = runner.Run("Get-DockerService", Parameters(engine, ("Label", new[] { "tier!=front" })));

        Assert.Empty(tiered.ErrorIds);
        Assert.Equal(new[] { "api", "web" }, tiered.Output.Cast<DockerService>().Select(service => service.Name));
        Assert.Equal(new[] { "api", "db" }, notFront.Output.Cast<DockerService>().Select(service => service.Name));
    }

    [Fact]
    public void Get_ANameTheLabelsLeaveOut_WritesNothing_AndIsNoError_AsDockerServiceLsWithFilters()
    {
        AnswerServices(engine, new[] { Labelled(Service("web"), ("tier", "front")), Service("db") });

        var result = runner.Run("Get-DockerService", Parameters(engine, ("Name", new[] { "db", "web" }), ("Label", new[] { "tier=front" })));

        Assert.Empty(result.ErrorIds);
        Assert.Equal("web", Assert.Single(result.Output.Cast<DockerService>()).Name);
    }

    [Fact]
    public void Get_ALabelTermWithoutAKey_IsATerminatingInvalidLabelFilter_BeforeTheEngineIsAsked()
    {
        AnswerServices(engine, new[] { Service("web") });

        var result = runner.Run("Get-DockerService", Parameters(engine, ("Label", new[] { "tier", "!=front" })));

        var error = Assert.IsType<ErrorRecord>(result.Terminating);
        Assert.Equal("InvalidLabelFilter", Assert.Single(result.ErrorIds));
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("!=front", error.TargetObject);
        Assert.Equal(0, engine.CallCount);
    }

    private static SwarmService Labelled(SwarmService service, params (string Key, string Value)[] labels)
    {
        foreach (var (key, value) in labels)
        {
            service.Spec!.Labels![key] = value;
        }

        return service;
    }

    [Fact]
    public void Get_NameMatchingNothing_IsANonTerminatingServiceNotFound_AndTheOthersAreWritten()
    {
        AnswerServices(engine, new[] { Service("web") });

        var result = runner.Run("Get-DockerService", Parameters(engine, ("Name", new[] { "nosuch", "web" })));

        Assert.Null(result.Terminating);
        var error = AssertError(Assert.Single(result.Errors), "ServiceNotFound", ErrorCategory.ObjectNotFound, "nosuch");
        Assert.Equal("No such service: nosuch", Message(error));
        Assert.Equal("web", Assert.Single(result.Output.Cast<DockerService>()).Name);
    }

    [Fact]
    public void Get_IdPrefixOfSeveralServices_IsAmbiguousServiceReference()
    {
        var first = Service("a");
        var second = Service("b");
        second.ID = first.ID.Substring(0, 3) + "zzzzzzzzzzzzzzzzzzzzzz";
        AnswerServices(engine, new[] { first, second });

        var result = runner.Run("Get-DockerService", Parameters(engine, ("Name", new[] { first.ID.Substring(0, 3) })));

        AssertError(Assert.Single(result.Errors), "AmbiguousServiceReference", ErrorCategory.InvalidArgument, first.ID.Substring(0, 3));
        Assert.Empty(result.Output);
    }

    [Theory]
    [InlineData("Get-DockerService")]
    [InlineData("Get-DockerServiceTask")]
    public void Get_FromAnEngineThatIsNoSwarmManager_IsATerminatingSwarmNotActive_InTheEnginesWords(string command)
    {
        engine.Swarm.On(nameof(ISwarmOperations.ListServicesAsync), (ServiceListParameters _, CancellationToken __) => Task.FromException<System.Collections.Generic.IList<SwarmService>>(NotAManager()));

        var result = runner.Run(command, Parameters(engine, ("Name", new[] { "web" })));

        Assert.Equal("SwarmNotActive", Assert.Single(result.ErrorIds));
        Assert.Equal(ErrorCategory.InvalidOperation, result.Terminating!.CategoryInfo.Category);
        Assert.StartsWith("Error response from daemon: This node is not a swarm manager.", Message(result.Terminating));
    }

    [Theory]
    [MemberData(nameof(NotServiceKindsButContexts))]
    public void Get_PipedObjectThatIsNoService_IsRefusedAsWrongObjectType_AndTheEngineIsNotAsked(string kind)
    {
        var value = ContainerTestKit.Piped(kind, engine);

        var result = runner.Run("Get-DockerService", Parameters(engine), new[] { value });

        Assert.Null(result.Terminating);
        var error = AssertError(Assert.Single(result.Errors), "WrongObjectType", ErrorCategory.InvalidType, PSObject.AsPSObject(value).ToString());
        Assert.Contains("not a service", Message(error));
        Assert.Equal(0, engine.CallCount);
    }

    [Theory]
    [MemberData(nameof(ServiceKindsData))]
    public void Get_PipedServiceOrTask_IsReadFromItsOwnEngine(string kind)
    {
        AnswerServices(engine, new[] { Service("web") });

        var result = runner.Run("Get-DockerService", new Hashtable { ["HostAddress"] = NowhereAddress() }, new[] { PipedServiceKind(kind, engine) });

        Assert.Empty(result.ErrorIds);
        Assert.Equal("web", Assert.Single(result.Output.Cast<DockerService>()).Name);
    }

    [Fact]
    public void GetTask_NamesTasksBySlot_WithTheirNodesHostname_AndPassesTheDesiredStateFilter()
    {
        var web = Service("web", replicas: 2);
        AnswerServices(engine, new[] { web, Service("other") }, new[]
        {
            TaskOf(web, 2),
            TaskOf(web, 1, TaskState.Failed, TaskState.Shutdown, error: "task: non-zero exit (3)"),
            TaskOf(Service("other"), 1),
        });

        var result = runner.Run("Get-DockerServiceTask", Parameters(engine, ("Service", new[] { "web" }), ("DesiredState", "shutdown")));

        Assert.Empty(result.ErrorIds);
        var tasks = result.Output.Cast<DockerServiceTask>().ToList();
        Assert.Equal(new[] { "web.1", "web.2" }, tasks.Select(task => task.Name));
        Assert.Equal("node-1", tasks[0].Node);
        Assert.Equal("failed", tasks[0].CurrentState);
        Assert.Equal("shutdown", tasks[0].DesiredState);
        Assert.Equal("task: non-zero exit (3)", tasks[0].Error);
        var asked = (TasksListParameters)engine.Tasks.Calls.Single().Arguments[0]!;
        Assert.True(asked.Filters!["desired-state"].ContainsKey("shutdown"));
        Assert.True(asked.Filters["service"].ContainsKey(web.ID));
    }

    [Fact]
    public void GetTask_ServiceMatchingNothing_IsServiceNotFound_AndNoTasksAreAsked()
    {
        AnswerServices(engine, new[] { Service("web") });

        var result = runner.Run("Get-DockerServiceTask", Parameters(engine, ("Service", new[] { "nosuch" })));

        AssertError(Assert.Single(result.Errors), "ServiceNotFound", ErrorCategory.ObjectNotFound, "nosuch");
        Assert.Empty(engine.Tasks.Calls);
    }

    [Theory]
    [MemberData(nameof(NotServiceKinds))]
    public void GetTask_PipedObjectThatIsNoService_IsRefusedAsWrongObjectType_AndTheEngineIsNotAsked(string kind)
    {
        var result = runner.Run("Get-DockerServiceTask", Parameters(engine), new[] { ContainerTestKit.Piped(kind, engine) });

        Assert.Equal("WrongObjectType", Assert.Single(result.ErrorIds));
        Assert.Equal(0, engine.CallCount);
    }
}
