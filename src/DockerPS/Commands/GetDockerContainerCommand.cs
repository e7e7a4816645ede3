using System.Collections;
using System.Collections.Concurrent;
using Docker.DotNet.Models;
using DockerPS.Completion;
using DockerPS.Lookup;
using DockerPS.Time;

namespace DockerPS.Commands;

/// <summary>docker ps: lists containers; with names or ids, finds those containers whatever their state.</summary>
[Cmdlet(VerbsCommon.Get, "DockerContainer", DefaultParameterSetName = "List")]
[OutputType(typeof(DockerContainer))]
public sealed class GetDockerContainerCommand : DockerLookupCmdlet
{
    // Engines are asked concurrently, so the per-engine listings are shared between threads.
    private readonly ConcurrentDictionary<DockerEndpoint, List<DockerContainer>> filteredListings = new();
    private readonly ConcurrentDictionary<DockerEndpoint, List<DockerContainer>> unfilteredListings = new();
    private LabelFilter labels = LabelFilter.Parse(null);
    private DateTime? createdBefore;

    /// <summary>Names (wildcards allowed) or ids (full or a unique prefix), or containers from the pipeline.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    [Alias("ContainerName")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ContainerNameCompleter))]
    public DockerContainerIdentity[]? Name { get; set; }

    /// <summary>Include stopped containers (docker ps -a).</summary>
    [Parameter]
    public SwitchParameter All { get; set; }

    /// <summary>Only containers in these states; includes stopped ones, as the engine's status filter does.</summary>
    [Parameter]
    public DockerContainerStatus[]? Status { get; set; }

    /// <summary>
    /// Only containers whose health check reports this (the engine's health filter): Starting, Healthy, Unhealthy, or
    /// None for those without one. Like the filter, it leaves stopped containers out unless -All is given.
    /// </summary>
    [Parameter]
    public DockerContainerHealth[]? Health { get; set; }

    /// <summary>Only containers created from this image or its descendants (the ancestor filter).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ImageNameCompleter))]
    public string? Image { get; set; }

    /// <summary>Only containers with these labels: key, key=value; without them: key!=value, !key (prune's label!=).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Label { get; set; }

    /// <summary>
    /// Only containers created before then: a DateTime, or a duration ago (24h, 1h30m, a TimeSpan), as docker container
    /// prune's until filter takes it.
    /// </summary>
    [Parameter]
    [ValidateNotNull]
    public object? CreatedBefore { get; set; }

    /// <summary>Engine filters passed as they are: @{ network = 'bridge'; expose = '80' }.</summary>
    [Parameter]
    public Hashtable? Filter { get; set; }

    /// <summary>Only the n most recently created containers, in any state (docker ps -n).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int Last { get; set; }

    /// <summary>Inspect each container: Pid, exit code, start and finish times, health, the whole inspect document.</summary>
    [Parameter]
    public SwitchParameter Detailed { get; set; }

    private protected override bool ListsWholeEngines => true;

    protected override void BeginProcessing()
    {
        labels = LabelFilter.FromParameter(Label);
        createdBefore = EngineTime.MomentFromParameter(CreatedBefore, DateTime.UtcNow);
    }

    protected override void ProcessRecord() =>
        RunLookup<DockerContainer>(Name, DockerObjectKind.Container, SelectAsync, Detailed ? ContainerLookup.InspectAllAsync : null);

    /// <summary>The containers one engine has for the names (or all listed ones), and the names it lacks.</summary>
    private async Task SelectAsync(DockerEngine engine, IReadOnlyList<string> names, EngineAnswer<DockerContainer> answer, CancellationToken cancellation)
    {
        var listingAll = All.IsPresent || Status is { Length: > 0 } || Last > 0;
        var listed = await ListAsync(engine, filtered: true, cancellation).ConfigureAwait(false);
        var listable = listingAll ? listed : listed.Where(c => c.State is "running" or "paused" or "restarting").ToList();

        if (names.Count == 0)
        {
            answer.Found.AddRange(listable);
        }

        foreach (var name in names)
        {
            var match = ReferenceMatcher.Containers(name, listed);

            // A name the filters or -Last leave out is no error, as docker ps -f name=… prints nothing.
            if (match.IsMissing && await ExistsButFilteredOutAsync(engine, name, cancellation).ConfigureAwait(false))
            {
                continue;
            }

            // A container asked for by name is found whatever its state, as docker inspect finds it.
            answer.Add(match.IsPattern ? new ReferenceMatch<DockerContainer>(name, true, match.Matches.Intersect(listable).ToList()) : match);
        }
    }

