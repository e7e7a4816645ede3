using DockerPS.Completion;
using DockerPS.Images;
using DockerPS.Lookup;
using DockerPS.Services;

namespace DockerPS.Commands;

/// <summary>
/// docker service scale, update --image and rollback: changes Swarm services as a concurrent batch. The engine starts the
/// change and answers; pipe -PassThru's services to Wait-DockerService to wait until it is done.
/// </summary>
[Cmdlet(VerbsCommon.Set, "DockerService", SupportsShouldProcess = true, DefaultParameterSetName = UpdateSet)]
[OutputType(typeof(DockerService))]
public sealed class SetDockerServiceCommand : DockerBatchCmdlet
{
    private const string UpdateSet = "Update";
    private const string RollbackSet = "Rollback";

    /// <summary>Service names or ids (full or a unique prefix), or services (or their tasks) from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("ServiceName", "Id")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ServiceNameCompleter))]
    public DockerServiceIdentity[] Name { get; set; } = Array.Empty<DockerServiceIdentity>();

    /// <summary>Run this many tasks (docker service scale); a replicated service only.</summary>
    [Parameter(ParameterSetName = UpdateSet)]
    [ValidateRange(0, int.MaxValue)]
    public int Replicas { get; set; }

    /// <summary>Run this image: a rolling update, so many tasks at a time as the service's update settings say (docker service update --image).</summary>
    [Parameter(ParameterSetName = UpdateSet)]
    [ValidateNotNullOrEmpty]
    public string? Image { get; set; }

    /// <summary>Go back to the spec the service had before its last update (docker service rollback).</summary>
    [Parameter(Mandatory = true, ParameterSetName = RollbackSet)]
    public SwitchParameter Rollback { get; set; }

    /// <summary>Write each service, read again once the engine has taken the change.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private int? NewReplicas => MyInvocation.BoundParameters.ContainsKey(nameof(Replicas)) ? Replicas : null;

    protected override void BeginProcessing()
    {
        if (!Rollback && NewReplicas is null && Image is null)
        {
            ThrowFailure(new ErrorRecord(new ArgumentException("Give -Replicas, -Image or -Rollback: there is nothing to change."), "NothingToChange", ErrorCategory.InvalidArgument, null));
        }

        if (Image is not null && !ImageReference.IsImageId(Image))
        {
            Validated("InvalidImageReference", Image, () => ImageReference.Parse(Image));
        }

        base.BeginProcessing();
    }

    protected override void ProcessRecord()
    {
        foreach (var service in Name)
        {
            Enqueue(service, () => ShouldProcess(service.Reference, Action()), (engine, outcome, cancellation) => ChangeAsync(engine, service.Reference, outcome, cancellation));
        }
    }

    private string Action() => Rollback
        ? "Roll back service"
        : string.Join(" and ", new[] { NewReplicas is { } count ? $"Scale service to {count} replicas" : null, Image is null ? null : $"Update service to image {Image}" }.Where(part => part is not null));

    private async Task ChangeAsync(DockerEngine engine, string reference, BatchOutcome outcome, CancellationToken cancellation)
    {
        try
        {
            var warnings = Rollback
                ? await ServiceUpdate.RollBackAsync(engine, reference, cancellation).ConfigureAwait(false)
                : await ServiceUpdate.ChangeAsync(engine, reference, NewReplicas, Image, cancellation).ConfigureAwait(false);
            foreach (var warning in warnings)
            {
                outcome.WriteWarning(warning);
            }

            if (PassThru)
            {
                outcome.Write((await ServiceLookup.ReadAsync(engine, reference, cancellation).ConfigureAwait(false)).Service);
            }
        }
        catch (InvalidOperationException e)
        {
            outcome.Fail(new ErrorRecord(e, "ServiceNotReplicated", ErrorCategory.InvalidOperation, reference));
        }
        catch (DockerApiException e)
        {
            outcome.Fail(DockerErrors.Refusal(DockerObjectKind.Service, e, reference));
        }
    }
}
