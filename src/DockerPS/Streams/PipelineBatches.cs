namespace DockerPS.Streams;

/// <summary>
/// Output on its way to the pipeline thread a batch at a time: what one read of the engine's stream produced goes in
/// one hop, since a hop per line cost more than writing the line. At most <see cref="Waiting"/> batches wait for the
/// pipeline at once, so a pipeline slower than the stream holds the reader back and memory stays flat; the reader
/// reads on meanwhile.
/// </summary>
// Not disposable: its semaphore has no wait handle, and a batch still queued may release it after the work has ended.
internal sealed class PipelineBatches
{
    private const int Waiting = 2;

    private readonly Action<Action> onPipelineThread;
    private readonly SemaphoreSlim room = new(Waiting, Waiting);

    /// <param name="onPipelineThread">Runs an action on the pipeline thread (the cmdlet's OnPipelineThread).</param>
    public PipelineBatches(Action<Action> onPipelineThread) => this.onPipelineThread = onPipelineThread;

    /// <summary>Writes <paramref name="items"/> on the pipeline thread, once there is room; empty, nothing is sent.</summary>
    public async Task SendAsync<T>(IReadOnlyList<T> items, Action<T> write, CancellationToken cancellation)
    {
        if (items.Count == 0)
        {
            return;
        }

        await room.WaitAsync(cancellation).ConfigureAwait(false);
        onPipelineThread(() =>
        {
            try
            {
                foreach (var item in items)
                {
                    write(item);
                }
            }
            finally
            {
                room.Release();
            }
        });
    }
}
