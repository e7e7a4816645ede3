using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Cmdlets;
using DockerPS.Completion;
using DockerPS.Engine;

namespace DockerPS.Commands;

/// <summary>docker ps: lists containers; with names or ids, finds those containers whatever their state.</summary>
[Cmdlet(VerbsCommon.Get, "DockerContainer", DefaultParameterSetName = "List")]
[OutputType(typeof(DockerContainer))]
public sealed class GetDockerContainerCommand : DockerEngineCmdlet
{
    private const int InspectConcurrency = 8;

    // Engines are asked concurrently, so the per-engine listings are shared between threads.
    private readonly ConcurrentDictionary<DockerEndpoint, List<DockerContainer>> filteredListings = new();
    private readonly ConcurrentDictionary<DockerEndpoint, List<DockerContainer>> unfilteredListings = new();

    /// <summary>Names (wildcards allowed) or ids (full or a unique prefix).</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("ContainerName")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ContainerNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Include stopped containers (docker ps -a).</summary>
    [Parameter]
    public SwitchParameter All { get; set; }

    /// <summary>Only containers in these states; includes stopped ones, as the engine's status filter does.</summary>
    [Parameter]
    public DockerContainerStatus[]? Status { get; set; }

    /// <summary>Only containers created from this image or its descendants (the ancestor filter).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ImageNameCompleter))]
    public string? Image { get; set; }

    /// <summary>Only containers with these labels: key, or key=value.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Label { get; set; }

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

    protected override void ProcessRecord() => RunAsync(ListAsync);

    private async Task ListAsync(CancellationToken cancellation)
    {
        var names = Name ?? Array.Empty<string>();
        var endpoints = ResolveEndpoints();
        var answers = await ForEachEngineAsync(endpoints, (engine, token) => SelectAsync(engine, names, token), cancellation).ConfigureAwait(false);

        foreach (var name in MissingEverywhere(names, answers, result => result.Missing))
        {
            EmitError(new ItemNotFoundException($"No such container: {name}"), "ContainerNotFound", name);
        }

        foreach (var (engine, selection) in answers)
        {
            foreach (var (name, ambiguity) in selection.Ambiguities)
            {
                EmitError(new ArgumentException(ambiguity), "AmbiguousContainerReference", name);
            }

            var containers = Detailed
                ? await InspectAllAsync(engine, selection.Containers, cancellation).ConfigureAwait(false)
                : selection.Containers;
            foreach (var container in containers)
            {
                Emit(WithEngineColumn(container, endpoints.Count > 1));
            }
        }
    }

    /// <summary>The containers one engine has for the names (or all listed ones), and the names it lacks.</summary>
    private async Task<(List<DockerContainer> Containers, List<string> Missing, List<(string Name, string Ambiguity)> Ambiguities)> SelectAsync(
        DockerEngine engine,
        IReadOnlyList<string> names,
        CancellationToken cancellation)
    {
        var listingAll = All.IsPresent || Status is { Length: > 0 } || Last > 0;
        var listed = await ListAsync(engine, filtered: true, cancellation).ConfigureAwait(false);
        var listable = listingAll ? listed : listed.Where(c => c.State is "running" or "paused" or "restarting").ToList();

        var selected = new List<DockerContainer>();
        var missing = new List<string>();
        var ambiguities = new List<(string, string)>();
        if (names.Count == 0)
        {
            selected.AddRange(listable);
        }

        foreach (var name in names)
        {
            var match = ReferenceMatcher.Containers(name, listed);
            if (match.Ambiguity is not null)
            {
                ambiguities.Add((name, match.Ambiguity));
            }
            else if (match.IsMissing && !await ExistsButFilteredOutAsync(engine, name, cancellation).ConfigureAwait(false))
            {
                missing.Add(name);
            }

            // A container asked for by name is found whatever its state, as docker inspect finds it.
            selected.AddRange(match.IsPattern ? match.Matches.Intersect(listable) : match.Matches);
        }

        return (selected.Distinct().ToList(), missing, ambiguities);
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
            foreach (var id in await PodmanAncestorsAsync(engine, Image, cancellation).ConfigureAwait(false))
            {
                filters!.Add("ancestor", id);
            }
        }

