using Docker.DotNet.Models;

namespace DockerPS.Containers;

/// <summary>
/// A container's health as docker ps shows it: in the status text of a running container ("Up 2 minutes (healthy)",
/// "Up 5 seconds (health: starting)"), in the listing's own Health from Engine API 1.52, or, on Podman, whose status
/// text leaves it out, from its health filter.
/// </summary>
internal static class ContainerHealth
{
    public const string Starting = "starting";
    public const string Healthy = "healthy";
    public const string Unhealthy = "unhealthy";

    // How moby's status text words the starting state; healthy and unhealthy are written as they are.
    private const string StartingText = "health: starting";

    private static readonly string[] States = { Starting, Healthy, Unhealthy };

    /// <summary>The health of a listed container, or null for one without a health check or not running.</summary>
    public static string? Of(ContainerListResponse summary) =>
        summary.Health?.Status is { } listed && States.Contains(listed) ? listed : FromStatus(summary.Status);

    /// <summary>The health a running container's status text ends with, or null.</summary>
    public static string? FromStatus(string? status)
    {
        if (status is null || !status.StartsWith("Up ", StringComparison.Ordinal) || !status.EndsWith(")", StringComparison.Ordinal))
        {
            return null;
        }

        var open = status.LastIndexOf('(');
        var said = status.Substring(open + 1, status.Length - open - 2);
        return said == StartingText ? Starting : States.Contains(said) ? said : null;
    }

    /// <summary>A running container's status text with its health, as dockerd writes it; any other text as it is.</summary>
    public static string StatusWithHealth(string status, string health) =>
        status.StartsWith("Up ", StringComparison.Ordinal) && !status.EndsWith(")", StringComparison.Ordinal) && States.Contains(health)
            ? $"{status} ({(health == Starting ? StartingText : health)})"
            : status;

    /// <summary>
    /// Whether a container runs a health check: its configuration (the image's, merged in when it was created) has a
    /// test other than NONE, which --no-healthcheck sets.
    /// </summary>
    public static bool IsConfigured(HealthcheckConfig? config) => config?.Test is { Count: > 0 } test && test[0] != "NONE";

    /// <summary>
    /// The health of Podman's running containers, by id. Podman's status text leaves health out, but its health filter
    /// knows it: one listing per state, all at once.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> OnPodmanAsync(DockerEngine engine, CancellationToken cancellation)
    {
        var listings = await Task.WhenAll(States.Select(async state => (
            State: state,
            Listed: await engine.Client.Containers.ListContainersAsync(
                new ContainersListParameters { All = true, Filters = new EngineFilters().Add("health", state).ToParameter() },
                cancellation).ConfigureAwait(false)))).ConfigureAwait(false);
        return listings
            .SelectMany(listing => listing.Listed.Where(container => container.State == "running").Select(container => (container.ID, listing.State)))
            .GroupBy(pair => pair.ID, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.First().State, StringComparer.Ordinal);
    }
}
