using System.Collections.Concurrent;
using DockerPS.Completion;
using DockerPS.Lookup;

namespace DockerPS.Commands;

/// <summary>docker node ls: lists the swarm's nodes by hostname; with names, finds those nodes. Asks a swarm manager.</summary>
[Cmdlet(VerbsCommon.Get, "DockerNode")]
[OutputType(typeof(DockerNode))]
public sealed class GetDockerNodeCommand : DockerLookupCmdlet
{
    // Engines are asked concurrently, and each piped name asks again: one listing per engine serves them all.
    private readonly ConcurrentDictionary<DockerEndpoint, List<DockerNode>> listings = new();
    private LabelFilter labels = LabelFilter.Parse(null);

    /// <summary>Hostnames or ids (full or a unique prefix; wildcards allowed), or nodes from the pipeline.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    [Alias("Hostname", "Id")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(NodeNameCompleter))]
    public DockerNodeIdentity[]? Name { get; set; }

    /// <summary>Only nodes with these labels: key, key=value; without them: key!=value, !key.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Label { get; set; }

    private protected override bool ListsWholeEngines => true;

    protected override void BeginProcessing() => labels = LabelFilter.FromParameter(Label);

    protected override void ProcessRecord() =>
        RunLookup<DockerNode>(Name, DockerObjectKind.Node, SelectAsync);

    private async Task SelectAsync(DockerEngine engine, IReadOnlyList<string> names, EngineAnswer<DockerNode> answer, CancellationToken cancellation)
    {
        if (!listings.TryGetValue(engine.Endpoint, out var listed))
        {
            listed = await SwarmLookup.NodesAsync(engine, cancellation).ConfigureAwait(false);
            listings[engine.Endpoint] = listed;
        }

        SwarmLookup.Answer(
            names,
            listed,
            item => labels.Admits(item.Labels),
            (name, items) => SwarmLookup.Match(name, items, item => item.Id, item => item.Hostname, DockerObjectKind.Node),
            answer);
    }
}
