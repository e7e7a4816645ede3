using System.IO;
using System.Runtime.ExceptionServices;
using DockerPS.Internal;

namespace DockerPS.Archives;

/// <summary>
/// A tar archive made while it is read, as a request body (docker cp into a container, docker build's context): a
/// producer writes entries through a <see cref="TarWriter"/> into a small bounded pipe, and reads return its bytes as
/// they come, so the archive is never whole in memory or on disk. The producer starts on the first read; the end
/// blocks are written when it returns. Its exception is thrown, as it is, by the next read (and kept in
/// <see cref="ProducerFailure"/>, since an HTTP client may wrap what a body's read throws), so the producer words its
/// own failures (a local file that cannot be read names the file). Cancelling the token, cancelling a read or
/// disposing the stream stops the producer.
/// </summary>
internal sealed class TarProducerStream : ForwardOnlyStream
{
    private const int PipeCapacity = 256 * 1024;

    private readonly Func<TarWriter, CancellationToken, Task> produce;
    private readonly CancellationTokenSource stop;
    private readonly object gate = new();
    private readonly byte[] pipe = new byte[PipeCapacity];
    private int head;
    private int buffered;
    private bool producerDone;
    private bool disposed;
    private Task? producer;
    private TaskCompletionSource<bool>? readerWaiting;
    private TaskCompletionSource<bool>? writerWaiting;

    public TarProducerStream(Func<TarWriter, CancellationToken, Task> produce, CancellationToken cancellation)
    {
        this.produce = produce;
        stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
    }

    /// <summary>What the producer threw (cancellation included); null while it runs or when it finished well.</summary>
    public Exception? ProducerFailure { get; private set; }

    public override bool CanRead => true;

    public override bool CanWrite => false;

    // The HTTP client reads a body asynchronously; a blocking read would hold a thread for the producer's sake.
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return 0;
        }

        while (true)
        {
            Task waiting;
            TaskCompletionSource<bool>? wakeWriter = null;
            int read;
            lock (gate)
            {
                if (disposed)
                {
                    throw new ObjectDisposedException(nameof(TarProducerStream));
                }

                producer ??= Task.Run(RunProducerAsync);
                if (ProducerFailure is not null)
                {
                    ExceptionDispatchInfo.Capture(ProducerFailure).Throw();
                }

                read = Math.Min(count, buffered);
                if (read > 0)
                {
                    var first = Math.Min(read, PipeCapacity - head);
                    Buffer.BlockCopy(pipe, head, buffer, offset, first);
                    Buffer.BlockCopy(pipe, 0, buffer, offset + first, read - first);
                    head = (head + read) % PipeCapacity;
                    buffered -= read;
                    wakeWriter = writerWaiting;
                    writerWaiting = null;
                    waiting = Task.CompletedTask;
                }
                else if (producerDone)
                {
                    return 0;
                }
                else
                {
                    readerWaiting = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                    waiting = readerWaiting.Task;
                }
            }

            if (read > 0)
            {
                wakeWriter?.TrySetResult(true);
                return read;
            }

            await WaitAsync(waiting, cancellationToken).ConfigureAwait(false);
        }
    }

    public override void Flush()
    {
    }

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            TaskCompletionSource<bool>? wakeWriter;
            lock (gate)
            {
                if (disposed)
                {
                    return;
                }

                disposed = true;
                wakeWriter = writerWaiting;
                writerWaiting = null;
            }

            stop.Cancel();
            wakeWriter?.TrySetCanceled();

            // The producer may still be unwinding with the token; the source is left to the collector rather than disposed under it.
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// A wait for the producer that a cancelled read ends, stopping the producer with it (the body is abandoned), as
    /// does the stream's own token or its disposal, even when the producer is deaf to its token.
    /// </summary>
    private async Task WaitAsync(Task waiting, CancellationToken cancellationToken)
    {
        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(() => cancelled.TrySetResult(true)))
        using (stop.Token.Register(() => cancelled.TrySetResult(true)))
        {
            if (await Task.WhenAny(waiting, cancelled.Task).ConfigureAwait(false) == cancelled.Task)
            {
                stop.Cancel();
                throw new OperationCanceledException(cancellationToken.IsCancellationRequested ? cancellationToken : stop.Token);
            }
        }
    }

    private async Task RunProducerAsync()
    {
        Exception? failure = null;
        try
        {
            var writer = new TarWriter(new PipeWriter(this));
            await produce(writer, stop.Token).ConfigureAwait(false);
            await writer.FinishAsync(stop.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            failure = e;
        }

        TaskCompletionSource<bool>? wakeReader;
        lock (gate)
        {
            ProducerFailure = failure;
            producerDone = true;
            wakeReader = readerWaiting;
            readerWaiting = null;
        }

        wakeReader?.TrySetResult(true);
    }

    /// <summary>Copies the producer's bytes into the pipe, waiting while it is full.</summary>
    private async Task WriteToPipeAsync(byte[] buffer, int offset, int count, CancellationToken cancellation)
    {
        while (count > 0)
        {
            cancellation.ThrowIfCancellationRequested();
            TaskCompletionSource<bool>? waiting = null;
            TaskCompletionSource<bool>? wakeReader = null;
            lock (gate)
            {
                if (disposed)
                {
                    throw new OperationCanceledException("The archive's reader is gone.");
                }

                var written = Math.Min(count, PipeCapacity - buffered);
                if (written > 0)
                {
                    var tail = (head + buffered) % PipeCapacity;
                    var first = Math.Min(written, PipeCapacity - tail);
                    Buffer.BlockCopy(buffer, offset, pipe, tail, first);
                    Buffer.BlockCopy(buffer, offset + first, pipe, 0, written - first);
                    buffered += written;
                    offset += written;
                    count -= written;
                    wakeReader = readerWaiting;
                    readerWaiting = null;
                }
                else
                {
                    writerWaiting = waiting = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }

            wakeReader?.TrySetResult(true);
            if (waiting is not null)
            {
                using (cancellation.Register(() => waiting.TrySetCanceled()))
                {
                    await waiting.Task.ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>The producer's end of the pipe, the stream its <see cref="TarWriter"/> writes to.</summary>
    private sealed class PipeWriter : ForwardOnlyStream
    {
        private readonly TarProducerStream owner;

        public PipeWriter(TarProducerStream owner)
        {
            this.owner = owner;
        }

        public override bool CanRead => false;

        public override bool CanWrite => true;

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            owner.WriteToPipeAsync(buffer, offset, count, cancellationToken);

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
