using DockerPS.Mapping;

namespace DockerPS;

/// <summary>
/// A docker context, as its name (or a pattern where the cmdlet takes one), or a DockerContext from the pipeline.
/// Other objects name a context by a Name or Context property; other DockerPS objects are refused, so a container
/// piped to Remove-DockerContext is never taken for the context of its name.
/// </summary>
public sealed class DockerContextIdentity : DockerObjectIdentity
{
    public DockerContextIdentity(string name)
        : base(name, null, null)
    {
    }

    public DockerContextIdentity(DockerContext context)
        : base(context.Name, null, null)
    {
    }

    /// <summary>Any other object from the pipeline or the command line; see the class summary for what it stands for.</summary>
    public DockerContextIdentity(object value)
        : this(Read(PSObject.AsPSObject(value)))
    {
    }

    private DockerContextIdentity((string Reference, string? Refusal) read)
        : base(read.Reference, null, read.Refusal)
    {
    }

    private static (string, string?) Read(PSObject value) => PipelineObject.DockerTypeName(value) switch
    {
        nameof(DockerContext) => (PipelineObject.Text(value, "Name") ?? value.ToString(), null),
        { } other => (value.ToString(), $"The {other} '{value}' is not a docker context."),
        null => (PipelineObject.Text(value, "Name", "Context") ?? value.ToString(), null),
    };
}
