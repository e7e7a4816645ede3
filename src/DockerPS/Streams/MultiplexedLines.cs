namespace DockerPS.Streams;

/// <summary>Reads a container's output stream as it is produced, keeping stdout and stderr apart, each to its sink.</summary>
internal static class MultiplexedLines
{
    private const int BufferSize = 81920;

    public static Task ReadAsync(MultiplexedStream stream, Action<string> stdout, Action<string> stderr, CancellationToken cancellation) =>
        ReadAsync(stream, OutputSink.Lines(stdout), OutputSink.Lines(stderr), cancellation);

    public static async Task ReadAsync(MultiplexedStream stream, OutputSink stdout, OutputSink stderr, CancellationToken cancellation)
    {
        var buffer = new byte[BufferSize];
        var frames = Frames.Of(stream);
        if (frames is not null)
        {
            stdout.Framed();
            stderr.Framed();
        }

        while (true)
        {
            var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellation).ConfigureAwait(false);
            if (read.EOF)
            {
                break;
            }

            var sink = read.Target == MultiplexedStream.TargetStream.StandardError ? stderr : stdout;
            sink.Push(buffer, 0, read.Count);
            if (frames?.Ended == true)
            {
                sink.EndOfFrame();
            }
        }

        stdout.Flush();
        stderr.Flush();
    }
}
