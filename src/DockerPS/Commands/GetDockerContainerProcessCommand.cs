using Docker.DotNet.Models;
using DockerPS.Completion;
using DockerPS.Lookup;
using DockerPS.Mapping;

namespace DockerPS.Commands;

/// <summary>docker top: the processes running in containers, one object per process with the columns ps printed.</summary>
[Cmdlet(VerbsCommon.Get, "DockerContainerProcess")]
[OutputType(typeof(DockerContainerProcess))]
public sealed class GetDockerContainerProcessCommand : DockerLookupCmdlet
{
    /// <summary>Container names or ids (full or a unique prefix), or containers from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("Id", "ContainerId", "ContainerName")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ContainerNameCompleter))]
    public DockerContainerIdentity[] Name { get; set; } = Array.Empty<DockerContainerIdentity>();

    /// <summary>Options for ps, as docker top takes them after the container (-ef by default): aux, -o pid,comm.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? PsArgument { get; set; }

    protected override void ProcessRecord() => RunLookup<PSObject>(Name, DockerObjectKind.Container, ProcessesOnEngineAsync);

    /// <summary>The processes of the containers one engine has, and the names it has no container for.</summary>
    private async Task ProcessesOnEngineAsync(DockerEngine engine, IReadOnlyList<string> names, EngineAnswer<PSObject> answer, CancellationToken cancellation)
    {
        foreach (var reference in names)
        {
            try
            {
                // Looked at first: Podman answers top for a stopped container with nothing at all, where Docker refuses.
                var inspect = await engine.Client.Containers.InspectContainerAsync(reference, cancellation).ConfigureAwait(false);
                if (inspect.State?.Running != true)
                {
                    EmitError(DockerErrors.ContainerNotRunning($"Error response from daemon: Container {inspect.ID} is not running", reference));
                    continue;
                }

                var top = await engine.Client.Containers.ListProcessesAsync(inspect.ID, new ContainerListProcessesParameters { PsArgs = PsArgument }, cancellation).ConfigureAwait(false);
                answer.Found.AddRange(ModelMapper.ToProcesses(top, engine.Endpoint, inspect.Name.TrimStart('/'), inspect.ID));
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