        var parameters = new ContainersListParameters
        {
            All = true,
            Limit = filtered && Last > 0 ? Last : null,
            Filters = filters?.ToParameter(),
        };
        var listed = (await engine.Client.Containers.ListContainersAsync(parameters, cancellation).ConfigureAwait(false))
            .Select(summary => ModelMapper.ToContainer(summary, engine.Endpoint))
            .ToList();
        cache[engine.Endpoint] = listed;
        return listed;
    }

    /// <summary>A name the filters or -Last leave out is no error, as docker ps -f name=… prints nothing.</summary>
    private async Task<bool> ExistsButFilteredOutAsync(DockerEngine engine, string name, CancellationToken cancellation)
    {
        var narrowed = Last > 0 || Status is { Length: > 0 } || Image is not null || Label is { Length: > 0 } || Filter is { Count: > 0 };
        return narrowed
            && ReferenceMatcher.Containers(name, await ListAsync(engine, filtered: false, cancellation).ConfigureAwait(false)).Matches.Count > 0;
    }

    private EngineFilters BuildFilters(DockerEngine engine)
    {
        var filters = new EngineFilters().Add(Filter);
        foreach (var status in Status ?? Array.Empty<DockerContainerStatus>())
        {
            filters.Add("status", status.ToString().ToLowerInvariant());
        }

        if (Image is not null && !engine.IsPodman)
        {
            filters.Add("ancestor", Image);
        }

        foreach (var label in Label ?? Array.Empty<string>())
        {
            filters.Add("label", label);
        }

        return filters;
    }

    /// <summary>
    /// Podman's ancestor filter matches only the name the image is stored under (docker.io/library/…) or its
    /// bare id, and no descendants. Docker's meaning is rebuilt from the image list: the image's id and the ids
    /// of every image built on it. An image the engine does not know is passed on as it is, and matches nothing.
    /// </summary>
    private static async Task<IEnumerable<string>> PodmanAncestorsAsync(DockerEngine engine, string image, CancellationToken cancellation)
    {
        static string Bare(string? id) => id is null ? string.Empty : id.StartsWith("sha256:", StringComparison.Ordinal) ? id.Substring(7) : id;

        string root;
        try
        {
            root = Bare((await engine.Client.Images.InspectImageAsync(image, cancellation).ConfigureAwait(false)).ID);
        }
        catch (DockerImageNotFoundException)
        {
            return new[] { image };
        }

        var parents = (await engine.Client.Images.ListImagesAsync(new ImagesListParameters { All = true }, cancellation).ConfigureAwait(false))
            .GroupBy(listed => Bare(listed.ID))
            .ToDictionary(group => group.Key, group => Bare(group.First().ParentID), StringComparer.Ordinal);
        bool Descends(string id)
        {
            for (var hops = 0; hops <= parents.Count && id.Length > 0; hops++)
            {
                if (id == root)
                {
                    return true;
                }

                id = parents.TryGetValue(id, out var parent) ? parent : string.Empty;
            }

            return false;
        }

        return new[] { root }.Concat(parents.Keys.Where(id => id != root && Descends(id))).ToList();
    }

    /// <summary>Inspects the containers a few at a time; one removed since it was listed is left out.</summary>
    private static async Task<List<DockerContainer>> InspectAllAsync(DockerEngine engine, IReadOnlyList<DockerContainer> containers, CancellationToken cancellation)
    {
        using var slots = new SemaphoreSlim(InspectConcurrency);
        var stillThere = await Task.WhenAll(containers.Select(async container =>
        {
            await slots.WaitAsync(cancellation).ConfigureAwait(false);
            try
            {
                var inspect = await engine.Client.Containers.InspectContainerAsync(container.Id, cancellation).ConfigureAwait(false);
                ModelMapper.AddInspectDetails(container, inspect);
                return true;
            }
            catch (DockerContainerNotFoundException)
            {
                return false;
            }
            finally
            {
                slots.Release();
            }
        })).ConfigureAwait(false);
        return containers.Where((_, index) => stillThere[index]).ToList();
    }
}
