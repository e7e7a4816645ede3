using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
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
using static DockerPS.Tests.NetworkTestKit;

namespace DockerPS.Tests;

/// <summary>
/// Remove-DockerNetwork against a fake engine: the predefined networks refused before the engine is asked, a network in
/// use kept and its containers named (on Docker and on Podman), names that match nothing, -Force, input order, -WhatIf
/// and objects piped in.
/// </summary>
public sealed class RemoveDockerNetworkTests : IClassFixture<CmdletRunner>, IDisposable
{
    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();
    private readonly ConcurrentQueue<string> deleted = new();

    // One runspace for the class: the tests run one after another; none leaves state behind in it.
    public RemoveDockerNetworkTests(CmdletRunner runner) => this.runner = runner;

    public static TheoryData<string> NotNetworkKinds => NotNetworks;

    public static TheoryData<string> NetworkKindsData => NetworkKinds;

    public void Dispose() => engine.Dispose();

    [Fact]
    public void Remove_RemovesEachNetworkByTheIdItWasFoundBy_WritingNothing()
    {
        AnswerNetworks(engine, Network("web-net"), Network("db-net"));
        AnswerDelete();

        var result = runner.Run("Remove-DockerNetwork", Parameters(engine, ("Name", new[] { "web-net", "db-net" }), ("Confirm", false)));

        Assert.Empty(result.ErrorIds);
        Assert.Empty(result.Output);
        Assert.Equal(new[] { EngineAnswers.IdOf("net-web-net"), EngineAnswers.IdOf("net-db-net") }, deleted.OrderBy(id => id == EngineAnswers.IdOf("net-db-net")));
    }

