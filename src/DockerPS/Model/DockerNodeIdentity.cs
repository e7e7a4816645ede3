using DockerPS.Mapping;

namespace DockerPS;

/// <summary>
/// A swarm node, as a hostname, an id (or a unique prefix of one) or a pattern, or a DockerNode from the pipeline. Other objects name a node by a NodeId, Id or Hostname property; other DockerPS objects are refused.
/// </summary>
public sealed class DockerNodeIdentity : DockerObjectIdentity
{
    public DockerNodeIdentity(string reference)
        : base(reference, null, null)
    {
    }

    public DockerNodeIdentity(DockerNode node)
        : base(node.Id, node.Endpoint, null)
    {
    }

    /// <summary>Any other object from the pipeline or the command line; see the class summary for what it stands for.</summary>
    public DockerNodeIdentity(object value)
        : this(PSObject.AsPSObject(value))
    {
    }

    private DockerNodeIdentity(PSObject value)
        : this(Read(value)) => ContextEngine = PipelineObject.ContextEngine(value);

    private DockerNodeIdentity((string Reference, DockerEndpoint? Endpoint, string? Refusal) read)
        : base(read.Reference, read.Endpoint, read.Refusal)
    {
    }

    private static (string, DockerEndpoint?, string?) Read(PSObject value) => PipelineObject.DockerTypeName(value) switch
    {
        nameof(DockerNode) => (PipelineObject.Text(value, "Id", "Hostname") ?? value.ToString(), PipelineObject.Endpoint(value), null),
        nameof(DockerContext) => (value.ToString(), null, $"The DockerContext '{value}' is an engine, not a node: pipe it to a Get- cmdlet, or give it to -Context, to act on its nodes."),
        { } other => (value.ToString(), null, $"The {other} '{value}' is not a node."),
        null => (PipelineObject.Text(value, "NodeId", "Id", "Hostname") ?? value.ToString(), null, null),
    };
}
