using System.Collections.Concurrent;

namespace DockerPS.Streams;

/// <summary>
/// A bounded queue from one producer to one consumer in which neither holds a thread while it waits: the producer
/// waits for room and the consumer for an item, both asynchronously, and <see cref="TryTake"/> takes without waiting.
/// A thread blocked in a queue's wait may be the one the runtime needs to complete the producer's reads (with
/// DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1, the socket event thread itself), so the two would wait forever.
/// </summary>
internal sealed class AsyncQueue<T>
    where T : class
{
    private readonly ConcurrentQueue<T> items = new();
    private readonly SemaphoreSlim room;

    // One count per item queued, and one more once complete: a count taken with no item behind it is the end.
    private readonly SemaphoreSlim ready = new(0);

    public AsyncQueue(int capacity) => room = new SemaphoreSlim(capacity, capacity);

    /// <summary>Queues <paramref name="item"/> once there is room.</summary>
    public async Task AddAsync(T item, CancellationToken cancellation)
    {
        await room.WaitAsync(cancellation).ConfigureAwait(false);
        items.Enqueue(item);
        ready.Release();
    }

    /// <summary>No more items will come: once the queued ones are taken, every take ends.</summary>
    public void Complete() => ready.Release();

    /// <summary>Takes the next item if one is queued, without waiting.</summary>
    public bool TryTake(out T? item)
    {
        item = null;
        return ready.Wait(0) && Dequeue(out item);
    }

    /// <summary>The next item, waiting for it; null once the queue is complete and empty.</summary>
    public async Task<T?> TakeAsync(CancellationToken cancellation)
    {
        await ready.WaitAsync(cancellation).ConfigureAwait(false);
        return Dequeue(out var item) ? item : null;
    }

    private bool Dequeue(out T? item)
    {
        if (items.TryDequeue(out item))
        {
            room.Release();
            return true;
        }

        // The count taken was the end's: it stays for the next taker.
        ready.Release();
        return false;
    }
}
