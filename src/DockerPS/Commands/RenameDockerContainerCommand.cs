using Docker.DotNet.Models;
using DockerPS.Completion;
using DockerPS.Containers;
using DockerPS.Lookup;

namespace DockerPS.Commands;

/// <summary>docker rename: gives a container another name.</summary>
[Cmdlet(VerbsCommon.Rename, "DockerContainer", SupportsShouldProcess = true)]
[OutputType(typeof(DockerContainer))]
public sealed class RenameDockerContainerCommand : DockerEngineCmdlet
{
    private string newName = string.Empty;

    /// <summary>The container to rename: its name, id or a unique id prefix, or a container from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("Id", "ContainerId", "ContainerName")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ContainerNameCompleter))]
    public DockerContainerIdentity Name { get; set; } = null!;

    /// <summary>The container's new name: letters, digits, _ . and -, starting with a letter or digit.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string NewName { get; set; } = string.Empty;

    /// <summary>Write the renamed container to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        newName = Validated("InvalidContainerName", NewName, () => ContainerName.Validate(NewName));
    }

    protected override void ProcessRecord()
    {
        if (!Accepted(new[] { Name }).Any() || !ShouldProcess(Name.Reference, $"Rename to {newName}"))
        {
            return;
        }

        RunOnEngine(Name, async (engine, cancellation) =>
        {
            try
            {
                await engine.Client.Containers.RenameContainerAsync(Name.Reference, new ContainerRenameParameters { NewName = newName }, cancellation).ConfigureAwait(false);
            }
            catch (DockerApiException e)
            {
                // This container's refusal (a name already taken, a missing container); the next piped one is still renamed.
                EmitError(DockerErrors.Refusal(DockerObjectKind.Container, e, Name.Reference));
                return;
            }

            if (PassThru)
            {
                Emit(await ContainerLookup.ReadAsync(engine, newName, cancellation).ConfigureAwait(false));
            }
        });
    }
}
