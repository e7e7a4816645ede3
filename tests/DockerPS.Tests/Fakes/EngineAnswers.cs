using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace DockerPS.Tests.Fakes;

/// <summary>What a Docker engine answers, built the way dockerd builds it, for fake engines to give back.</summary>
public static class EngineAnswers
{
    public static string IdOf(string name) => string.Concat(Enumerable.Repeat(((uint)name.GetHashCode()).ToString("x8"), 8));

    public static ContainerListResponse Container(string name, string state = "running") => new()
    {
        ID = IdOf(name),
        Names = new List<string> { "/" + name },
        Image = "dockerps-fixture/busybox:latest",
        ImageID = "sha256:" + IdOf("busybox"),
        Command = "sleep 3600",
        Created = new DateTime(2026, 11, 28, 10, 0, 0, DateTimeKind.Utc),
        State = state,
        Status = state == "running" ? "Up 1 minute" : "Exited (0) 1 minute ago",
    };

    public static ContainerInspectResponse Inspect(string name, string state = "running") => new()
    {
        ID = IdOf(name),
        Name = "/" + name,
        Created = new DateTime(2026, 11, 28, 10, 0, 0, DateTimeKind.Utc),
        State = new State { Status = state, Running = state == "running" },
        Config = new ContainerConfig(),
    };

    /// <summary>The engine's 404 for a container, as Docker.DotNet throws it.</summary>
    public static DockerContainerNotFoundException NoSuchContainer(string name) =>
        new(HttpStatusCode.NotFound, Body($"No such container: {name}"));

    public static DockerImageNotFoundException NoSuchImage(string name) =>
        new(HttpStatusCode.NotFound, Body($"No such image: {name}"));

    /// <summary>Any other refusal of the engine's, with its status and words.</summary>
    public static DockerApiException Refusal(HttpStatusCode status, string message) => new(status, Body(message));

    public static Task<IList<T>> ListOf<T>(params T[] items) => Task.FromResult<IList<T>>(items.ToList());

    /// <summary>A task that ends only when the token is cancelled: an engine that takes forever.</summary>
    public static async Task<T> Forever<T>(CancellationToken cancellation)
    {
        await Task.Delay(Timeout.Infinite, cancellation).ConfigureAwait(false);
        throw new InvalidOperationException("unreachable");
    }

    private static string Body(string message) => JsonSerializer.Serialize(new { message });
}
