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
/// Initialize-, Join-, Exit- and Get-DockerSwarm against a fake engine: what is sent (the docker CLI's defaults), the
/// happy paths the rig cannot run without disturbing its shared swarm, the engine's refusals of a node in or out of a
/// swarm, a join token kept out of every message, and -WhatIf and -Confirm asking the engine nothing.
/// </summary>
public sealed class SwarmMembershipTests : IDisposable
{
    private const string Token = "SWMTKN-1-3pu6hszjas19xyp7ghgosyx9k8atbfcr8p2is99znpy26u2lkl-1awxwuwd3z9j1z3puu7rcgdbx";
    private const string AlreadyInSwarm = "This node is already part of a swarm. Use \"docker swarm leave\" to leave this swarm and join another one.";

    private readonly RecordingHost host = new();
    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();
    private readonly ConcurrentQueue<object> sent = new();

    public SwarmMembershipTests()
    {
        runner = CmdletRunner.WithHost(host);
        engine.Swarm.On(nameof(ISwarmOperations.InspectSwarmAsync), (CancellationToken _) => Task.FromResult(new SwarmInspectResponse
        {
            ID = "rg7ubbtfwbi7cj7cqw5eb286f",
            DataPathPort = 4789,
            SubnetSize = 24,
            DefaultAddrPool = new List<string> { "10.0.0.0/8" },
            JoinTokens = new JoinTokens { Worker = Token, Manager = Token.Replace("1awx", "9mgr") },
            Spec = new Spec(),
        }));
    }

    public void Dispose()
    {
        engine.Dispose();
        runner.Dispose();
    }

    [Fact]
    public void Initialize_SendsTheAddresses_WithTheCliDefaultListenAddress_AndPassThruWritesTheSwarmWithoutTokens()
    {
        AnswerInit();

        var result = runner.Run("Initialize-DockerSwarm", On(engine).With("AdvertiseAddress", "127.0.0.1").With("PassThru", true).With("Verbose", true));

        Assert.Empty(result.ErrorIds);
        var request = Assert.IsType<SwarmInitParameters>(Assert.Single(sent));
        Assert.Equal("127.0.0.1", request.AdvertiseAddr);
        Assert.Equal("0.0.0.0:2377", request.ListenAddr);
        Assert.False(request.ForceNewCluster);
        var swarm = Assert.IsType<DockerSwarm>(Assert.Single(result.Output));
        Assert.Equal("rg7ubbtfwbi7cj7cqw5eb286f", swarm.Id);
        Assert.Equal(new[] { "10.0.0.0/8" }, swarm.DefaultAddressPool);
        Assert.Contains("Swarm initialized: current node (nodeid1) is now a manager.", result.Verbose);
        Assert.DoesNotContain(PSObject.AsPSObject(swarm).Properties, property => Convert.ToString(property.Value)!.Contains("SWMTKN", StringComparison.Ordinal));
    }

    [Fact]
    public void Initialize_ForceNewCluster_IsSent_AndWithoutPassThruNothingIsWritten()
    {
        AnswerInit();

        var result = runner.Run("Initialize-DockerSwarm", On(engine).With("ForceNewCluster", true).With("ListenAddress", "10.0.0.5:4000"));

        Assert.Empty(result.ErrorIds);
        Assert.Empty(result.Output);
        var request = Assert.IsType<SwarmInitParameters>(Assert.Single(sent));
        Assert.True(request.ForceNewCluster);
        Assert.Equal("10.0.0.5:4000", request.ListenAddr);
    }

    [Fact]
    public void Initialize_OnAnEngineInASwarm_IsATerminatingSwarmAlreadyActive_InTheEnginesWords()
    {
        engine.Swarm.On(nameof(ISwarmOperations.InitSwarmAsync), (SwarmInitParameters _, CancellationToken __) =>
            Task.FromException<string>(EngineAnswers.Refusal(HttpStatusCode.ServiceUnavailable, AlreadyInSwarm)));

        var result = runner.Run("Initialize-DockerSwarm", On(engine));

        AssertError(result.Terminating!, "SwarmAlreadyActive", ErrorCategory.InvalidOperation, engine.Address);
        Assert.Equal("Error response from daemon: " + AlreadyInSwarm, Message(result.Terminating!));
    }

