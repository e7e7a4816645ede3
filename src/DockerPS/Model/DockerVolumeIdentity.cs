using DockerPS.Mapping;

namespace DockerPS;

/// <summary>
/// A volume, as a name or a pattern, or from the pipeline: a DockerVolume, or a DockerMount of type volume (a
/// container's mount, standing for the volume it mounts). Other objects name a volume by a VolumeName or Name
/// property; other DockerPS objects, a bind or tmpfs mount among them, are refused.
/// </summary>
public sealed class DockerVolumeIdentity : DockerObjectIdentity
{
    public DockerVolumeIdentity(string reference)
        : base(reference, null, null)
    {
    }

    public DockerVolumeIdentity(DockerVolume volume)
        : base(volume.Name, volume.Endpoint, null)
    {
    }

    /// <summary>Any other object from the pipeline or the command line; see the class summary for what it stands for.</summary>
    public DockerVolumeIdentity(object value)
        : this(PSObject.AsPSObject(value))
    {
    }

    private DockerVolumeIdentity(PSObject value)
        : this(Read(value)) => ContextEngine = PipelineObject.ContextEngine(value);

    private DockerVolumeIdentity((string Reference, DockerEndpoint? Endpoint, string? Refusal) read)
        : base(read.Reference, read.Endpoint, read.Refusal)
    {
    }

    private static (string, DockerEndpoint?, string?) Read(PSObject value) => PipelineObject.DockerTypeName(value) switch
    {
        nameof(DockerVolume) => (PipelineObject.Text(value, "Name") ?? value.ToString(), PipelineObject.Endpoint(value), null),
        nameof(DockerMount) => MountedVolume(value),
        nameof(DockerContainer) => (value.ToString(), null, $"The DockerContainer '{value}' is not a volume: pipe its Mounts to act on the volumes it uses."),
        nameof(DockerContext) => (value.ToString(), null, $"The DockerContext '{value}' is an engine, not a volume: pipe it to a Get- cmdlet, or give it to -Context, to act on its volumes."),
        { } other => (value.ToString(), null, $"The {other} '{value}' is not a volume."),
        null => (PipelineObject.Text(value, "VolumeName", "Name") ?? value.ToString(), null, null),
    };

    private static (string, DockerEndpoint?, string?) MountedVolume(PSObject mount) =>
        (PipelineObject.Text(mount, "Type"), PipelineObject.Text(mount, "Name")) switch
        {
            ("volume", { } name) => (name, PipelineObject.Endpoint(mount), null),
            ("volume", null) => (mount.ToString(), null, $"The DockerMount '{mount}' names no volume."),
            (var type, _) => (mount.ToString(), null, $"The DockerMount '{mount}' is a {type} mount, not a volume."),
        };
}
