using DockerPS.Completion;
using DockerPS.Swarm;

namespace DockerPS.Commands;

/// <summary>
/// docker config rm: removes swarm configs, as a concurrent batch. A config services use is refused (ConfigInUse, in the
/// engine's words, which name the services) and kept. -Force does not ask, and takes a config already gone as removed.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "DockerConfig", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveDockerConfigCommand : DockerBatchCmdlet
{
    /// <summary>Config names or ids (full or a unique prefix), or configs from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("ConfigName", "Id")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ConfigNameCompleter))]
    public DockerConfigIdentity[] Name { get; set; } = Array.Empty<DockerConfigIdentity>();

    /// <summary>Do not ask for confirmation, and take a config already gone as removed.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var config in Name)
        {
            Enqueue(
                config,
                () => ShouldProcessUnlessForced(Force, config.Reference, "Remove config"),
                (engine, outcome, cancellation) => RemoveAsync(engine, config.Reference, outcome, cancellation));
        }
    }

    private async Task RemoveAsync(DockerEngine engine, string reference, BatchOutcome outcome, CancellationToken cancellation)
    {
        try
        {
            await engine.Client.Configs.RemoveConfigAsync(reference, cancellation).ConfigureAwait(false);
        }
        catch (DockerApiException e) when ((int)e.StatusCode == 404 && Force)
        {
            outcome.WriteVerbose($"No such config: {reference}");
        }
        catch (DockerApiException e)
        {
            outcome.Fail(SwarmErrors.Refusal(DockerObjectKind.Config, e, reference));
        }
    }
}
