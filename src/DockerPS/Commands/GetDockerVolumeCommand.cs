using System.Collections.Concurrent;
using DockerPS.Completion;
using DockerPS.Lookup;
using DockerPS.Time;

namespace DockerPS.Commands;

/// <summary>docker volume ls: lists volumes; with names, finds those volumes; with -Size, adds docker system df -v's figures.</summary>
[Cmdlet(VerbsCommon.Get, "DockerVolume")]
[OutputType(typeof(DockerVolume))]
public sealed class GetDockerVolumeCommand : DockerLookupCmdlet
{
    // Engines are asked concurrently, so the per-engine listings are shared between threads.
    private readonly ConcurrentDictionary<DockerEndpoint, List<DockerVolume>> filteredListings = new();
    private readonly ConcurrentDictionary<DockerEndpoint, List<DockerVolume>> unfilteredListings = new();
    private LabelFilter labels = LabelFilter.Parse(null);
    private DateTime? createdBefore;

    /// <summary>Volume names (wildcards allowed), or volumes and volume mounts from the pipeline.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    [Alias("VolumeName")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(VolumeNameCompleter))]
    public DockerVolumeIdentity[]? Name { get; set; }

    /// <summary>Only volumes no container refers to (dangling=true).</summary>
    [Parameter]
    public SwitchParameter Dangling { get; set; }

    /// <summary>Only volumes with these labels: key, key=value; without them: key!=value, !key (prune's label!=).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Label { get; set; }

    /// <summary>
    /// Only volumes created before then: a DateTime, or a duration ago (24h, 1h30m, a TimeSpan), as prune's until filter
    /// takes it. The engine's volume prune refuses until=, so each volume's CreatedAt is compared here; a volume whose
    /// driver gives no creation time is left out.
    /// </summary>
    [Parameter]
    [ValidateNotNull]
    public object? CreatedBefore { get; set; }

    /// <summary>Only volumes of this driver.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Driver { get; set; }

    /// <summary>Add each volume's Size and RefCount, as docker system df -v shows them.</summary>
    [Parameter]
    public SwitchParameter Size { get; set; }

    private bool Narrowed => Dangling || !labels.IsEmpty || createdBefore is not null || Driver is not null;

    private protected override bool ListsWholeEngines => true;

    protected override void BeginProcessing()
    {
        labels = LabelFilter.FromParameter(Label);
        createdBefore = EngineTime.MomentFromParameter(CreatedBefore, DateTime.UtcNow);
    }

    protected override void ProcessRecord() =>
        RunLookup<DockerVolume>(Name, DockerObjectKind.Volume, SelectAsync, Size ? VolumeLookup.AddUsageAsync : null);

    /// <summary>The volumes one engine has for the names (or all listed ones), and the names it lacks.</summary>
    private async Task SelectAsync(DockerEngine engine, IReadOnlyList<string> names, EngineAnswer<DockerVolume> answer, CancellationToken cancellation)
    {
        var listed = await ListAsync(engine, filtered: true, cancellation).ConfigureAwait(false);
        if (names.Count == 0)
        {
            answer.Found.AddRange(listed);
        }

        foreach (var name in names)
        {
            var match = VolumeLookup.Match(name, listed);

            // A name the filters leave out is no error, as docker volume ls -f name=… prints nothing.
            if (match.IsMissing && Narrowed && VolumeLookup.Match(name, await ListAsync(engine, filtered: false, cancellation).ConfigureAwait(false)).Matches.Count > 0)
            {
                continue;
            }

            answer.Add(match);
        }
    }

    /// <summary>The engine's volumes, with this call's filters or without them; piped names reuse the listing of their engine.</summary>
    private async Task<List<DockerVolume>> ListAsync(DockerEngine engine, bool filtered, CancellationToken cancellation)
    {
        var cache = filtered ? filteredListings : unfilteredListings;
        if (!cache.TryGetValue(engine.Endpoint, out var volumes))
        {
            volumes = filtered
                ? (await VolumeLookup.ListAsync(engine, Dangling, labels, Driver, cancellation).ConfigureAwait(false))
                    .Where(volume => createdBefore is null || volume.Created?.ToUniversalTime() <= createdBefore)
                    .ToList()
                : await VolumeLookup.ListAsync(engine, false, LabelFilter.Parse(null), null, cancellation).ConfigureAwait(false);
            cache[engine.Endpoint] = volumes;
        }

        return volumes;
    }
}
