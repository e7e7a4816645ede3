using System;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using DockerPS.Internal;
using Xunit;

namespace DockerPS.Tests;

/// <summary>A task given up on (a read left pending on a stream that is closed under it) fails later without noise.</summary>
public sealed class TaskExtensionsTests
{
    [Fact]
    public async Task Abandon_AFailureThatComesAfterwards_IsObserved_WhereATaskLeftAloneIsRaisedAsUnobserved()
    {
        var unobserved = new System.Collections.Concurrent.ConcurrentBag<string>();
        void Record(object? sender, UnobservedTaskExceptionEventArgs e)
        {
            foreach (var inner in e.Exception.InnerExceptions)
            {
                unobserved.Add(inner.Message);
            }
        }

        TaskScheduler.UnobservedTaskException += Record;
        try
        {
            FailLater("abandoned read", abandon: true);
            FailLater("forgotten read", abandon: false);
            await FailAfterACancelledWaitAsync("read given up by a cancelled wait");
            for (var i = 0; i < 3 && !unobserved.Contains("forgotten read"); i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }

            Assert.Contains("forgotten read", unobserved);
            Assert.DoesNotContain("abandoned read", unobserved);
            Assert.DoesNotContain("read given up by a cancelled wait", unobserved);
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= Record;
        }
    }

    // Its own method, so nothing of the task stays reachable from the test's frame.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void FailLater(string message, bool abandon)
    {
        var pending = new TaskCompletionSource<int>();
        if (abandon)
        {
            pending.Task.Abandon();
        }

        pending.SetException(new InvalidOperationException(message));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task FailAfterACancelledWaitAsync(string message)
    {
        var pending = new TaskCompletionSource<int>();
        using var cancellation = new CancellationTokenSource();
        var waiting = DockerPS.Internal.TaskExtensions.WaitAsync(pending.Task, cancellation.Token);
        cancellation.Cancel();
        await Assert.ThrowsAsync<OperationCanceledException>(() => waiting);
        pending.SetException(new InvalidOperationException(message));
    }
}
