using Docker.DotNet.Models;
using DockerPS.Containers;
using DockerPS.Time;

namespace DockerPS.Services;

/// <summary>
/// docker service create's options made into the engine's service spec. Each reader refuses what the docker CLI
/// refuses (an ArgumentException in its words), so a bad option changes nothing.
/// </summary>
internal static class ServiceOptions
{
    private static readonly string[] RestartConditions = { "none", "on-failure", "any" };

    /// <summary>The service's mode: so many replicas, or one task on every node that may run it.</summary>
    public static ServiceMode Mode(bool global, int? replicas) => global
        ? new ServiceMode { Global = new GlobalService() }
        : new ServiceMode { Replicated = new ReplicatedService { Replicas = (ulong)(replicas ?? 1) } };

    /// <summary>The published ports of every -Publish value, in order.</summary>
    public static EndpointSpec? Ports(IEnumerable<string>? specs)
    {
        var ports = (specs ?? Array.Empty<string>()).SelectMany(ServicePortSpecParser.Parse).ToList();
        return ports.Count == 0 ? null : new EndpointSpec { Ports = ports };
    }

    /// <summary>How a rolling update proceeds: so many tasks at a time, so long between them (--update-parallelism, --update-delay).</summary>
    public static SwarmUpdateConfig? Update(int? parallelism, object? delay)
    {
        if (parallelism is null && delay is null)
        {
            return null;
        }

        var between = delay is null ? (TimeSpan?)null : EngineTime.Duration(delay);
        if (between < TimeSpan.Zero)
        {
            throw new ArgumentException("-UpdateDelay cannot be negative");
        }

        // The engine's default is one task at a time; 0 means all at once, as with the CLI.
        return new SwarmUpdateConfig { Parallelism = (ulong)(parallelism ?? 1), Delay = between };
    }

    /// <summary>When the tasks' containers are restarted (--restart-condition): none, on-failure or any.</summary>
    public static SwarmRestartPolicy? Restart(string? condition) =>
        condition is null ? null
        : RestartConditions.Contains(condition.ToLowerInvariant()) ? new SwarmRestartPolicy { Condition = condition.ToLowerInvariant() }
        : throw new ArgumentException($"invalid restart condition {condition}: use none, on-failure or any");

    /// <summary>The networks the tasks join, by name or id (the engine resolves names, as the CLI does before it).</summary>
    public static IList<NetworkAttachmentConfig>? Networks(IEnumerable<string>? networks) =>
        networks?.Select(network => new NetworkAttachmentConfig { Target = network }).ToList();

    /// <summary>Placement constraints as the engine reads them (node.role==manager, node.labels.zone!=east); a term without == or != is refused.</summary>
    public static Placement? Placement(IEnumerable<string>? constraints)
    {
        if (constraints is null)
        {
            return null;
        }

        var terms = constraints.ToList();
        foreach (var term in terms.Where(term => term.IndexOf("==", StringComparison.Ordinal) <= 0 && term.IndexOf("!=", StringComparison.Ordinal) <= 0))
        {
            throw new ArgumentException($"invalid constraint {term}: write it as key==value or key!=value, such as node.role==manager");
        }

        return new Placement { Constraints = terms };
    }
}
