using DockerPS.Mapping;

namespace DockerPS;

/// <summary>
/// A Swarm service, as a name, an id (or a unique prefix of one) or a pattern, or from the pipeline: a DockerService, or
/// a DockerServiceTask, which stands for its service. Other objects name a service by a Service, ServiceName, Name,
/// ServiceId or Id property; other DockerPS objects are refused.
/// </summary>
public sealed class DockerServiceIdentity : DockerObjectIdentity
{
    public DockerServiceIdentity(string reference)
        : base(reference, null, null)
    {
    }

    public DockerServiceIdentity(DockerService service)
        : base(service.Name, service.Endpoint, null)
    {
    }

    public DockerServiceIdentity(DockerServiceTask task)
        : base(task.Service, task.Endpoint, null)
    {
    }

    /// <summary>Any other object from the pipeline or the command line; see the class summary for what it stands for.</summary>
    public DockerServiceIdentity(object value)
        : this(PSObject.AsPSObject(value))
    {
    }

    private DockerServiceIdentity(PSObject value)
        : this(Read(value)) => ContextEngine = PipelineObject.ContextEngine(value);

    private DockerServiceIdentity((string Reference, DockerEndpoint? Endpoint, string? Refusal) read)
        : base(read.Reference, read.Endpoint, read.Refusal)
    {
    }

    private static (string, DockerEndpoint?, string?) Read(PSObject value) => PipelineObject.DockerTypeName(value) switch
    {
        nameof(DockerService) => (PipelineObject.Text(value, "Name", "Id") ?? value.ToString(), PipelineObject.Endpoint(value), null),
        nameof(DockerServiceTask) => (PipelineObject.Text(value, "Service", "ServiceId") ?? value.ToString(), PipelineObject.Endpoint(value), null),
        nameof(DockerContext) => (value.ToString(), null, $"The DockerContext '{value}' is an engine, not a service: pipe it to a Get- cmdlet, or give it to -Context, to act on its services."),
        nameof(DockerContainer) => (value.ToString(), null, $"The DockerContainer '{value}' is not a service: a task's container is no service of its own."),
        { } other => (value.ToString(), null, $"The {other} '{value}' is not a service."),
        null => (PipelineObject.Text(value, "Service", "ServiceName", "Name", "ServiceId", "Id") ?? value.ToString(), null, null),
    };
}
