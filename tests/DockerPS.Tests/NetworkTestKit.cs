using System;
using System.Collections;
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
/// What the network cmdlets' tests share: networks as the engines answer them, their refusals in Docker's and
/// Podman's words, and one object of every DockerPS output type to pipe in.
/// </summary>
internal static class NetworkTestKit
{
    /// <summary>A network as GET /networks/{id} answers it; GET /networks lists the same shape, without containers on Docker.</summary>
    public static NetworkResponse Network(string name, string driver = "bridge", params string[] containers) => new()
    {
        ID = EngineAnswers.IdOf("net-" + name),
        Name = name,
        Driver = driver,
        Scope = "local",
        Created = new DateTime(2026, 11, 28, 10, 0, 0, DateTimeKind.Utc),
        IPAM = new IPAM { Config = new List<IPAMConfig> { new() { Subnet = "10.77.0.0/24", Gateway = "10.77.0.1" } } },
        Containers = containers.ToDictionary(
            container => EngineAnswers.IdOf(container),
            container => new EndpointResource { Name = container, IPv4Address = "10.77.0.2/24", MacAddress = "02:42:0a:4d:00:02" }),
        Labels = new Dictionary<string, string>(),
        Options = new Dictionary<string, string>(),
    };

    /// <summary>The engine lists these networks, leaving out their containers as dockerd does, and inspects each as it is.</summary>
    public static void AnswerNetworks(FakeEngine engine, params NetworkResponse[] networks)
    {
        engine.Networks.On(nameof(INetworkOperations.ListNetworksAsync), (NetworksListParameters _, CancellationToken __) =>
            EngineAnswers.ListOf(networks.Select(network => WithoutContainers(network)).ToArray()));
        engine.Networks.On(nameof(INetworkOperations.InspectNetworkAsync), (string reference, CancellationToken _) =>
            (networks.FirstOrDefault(network => network.ID == reference)
                ?? networks.FirstOrDefault(network => network.Name == reference)
                ?? networks.FirstOrDefault(network => network.ID.StartsWith(reference, StringComparison.Ordinal))) is { } found
                ? Task.FromResult(found)
                : Task.FromException<NetworkResponse>(NoSuchNetwork(reference)));
    }

    /// <summary>Docker's 404 for a network, as Docker.DotNet throws it.</summary>
    public static DockerNetworkNotFoundException NoSuchNetwork(string reference) =>
        new(HttpStatusCode.NotFound, JsonSerializer.Serialize(new { message = $"network {reference} not found" }));

    /// <summary>Podman's answer for a conflict Docker reports otherwise: a 500 whose "cause" names it.</summary>
    public static DockerApiException Podman(string message, string cause) =>
        new(HttpStatusCode.InternalServerError, JsonSerializer.Serialize(new { cause, message = message + ": " + cause, response = 500 }));

    public static DockerNetwork Piped(FakeEngine engine, string name) => ModelMapper.ToNetwork(Network(name), engine.Endpoint);

    /// <summary>The DockerPS output types that stand for no network.</summary>
    public static TheoryData<string> NotNetworks => new(NotNetworkNames);

    /// <summary>The names of <see cref="NotNetworks"/>.</summary>
    public static readonly string[] NotNetworkNames =
    {
        "DockerContainer", "DockerContainerExit", "DockerImage", "DockerContext", "DockerPortBinding", "DockerContainerLogLine", "DockerImageDeletion",
        "DockerImageSearchResult", "DockerImageArchiveEntry", "DockerNetworkContainer", "DockerContainerStats", "DockerEvent",
        "DockerContainerProcess", "DockerInfo", "DockerVersion",
    };

    /// <summary>The DockerPS output types that stand for a network.</summary>
    public static TheoryData<string> NetworkKinds => new() { "DockerNetwork", "DockerNetworkAttachment" };


    public static Hashtable Parameters(FakeEngine engine, params (string Name, object Value)[] parameters)
    {
        var table = new Hashtable { ["HostAddress"] = engine.Address };
        foreach (var (name, value) in parameters)
        {
            table[name] = value;
        }

        return table;
    }

    private static NetworkResponse WithoutContainers(NetworkResponse network) => new()
    {
        ID = network.ID,
        Name = network.Name,
        Driver = network.Driver,
        Scope = network.Scope,
        Created = network.Created,
        IPAM = network.IPAM,
        Containers = new Dictionary<string, EndpointResource>(),
        Labels = network.Labels,
        Options = network.Options,
    };
}
