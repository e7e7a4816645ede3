using System.Collections.Concurrent;

namespace DockerPS.Cmdlets;

/// <summary>
/// Carries work from pool threads to the pipeline thread: PowerShell lets only the pipeline thread write
/// output, errors or progress. Bounded, so a fast producer (a log stream) waits for the pipeline instead of
/// piling up in memory.
/// </summary>
internal sealed class PipelinePump : IDisposable
{
    private const int Capacity = 1024;
    private readonly BlockingCollection<Action> queue = new(new ConcurrentQueue<Action>(), Capacity);

    public PipelinePump(int pipelineThreadId)
    {
        PipelineThreadId = pipelineThreadId;
    }

    public int PipelineThreadId { get; }

    public bool OnPipelineThread => Thread.CurrentThread.ManagedThreadId == PipelineThreadId;

    /// <summary>Runs the action now when on the pipeline thread, else queues it for the pipeline thread.</summary>
    public void Post(Action action, CancellationToken cancellation)
    {
        if (OnPipelineThread)
        {
            action();
            return;
        }

        try
        {
            queue.Add(action, cancellation);
        }
        catch (InvalidOperationException)
        {
            // The pipeline has stopped listening (it stopped or failed); the work is being cancelled.
            throw new OperationCanceledException(cancellation);
        }
    }

    /// <summary>No more work will be posted.</summary>
    public void Complete() => queue.CompleteAdding();

    /// <summary>Runs queued actions on the calling (pipeline) thread until <see cref="Complete"/>.</summary>
    public void RunUntilComplete()
    {
        foreach (var action in queue.GetConsumingEnumerable())
        {
            action();
        }
    }

    /// <summary>Drops whatever is still queued; used once the pipeline gave up on the work.</summary>
    public void Abandon()
    {
        queue.CompleteAdding();
        while (queue.TryTake(out _))
        {
        }
    }

    public void Dispose() => queue.Dispose();
}
