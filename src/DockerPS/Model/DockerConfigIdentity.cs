using DockerPS.Mapping;

namespace DockerPS;

/// <summary>
/// A swarm config, as a name, an id (or a unique prefix of one) or a pattern, or a DockerConfig from the pipeline. Other objects name a config by a ConfigName, Name or Id property; other DockerPS objects are refused.
/// </summary>
public sealed class DockerConfigIdentity : DockerObjectIdentity
{
    public DockerConfigIdentity(string reference)
        : base(reference, null, null)
    {
    }

    public DockerConfigIdentity(DockerConfig config)
        : base(config.Name, config.Endpoint, null)
    {
    }

    /// <summary>Any other object from the pipeline or the command line; see the class summary for what it stands for.</summary>
    public DockerConfigIdentity(object value)
        : this(PSObject.AsPSObject(value))
    {
    }

    private DockerConfigIdentity(PSObject value)
        : this(Read(value)) => ContextEngine = PipelineObject.ContextEngine(value);

    private DockerConfigIdentity((string Reference, DockerEndpoint? Endpoint, string? Refusal) read)
        : base(read.Reference, read.Endpoint, read.Refusal)
    {
    }

    private static (string, DockerEndpoint?, string?) Read(PSObject value) => PipelineObject.DockerTypeName(value) switch
    {
        nameof(DockerConfig) => (PipelineObject.Text(value, "Name", "Id") ?? value.ToString(), PipelineObject.Endpoint(value), null),
        nameof(DockerContext) => (value.ToString(), null, $"The DockerContext '{value}' is an engine, not a config: pipe it to a Get- cmdlet, or give it to -Context, to act on its configs."),
        { } other => (value.ToString(), null, $"The {other} '{value}' is not a config."),
        null => (PipelineObject.Text(value, "ConfigName", "Name", "ConfigId", "Id") ?? value.ToString(), null, null),
    };
}
