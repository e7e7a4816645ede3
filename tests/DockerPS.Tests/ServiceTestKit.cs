using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Mapping;
using DockerPS.Tests.Fakes;
using Xunit;

namespace DockerPS.Tests;

/// <summary>
/// What the Swarm service cmdlets' tests share: services and tasks as a manager answers them, its refusals, and the
/// DockerPS objects to pipe in.
/// </summary>
internal static class ServiceTestKit
{
    public const string NodeId = "nd3t1jrioq628jbxcur8hdx1t";

    /// <summary>Swarm ids are 25 lowercase letters and digits; this one is the name's, so tests can name it.</summary>
    public static string ServiceId(string name) => ("s" + EngineAnswers.IdOf("svc-" + name)).Substring(0, 25);

    public static SwarmService Service(string name, ulong replicas = 1, string image = "dockerps-fixture/busybox:latest", bool global = false, ulong running = 1, ulong version = 11) => new()
    {
        ID = ServiceId(name),
        Version = new Docker.DotNet.Models.Version { Index = version },
        CreatedAt = new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc),
        UpdatedAt = new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc),
        Spec = new ServiceSpec
        {
            Name = name,
            Labels = new Dictionary<string, string>(),
            Mode = global ? new ServiceMode { Global = new GlobalService() } : new ServiceMode { Replicated = new ReplicatedService { Replicas = replicas } },
            TaskTemplate = new TaskSpec
            {
                ContainerSpec = new ContainerSpec { Image = image, Args = new List<string> { "sleep", "3600" }, StopGracePeriod = TimeSpan.FromSeconds(10) },
            },
            EndpointSpec = new EndpointSpec { Ports = new List<PortConfig>() },
        },
        Endpoint = new Endpoint
        {
            Ports = new List<PortConfig>
            {
                new() { Protocol = "tcp", TargetPort = 80, PublishedPort = 8080, PublishMode = "ingress" },
                new() { Protocol = "udp", TargetPort = 53, PublishedPort = 5353, PublishMode = "host" },
            },
        },
        ServiceStatus = new ServiceStatus { RunningTasks = running, DesiredTasks = global ? 1 : replicas },
    };

    /// <summary>A task of the service, made from its current spec (as the engine copies it, without the spec's defaults) unless told otherwise.</summary>
    public static TaskResponse TaskOf(SwarmService service, long slot, TaskState state = TaskState.Running, TaskState desired = TaskState.Running, string? image = null, string? error = null) => new()
    {
        ID = ("t" + EngineAnswers.IdOf($"task-{service.Spec!.Name}-{slot}-{state}-{desired}-{image}")).Substring(0, 25),
        ServiceID = service.ID,
        Slot = slot,
        NodeID = NodeId,
        CreatedAt = new DateTime(2026, 12, 1, 10, 0, (int)slot, DateTimeKind.Utc),
        DesiredState = desired,
        Spec = new TaskSpec { ContainerSpec = new ContainerSpec { Image = image ?? service.Spec.TaskTemplate!.ContainerSpec!.Image, Args = new List<string> { "sleep", "3600" } } },
        Status = new Docker.DotNet.Models.TaskStatus
        {
            State = state,
            Timestamp = new DateTime(2026, 12, 1, 10, 1, 0, DateTimeKind.Utc),
            Message = state.ToString().ToLowerInvariant(),
            Err = error!,
            ContainerStatus = new ContainerStatus { ContainerID = EngineAnswers.IdOf($"container-{slot}") },
        },
    };

    /// <summary>The manager lists and inspects these services (by id, name or id prefix, as the engine does) and lists these tasks and one node.</summary>
    public static void AnswerServices(FakeEngine engine, IEnumerable<SwarmService> services, IEnumerable<TaskResponse>? tasks = null)
    {
        var all = services.ToList();
        var allTasks = (tasks ?? Array.Empty<TaskResponse>()).ToList();
        engine.Swarm.On(nameof(ISwarmOperations.ListServicesAsync), (ServiceListParameters parameters, CancellationToken _) =>
            EngineAnswers.ListOf(all.Where(service => parameters.Filters?.TryGetValue("id", out var ids) != true || ids!.ContainsKey(service.ID!)).ToArray()));
        engine.Swarm.On(nameof(ISwarmOperations.InspectServiceAsync), (string reference, CancellationToken _) =>
            (all.FirstOrDefault(service => service.ID == reference)
                ?? all.FirstOrDefault(service => service.Spec!.Name == reference)
                ?? all.FirstOrDefault(service => service.ID!.StartsWith(reference, StringComparison.Ordinal))) is { } found
                ? Task.FromResult(WithoutStatus(found))
                : Task.FromException<SwarmService>(NoSuchService(reference)));
        engine.Tasks.On(nameof(ITasksOperations.ListAsync), (TasksListParameters parameters, CancellationToken _) =>
            EngineAnswers.ListOf(allTasks.Where(task => parameters.Filters?.TryGetValue("service", out var ids) != true || ids!.ContainsKey(task.ServiceID!)).ToArray()));
        engine.Swarm.On(nameof(ISwarmOperations.ListNodesAsync), (CancellationToken _) =>
            EngineAnswers.ListOf(new NodeListResponse { ID = NodeId, Description = new NodeDescription { Hostname = "node-1" } }));
    }

    /// <summary>The manager's 404 for a service.</summary>
    public static DockerApiException NoSuchService(string reference) => EngineAnswers.Refusal(HttpStatusCode.NotFound, $"service {reference} not found");

    /// <summary>What an engine that is no Swarm manager answers every Swarm request.</summary>
    public static DockerApiException NotAManager() => EngineAnswers.Refusal(
        HttpStatusCode.ServiceUnavailable,
        "This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again.");

    public static DockerService Piped(FakeEngine engine, string name) => ServiceMapper.ToService(Service(name), engine.Endpoint);

    /// <summary>The DockerPS output types that stand for no service.</summary>
    public static TheoryData<string> NotServices => new(NotServiceNames);

    /// <summary>What Get-DockerService refuses from the pipeline: a context is not among them, it lists that engine's services.</summary>
    public static TheoryData<string> NotServicesButContexts => new(NotServiceNames.Where(kind => kind != "DockerContext"));

    private static readonly string[] NotServiceNames =
    {
        "DockerContainer", "DockerContainerExit", "DockerImage", "DockerContext", "DockerPortBinding", "DockerContainerLogLine", "DockerImageDeletion",
        "DockerNetwork", "DockerNetworkAttachment", "DockerVolume", "DockerContainerStats", "DockerEvent", "DockerInfo", "DockerVersion",
    };

    /// <summary>A service or one of its tasks, each standing for the service web.</summary>
    public static object PipedServiceKind(string kind, FakeEngine engine) => kind switch
    {
        "DockerService" => Piped(engine, "web"),
        "DockerServiceTask" => ServiceMapper.ToTask(TaskOf(Service("web"), 1), engine.Endpoint, "web", "node-1", global: false),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static TheoryData<string> ServiceKinds => new() { "DockerService", "DockerServiceTask" };

    public static Hashtable Parameters(FakeEngine engine, params (string Name, object Value)[] parameters)
    {
        var table = new Hashtable { ["HostAddress"] = engine.Address };
        foreach (var (name, value) in parameters)
        {
            table[name] = value;
        }

        return table;
    }

    /// <summary>The inspect answer carries no task counts; only the list's, with status=true, does.</summary>
    private static SwarmService WithoutStatus(SwarmService service) =>
        new()
        {
            ID = service.ID,
            Version = service.Version,
            CreatedAt = service.CreatedAt,
            UpdatedAt = service.UpdatedAt,
            Spec = service.Spec,
            Endpoint = service.Endpoint,
            UpdateStatus = service.UpdateStatus,
        };
}
