using Docker.DotNet.Models;
using DockerPS.Completion;
using DockerPS.Lookup;
using DockerPS.Stats;

namespace DockerPS.Commands;

/// <summary>
/// docker stats: containers' CPU, memory, network and block I/O and processes as objects; one reading each (docker stats
/// --no-stream), or with -Follow a row each time the engine has a new reading.
/// </summary>
[Cmdlet(VerbsCommon.Get, "DockerContainerStats")]
[OutputType(typeof(DockerContainerStats))]
public sealed class GetDockerContainerStatsCommand : DockerLookupCmdlet
{
    private readonly List<DockerContainerIdentity> named = new();
    private bool everyContainer;

    /// <summary>Names (wildcards allowed) or ids (full or a unique prefix), or containers from the pipeline; without them, the running containers.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    [Alias("Id", "ContainerId", "ContainerName")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ContainerNameCompleter))]
    public DockerContainerIdentity[]? Name { get; set; }

    /// <summary>Every container, stopped ones too (docker stats -a); stopped ones show zeros.</summary>
    [Parameter]
    public SwitchParameter All { get; set; }

    /// <summary>Keep writing a row per container each time the engine has a new reading (about every second), until Ctrl+C.</summary>
    [Parameter]
    public SwitchParameter Follow { get; set; }

    private protected override bool ListsWholeEngines => true;

    protected override void ProcessRecord()
    {
        // The containers are read together once all have come, so a hundred take about as long as one.
        if (Name is null)
        {
            everyContainer = true;
        }
        else
        {
            named.AddRange(Name);
        }
    }

    protected override void EndProcessing()
    {
        if (everyContainer || named.Count > 0)
        {
            RunLookup<DockerContainerStats>(everyContainer ? null : named, DockerObjectKind.Container, ReadAsync);
        }

        base.EndProcessing();
    }

    /// <summary>Finds the containers one engine has for the names (or its running ones), then reads them.</summary>
    private async Task ReadAsync(DockerEngine engine, IReadOnlyList<string> names, EngineAnswer<DockerContainerStats> answer, CancellationToken cancellation)
    {
        var listed = await ContainerLookup.ListAsync(engine, new ContainersListParameters { All = true }, cancellation).ConfigureAwait(false);
        var listable = All ? listed : listed.Where(container => container.State is "running" or "paused" or "restarting").ToList();
        var chosen = names.Count == 0 ? listable : Chosen(names, listed, listable, answer);

        if (Follow)
        {
            // Several engines' rows get the ENGINE column, as their one-reading rows do.
            var severalEngines = Context?.Distinct(StringComparer.Ordinal).Count() > 1;
            await Task.WhenAll(chosen.Select(container => StatsSampler.FollowAsync(
                engine,
                container,
                keepStopped: All || names.Count > 0,
                row => Emit(WithEngineColumn(row, severalEngines)),
                cancellation))).ConfigureAwait(false);
        }
        else
        {
            answer.Found.AddRange(await StatsSampler.SampleAsync(engine, chosen, EmitError, cancellation).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// The containers the names match, each once: a name or id finds a container in any state, as docker stats finds it;
    /// a pattern only those listed without -All. A name that fits several ids is its error at once (-Follow may never
    /// end); one that matches nothing is recorded in the answer, which reports it once every engine asked lacks it.
    /// </summary>
    private List<DockerContainer> Chosen(IReadOnlyList<string> names, List<DockerContainer> listed, List<DockerContainer> listable, EngineAnswer<DockerContainerStats> answer)
    {
        var chosen = new List<DockerContainer>();
        foreach (var name in names)
        {
            var match = ReferenceMatcher.Containers(name, listed);
            if (match.Ambiguity is not null)
            {
                EmitError(DockerErrors.Ambiguous(DockerObjectKind.Container, name, match.Ambiguity));
            }
            else if (match.IsMissing)
            {
                answer.Lacks(name);
            }

            var found = match.Matches.Where(container => !match.IsPattern || listable.Contains(container)).Except(chosen).ToList();
            chosen.AddRange(found);
        }

        return chosen;
    }
}
