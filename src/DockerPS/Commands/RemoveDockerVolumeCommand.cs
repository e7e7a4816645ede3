using DockerPS.Completion;
using DockerPS.Lookup;

namespace DockerPS.Commands;

/// <summary>
/// docker volume rm: removes volumes, as a concurrent batch. A volume that containers use is refused, naming them,
/// and kept. -Force treats a volume already gone as removed and does not ask again; -WhatIf and -Confirm still apply.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "DockerVolume", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveDockerVolumeCommand : DockerBatchCmdlet
{
    /// <summary>Volume names, or volumes and volume mounts from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("VolumeName")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(VolumeNameCompleter))]
    public DockerVolumeIdentity[] Name { get; set; } = Array.Empty<DockerVolumeIdentity>();

    /// <summary>A volume already gone counts as removed (docker volume rm -f), and nothing is asked.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var volume in Name)
        {
            Enqueue(
                volume,
                () => ShouldProcessUnlessForced(Force, volume.Reference, Force ? "Remove volume (force)" : "Remove volume"),
                (engine, outcome, cancellation) => RemoveAsync(engine, volume.Reference, outcome, cancellation));
        }
    }

    private async Task RemoveAsync(DockerEngine engine, string name, BatchOutcome outcome, CancellationToken cancellation)
    {
        try
        {
            // Docker.DotNet 4.3.3 leaves force out of the request; what it means to the engine for a local volume,
            // that a volume already gone is no error, is done below.
            await engine.Client.Volumes.RemoveAsync(name, Force.IsPresent, cancellation).ConfigureAwait(false);
        }
        catch (DockerApiException e) when ((int)e.StatusCode == 404 && Force)
        {
            outcome.WriteVerbose($"No such volume: {name}");
        }
        catch (DockerApiException e)
        {
            if (await VolumeLookup.InUseAsync(engine, name, e, cancellation).ConfigureAwait(false) is { } inUse)
            {
                outcome.Fail(inUse);
            }
            else
            {
                outcome.Fail(DockerErrors.Refusal(DockerObjectKind.Volume, e, name));
            }
        }
    }
}
