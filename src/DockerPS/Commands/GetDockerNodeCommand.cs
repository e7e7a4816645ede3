using DockerPS.Completion;
using DockerPS.Lookup;

namespace DockerPS.Commands;

/// <summary>docker node ls: lists the swarm's nodes by hostname; with names, finds those nodes. Asks a swarm manager.</summary>
[Cmdlet(VerbsCommon.Get, "DockerNode")]
[OutputType(typeof(DockerNode))]
public sealed class GetDockerNodeCommand : DockerLookupCmdlet
{
    private readonly SwarmListing<DockerNode> nodes = new(
        (engine, cancellation) => SwarmLookup.NodesAsync(engine, markSelf: true, cancellation),
        item => item.Id,
        item => item.Hostname,
        item => item.Labels,
        DockerObjectKind.Node);
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
        RunLookup<DockerNode>(Name, DockerObjectKind.Node, (engine, names, answer, cancellation) => nodes.AnswerAsync(engine, names, labels, answer, cancellation));
}
