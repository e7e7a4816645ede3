using Docker.DotNet.Models;
using DockerPS.Lookup;
using DockerPS.Mapping;

namespace DockerPS.Cleanup;

/// <summary>
/// docker system prune in two steps: gather what the engine would prune, as a plan that -WhatIf and the confirmations
/// read, then remove exactly what was confirmed, by id, users before what they use. Gathering only reads.
/// </summary>
internal static class SystemCleanup
{
    /// <summary>Reads what the engine has (containers, networks, volumes, images, disk usage) and decides what goes.</summary>
    public static async Task<CleanupPlan> GatherAsync(DockerEngine engine, CleanupRules rules, CancellationToken cancellation)
    {
        var containers = ContainerLookup.ListAsync(engine, new ContainersListParameters { All = true }, cancellation);
        var networks = engine.Client.Networks.ListNetworksAsync(new NetworksListParameters(), cancellation);
        var volumes = rules.Volumes
            ? VolumeLookup.ListAsync(engine, false, LabelFilter.Parse(null), null, cancellation)
            : Task.FromResult(new List<DockerVolume>());
        var images = engine.Client.Images.ListImagesAsync(new ImagesListParameters { All = true }, cancellation);
        var usage = DiskUsageAnswer.ReadAsync(engine, detailed: true, cancellation);
        await Task.WhenAll(containers, networks, volumes, images, usage).ConfigureAwait(false);

        // Only the networks the filters let through are inspected for the containers attached (dockerd's list leaves them out).
        var listed = await networks.ConfigureAwait(false);
        var inspected = await NetworkLookup.WithContainersAsync(
            engine,
            listed.Select(network => ModelMapper.ToNetwork(network, engine.Endpoint))
                .Where(network => !NetworkLookup.IsPredefined(network.Name, engine.IsPodman) && rules.Admits(network.Labels, network.Created))
                .ToList(),
            cancellation).ConfigureAwait(false);
        var answer = await usage.ConfigureAwait(false);
        return CleanupPlanner.Plan(engine, rules, new CleanupPlanner.EngineContents
        {
            Containers = await containers.ConfigureAwait(false),
            Networks = inspected,
            NetworksPruneSkips = new HashSet<string>(listed.Where(network => network.ConfigOnly || network.Ingress).Select(network => network.ID), StringComparer.Ordinal),
            Volumes = await volumes.ConfigureAwait(false),
            Images = (await images.ConfigureAwait(false)).SelectMany(image => ModelMapper.ToImages(image, engine.Endpoint, Array.Empty<string>())).ToList(),
            BuildCache = answer.BuildCache,
            Usage = answer,
        });
    }

    /// <summary>
    /// Removes the confirmed candidates of the plan, kind by kind, never forcing; what is declined, in use or changed since
    /// it was gathered, or refused by the engine, is kept and said so.
    /// </summary>
    public static async Task<DockerCleanupResult> RemoveAsync(CleanupPlan plan, ISet<CleanupCandidate> confirmed, CleanupReport report, CancellationToken cancellation)
    {
        var removal = new CleanupRemoval(plan, report);
        foreach (var declined in plan.Candidates.Where(candidate => !confirmed.Contains(candidate)))
        {
            removal.Keep(declined, "not confirmed");
        }

        foreach (var phase in plan.Candidates.Where(confirmed.Contains).GroupBy(candidate => candidate.Kind))
        {
            await removal.RemoveAsync(phase.Key, phase.ToList(), cancellation).ConfigureAwait(false);
        }

        return removal.Result();
    }
}

/// <summary>Where Clear-DockerSystem's removal reports what it meets: the cmdlet writes these from its pipeline thread.</summary>
internal sealed class CleanupReport
{
    public CleanupReport(Action<ErrorRecord> error, Action<string> warning, Action<string> verbose)
    {
        Error = error;
        Warning = warning;
        Verbose = verbose;
    }

    public Action<ErrorRecord> Error { get; }

    public Action<string> Warning { get; }

    public Action<string> Verbose { get; }
}
