namespace DockerPS.Cmdlets;

/// <summary>
/// A cmdlet that acts on many items from the pipeline: each item's work starts as soon as it arrives and runs
/// concurrently with the others (at most -ThrottleLimit at a time); outcomes are written in input order (or, for a
/// cmdlet that waits for things to happen, as each completes) from the pipeline thread, and one item's failure never
/// stops the others. An engine that cannot be reached, or is lost on the way, is one error naming it, and its
/// remaining items are not tried: when the batch spans several engines the others go on and the error is
/// non-terminating; when it had only that engine, the error ends the pipeline once every item that got done is written.
/// </summary>
public abstract class DockerBatchCmdlet : DockerEngineCmdlet
{
    private readonly List<(Task Work, BatchOutcome Outcome, DockerEndpoint? Engine)> pending = new();
    private readonly HashSet<DockerEndpoint> engines = new();

    // Engines found unreachable or lost, with the failure and the item it came with (the failures of their other
    // items are its consequences), and whether it has been written.
    private readonly Dictionary<DockerEndpoint, (Exception Failure, object Target, bool Written)> lostEngines = new();
    private SemaphoreSlim? throttle;

    // Ctrl+C, and the item it came with: it ends the batch.
    private (Exception Failure, object Target)? fatal;

    /// <summary>How many items may be in flight against the engines at once.</summary>
    [Parameter]
    [ValidateRange(1, 1000)]
    public int ThrottleLimit { get; set; } = 50;

    /// <summary>
    /// Whether each item is written as soon as it is done rather than in input order: for waits, whose items finish
    /// in an order of the world's choosing.
    /// </summary>
    private protected virtual bool WritesAsCompleted => false;

    protected override void BeginProcessing() => throttle = new SemaphoreSlim(ThrottleLimit);

    protected override void EndProcessing()
    {
        RunAsync(async _ =>
        {
            while (pending.Count > 0)
            {
                var next = 0;
                if (WritesAsCompleted)
                {
                    var done = await Task.WhenAny(pending.Select(item => item.Work)).ConfigureAwait(false);
                    next = pending.FindIndex(item => item.Work == done);
                }

                var (work, outcome, engine) = pending[next];
                pending.RemoveAt(next);
                await work.ConfigureAwait(false);
                OnPipelineThread(() => Write(outcome, engine));
            }
        });
        ThrowIfFatal();
        WriteLostEngines(atEnd: true);
    }

    /// <summary>
    /// Starts the work for one item on its engine, once <paramref name="confirm"/> (ShouldProcess) agrees. The work
    /// records what it produces in the outcome; its exceptions become the item's error. An object from the pipeline
    /// that stands for nothing this cmdlet takes is an error in its place, and nothing is asked of the engine.
    /// </summary>
    private protected void Enqueue(DockerObjectIdentity item, Func<bool> confirm, Func<DockerEngine, BatchOutcome, CancellationToken, Task> work)
    {
        if (item.Refusal is not null)
        {
            Refuse(item, DockerErrors.WrongObjectType(item));
            return;
        }

        if (confirm())
        {
            var outcome = new BatchOutcome(item.Reference);
            var engine = EndpointFor(item);
            engines.Add(engine);
            if (lostEngines.TryGetValue(engine, out var lost))
            {
                outcome.Fail(lost.Failure);
                pending.Add((Task.CompletedTask, outcome, engine));
            }
            else
            {
                pending.Add((RunItemAsync(engine, outcome, work), outcome, engine));
            }
        }

        WriteFinished();
        ThrowIfFatal();
    }

    /// <summary>An item refused before anything is asked of an engine or the user: its error takes its place in the input order.</summary>
    private protected void Refuse(DockerObjectIdentity item, ErrorRecord error)
    {
        var outcome = new BatchOutcome(item.Reference);
        outcome.Fail(error);
        pending.Add((Task.CompletedTask, outcome, null));
        WriteFinished();
        ThrowIfFatal();
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
            var engine = await DockerEngines.GetAsync(endpoint, ChosenConnectTimeout, Cancellation).ConfigureAwait(false);
            await work(engine, outcome, Cancellation).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            outcome.Fail(EngineConnectionLostException.For(endpoint, e));
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>Writes the outcomes already complete: those at the head of the input order, or every one.</summary>
    private void WriteFinished()
    {
        for (var i = 0; i < pending.Count;)
        {
            if (pending[i].Work.IsCompleted)
            {
                var (_, outcome, engine) = pending[i];
                pending.RemoveAt(i);
                Write(outcome, engine);
            }
            else if (WritesAsCompleted)
            {
                i++;
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>
    /// Writes what the item produced. After a failure that is not the item's own, the items that still got done are
    /// written and the failures that followed from it are left out: Ctrl+C ends the batch (<see cref="ThrowIfFatal"/>);
    /// a lost engine is written once (<see cref="WriteLostEngines"/>).
    /// </summary>
    private void Write(BatchOutcome outcome, DockerEndpoint? engine)
    {
        if (outcome.Failure is OperationCanceledException)
        {
            fatal ??= (outcome.Failure, outcome.Target);
            return;
        }

        if (outcome.Failure is DockerEngineUnreachableException or EngineConnectionLostException && engine is not null && !lostEngines.ContainsKey(engine))
        {
            lostEngines[engine] = (outcome.Failure, outcome.Target, false);
            WriteLostEngines(atEnd: false);
            return;
        }

        if ((fatal is not null || (engine is not null && lostEngines.ContainsKey(engine))) && outcome.Failure is not null)
        {
            return;
        }

        foreach (var message in outcome.Verbose)
        {
            EmitVerbose(message);
        }

        foreach (var message in outcome.Warnings)
        {
            EmitWarning(message);
        }

        foreach (var value in outcome.Output)
        {
            Emit(value);
        }

        if (outcome.Failure is { } failure)
        {
            EmitError(failure, outcome.FailureId, outcome.Target);
        }
    }

    /// <summary>
    /// Writes each lost engine's error once the batch is known to span other engines, or, at the end of a batch that had
    /// only that engine, ends the pipeline with it.
    /// </summary>
    private void WriteLostEngines(bool atEnd)
    {
        foreach (var engine in lostEngines.Where(lost => !lost.Value.Written).Select(lost => lost.Key).ToList())
        {
            var (failure, target, _) = lostEngines[engine];
            if (engines.Count > 1)
            {
                lostEngines[engine] = (failure, target, true);
                EmitError(failure, null, target);
            }
            else if (atEnd)
            {
                ThrowFailure(failure, null, target);
            }
        }
    }

    /// <summary>Once the user pressed Ctrl+C: the items already done are written, then the one error.</summary>
    private void ThrowIfFatal()
    {
        if (fatal is { } found)
        {
            WriteFinished();
            ThrowFailure(found.Failure, null, found.Target);
        }
    }
}
