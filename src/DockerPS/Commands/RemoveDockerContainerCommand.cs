using Docker.DotNet.Models;

namespace DockerPS.Commands;

/// <summary>
/// docker rm: removes containers. -Force removes running ones too (docker rm -f) and does not ask again;
/// -WhatIf and an explicit -Confirm are still honoured.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "DockerContainer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveDockerContainerCommand : DockerContainerBatchCmdlet
{
    /// <summary>Remove running containers too (killing them), and treat a container already gone as removed.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Remove the container's anonymous volumes with it (docker rm -v).</summary>
    [Parameter]
    public SwitchParameter Volumes { get; set; }

    protected override string Action => Force ? "Remove (force)" : "Remove";

    protected override bool ShouldAct(string reference) => ShouldProcessUnlessForced(Force, reference, Action);

    private protected override async Task ActAsync(DockerEngine engine, string reference, BatchOutcome outcome, CancellationToken cancellation)
    {
        try
        {
            await engine.Client.Containers.RemoveContainerAsync(
                reference,
                new ContainerRemoveParameters { Force = Force.IsPresent, RemoveVolumes = Volumes.IsPresent },
                cancellation).ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException) when (Force)
        {
            // As with docker rm -f: what is already gone needs no removing.
            outcome.WriteVerbose($"No such container: {reference}");
        }
    }
}
