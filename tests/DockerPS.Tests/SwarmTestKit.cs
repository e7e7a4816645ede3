using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Mapping;
using DockerPS.Tests.Fakes;
using Xunit;
using static DockerPS.Tests.ContainerTestKit;

namespace DockerPS.Tests;

/// <summary>
/// What the swarm cmdlets' tests share: nodes, secrets and configs as a manager answers them, the engine's refusals
/// of a node outside a swarm, and one object of every DockerPS type to pipe in.
/// </summary>
internal static class SwarmTestKit
{
    /// <summary>The swarm's own output types.</summary>
    public static readonly string[] SwarmKinds = { "DockerNode", "DockerSecret", "DockerConfig", "DockerSwarm", "DockerSwarmJoinToken" };

    /// <summary>dockerd's words to a node that is no manager, or in no swarm: a 503.</summary>
    public const string NotAManagerWords = "This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again.";

    private static readonly DateTime Created = new(2026, 11, 28, 10, 0, 0, DateTimeKind.Utc);

    /// <summary>Every DockerPS type but <paramref name="kind"/>: what a parameter taking that kind refuses.</summary>
    public static TheoryData<string> AllBut(string kind) =>
        new(NotContainers.Concat(ContainerKinds).Concat(SwarmKinds).Where(other => other != kind).Distinct());

    /// <summary>What a Get- cmdlet refuses from the pipeline: a context is not among them, it lists that engine's objects.</summary>
    public static TheoryData<string> AllButAndContexts(string kind) =>
        new(NotContainers.Concat(ContainerKinds).Concat(SwarmKinds).Where(other => other != kind && other != "DockerContext").Distinct());

    /// <summary>A swarm id (25 characters of base 36) made from a name.</summary>
    public static string SwarmId(string name) => EngineAnswers.IdOf(name).Substring(0, 25);

    public static DockerApiException NotAManager() => EngineAnswers.Refusal(HttpStatusCode.ServiceUnavailable, NotAManagerWords);

    public static NodeListResponse Node(string hostname, string availability = "active", IDictionary<string, string>? labels = null, string? id = null, bool leader = true) => new()
    {
        ID = id ?? SwarmId(hostname),
        Version = new Docker.DotNet.Models.Version { Index = 7 },
        CreatedAt = Created,
        Description = new NodeDescription { Hostname = hostname, Engine = new EngineDescription { EngineVersion = "20.10.24" } },
        Spec = new NodeUpdateParameters { Name = "spec-" + hostname, Role = "manager", Availability = availability, Labels = labels ?? new Dictionary<string, string>() },
        Status = new NodeStatus { State = "ready", Addr = "127.0.0.1" },
        ManagerStatus = new ManagerStatus { Leader = leader, Reachability = "reachable", Addr = "127.0.0.1:2377" },
    };

    public static Secret Secret(string name, IDictionary<string, string>? labels = null) => new()
    {
        ID = SwarmId(name),
        Version = new Docker.DotNet.Models.Version { Index = 3 },
        CreatedAt = Created,
        UpdatedAt = Created,
        Spec = new SwarmSecretSpec { Name = name, Labels = labels ?? new Dictionary<string, string>() },
    };

    public static SwarmConfig Config(string name, string data = "", IDictionary<string, string>? labels = null) => new()
    {
        ID = SwarmId(name),
        Version = new Docker.DotNet.Models.Version { Index = 3 },
        CreatedAt = Created,
        UpdatedAt = Created,
        Spec = new SwarmConfigSpec { Name = name, Data = System.Text.Encoding.UTF8.GetBytes(data), Labels = labels ?? new Dictionary<string, string>() },
    };

    /// <summary>The engine's swarm has these nodes; the engine itself is the first.</summary>
    public static void AnswerNodes(FakeEngine engine, params NodeListResponse[] nodes)
    {
        engine.Swarm.On(nameof(ISwarmOperations.ListNodesAsync), (CancellationToken _) => EngineAnswers.ListOf(nodes));
        engine.System.On(nameof(ISystemOperations.GetSystemInfoAsync), (CancellationToken _) =>
            Task.FromResult(new SystemInfoResponse { Swarm = new Info { NodeID = nodes.FirstOrDefault()?.ID ?? string.Empty } }));
    }

    public static void AnswerSecrets(FakeEngine engine, params Secret[] secrets) =>
        engine.Secrets.On(nameof(ISecretsOperations.ListAsync), (CancellationToken _) => EngineAnswers.ListOf(secrets));

    public static void AnswerConfigs(FakeEngine engine, params SwarmConfig[] configs) =>
        engine.Configs.On(nameof(IConfigOperations.ListConfigsAsync), (CancellationToken _) => EngineAnswers.ListOf(configs));

    /// <summary>One object of a DockerPS type from the fake engine, each looking as much as it can like the object "web".</summary>
    public static object PipedObject(string kind, FakeEngine engine) => kind switch
    {
        "DockerNode" => SwarmMapper.ToNode(Node("web"), engine.Endpoint, selfId: null),
        "DockerSecret" => SwarmMapper.ToSecret(Secret("web"), engine.Endpoint),
        "DockerConfig" => SwarmMapper.ToConfig(Config("web"), engine.Endpoint),
        "DockerSwarm" => SwarmMapper.ToSwarm(new SwarmInspectResponse { ID = "web" }, engine.Endpoint),
        "DockerSwarmJoinToken" => new DockerSwarmJoinToken(engine.Endpoint, "worker", "SWMTKN-1-web", "127.0.0.1:2377"),
        _ => Piped(kind, engine),
    };

    /// <summary>The text a refusal of <see cref="PipedObject"/>'s object targets.</summary>
    public static string RefusalTarget(string kind) => kind switch
    {
        "DockerSwarmJoinToken" => "worker",
        "DockerContainerExit" => "0",
        _ => TargetOf(kind),
    };

    /// <summary>The refusal of a piped object that stands for no <paramref name="noun"/>; nothing may have reached an engine.</summary>
    public static void AssertRefusedAsNot(string noun, RunResult result, string kind, FakeEngine engine)
    {
        Assert.Null(result.Terminating);
        Assert.Empty(result.Output);
        var error = AssertError(Assert.Single(result.Errors), "WrongObjectType", ErrorCategory.InvalidType, RefusalTarget(kind));
        Assert.Contains(kind == "DockerContext" ? $"is an engine, not a {noun}" : $"is not a {noun}", Message(error));
        Assert.Equal(0, engine.CallCount);
    }

    public static Hashtable On(FakeEngine engine) => new() { ["HostAddress"] = engine.Address };
}
