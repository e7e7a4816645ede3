using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using DockerPS.Tests.Fakes;
using Xunit;
using static DockerPS.Tests.ContainerTestKit;
using static DockerPS.Tests.ServiceTestKit;

namespace DockerPS.Tests;

/// <summary>Remove-DockerService against a fake Swarm manager: removal by the id found, names that match nothing, -Force, -WhatIf and piped objects.</summary>
public sealed class RemoveDockerServiceTests : IClassFixture<CmdletRunner>, IDisposable
{
    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();
    private readonly ConcurrentQueue<string> removed = new();

    public RemoveDockerServiceTests(CmdletRunner runner) => this.runner = runner;

    public static TheoryData<string> NotServiceKinds => NotServices;

    public static TheoryData<string> ServiceKindsData => ServiceKinds;

    public void Dispose() => engine.Dispose();

    [Fact]
    public void Remove_RemovesEachServiceByTheIdItWasFoundBy_AndWritesNothing()
    {
        AnswerServices(engine, new[] { Service("web"), Service("db") });
        AnswerRemove();

        var result = runner.Run("Remove-DockerService", Parameters(engine, ("Name", new[] { "web", ServiceId("db").Substring(0, 5) }), ("Confirm", false)));

        Assert.Empty(result.ErrorIds);
        Assert.Empty(result.Output);
        Assert.Equal(new[] { ServiceId("db"), ServiceId("web") }.OrderBy(id => id), removed.OrderBy(id => id));
    }

    [Fact]
    public void Remove_NameMatchingNothing_IsServiceNotFound_InTheEnginesWords_AndTheOthersAreRemoved()
    {
        AnswerServices(engine, new[] { Service("web") });
        AnswerRemove();

        var result = runner.Run("Remove-DockerService", Parameters(engine, ("Name", new[] { "nosuch", "web" }), ("Confirm", false)));

        var error = AssertError(Assert.Single(result.Errors), "ServiceNotFound", ErrorCategory.ObjectNotFound, "nosuch");
        Assert.Equal("Error response from daemon: service nosuch not found", Message(error));
        Assert.Single(removed);
    }

    [Fact]
    public void Remove_Force_ServiceMissing_IsAVerboseNote()
    {
        AnswerServices(engine, new[] { Service("web") });
        AnswerRemove();

        var result = runner.Run("Remove-DockerService", Parameters(engine, ("Name", new[] { "nosuch", "web" }), ("Force", true), ("Verbose", true)));

        Assert.Empty(result.ErrorIds);
        Assert.Contains("No such service: nosuch", result.Verbose);
        Assert.Single(removed);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Remove_WhatIf_AsksTheEngineNothing_EvenWithForce(bool force)
    {
        var result = runner.Run("Remove-DockerService", Parameters(engine, ("Name", new[] { "web" }), ("WhatIf", true), ("Force", force)));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(0, engine.CallCount);
    }

    [Theory]
    [MemberData(nameof(ServiceKindsData))]
    public void Remove_PipedServiceOrTask_IsRemovedOnItsOwnEngine(string kind)
    {
        AnswerServices(engine, new[] { Service("web") });
        AnswerRemove();

        var result = runner.Run("Remove-DockerService", new Hashtable { ["HostAddress"] = NowhereAddress(), ["Confirm"] = false }, new[] { PipedServiceKind(kind, engine) });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { ServiceId("web") }, removed);
    }

    [Theory]
    [MemberData(nameof(NotServiceKinds))]
    public void Remove_PipedObjectThatIsNoService_IsRefusedAsWrongObjectType_AndTheEngineIsNotAsked(string kind)
    {
        var value = ContainerTestKit.Piped(kind, engine);

        var result = runner.Run("Remove-DockerService", Parameters(engine, ("Confirm", false)), new[] { value });

        AssertError(Assert.Single(result.Errors), "WrongObjectType", ErrorCategory.InvalidType, PSObject.AsPSObject(value).ToString());
        Assert.Equal(0, engine.CallCount);
    }

    private void AnswerRemove() =>
        engine.Swarm.On(nameof(ISwarmOperations.RemoveServiceAsync), (string id, CancellationToken _) =>
        {
            removed.Enqueue(id);
            return Task.CompletedTask;
        });
}
