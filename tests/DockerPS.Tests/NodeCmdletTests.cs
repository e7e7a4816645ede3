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
using static DockerPS.Tests.SwarmTestKit;

namespace DockerPS.Tests;

/// <summary>
/// Get-DockerNode and Set-DockerNode against a fake swarm manager: listing and matching as docker node ls and inspect
/// do, the update sent (spec kept, version named), labels, bad input refused before the engine is asked, an engine in
/// no swarm, and objects piped in.
/// </summary>
public sealed class NodeCmdletTests : IDisposable
{
    private readonly RecordingHost host = new();
    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();
    private readonly ConcurrentQueue<(string Id, ulong Version, NodeUpdateParameters Spec)> updates = new();

    public NodeCmdletTests()
    {
        runner = CmdletRunner.WithHost(host);
        AnswerNodes(
            engine,
            Node("web-2", leader: false, id: "abc1" + new string('x', 21)),
            Node("web-1", labels: new Dictionary<string, string> { ["zone"] = "a" }, id: "abc2" + new string('y', 21)),
            Node("db", availability: "drain", id: "def0" + new string('z', 21)));
        engine.Swarm.On(nameof(ISwarmOperations.InspectNodeAsync), (string reference, CancellationToken _) =>
            reference.StartsWith("nosuch", StringComparison.Ordinal)
                ? Task.FromException<NodeListResponse>(EngineAnswers.Refusal(HttpStatusCode.NotFound, $"node {reference} not found"))
                : Task.FromResult(Node(reference, labels: new Dictionary<string, string> { ["zone"] = "a", ["old"] = "x" }, id: reference.Length == 25 ? reference : SwarmId(reference))));
        engine.Swarm.On(nameof(ISwarmOperations.UpdateNodeAsync), (string id, ulong version, NodeUpdateParameters spec, CancellationToken _) =>
        {
            updates.Enqueue((id, version, spec));
            return Task.CompletedTask;
        });
    }

    public static TheoryData<string> NotNodes => AllBut("DockerNode");

    public static TheoryData<string> GetRefuses => AllButAndContexts("DockerNode");

    public void Dispose()
    {
        engine.Dispose();
        runner.Dispose();
    }

