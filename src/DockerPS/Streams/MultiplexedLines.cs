namespace DockerPS.Streams;

/// <summary>Reads a container's output stream as it is produced, keeping stdout and stderr apart, each to its sink.</summary>
internal static class MultiplexedLines
{
    public static Task ReadAsync(MultiplexedStream stream, Action<string> stdout, Action<string> stderr, CancellationToken cancellation) =>
        ReadAsync(stream, OutputSink.Lines(stdout), OutputSink.Lines(stderr), _ => Task.CompletedTask, cancellation);

    /// <summary>
    /// Reads the stream to its end into the sinks; after each read, and once more at the end, <paramref name="afterRead"/>
    /// hands on what the read produced (a batch for the pipeline), so the sinks need not hand on each line alone.
    /// </summary>
    public static async Task ReadAsync(MultiplexedStream stream, OutputSink stdout, OutputSink stderr, Func<CancellationToken, Task> afterRead, CancellationToken cancellation)
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

        PieceHandler piece = Piece;
        while (await demultiplexer.ReadAsync(piece, cancellation).ConfigureAwait(false))
        {
            stdout.EndOfRead();
            stderr.EndOfRead();
            await afterRead(cancellation).ConfigureAwait(false);
        }

        stdout.Flush();
        stderr.Flush();
        stdout.EndOfRead();
        stderr.EndOfRead();
        await afterRead(cancellation).ConfigureAwait(false);
    }
}
