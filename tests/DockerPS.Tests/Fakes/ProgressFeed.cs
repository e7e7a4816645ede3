using System;
using System.IO;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace DockerPS.Tests.Fakes;

/// <summary>
/// A stream the engine reports through IProgress (events, stats readings), fed by the test while the cmdlet reads it:
/// each item is reported when the test sends it, on the fake's reading thread; the stream ends cleanly or breaks when
/// the test says so.
/// </summary>
public sealed class ProgressFeed<T>
{
    private readonly Channel<object> items = Channel.CreateUnbounded<object>();
    private readonly TaskCompletionSource<bool> subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<bool> cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>What the cmdlet asked for, as the fake's handler records it.</summary>
    public object? Asked { get; set; }

    /// <summary>Completes once the cmdlet is reading the stream.</summary>
    public Task Subscribed => subscribed.Task;

    /// <summary>Completes once the cmdlet has given up on the stream: its read was cancelled.</summary>
    public Task Cancelled => cancelled.Task;

    public void Send(T item) => items.Writer.TryWrite(item!);

    /// <summary>The engine ends the stream as if all was said.</summary>
    public void End() => items.Writer.TryComplete();

    /// <summary>The connection breaks in the middle of the stream.</summary>
    public void Break() => items.Writer.TryWrite(new IOException("The response ended prematurely."));

    /// <summary>The engine's side: reports what the test sends until the stream ends, breaks or is cancelled.</summary>
    public async Task ReadAsync(IProgress<T> progress, CancellationToken cancellation)
    {
        subscribed.TrySetResult(true);
        try
        {
            await foreach (var item in items.Reader.ReadAllAsync(cancellation))
            {
                if (item is Exception failure)
                {
                    throw failure;
                }

                progress.Report((T)item);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // Set here rather than by a registration on the token, which the cancelled read could dispose before it ran.
            cancelled.TrySetResult(true);
            throw;
        }
    }
}