    [Fact]
    public void Get_MarksTheEnginesOwnNode_AsDockerInfoNamesIt()
    {
        var result = runner.Run("Get-DockerNode", On(engine));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "web-2" }, result.Output.Cast<DockerNode>().Where(node => node.IsSelf).Select(node => node.Hostname));
    }

    [Fact]
    public void Get_WithoutNames_ListsEveryNodeByHostname_AsDockerNodeLsShowsThem()
    {
        var result = runner.Run("Get-DockerNode", On(engine));

        Assert.Empty(result.ErrorIds);
        var nodes = result.Output.Cast<DockerNode>().ToList();
        Assert.Equal(new[] { "db", "web-1", "web-2" }, nodes.Select(node => node.Hostname));
        Assert.Equal("drain", nodes[0].Availability);
        Assert.Equal("Leader", nodes[1].ManagerStatus);
        Assert.Equal("Reachable", nodes[2].ManagerStatus);
        Assert.Equal("ready", nodes[1].Status);
        Assert.Equal("manager", nodes[1].Role);
        Assert.Equal("20.10.24", nodes[1].EngineVersion);
        Assert.Equal("a", nodes[1].Labels["zone"]);
        Assert.Equal(7UL, nodes[1].Version);
        Assert.Equal(engine.Endpoint, nodes[1].Endpoint);
    }

    [Fact]
    public void Get_ByHostnameIdPrefixAndPattern_AndAMissingNameIsANonTerminatingNodeNotFound()
    {
        var result = runner.Run("Get-DockerNode", On(engine).With("Name", new[] { "db", "abc1", "WEB-*", "nosuch" }));

        Assert.Null(result.Terminating);
        var error = AssertError(Assert.Single(result.Errors), "NodeNotFound", ErrorCategory.ObjectNotFound, "nosuch");
        Assert.Equal("No such node: nosuch", Message(error));
        Assert.Equal(new[] { "db", "web-2", "web-1" }, result.Output.Cast<DockerNode>().Select(node => node.Hostname));
    }

    [Fact]
    public void Get_IdPrefixFittingTwoNodes_IsAmbiguous()
    {
        var result = runner.Run("Get-DockerNode", On(engine).With("Name", "abc"));

        var error = AssertError(Assert.Single(result.Errors), "AmbiguousNodeReference", ErrorCategory.InvalidArgument, "abc");
        Assert.Equal("node abc is ambiguous (2 matches found)", Message(error));
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Get_Label_NarrowsTheList_AndANameItLeavesOutIsNoError()
    {
        var result = runner.Run("Get-DockerNode", On(engine).With("Label", new[] { "zone=a" }));
        var named = runner.Run("Get-DockerNode", On(engine).With("Label", new[] { "zone=a" }).With("Name", new[] { "db", "web-1" }));

        Assert.Equal(new[] { "web-1" }, result.Output.Cast<DockerNode>().Select(node => node.Hostname));
        Assert.Empty(named.ErrorIds);
        Assert.Equal(new[] { "web-1" }, named.Output.Cast<DockerNode>().Select(node => node.Hostname));
    }

    [Fact]
    public void Get_OnAnEngineThatIsNoManager_IsATerminatingSwarmNotActive_InTheEnginesWords()
    {
        engine.Swarm.On(nameof(ISwarmOperations.ListNodesAsync), (CancellationToken _) => Task.FromException<IList<NodeListResponse>>(NotAManager()));

        var result = runner.Run("Get-DockerNode", On(engine));

        Assert.Equal("SwarmNotActive", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.InvalidOperation, result.Terminating!.CategoryInfo.Category);
        Assert.Equal("Error response from daemon: " + NotAManagerWords, Message(result.Terminating));
    }

    [Theory]
    [MemberData(nameof(GetRefuses))]
    public void Get_PipedObjectThatIsNoNode_IsRefusedAsWrongObjectType(string kind)
    {
        var result = runner.Run("Get-DockerNode", new Hashtable(), new[] { PipedObject(kind, engine) });

        AssertRefusedAsNot("node", result, kind, engine);
    }

    [Fact]
    public void Set_Availability_SendsTheSpecItRead_WithOnlyTheAvailabilityChanged_AndTheVersionItRead()
    {
        var result = runner.Run("Set-DockerNode", On(engine).With("Name", new[] { "web-1" }).With("Availability", "Drain").With("PassThru", true));

        Assert.Empty(result.ErrorIds);
        var (id, version, spec) = Assert.Single(updates);
        Assert.Equal(SwarmId("web-1"), id);
        Assert.Equal(7UL, version);
        Assert.Equal("drain", spec.Availability);
        Assert.Equal("manager", spec.Role);
        Assert.Equal("spec-web-1", spec.Name);
        Assert.Equal(new Dictionary<string, string> { ["zone"] = "a", ["old"] = "x" }, spec.Labels);
        Assert.Equal(SwarmId("web-1"), Assert.IsType<DockerNode>(Assert.Single(result.Output)).Id);
    }

    [Fact]
    public void Set_PassThru_MarksTheEnginesOwnNode_AsGetDockerNodeDoes()
    {
        var self = "abc1" + new string('x', 21);

        var result = runner.Run("Set-DockerNode", On(engine).With("Name", new[] { self, "web-1" }).With("Availability", "Active").With("PassThru", true));

        Assert.Empty(result.ErrorIds);
        var nodes = result.Output.Cast<DockerNode>().ToList();
        Assert.Equal(new[] { (self, true), (SwarmId("web-1"), false) }, nodes.Select(node => (node.Id, node.IsSelf)));
    }

    [Fact]
    public void Set_PassThru_AsksTheEngineForItsOwnNodeOnce_ForTheWholeBatch()
    {
        var result = runner.Run("Set-DockerNode", On(engine).With("Name", new[] { "web-1", "web-2", "db" }).With("Availability", "Active").With("PassThru", true));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(3, result.Output.Count);
        Assert.Single(engine.System.Calls, call => call.Method == nameof(ISystemOperations.GetSystemInfoAsync));
    }

    [Fact]
    public void Set_WithoutPassThru_DoesNotReadTheNodeBack()
    {
        var result = runner.Run("Set-DockerNode", On(engine).With("Name", new[] { "web-1" }).With("Availability", "Active"));

        Assert.Empty(result.ErrorIds);
        Assert.Single(updates);
        Assert.Single(engine.Swarm.Calls, call => call.Method == nameof(ISwarmOperations.InspectNodeAsync));
        Assert.DoesNotContain(engine.System.Calls, call => call.Method == nameof(ISystemOperations.GetSystemInfoAsync));
    }

    [Fact]
    public void Set_LabelAndRemoveLabel_ChangeOnlyThoseLabels_AndNothingIsWrittenWithoutPassThru()
    {
        var result = runner.Run("Set-DockerNode", On(engine).With("Name", new[] { "web-1" }).With("Label", new Hashtable { ["zone"] = "b", ["disk"] = "ssd" }).With("RemoveLabel", new[] { "old", "absent" }));

        Assert.Empty(result.ErrorIds);
        Assert.Empty(result.Output);
        var (_, _, spec) = Assert.Single(updates);
        Assert.Equal(new Dictionary<string, string> { ["zone"] = "b", ["disk"] = "ssd" }, spec.Labels);
        Assert.Equal("active", spec.Availability);
    }

    [Fact]
    public void Set_PipedNodes_AreUpdatedOnTheirOwnEngine_ByIdFromGetDockerNode()
    {
        var nodes = runner.Run("Get-DockerNode", On(engine).With("Name", new[] { "db", "web-2" })).Output;

        var result = runner.Run("Set-DockerNode", new Hashtable { ["HostAddress"] = NowhereAddress(), ["Availability"] = "Active" }, nodes);

        Assert.Empty(result.ErrorIds);
        Assert.Equal(
            new[] { "abc1" + new string('x', 21), "def0" + new string('z', 21) },
            updates.Select(update => update.Id).OrderBy(id => id, StringComparer.Ordinal));
    }

    [Fact]
    public void Set_NodeTheEngineLacks_IsANonTerminatingNodeNotFound_AndTheOthersAreUpdated()
    {
        var result = runner.Run("Set-DockerNode", On(engine).With("Name", new[] { "nosuch", "web-1" }).With("Availability", "Pause"));

        Assert.Null(result.Terminating);
        var error = AssertError(Assert.Single(result.Errors), "NodeNotFound", ErrorCategory.ObjectNotFound, "nosuch");
        Assert.Equal("Error response from daemon: node nosuch not found", Message(error));
        Assert.Equal("pause", Assert.Single(updates).Spec.Availability);
    }

    [Fact]
    public void Set_OnAnEngineThatIsNoManager_IsSwarmNotActive_ForEachNode()
    {
        engine.Swarm.On(nameof(ISwarmOperations.InspectNodeAsync), (string _, CancellationToken __) => Task.FromException<NodeListResponse>(NotAManager()));

        var result = runner.Run("Set-DockerNode", On(engine).With("Name", new[] { "a", "b" }).With("Availability", "Drain"));

        Assert.Equal(new[] { "SwarmNotActive", "SwarmNotActive" }, result.ErrorIds);
        Assert.Empty(updates);
    }

    [Fact]
    public void Set_NothingToChange_OrALabelWithoutAKey_IsRefusedBeforeTheEngineIsAsked()
    {
        var nothing = runner.Run("Set-DockerNode", On(engine).With("Name", new[] { "web-1" }));
        var badLabel = runner.Run("Set-DockerNode", On(engine).With("Name", new[] { "web-1" }).With("Label", new[] { "=x" }));

        Assert.Equal(new[] { "NodeUpdateEmpty" }, nothing.ErrorIds);
        Assert.Equal(ErrorCategory.InvalidArgument, nothing.Terminating!.CategoryInfo.Category);
        Assert.Equal(new[] { "InvalidLabel" }, badLabel.ErrorIds);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void Set_WhatIf_SaysTheChange_AndAsksTheEngineNothing()
    {
        var result = runner.Run("Set-DockerNode", On(engine).With("Name", new[] { "web-1" }).With("Availability", "Drain").With("Label", new[] { "zone=b" }).With("WhatIf", true));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(
            new[] { "What if: Performing the operation \"Set availability to drain; Add labels zone=b\" on target \"web-1\"." },
            host.Lines.Where(line => line.StartsWith("What if:", StringComparison.Ordinal)).Select(line => line.Trim()));
        Assert.Equal(0, engine.CallCount);
    }

    [Theory]
    [MemberData(nameof(NotNodes))]
    public void Set_PipedObjectThatIsNoNode_IsRefusedAsWrongObjectType(string kind)
    {
        var result = runner.Run("Set-DockerNode", new Hashtable { ["Availability"] = "Drain" }, new[] { PipedObject(kind, engine) });

        AssertRefusedAsNot("node", result, kind, engine);
    }
}
