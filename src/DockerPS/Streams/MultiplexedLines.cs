namespace DockerPS.Streams;

/// <summary>Reads a container's output stream as it is produced, keeping stdout and stderr apart, each to its sink.</summary>
internal static class MultiplexedLines
{
    public static Task ReadAsync(MultiplexedStream stream, Action<string> stdout, Action<string> stderr, CancellationToken cancellation) =>
        ReadAsync(stream, OutputSink.Lines(stdout), OutputSink.Lines(stderr), _ => Task.CompletedTask, cancellation);

    /// <summary>
    /// Reads the stream to its end into the sinks, and hands on what they made (<paramref name="handOn"/> sends a
    /// batch to the pipeline) whenever the engine has written nothing more yet, every
    /// <see cref="OutputSink.BatchBytes"/> of the sink that takes the larger batches, and at the end. The engine writes
    /// each log line on its own: a batch per read was a hop to the pipeline per line.
    /// </summary>
    public static async Task ReadAsync(MultiplexedStream stream, OutputSink stdout, OutputSink stderr, Func<CancellationToken, Task> handOn, CancellationToken cancellation)
    {
        var demultiplexer = Demultiplexer.Of(stream);
        if (demultiplexer.Multiplexed)
        {
            stdout.Framed();
            stderr.Framed();
        }

        void Piece(bool isStderr, byte[] buffer, int offset, int count, bool endsFrame)
        {
            var sink = isStderr ? stderr : stdout;
            sink.Push(buffer, offset, count);
            if (endsFrame)
            {
                sink.EndOfFrame();
            }
        }

        var batchBytes = Math.Max(stdout.BatchBytes, stderr.BatchBytes);
        var unsent = 0;
        Task HandOnAsync(CancellationToken token)
        {
            unsent = 0;
            stdout.EndOfBatch();
            stderr.EndOfBatch();
            return handOn(token);
        }

        Task CaughtUpAsync(CancellationToken token) => unsent > 0 ? HandOnAsync(token) : Task.CompletedTask;

        PieceHandler piece = Piece;
        int read;
        try
        {
            while ((read = await demultiplexer.ReadAsync(piece, batchBytes - unsent, CaughtUpAsync, cancellation).ConfigureAwait(false)) > 0)
            {
                unsent += read;
                if (unsent == batchBytes)
                {
                    await HandOnAsync(cancellation).ConfigureAwait(false);
                }
            }
        }
        catch (Exception) when (unsent > 0 && !cancellation.IsCancellationRequested)
        {
            // The lines read before the engine was lost go on before the error, whether or not the reader had caught up.
            await HandOnAsync(cancellation).ConfigureAwait(false);
            throw;
        }

        stdout.Flush();
        stderr.Flush();
        await HandOnAsync(cancellation).ConfigureAwait(false);
    }
}
