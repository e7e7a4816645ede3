using DockerPS.Completion;
using DockerPS.Lookup;

namespace DockerPS.Commands;

/// <summary>docker service rm: removes Swarm services (their tasks go with them), as a concurrent batch. -Force does not ask.</summary>
[Cmdlet(VerbsCommon.Remove, "DockerService", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveDockerServiceCommand : DockerBatchCmdlet
{
    /// <summary>Service names or ids (full or a unique prefix), or services (or their tasks) from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("ServiceName", "Id")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ServiceNameCompleter))]
    public DockerServiceIdentity[] Name { get; set; } = Array.Empty<DockerServiceIdentity>();

    /// <summary>Do not ask for confirmation, and take a service already gone as removed.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var service in Name)
        {
            Enqueue(
                service,
                () => ShouldProcessUnlessForced(Force, service.Reference, "Remove service"),
                (engine, outcome, cancellation) => RemoveAsync(engine, service.Reference, outcome, cancellation));
        }
    }

    private async Task RemoveAsync(DockerEngine engine, string reference, BatchOutcome outcome, CancellationToken cancellation)
    {
        try
        {
            // Looked up first, so what is removed is the service found (a name before an id prefix), by its id.
            var (raw, _) = await ServiceLookup.ReadAsync(engine, reference, cancellation).ConfigureAwait(false);
            await engine.Client.Swarm.RemoveServiceAsync(raw.ID, cancellation).ConfigureAwait(false);
        }
        catch (DockerApiException e) when (Force && ServiceLookup.IsNotFound(e))
        {
            // Nothing to remove is what -Force asked for.
            outcome.WriteVerbose($"No such service: {reference}");
        }
        catch (DockerApiException e)
        {
            outcome.Fail(DockerErrors.Refusal(DockerObjectKind.Service, e, reference));
        }
    }
}