    /// <summary>
    /// Lists every container of the engine, with this call's filters and -Last or without them. Piped names reuse
    /// the listing of their engine rather than listing again for each name.
    /// </summary>
    private async Task<List<DockerContainer>> ListAsync(DockerEngine engine, bool filtered, CancellationToken cancellation)
    {
        var cache = filtered ? filteredListings : unfilteredListings;
        if (cache.TryGetValue(engine.Endpoint, out var cached))
        {
            return cached;
        }

        var filters = filtered ? BuildFilters(engine) : null;
        if (filtered && Image is not null && engine.IsPodman)
        {
            foreach (var id in await ContainerLookup.PodmanAncestorsAsync(engine, Image, cancellation).ConfigureAwait(false))
            {
                filters!.Add("ancestor", id);
            }
        }

        // What is filtered here rather than by the engine comes before -Last, as the engine's own filters do.
        var statusHere = filtered && engine.IsPodman && Status is { Length: > 0 };
        var healthHere = filtered && engine.IsPodman && Health is { Length: > 0 };
        var filteredHere = filtered && (statusHere || healthHere || labels.HasLocalTerms || createdBefore is not null);
        var parameters = new ContainersListParameters
        {
            All = true,
            Limit = filtered && Last > 0 && !filteredHere ? Last : null,
            Filters = filters?.ToParameter(),
        };
        var listed = await ContainerLookup.ListAsync(engine, parameters, cancellation).ConfigureAwait(false);
        if (filteredHere)
        {
            // The engine lists the newest first, so -Last still takes the most recent.
            listed = listed
                .Where(container => labels.Admits(container.Labels) && (createdBefore is null || container.Created.ToUniversalTime() <= createdBefore))
                .Where(container => !statusHere || Status!.Any(status => string.Equals(status.ToString(), container.State, StringComparison.OrdinalIgnoreCase)))
                .Where(container => !healthHere || Health!.Any(health => HealthName(health) == (container.Health ?? HealthName(DockerContainerHealth.None))))
                .Take(Last > 0 ? Last : int.MaxValue)
                .ToList();
        }

        cache[engine.Endpoint] = listed;
        return listed;
    }

    private async Task<bool> ExistsButFilteredOutAsync(DockerEngine engine, string name, CancellationToken cancellation)
    {
        var narrowed = Last > 0 || Status is { Length: > 0 } || Health is { Length: > 0 } || Image is not null || !labels.IsEmpty || createdBefore is not null || Filter is { Count: > 0 };
        return narrowed
            && ReferenceMatcher.Containers(name, await ListAsync(engine, filtered: false, cancellation).ConfigureAwait(false)).Matches.Count > 0;
    }

    private EngineFilters BuildFilters(DockerEngine engine)
    {
        var filters = new EngineFilters().Add(Filter);

        // Podman has no dead state and refuses status=dead (a 500), so -Status Exited, Created, Dead, docker container
        // prune's selection, is applied to its listing instead.
        foreach (var status in engine.IsPodman ? Array.Empty<DockerContainerStatus>() : Status ?? Array.Empty<DockerContainerStatus>())
        {
            filters.Add("status", status.ToString().ToLowerInvariant());
        }

        if (Image is not null && !engine.IsPodman)
        {
            filters.Add("ancestor", Image);
        }

        // Podman's health filter knows no none (a container without a health check matches nothing), so -Health is
        // applied to its listing instead, with the health its listing learned.
        foreach (var health in engine.IsPodman ? Array.Empty<DockerContainerHealth>() : Health ?? Array.Empty<DockerContainerHealth>())
        {
            filters.Add("health", HealthName(health));
        }

        return labels.AddTo(filters);
    }

    private static string HealthName(DockerContainerHealth health) => health.ToString().ToLowerInvariant();
}
