using DockerPS.Mapping;

namespace DockerPS;

/// <summary>
/// A network, as a name, an id (or a unique prefix of one) or a pattern, or from the pipeline: a DockerNetwork, or a
/// DockerNetworkAttachment (a container's place on a network), which stands for its network. Other objects name a
/// network by a Network, NetworkName, Name, NetworkId or Id property; other DockerPS objects are refused.
/// </summary>
public sealed class DockerNetworkIdentity : DockerObjectIdentity
{
    public DockerNetworkIdentity(string reference)
        : base(reference, null, null)
    {
    }

    public DockerNetworkIdentity(DockerNetwork network)
        : base(network.Name, network.Endpoint, null)
    {
    }

    public DockerNetworkIdentity(DockerNetworkAttachment attachment)
        : base(attachment.Network, attachment.Endpoint, null)
    {
    }

    /// <summary>Any other object from the pipeline or the command line; see the class summary for what it stands for.</summary>
    public DockerNetworkIdentity(object value)
        : this(PSObject.AsPSObject(value))
    {
    }

    private DockerNetworkIdentity(PSObject value)
        : this(Read(value)) => ContextEngine = PipelineObject.ContextEngine(value);

    private DockerNetworkIdentity((string Reference, DockerEndpoint? Endpoint, string? Refusal) read)
        : base(read.Reference, read.Endpoint, read.Refusal)
    {
    }

    private static (string, DockerEndpoint?, string?) Read(PSObject value) => PipelineObject.DockerTypeName(value) switch
    {
        nameof(DockerNetwork) => (PipelineObject.Text(value, "Name", "Id") ?? value.ToString(), PipelineObject.Endpoint(value), null),
        nameof(DockerNetworkAttachment) => (PipelineObject.Text(value, "Network", "NetworkId") ?? value.ToString(), PipelineObject.Endpoint(value), null),
        nameof(DockerContext) => (value.ToString(), null, $"The DockerContext '{value}' is an engine, not a network: pipe it to a Get- cmdlet, or give it to -Context, to act on its networks."),
        nameof(DockerContainer) => (value.ToString(), null, $"The DockerContainer '{value}' is not a network: its networks are in its Networks property."),
        { } other => (value.ToString(), null, $"The {other} '{value}' is not a network."),
        null => (PipelineObject.Text(value, "Network", "NetworkName", "Name", "NetworkId", "Id") ?? value.ToString(), null, null),
    };
}
