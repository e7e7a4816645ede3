using DockerPS.Completion;
using DockerPS.Lookup;
using DockerPS.Mapping;

namespace DockerPS.Commands;

/// <summary>docker diff: the paths of containers added, changed or deleted since their image, as typed changes (C /etc).</summary>
[Cmdlet(VerbsCommon.Get, "DockerContainerChange")]
[OutputType(typeof(DockerContainerChange))]
public sealed class GetDockerContainerChangeCommand : DockerLookupCmdlet
{
    /// <summary>Container names or ids (full or a unique prefix), or containers from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("Id", "ContainerId", "ContainerName")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ContainerNameCompleter))]
    public DockerContainerIdentity[] Name { get; set; } = Array.Empty<DockerContainerIdentity>();

    protected override void ProcessRecord() => RunLookup<DockerContainerChange>(Name, DockerObjectKind.Container, ChangesOnEngineAsync);

    /// <summary>The changes of each named container one engine has, and the names it has no container for.</summary>
    private async Task ChangesOnEngineAsync(DockerEngine engine, IReadOnlyList<string> names, EngineAnswer<DockerContainerChange> answer, CancellationToken cancellation)
    {
        foreach (var reference in names)
        {
            try
            {
                var changes = await engine.Client.Containers.InspectChangesAsync(reference, cancellation).ConfigureAwait(false);
                answer.Found.AddRange((changes ?? Array.Empty<Docker.DotNet.Models.ContainerFileSystemChangeResponse>()).Select(change => ModelMapper.ToContainerChange(change, reference, engine.Endpoint)));
            }
            catch (DockerContainerNotFoundException)
            {
                answer.Lacks(reference);
            }
            catch (DockerApiException e) when ((int)e.StatusCode == 500 && DockerErrorMapper.DaemonMessage(e).StartsWith(reference + " not found", StringComparison.Ordinal))
            {
                // Podman's answer for a container it does not have: "web not found: layer not known", a 500.
                answer.Lacks(reference);
            }
            catch (DockerApiException e)
            {
                EmitError(DockerErrors.Refusal(DockerObjectKind.Container, e, reference));
            }
        }
    }
}
