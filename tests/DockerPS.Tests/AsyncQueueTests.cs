using System;
using System.Threading;
using System.Threading.Tasks;
using DockerPS.Streams;
using Xunit;

namespace DockerPS.Tests;

/// <summary>The exec output queue: order, the end, room, and waits that hold no thread.</summary>
public sealed class AsyncQueueTests
{
    [Fact]
    public async Task TakeAsync_GivesTheItemsInOrder_ThenNullForEveryTakeOnceComplete()
    {
        var queue = new AsyncQueue<string>(4);
        await queue.AddAsync("a", CancellationToken.None);
        await queue.AddAsync("b", CancellationToken.None);
        queue.Complete();

        Assert.Equal("a", await queue.TakeAsync(CancellationToken.None));
        Assert.Equal("b", await queue.TakeAsync(CancellationToken.None));
        Assert.Null(await queue.TakeAsync(CancellationToken.None));
        Assert.Null(await queue.TakeAsync(CancellationToken.None));
        Assert.False(queue.TryTake(out _));
    }

    [Fact]
    public async Task TryTake_TakesWhatIsQueued_WithoutWaiting_AndLeavesTheEndForTheNextTake()
    {
        var queue = new AsyncQueue<string>(4);
        Assert.False(queue.TryTake(out _));

        await queue.AddAsync("a", CancellationToken.None);
        queue.Complete();

        Assert.True(queue.TryTake(out var first));
        Assert.Equal("a", first);
        Assert.False(queue.TryTake(out _));
        Assert.Null(await queue.TakeAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task AddAsync_WaitsForRoom_WhenTheQueueIsFull_UntilAnItemIsTaken()
    {
        var queue = new AsyncQueue<string>(2);
        await queue.AddAsync("a", CancellationToken.None);
        await queue.AddAsync("b", CancellationToken.None);

        var third = queue.AddAsync("c", CancellationToken.None);
        await Task.Delay(100);
        Assert.False(third.IsCompleted);

        Assert.Equal("a", await queue.TakeAsync(CancellationToken.None));
        await third.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("b", await queue.TakeAsync(CancellationToken.None));
        Assert.Equal("c", await queue.TakeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task TakeAsync_WaitsWithoutHoldingAThread_AndCtrlCEndsTheWait()
    {
        var queue = new AsyncQueue<string>(2);
        using var cancellation = new CancellationTokenSource();

        // Not completed when returned: the wait is a task, not a blocked thread (a blocking take would return only
        // once something came).
        var taking = queue.TakeAsync(cancellation.Token);
        Assert.False(taking.IsCompleted);
        await queue.AddAsync("late", CancellationToken.None);
        Assert.Equal("late", await taking.WaitAsync(TimeSpan.FromSeconds(5)));

        var waiting = queue.TakeAsync(cancellation.Token);
        cancellation.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }
}
