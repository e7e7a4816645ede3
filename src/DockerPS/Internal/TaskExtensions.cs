namespace DockerPS.Internal;

internal static class TaskExtensions
{
    /// <summary>
    /// Gives up on a task left running (a read on a stream about to be closed under it): its failure, when it comes,
    /// is observed and dropped rather than raised later as an unobserved task exception.
    /// </summary>
    public static void Abandon(this Task task) =>
        _ = task.ContinueWith(left => left.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

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
                task.Abandon();
                throw new OperationCanceledException(cancellation);
            }
        }

        return await task.ConfigureAwait(false);
    }
}