    [Fact]
    public void Remove_OnPodman_GivesTheName_WhichPodmanRefusesToRemoveWhileInUse_AsItsIdIsNot()
    {
        using var podman = new FakeEngine(podman: true);
        AnswerNetworks(podman, Network("web-net"));
        podman.Networks.On(nameof(INetworkOperations.DeleteNetworkAsync), (string reference, CancellationToken _) =>
        {
            deleted.Enqueue(reference);
            return Task.CompletedTask;
        });

        var result = runner.Run("Remove-DockerNetwork", Parameters(podman, ("Name", new[] { EngineAnswers.IdOf("net-web-net") }), ("Confirm", false)));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "web-net" }, deleted);
    }

    [Theory]
    [InlineData("bridge")]
    [InlineData("host")]
    [InlineData("none")]
    public void Remove_PredefinedNetworkByName_IsRefusedAsPredefinedNetwork_InItsPlace_AndTheEngineIsNotAskedAboutIt(string name)
    {
        AnswerNetworks(engine, Network("a"), Network("b"));
        AnswerDelete();

        var result = runner.Run("Remove-DockerNetwork", Parameters(engine, ("Name", new[] { "a", name, "nosuch", "b" }), ("Confirm", false)));

        Assert.Null(result.Terminating);
        Assert.Equal(new object[] { name, "nosuch" }, result.Errors.Select(error => error.TargetObject));
        var refusal = AssertError(result.Errors[0], "PredefinedNetwork", ErrorCategory.InvalidOperation, name);
        Assert.Equal($"{name} is a pre-defined network and cannot be removed", Message(refusal));
        Assert.DoesNotContain(engine.Networks.Calls, call => Equals(call.Arguments[0], name));
        Assert.Equal(2, deleted.Count);
    }

    [Theory]
    [InlineData(false, "bridge")]
    [InlineData(true, "podman")]
    public void Remove_IdOfAPredefinedNetwork_IsRefusedAsItsNameIs_AndNothingIsDeleted(bool podman, string name)
    {
        using var other = new FakeEngine(podman: podman);
        AnswerNetworks(other, Network(name));

        var result = runner.Run("Remove-DockerNetwork", Parameters(other, ("Name", new[] { EngineAnswers.IdOf("net-" + name).Substring(0, 12) }), ("Confirm", false)));

        AssertError(Assert.Single(result.Errors), "PredefinedNetwork", ErrorCategory.InvalidOperation, name);
        Assert.Equal(0, other.Networks.CountOf(nameof(INetworkOperations.DeleteNetworkAsync)));
    }

    [Theory]
    [InlineData(false, "error while removing network: network web-net id 0123 has active endpoints")]
    [InlineData(true, null)]
    public void Remove_NetworkInUse_IsANonTerminatingNetworkInUse_NamingTheContainersByName_AndIsKept(bool podman, string? words)
    {
        using var other = new FakeEngine(podman: podman);
        AnswerNetworks(other, Network("web-net", "bridge", "web", "api"), Network("idle"));
        var refusal = podman
            ? Podman("\"web-net\" has associated containers with it. Use -f to forcibly delete containers and pods", "network is being used")
            : EngineAnswers.Refusal(HttpStatusCode.Forbidden, words!);
        other.Networks.On(nameof(INetworkOperations.DeleteNetworkAsync), (string reference, CancellationToken _) =>
        {
            if (reference.Contains("web-net", StringComparison.Ordinal) || reference == EngineAnswers.IdOf("net-web-net"))
            {
                return Task.FromException(refusal);
            }

            deleted.Enqueue(reference);
            return Task.CompletedTask;
        });

        var result = runner.Run("Remove-DockerNetwork", Parameters(other, ("Name", new[] { "web-net", "idle" }), ("Confirm", false)));

        Assert.Null(result.Terminating);
        var error = AssertError(Assert.Single(result.Errors), "NetworkInUse", ErrorCategory.ResourceBusy, "web-net");
        Assert.StartsWith(
            $"Network web-net is in use by container api ({EngineAnswers.IdOf("api").Substring(0, 12)}), web ({EngineAnswers.IdOf("web").Substring(0, 12)}): disconnect the containers",
            Message(error));
        Assert.EndsWith("(Error response from daemon: " + (words ?? "\"web-net\" has associated containers with it. Use -f to forcibly delete containers and pods: network is being used") + ")", Message(error));
        Assert.Single(deleted);
    }

    [Fact]
    public void Remove_NameMatchingNothing_IsNetworkNotFound_InTheEnginesWords_AndTheOthersAreRemoved()
    {
        AnswerNetworks(engine, Network("a"), Network("b"));
        AnswerDelete();

        var result = runner.Run("Remove-DockerNetwork", Parameters(engine, ("Name", new[] { "a", "nosuch", "b" }), ("Confirm", false)));

        Assert.Null(result.Terminating);
        var error = AssertError(Assert.Single(result.Errors), "NetworkNotFound", ErrorCategory.ObjectNotFound, "nosuch");
        Assert.Equal("Error response from daemon: network nosuch not found", Message(error));
        Assert.Equal(2, deleted.Count);
    }

    [Fact]
    public void Remove_Force_NetworkMissing_IsAVerboseNote_AndNoQuestionIsAsked()
    {
        AnswerNetworks(engine, Network("a"));
        AnswerDelete();

        var result = runner.Run("Remove-DockerNetwork", Parameters(engine, ("Name", new[] { "nosuch", "a" }), ("Force", true), ("Verbose", true)));

        Assert.Empty(result.ErrorIds);
        Assert.Contains("No such network: nosuch", result.Verbose);
        Assert.Single(deleted);
    }

    [Fact]
    public void Remove_AmbiguousName_IsAmbiguousNetworkReference()
    {
        engine.Networks.On(nameof(INetworkOperations.InspectNetworkAsync), (string reference, CancellationToken _) =>
            Task.FromException<NetworkResponse>(EngineAnswers.Refusal(HttpStatusCode.BadRequest, $"network {reference} is ambiguous (2 matches found based on name)")));

        var result = runner.Run("Remove-DockerNetwork", Parameters(engine, ("Name", new[] { "twin" }), ("Confirm", false)));

        var error = AssertError(Assert.Single(result.Errors), "AmbiguousNetworkReference", ErrorCategory.InvalidArgument, "twin");
        Assert.Equal("Error response from daemon: network twin is ambiguous (2 matches found based on name)", Message(error));
    }

    [Fact]
    public void Remove_OtherRefusal_IsTheNetworksError_AndDockersForbiddenIsNoPermissionProblem()
    {
        AnswerNetworks(engine, Network("a"));
        engine.Networks.On(nameof(INetworkOperations.DeleteNetworkAsync), (string _, CancellationToken __) =>
            Task.FromException(EngineAnswers.Refusal(HttpStatusCode.Forbidden, "network a is owned by a service")));

        var result = runner.Run("Remove-DockerNetwork", Parameters(engine, ("Name", new[] { "a" }), ("Confirm", false)));

        var error = AssertError(Assert.Single(result.Errors), "DockerApi.Forbidden", ErrorCategory.InvalidOperation, "a");
        Assert.Equal("Error response from daemon: network a is owned by a service", Message(error));
    }

    [Fact]
    public void Remove_Batch_WritesErrorsInInputOrder_WhateverOrderTheRemovalsFinishIn()
    {
        // The first removal finishes last; the others fail at once.
        var firstMayFinish = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        AnswerNetworks(engine, Network("slow"), Network("used", "bridge", "web"));
        engine.Networks.On(nameof(INetworkOperations.DeleteNetworkAsync), async (string id, CancellationToken _) =>
        {
            if (id == EngineAnswers.IdOf("net-slow"))
            {
                await firstMayFinish.Task.WaitAsync(TimeSpan.FromSeconds(10));
                return;
            }

            firstMayFinish.TrySetResult(true);
            throw EngineAnswers.Refusal(HttpStatusCode.Forbidden, "error while removing network: network used has active endpoints");
        });

        var result = runner.Run("Remove-DockerNetwork", Parameters(engine, ("Name", new[] { "slow", "nosuch", "used", "bridge" }), ("Confirm", false)));

        Assert.Equal(new[] { "NetworkNotFound", "NetworkInUse", "PredefinedNetwork" }, result.ErrorIds);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Remove_WhatIf_AsksTheEngineNothing_EvenWithForce(bool force)
    {
        var result = runner.Run("Remove-DockerNetwork", Parameters(engine, ("Name", new[] { "a", "b" }), ("WhatIf", true), ("Force", force)));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void Remove_EngineUnreachable_StopsTheBatchWithATerminatingEngineUnreachable()
    {
        var result = runner.Run("Remove-DockerNetwork", new Hashtable { ["HostAddress"] = NowhereAddress(), ["Name"] = new[] { "a", "b" }, ["Confirm"] = false });

        Assert.Empty(result.Errors);
        Assert.Equal("EngineUnreachable", result.ErrorIds.Single());
    }

    [Theory]
    [MemberData(nameof(NetworkKindsData))]
    public void Remove_PipedNetworkOrAttachment_IsRemovedOnItsOwnEngine(string kind)
    {
        AnswerNetworks(engine, Network("web"));
        AnswerDelete();

        var result = runner.Run("Remove-DockerNetwork", new Hashtable { ["HostAddress"] = NowhereAddress(), ["Confirm"] = false }, new[] { ContainerTestKit.Piped(kind, engine) });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { EngineAnswers.IdOf("net-web") }, deleted);
    }

    [Theory]
    [MemberData(nameof(NotNetworkKinds))]
    public void Remove_PipedObjectThatIsNoNetwork_IsRefusedAsWrongObjectType_AndTheEngineIsNotAsked(string kind)
    {
        var value = ContainerTestKit.Piped(kind, engine);

        var result = runner.Run("Remove-DockerNetwork", Parameters(engine, ("Confirm", false)), new[] { value });

        Assert.Null(result.Terminating);
        AssertError(Assert.Single(result.Errors), "WrongObjectType", ErrorCategory.InvalidType, PSObject.AsPSObject(value).ToString());
        Assert.Equal(0, engine.CallCount);
    }

    private void AnswerDelete() =>
        engine.Networks.On(nameof(INetworkOperations.DeleteNetworkAsync), (string reference, CancellationToken _) =>
        {
            deleted.Enqueue(reference);
            return Task.CompletedTask;
        });
}
