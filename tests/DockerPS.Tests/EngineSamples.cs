using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Docker.DotNet.Models;

namespace DockerPS.Tests;

/// <summary>
/// The engine answers in Samples/: stats readings and event streams captured with curl from the test rig's dockerd
/// 20.10 and Podman 4.3 (both on cgroup v1), read into Docker.DotNet's models as the client reads them.
/// cgroup2-shape.json is written by hand in the shape dockerd answers on a cgroup v2 host, which the rig is not.
/// </summary>
internal static class EngineSamples
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Samples");

    public static ContainerStatsResponse Stats(string name) =>
        JsonSerializer.Deserialize<ContainerStatsResponse>(File.ReadAllText(Path.Combine(Folder, "Stats", name + ".json")))!;

    public static IReadOnlyList<Message> Events(string name) =>
        File.ReadAllLines(Path.Combine(Folder, "Events", name + ".jsonl"))
            .Where(line => line.Length > 0)
            .Select(line => JsonSerializer.Deserialize<Message>(line)!)
            .ToList();
}
