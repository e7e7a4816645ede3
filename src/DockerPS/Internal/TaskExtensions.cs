namespace DockerPS.Internal;

internal static class TaskExtensions
{
    /// <summary>Waits for a task that cannot itself be cancelled, giving up (not stopping it) on cancellation.</summary>
    public static async Task<T> WaitAsync<T>(this Task<T> task, CancellationToken cancellation)
    {
        if (!cancellation.CanBeCanceled || task.IsCompleted)
        {
            return await task.ConfigureAwait(false);
        }

        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellation.Register(() => cancelled.TrySetResult(true)))
        {
            if (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false) != task)
            {
                throw new OperationCanceledException(cancellation);
            }
        }

        return await task.ConfigureAwait(false);
    }
}
