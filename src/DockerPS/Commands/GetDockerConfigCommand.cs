using System.Collections.Concurrent;
using DockerPS.Completion;
using DockerPS.Lookup;

namespace DockerPS.Commands;

/// <summary>docker config ls: lists the swarm's configs by name; with names, finds those configs. Asks a swarm manager.</summary>
[Cmdlet(VerbsCommon.Get, "DockerConfig")]
[OutputType(typeof(DockerConfig))]
public sealed class GetDockerConfigCommand : DockerLookupCmdlet
{
    // Engines are asked concurrently, and each piped name asks again: one listing per engine serves them all.
    private readonly ConcurrentDictionary<DockerEndpoint, List<DockerConfig>> listings = new();
    private LabelFilter labels = LabelFilter.Parse(null);

    /// <summary>Names or ids (full or a unique prefix; wildcards allowed), or configs from the pipeline.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    [Alias("ConfigName", "Id")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ConfigNameCompleter))]
    public DockerConfigIdentity[]? Name { get; set; }

    /// <summary>Only configs with these labels: key, key=value; without them: key!=value, !key.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Label { get; set; }

    private protected override bool ListsWholeEngines => true;

    protected override void BeginProcessing() => labels = LabelFilter.FromParameter(Label);

    protected override void ProcessRecord() =>
        RunLookup<DockerConfig>(Name, DockerObjectKind.Config, SelectAsync);

    private async Task SelectAsync(DockerEngine engine, IReadOnlyList<string> names, EngineAnswer<DockerConfig> answer, CancellationToken cancellation)
    {
        if (!listings.TryGetValue(engine.Endpoint, out var listed))
        {
            listed = await SwarmLookup.ConfigsAsync(engine, cancellation).ConfigureAwait(false);
            listings[engine.Endpoint] = listed;
        }

        SwarmLookup.Answer(
            names,
            listed,
            item => labels.Admits(item.Labels),
            (name, items) => SwarmLookup.Match(name, items, item => item.Id, item => item.Name, DockerObjectKind.Config),
            answer);
    }
}
