using DockerPS.Mapping;

namespace DockerPS;

/// <summary>
/// A swarm secret, as a name, an id (or a unique prefix of one) or a pattern, or a DockerSecret from the pipeline. Other objects name a secret by a SecretName, Name or Id property; other DockerPS objects are refused.
/// </summary>
public sealed class DockerSecretIdentity : DockerObjectIdentity
{
    public DockerSecretIdentity(string reference)
        : base(reference, null, null)
    {
    }

    public DockerSecretIdentity(DockerSecret secret)
        : base(secret.Name, secret.Endpoint, null)
    {
    }

    /// <summary>Any other object from the pipeline or the command line; see the class summary for what it stands for.</summary>
    public DockerSecretIdentity(object value)
        : this(PSObject.AsPSObject(value))
    {
    }

    private DockerSecretIdentity(PSObject value)
        : this(Read(value)) => ContextEngine = PipelineObject.ContextEngine(value);

    private DockerSecretIdentity((string Reference, DockerEndpoint? Endpoint, string? Refusal) read)
        : base(read.Reference, read.Endpoint, read.Refusal)
    {
    }

    private static (string, DockerEndpoint?, string?) Read(PSObject value) => PipelineObject.DockerTypeName(value) switch
    {
        nameof(DockerSecret) => (PipelineObject.Text(value, "Name", "Id") ?? value.ToString(), PipelineObject.Endpoint(value), null),
        nameof(DockerContext) => (value.ToString(), null, $"The DockerContext '{value}' is an engine, not a secret: pipe it to a Get- cmdlet, or give it to -Context, to act on its secrets."),
        { } other => (value.ToString(), null, $"The {other} '{value}' is not a secret."),
        null => (PipelineObject.Text(value, "SecretName", "Name", "SecretId", "Id") ?? value.ToString(), null, null),
    };
}
