using DockerPS.Completion;
using DockerPS.Lookup;
using DockerPS.Services;

namespace DockerPS.Commands;

/// <summary>
/// Waits until Swarm services have converged: every task each should have runs its current spec (after
/// New-DockerService, a scale or a rolling update), and returns each service read again, as soon as it is there.
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "DockerService")]
[OutputType(typeof(DockerService))]
public sealed class WaitDockerServiceCommand : DockerBatchCmdlet
{
    /// <summary>Service names or ids (full or a unique prefix), or services (or their tasks) from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("ServiceName", "Id")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ServiceNameCompleter))]
    public DockerServiceIdentity[] Name { get; set; } = Array.Empty<DockerServiceIdentity>();

    /// <summary>What to wait for: Converged (the only condition, and the default).</summary>
    [Parameter]
    public DockerServiceWaitCondition Condition { get; set; } = DockerServiceWaitCondition.Converged;

    /// <summary>Give up on a service after this many seconds (a WaitTimedOut error naming what was missing); by default wait forever.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int Timeout { get; set; }

    /// <summary>
    /// How many seconds the same tasks must stay running before the service counts as converged, as the docker CLI
    /// verifies a new service (5 by default): a task that fails at once is seen running for a moment. 0 takes the
    /// first look that finds every task running.
    /// </summary>
    [Parameter]
    [ValidateRange(0, 3600)]
    public int StableFor { get; set; } = 5;

    /// <summary>Each service as soon as it has converged, so a script sees the first ready one first.</summary>
    private protected override bool WritesAsCompleted => true;

    protected override void ProcessRecord()
    {
        foreach (var service in Name)
        {
            Enqueue(service, () => true, (engine, outcome, cancellation) => WaitAsync(engine, service.Reference, outcome, cancellation));
        }
    }

    private async Task WaitAsync(DockerEngine engine, string reference, BatchOutcome outcome, CancellationToken cancellation)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        if (Timeout > 0)
        {
            limit.CancelAfter(TimeSpan.FromSeconds(Timeout));
        }

        var missing = "the service was not read yet";
        try
        {
            outcome.Write(await ServiceConvergence.WaitAsync(
                engine,
                reference,
                TimeSpan.FromSeconds(StableFor),
                task => outcome.WriteWarning($"Task {task.Name} ({task.ShortId}) of service {task.Service} {task.CurrentState}: {task.Error ?? task.Message}"),
                seen => missing = seen,
                limit.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            outcome.Fail(new TimeoutException($"Service {reference} had not converged after {Timeout} seconds: {missing}."), "WaitTimedOut");
        }
        catch (InvalidOperationException e)
        {
            outcome.Fail(new ErrorRecord(e, "ServiceUpdatePaused", ErrorCategory.InvalidOperation, reference));
        }
        catch (DockerApiException e)
        {
            outcome.Fail(DockerErrors.Refusal(DockerObjectKind.Service, e, reference));
        }
    }
}
