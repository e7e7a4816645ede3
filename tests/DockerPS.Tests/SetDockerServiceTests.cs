using System;
using System.Collections.Concurrent;
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
using static DockerPS.Tests.ServiceTestKit;

namespace DockerPS.Tests;

/// <summary>
/// Set-DockerService against a fake Swarm manager: scale, a new image and rollback sent with the version the spec was
/// read at, as the CLI sends them; a global service asked to scale, nothing to change, -WhatIf and the engine's refusals.
/// </summary>
public sealed class SetDockerServiceTests : IClassFixture<CmdletRunner>, IDisposable
{
    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();
    private readonly ConcurrentQueue<(string Id, ServiceUpdateParameters Parameters)> updates = new();

    public SetDockerServiceTests(CmdletRunner runner) => this.runner = runner;

    public static TheoryData<string> NotServiceKinds => NotServices;

    public void Dispose() => engine.Dispose();

    [Fact]
    public void Set_Replicas_SendsTheSpecWithTheNewCount_AndTheVersionItWasReadAt()
    {
        AnswerServices(engine, new[] { Service("web", replicas: 1, version: 42) });
        AnswerUpdate();

        var result = runner.Run("Set-DockerService", Parameters(engine, ("Name", new[] { "web" }), ("Replicas", 3)));

        Assert.Empty(result.ErrorIds);
        Assert.Empty(result.Output);
        var (id, sent) = Assert.Single(updates);
        Assert.Equal(ServiceId("web"), id);
        Assert.Equal(42, sent.Version);
        Assert.Equal(3UL, sent.Service!.Mode!.Replicated!.Replicas);
        Assert.Equal("dockerps-fixture/busybox:latest", sent.Service!.TaskTemplate!.ContainerSpec!.Image);
        Assert.Null(sent.Rollback);
    }

    [Fact]
    public void Set_Image_SendsTheNewImage_KeepingTheRestOfTheSpec_AndPassThruWritesTheService()
    {
        AnswerServices(engine, new[] { Service("web", replicas: 2) });
        AnswerUpdate();

        var result = runner.Run("Set-DockerService", Parameters(engine, ("Name", new[] { "web" }), ("Image", "web:v2"), ("PassThru", true)));

        Assert.Empty(result.ErrorIds);
        Assert.Equal("web", Assert.IsType<DockerService>(Assert.Single(result.Output)).Name);
        var sent = Assert.Single(updates).Parameters;
        Assert.Equal("web:v2", sent.Service!.TaskTemplate!.ContainerSpec!.Image);
        Assert.Equal(2UL, sent.Service!.Mode!.Replicated!.Replicas);
        Assert.Equal(new[] { "sleep", "3600" }, sent.Service!.TaskTemplate!.ContainerSpec!.Args);
    }

    [Fact]
    public void Set_Rollback_AsksForThePreviousSpec()
    {
        AnswerServices(engine, new[] { Service("web", version: 7) });
        AnswerUpdate();

        var result = runner.Run("Set-DockerService", Parameters(engine, ("Name", new[] { "web" }), ("Rollback", true)));

        Assert.Empty(result.ErrorIds);
        var sent = Assert.Single(updates).Parameters;
        Assert.Equal("previous", sent.Rollback);
        Assert.Equal(7, sent.Version);
    }

    [Fact]
    public void Set_RollbackWithoutAPreviousSpec_IsTheEnginesRefusal_ForThatServiceOnly()
    {
        AnswerServices(engine, new[] { Service("web"), Service("db") });
        engine.Swarm.On(nameof(ISwarmOperations.UpdateServiceAsync), (string id, ServiceUpdateParameters parameters, CancellationToken _) =>
            id == ServiceId("web")
                ? Task.FromException<ServiceUpdateResponse>(EngineAnswers.Refusal(HttpStatusCode.BadRequest, "rpc error: code = FailedPrecondition desc = service web does not have a previous spec"))
                : Task.FromResult(new ServiceUpdateResponse()));

        var result = runner.Run("Set-DockerService", Parameters(engine, ("Name", new[] { "web", "db" }), ("Rollback", true)));

        Assert.Null(result.Terminating);
        var error = AssertError(Assert.Single(result.Errors), "DockerApi.BadRequest", ErrorCategory.InvalidArgument, "web");
        Assert.EndsWith("does not have a previous spec", Message(error));
    }

    [Fact]
    public void Set_ReplicasOfAGlobalService_IsServiceNotReplicated_AndNothingIsSent()
    {
        AnswerServices(engine, new[] { Service("agent", global: true) });
        AnswerUpdate();

        var result = runner.Run("Set-DockerService", Parameters(engine, ("Name", new[] { "agent" }), ("Replicas", 2)));

        var error = AssertError(Assert.Single(result.Errors), "ServiceNotReplicated", ErrorCategory.InvalidOperation, "agent");
        Assert.Contains("global", Message(error));
        Assert.Empty(updates);
    }

    [Fact]
    public void Set_NothingToChange_IsATerminatingNothingToChange_AndTheEngineIsNotAsked()
    {
        var result = runner.Run("Set-DockerService", Parameters(engine, ("Name", new[] { "web" })));

        Assert.Equal("NothingToChange", Assert.Single(result.ErrorIds));
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void Set_BadImageReference_IsRefusedBeforeTheEngineIsAsked()
    {
        var result = runner.Run("Set-DockerService", Parameters(engine, ("Name", new[] { "web" }), ("Image", "web@sha256:nothex")));

        Assert.Equal("InvalidImageReference", Assert.Single(result.ErrorIds));
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void Set_ServiceMatchingNothing_IsServiceNotFound()
    {
        AnswerServices(engine, new[] { Service("web") });
        AnswerUpdate();

        var result = runner.Run("Set-DockerService", Parameters(engine, ("Name", new[] { "nosuch" }), ("Replicas", 2)));

        AssertError(Assert.Single(result.Errors), "ServiceNotFound", ErrorCategory.ObjectNotFound, "nosuch");
        Assert.Empty(updates);
    }

    [Fact]
    public void Set_WhatIf_AsksTheEngineNothing()
    {
        var result = runner.Run("Set-DockerService", Parameters(engine, ("Name", new[] { "web" }), ("Replicas", 2), ("WhatIf", true)));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(0, engine.CallCount);
    }

    [Theory]
    [MemberData(nameof(NotServiceKinds))]
    public void Set_PipedObjectThatIsNoService_IsRefusedAsWrongObjectType_AndTheEngineIsNotAsked(string kind)
    {
        var value = ContainerTestKit.Piped(kind, engine);

        var result = runner.Run("Set-DockerService", Parameters(engine, ("Replicas", 2)), new[] { value });

        AssertError(Assert.Single(result.Errors), "WrongObjectType", ErrorCategory.InvalidType, PSObject.AsPSObject(value).ToString());
        Assert.Equal(0, engine.CallCount);
    }

    private void AnswerUpdate() =>
        engine.Swarm.On(nameof(ISwarmOperations.UpdateServiceAsync), (string id, ServiceUpdateParameters parameters, CancellationToken _) =>
        {
            updates.Enqueue((id, parameters));
            return Task.FromResult(new ServiceUpdateResponse());
        });
}
