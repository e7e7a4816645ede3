using DockerPS.Mapping;

namespace DockerPS;

/// <summary>
/// A container, as a name, an id (or a unique prefix of one) or a pattern, or as a DockerContainer,
/// DockerContainerExit, DockerNetworkContainer (a network's container) or DockerContainerStats from the pipeline.
/// Other objects name a container by a Name, ContainerName, Id or ContainerId property; other DockerPS objects are
/// refused.
/// </summary>
public sealed class DockerContainerIdentity : DockerObjectIdentity
{
    public DockerContainerIdentity(string reference)
        : base(reference, null, null)
    {
    }

    public DockerContainerIdentity(DockerContainer container)
        : base(container.Name, container.Endpoint, null)
    {
    }

    /// <summary>Any other object from the pipeline or the command line; see the class summary for what it stands for.</summary>
    public DockerContainerIdentity(object value)
        : this(PSObject.AsPSObject(value))
    {
    }

    private DockerContainerIdentity(PSObject value)
        : this(Read(value)) => ContextEngine = PipelineObject.ContextEngine(value);

    private DockerContainerIdentity((string Reference, DockerEndpoint? Endpoint, string? Refusal) read)
        : base(read.Reference, read.Endpoint, read.Refusal)
    {
    }

    /// <summary>
    /// A typed name looked for on the engine another object of the command came from (the network a container
    /// joins); a container from the pipeline keeps its own engine.
    /// </summary>
    internal DockerContainerIdentity OnEngine(DockerEndpoint? endpoint) =>
        Endpoint is null && endpoint is not null ? new DockerContainerIdentity((Reference, endpoint, Refusal)) : this;

    private static (string, DockerEndpoint?, string?) Read(PSObject value) => PipelineObject.DockerTypeName(value) switch
    {
        nameof(DockerContainer) or nameof(DockerContainerExit) or nameof(DockerNetworkContainer) or nameof(DockerContainerStats) => (PipelineObject.Text(value, "Name", "Id") ?? value.ToString(), PipelineObject.Endpoint(value), null),
        nameof(DockerContext) => (value.ToString(), null, $"The DockerContext '{value}' is an engine, not a container: pipe it to a Get- cmdlet, or give it to -Context, to act on its containers."),
        { } other => (value.ToString(), null, $"The {other} '{value}' is not a container."),
        null => (PipelineObject.Text(value, "Name", "ContainerName", "Id", "ContainerId") ?? value.ToString(), null, null),
    };
}
