using DockerPS.Completion;
using DockerPS.Lookup;
using DockerPS.Mapping;

namespace DockerPS.Commands;

/// <summary>docker port: the published ports of containers, as typed bindings (80/tcp -> 0.0.0.0:81).</summary>
[Cmdlet(VerbsCommon.Get, "DockerContainerPort")]
[OutputType(typeof(DockerPortBinding))]
public sealed class GetDockerContainerPortCommand : DockerLookupCmdlet
{
    private int port;
    private string protocol = string.Empty;

    /// <summary>Container names or ids (full or a unique prefix), or containers from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("Id", "ContainerId", "ContainerName")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ContainerNameCompleter))]
    public DockerContainerIdentity[] Name { get; set; } = Array.Empty<DockerContainerIdentity>();

    /// <summary>Only this container port: 80 (meaning 80/tcp), 80/tcp or 53/udp.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? ContainerPort { get; set; }

    protected override void BeginProcessing()
    {
        if (ContainerPort is not null && !DockerPortBinding.TryParseKey(ContainerPort, out port, out protocol))
        {
            ThrowFailure(new ErrorRecord(
                new ArgumentException($"invalid port: '{ContainerPort}'; expected a port such as 80, 80/tcp or 53/udp"),
                "InvalidContainerPort",
                ErrorCategory.InvalidArgument,
                ContainerPort));
        }
    }

    protected override void ProcessRecord() => RunLookup<DockerPortBinding>(Name, DockerObjectKind.Container, PortsOnEngineAsync);

    /// <summary>The published ports one engine has for the names, and the names it has no container for.</summary>
    private async Task PortsOnEngineAsync(DockerEngine engine, IReadOnlyList<string> names, EngineAnswer<DockerPortBinding> answer, CancellationToken cancellation)
    {
        foreach (var reference in names)
        {
            try
            {
                var inspect = await engine.Client.Containers.InspectContainerAsync(reference, cancellation).ConfigureAwait(false);
                var bindings = ModelMapper.PublishedPorts(inspect).Where(b => ContainerPort is null || b.ContainerPort == port && b.Protocol == protocol).ToList();
                if (ContainerPort is not null && bindings.Count == 0)
                {
                    EmitError(new ItemNotFoundException($"No public port '{port}/{protocol}' published for {reference}"), "PortNotPublished", reference);
                }

                answer.Found.AddRange(bindings);
            }
            catch (DockerContainerNotFoundException)
            {
                answer.Lacks(reference);
            }
            catch (DockerApiException e)
            {
                EmitError(DockerErrors.Refusal(DockerObjectKind.Container, e, reference));
            }
        }
    }
}