    [Fact]
    public void Initialize_WhatIf_AsksTheEngineNothing()
    {
        var result = runner.Run("Initialize-DockerSwarm", On(engine).With("WhatIf", true));

        Assert.Empty(result.ErrorIds);
        Assert.Contains(host.Lines, line => line.Trim() == $"What if: Performing the operation \"Initialize a swarm with this engine as its manager\" on target \"{engine.Address}\".");
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void Join_SendsTheManagerAddressAndToken_AsDockerSwarmJoinDoes()
    {
        AnswerJoin();

        var result = runner.Run("Join-DockerSwarm", On(engine).With("RemoteAddress", "10.0.0.1:2377").With("Token", Token).With("AdvertiseAddress", "eth0"));

        Assert.Empty(result.ErrorIds);
        var request = Assert.IsType<SwarmJoinParameters>(Assert.Single(sent));
        Assert.Equal(new[] { "10.0.0.1:2377" }, request.RemoteAddrs);
        Assert.Equal(Token, request.JoinToken);
        Assert.Equal("eth0", request.AdvertiseAddr);
        Assert.Equal("0.0.0.0:2377", request.ListenAddr);
    }

    [Fact]
    public void Join_TakesGetDockerSwarmJoinTokensObject_ByPropertyName()
    {
        AnswerJoin();
        AnswerJoinTokenLookup();
        var token = runner.Run("Get-DockerSwarm", On(engine).With("JoinToken", "Manager")).Output;

        var result = runner.Run("Join-DockerSwarm", On(engine), token);

        Assert.Empty(result.ErrorIds);
        var request = Assert.IsType<SwarmJoinParameters>(Assert.Single(sent));
        Assert.Equal(new[] { "127.0.0.1:2377" }, request.RemoteAddrs);
        Assert.Equal(Token.Replace("1awx", "9mgr"), request.JoinToken);
    }

    [Fact]
    public void Join_RefusalThatRepeatsTheToken_IsWrittenWithoutIt()
    {
        engine.Swarm.On(nameof(ISwarmOperations.JoinSwarmAsync), (SwarmJoinParameters _, CancellationToken __) =>
            Task.FromException(EngineAnswers.Refusal(HttpStatusCode.InternalServerError, $"rpc error: code = Unavailable desc = token {Token} was refused")));

        var result = runner.Run("Join-DockerSwarm", On(engine).With("RemoteAddress", "10.0.0.1:2377").With("Token", Token));

        var error = AssertError(result.Terminating!, "DockerApi.InternalServerError", ErrorCategory.InvalidOperation, engine.Address);
        Assert.Equal("Error response from daemon: rpc error: code = Unavailable desc = token (token) was refused", Message(error));
        Assert.DoesNotContain(Token, error.ToString() + error.Exception, StringComparison.Ordinal);
    }

    [Fact]
    public void Join_TokenTheEngineCannotRead_IsATerminatingInvalidJoinToken()
    {
        engine.Swarm.On(nameof(ISwarmOperations.JoinSwarmAsync), (SwarmJoinParameters _, CancellationToken __) =>
            Task.FromException(EngineAnswers.Refusal(HttpStatusCode.InternalServerError, "invalid join token")));

        var result = runner.Run("Join-DockerSwarm", On(engine).With("RemoteAddress", "10.0.0.1:2377").With("Token", "SWMTKN-1-bogus"));

        AssertError(result.Terminating!, "InvalidJoinToken", ErrorCategory.InvalidArgument, engine.Address);
    }

    [Fact]
    public void Join_WhatIf_NamesTheManagerButNotTheToken_AndAsksTheEngineNothing()
    {
        var result = runner.Run("Join-DockerSwarm", On(engine).With("RemoteAddress", "10.0.0.1:2377").With("Token", Token).With("WhatIf", true));

        Assert.Empty(result.ErrorIds);
        Assert.Contains(host.Lines, line => line.Trim() == $"What if: Performing the operation \"Join the swarm at 10.0.0.1:2377\" on target \"{engine.Address}\".");
        Assert.DoesNotContain(host.Lines, line => line.Contains(Token, StringComparison.Ordinal));
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void Exit_Force_LeavesWithForce_WithoutAsking()
    {
        AnswerLeave();

        var result = runner.Run("Exit-DockerSwarm", On(engine).With("Force", true));

        Assert.Empty(result.ErrorIds);
        Assert.True(Assert.IsType<SwarmLeaveParameters>(Assert.Single(sent)).Force);
        Assert.Empty(host.Prompts);
    }

    [Fact]
    public void Exit_AsksFirst_AndNoLeavesTheEngineAlone_AsDoesWhatIf()
    {
        AnswerLeave();
        host.Answer("No");

        var declined = runner.Run("Exit-DockerSwarm", On(engine));
        var whatIf = runner.Run("Exit-DockerSwarm", On(engine).With("Force", true).With("WhatIf", true));

        Assert.Empty(declined.ErrorIds);
        Assert.Empty(whatIf.ErrorIds);
        Assert.Single(host.Prompts);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void Exit_OnAnEngineInNoSwarm_IsATerminatingSwarmNotActive()
    {
        engine.Swarm.On(nameof(ISwarmOperations.LeaveSwarmAsync), (SwarmLeaveParameters _, CancellationToken __) =>
            Task.FromException(EngineAnswers.Refusal(HttpStatusCode.ServiceUnavailable, "This node is not part of a swarm")));

        var result = runner.Run("Exit-DockerSwarm", On(engine).With("Force", true));

        AssertError(result.Terminating!, "SwarmNotActive", ErrorCategory.InvalidOperation, engine.Address);
        Assert.Equal("Error response from daemon: This node is not part of a swarm", Message(result.Terminating!));
    }

    [Fact]
    public void Get_WritesTheSwarm_AndWithJoinTokenTheTokenAndTheManagersAddress()
    {
        AnswerJoinTokenLookup();

        var swarm = runner.Run("Get-DockerSwarm", On(engine));
        var worker = runner.Run("Get-DockerSwarm", On(engine).With("JoinToken", "Worker"));

        Assert.Equal("rg7ubbtfwbi7cj7cqw5eb286f", Assert.IsType<DockerSwarm>(Assert.Single(swarm.Output)).Id);
        var token = Assert.IsType<DockerSwarmJoinToken>(Assert.Single(worker.Output));
        Assert.Equal(("worker", Token, "127.0.0.1:2377"), (token.Role, token.Token, token.RemoteAddress));
        Assert.Equal("worker", token.ToString());
        Assert.Equal("nodeid1", Assert.Single(engine.Swarm.Calls, call => call.Method == nameof(ISwarmOperations.InspectNodeAsync)).Arguments[0]);
    }

    [Fact]
    public void Get_OnAnEngineInNoSwarm_IsATerminatingSwarmNotActive()
    {
        engine.Swarm.On(nameof(ISwarmOperations.InspectSwarmAsync), (CancellationToken _) => Task.FromException<SwarmInspectResponse>(NotAManager()));

        var result = runner.Run("Get-DockerSwarm", On(engine).With("JoinToken", "Worker"));

        AssertError(result.Terminating!, "SwarmNotActive", ErrorCategory.InvalidOperation, engine.Address);
    }

    private void AnswerInit() =>
        engine.Swarm.On(nameof(ISwarmOperations.InitSwarmAsync), (SwarmInitParameters request, CancellationToken _) =>
        {
            sent.Enqueue(request);
            return Task.FromResult("nodeid1");
        });

    private void AnswerJoin() =>
        engine.Swarm.On(nameof(ISwarmOperations.JoinSwarmAsync), (SwarmJoinParameters request, CancellationToken _) =>
        {
            sent.Enqueue(request);
            return Task.CompletedTask;
        });

    private void AnswerLeave() =>
        engine.Swarm.On(nameof(ISwarmOperations.LeaveSwarmAsync), (SwarmLeaveParameters request, CancellationToken _) =>
        {
            sent.Enqueue(request);
            return Task.CompletedTask;
        });

    /// <summary>The engine's node id (docker info) and its manager address (docker node inspect self).</summary>
    private void AnswerJoinTokenLookup()
    {
        engine.System.On(nameof(ISystemOperations.GetSystemInfoAsync), (CancellationToken _) =>
            Task.FromResult(new SystemInfoResponse { Swarm = new Info { NodeID = "nodeid1", LocalNodeState = "active" } }));
        engine.Swarm.On(nameof(ISwarmOperations.InspectNodeAsync), (string id, CancellationToken _) => Task.FromResult(Node("manager-1", id: id)));
    }
}
