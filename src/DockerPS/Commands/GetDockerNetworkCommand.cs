using System.Collections.Concurrent;
using DockerPS.Completion;
using DockerPS.Lookup;
using DockerPS.Time;

namespace DockerPS.Commands;

/// <summary>docker network ls / docker network inspect: lists networks, each with the containers attached.</summary>
[Cmdlet(VerbsCommon.Get, "DockerNetwork")]
[OutputType(typeof(DockerNetwork))]
public sealed class GetDockerNetworkCommand : DockerLookupCmdlet
{
    // Engines are asked concurrently, so the per-engine listings are shared between threads.
    private readonly ConcurrentDictionary<DockerEndpoint, List<DockerNetwork>> listings = new();
    private LabelFilter labels = LabelFilter.Parse(null);
    private DateTime? createdBefore;

    /// <summary>Names (wildcards allowed) or ids (full or a unique prefix), or networks from the pipeline.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    [Alias("NetworkName")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(NetworkNameCompleter))]
    public DockerNetworkIdentity[]? Name { get; set; }

    /// <summary>Only networks of these drivers: bridge, host, null, overlay, macvlan … (the driver filter).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Driver { get; set; }

    /// <summary>Only networks with these labels: key, key=value; without them: key!=value, !key (prune's label!=).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Label { get; set; }

    /// <summary>Only networks created before then: a DateTime, or a duration ago (24h, 1h30m, a TimeSpan), as docker network prune's until filter takes it.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? CreatedBefore { get; set; }

    /// <summary>Only networks no container is attached to, leaving out bridge, host and none: what docker network prune removes.</summary>
    [Parameter]
    public SwitchParameter Unused { get; set; }

    private bool Narrowed => Driver is not null || !labels.IsEmpty || createdBefore is not null;

    private protected override bool ListsWholeEngines => true;

    protected override void BeginProcessing()
    {
        labels = LabelFilter.FromParameter(Label);
        createdBefore = EngineTime.MomentFromParameter(CreatedBefore, DateTime.UtcNow);
    }

    protected override void ProcessRecord() =>
        RunLookup<DockerNetwork>(Name, DockerObjectKind.Network, SelectAsync, CompleteAsync);

    /// <summary>The networks one engine has for the names (or all of them), and the names it lacks.</summary>
    private async Task SelectAsync(DockerEngine engine, IReadOnlyList<string> names, EngineAnswer<DockerNetwork> answer, CancellationToken cancellation)
    {
        var listed = await ListAsync(engine, cancellation).ConfigureAwait(false);
        if (names.Count == 0)
        {
            answer.Found.AddRange(listed);
        }

        foreach (var name in names)
        {
            var match = ReferenceMatcher.Networks(name, listed);
            if (match.IsMissing && await InspectedAsync(engine, name, cancellation).ConfigureAwait(false) is { } found)
            {
                // A name the filters leave out is no error; one the engine knows by another name (Podman's podman,
                // listed as bridge) is found as docker network inspect finds it.
                if (!Narrowed)
                {
                    answer.Add(new ReferenceMatch<DockerNetwork>(name, false, new[] { found }));
                }

                continue;
            }

            answer.Add(match);
        }
    }

    /// <summary>The networks found, with their containers; -Unused keeps those none is attached to.</summary>
    private async Task<List<DockerNetwork>> CompleteAsync(DockerEngine engine, IReadOnlyList<DockerNetwork> found, CancellationToken cancellation)
    {
        var networks = await NetworkLookup.WithContainersAsync(engine, found, cancellation).ConfigureAwait(false);
        return Unused ? networks.Where(network => NetworkLookup.IsUnused(network, engine.IsPodman)).ToList() : networks;
    }

    /// <summary>The engine's networks through this call's filters; piped names reuse the listing of their engine.</summary>
    private async Task<List<DockerNetwork>> ListAsync(DockerEngine engine, CancellationToken cancellation)
    {
        if (!listings.TryGetValue(engine.Endpoint, out var networks))
        {
            var filters = new EngineFilters();
            foreach (var driver in Driver ?? Array.Empty<string>())
            {
                filters.Add("driver", driver);
            }

            // The engine's list filter takes the positive label terms; the negated ones and the time are matched here.
            networks = (await NetworkLookup.ListAsync(engine, labels.AddTo(filters), cancellation).ConfigureAwait(false))
                .Where(network => (!labels.HasLocalTerms || labels.Admits(network.Labels)) && (createdBefore is null || network.Created?.ToUniversalTime() <= createdBefore))
                .ToList();
            listings[engine.Endpoint] = networks;
        }

        return networks;
    }

    private static async Task<DockerNetwork?> InspectedAsync(DockerEngine engine, string name, CancellationToken cancellation)
    {
        try
        {
            return await NetworkLookup.ReadAsync(engine, name, cancellation).ConfigureAwait(false);
        }
        catch (DockerNetworkNotFoundException)
        {
            return null;
        }
    }
}
