namespace DockerPS.Cmdlets;

/// <summary>
/// A cmdlet that acts on many items from the pipeline: each item's work starts as soon as it arrives and runs
/// concurrently with the others (at most -ThrottleLimit at a time); outcomes are written in input order from
/// the pipeline thread, and one item's failure never stops the others. An engine that cannot be reached
/// still ends the pipeline with one terminating error.
/// </summary>
public abstract class DockerBatchCmdlet : DockerEngineCmdlet
{
    private readonly Queue<(Task Work, BatchOutcome Outcome)> pending = new();
    private SemaphoreSlim? throttle;

    /// <summary>How many items may be in flight against the engines at once.</summary>
    [Parameter]
    [ValidateRange(1, 1000)]
    public int ThrottleLimit { get; set; } = 50;

    protected override void BeginProcessing() => throttle = new SemaphoreSlim(ThrottleLimit);

    protected override void EndProcessing() => RunAsync(async _ =>
    {
        while (pending.Count > 0)
        {
            var (work, outcome) = pending.Dequeue();
            await work.ConfigureAwait(false);
            OnPipelineThread(() => Write(outcome));
        }
    });

    /// <summary>
    /// Starts the work for one item on its engine, once <paramref name="confirm"/> (ShouldProcess) agrees. The work
    /// records what it produces in the outcome; its exceptions become the item's error. An object from the pipeline
    /// that stands for nothing this cmdlet takes is an error in its place, and nothing is asked of the engine.
    /// </summary>
    private protected void Enqueue(DockerObjectIdentity item, Func<bool> confirm, Func<DockerEngine, BatchOutcome, CancellationToken, Task> work)
    {
        var outcome = new BatchOutcome(item.Reference);
        if (item.Refusal is not null)
        {
            outcome.Fail(DockerErrors.WrongObjectType(item));
            pending.Enqueue((Task.CompletedTask, outcome));
        }
        else if (confirm())
        {
            pending.Enqueue((RunItemAsync(EndpointFor(item), outcome, work), outcome));
        }

        WriteFinished();
    }

    private async Task RunItemAsync(DockerEndpoint endpoint, BatchOutcome outcome, Func<DockerEngine, BatchOutcome, CancellationToken, Task> work)
    {
        var slots = throttle!;
        try
        {
            await slots.WaitAsync(Cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException e)
        {
            outcome.Fail(e);
            return;
        }

        try
        {
            var engine = await DockerEngines.GetAsync(endpoint, Cancellation).ConfigureAwait(false);
            await work(engine, outcome, Cancellation).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            outcome.Fail(e);
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>Writes the outcomes at the head of the queue that are already complete, keeping input order.</summary>
    private void WriteFinished()
    {
        while (pending.Count > 0 && pending.Peek().Work.IsCompleted)
        {
            Write(pending.Dequeue().Outcome);
        }
    }

    private void Write(BatchOutcome outcome)
    {
        foreach (var message in outcome.Verbose)
        {
            EmitVerbose(message);
        }

        foreach (var value in outcome.Output)
        {
            Emit(value);
        }

        if (outcome.Failure is { } failure)
        {
            if (failure is DockerEngineUnreachableException or OperationCanceledException)
            {
                // Not this item's fault: the engine is gone or the user pressed Ctrl+C.
                ThrowFailure(failure, null, outcome.Target);
            }

            EmitError(failure, outcome.FailureId, outcome.Target);
        }
    }
}
