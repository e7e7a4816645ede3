using DockerPS.Completion;
using DockerPS.Swarm;

namespace DockerPS.Commands;

/// <summary>
/// docker secret rm: removes swarm secrets, as a concurrent batch. A secret services use is refused (SecretInUse, in the
/// engine's words, which name the services) and kept. -Force does not ask, and takes a secret already gone as removed.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "DockerSecret", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveDockerSecretCommand : DockerBatchCmdlet
{
    /// <summary>Secret names or ids (full or a unique prefix), or secrets from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("SecretName", "Id")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SecretNameCompleter))]
    public DockerSecretIdentity[] Name { get; set; } = Array.Empty<DockerSecretIdentity>();

    /// <summary>Do not ask for confirmation, and take a secret already gone as removed.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var secret in Name)
        {
            Enqueue(
                secret,
                () => ShouldProcessUnlessForced(Force, secret.Reference, "Remove secret"),
                (engine, outcome, cancellation) => RemoveAsync(engine, secret.Reference, outcome, cancellation));
        }
    }

    private async Task RemoveAsync(DockerEngine engine, string reference, BatchOutcome outcome, CancellationToken cancellation)
    {
        try
        {
            await engine.Client.Secrets.DeleteAsync(reference, cancellation).ConfigureAwait(false);
        }
        catch (DockerApiException e) when ((int)e.StatusCode == 404 && Force)
        {
            outcome.WriteVerbose($"No such secret: {reference}");
        }
        catch (DockerApiException e)
        {
            outcome.Fail(SwarmErrors.Refusal(DockerObjectKind.Secret, e, reference));
        }
    }
}
