namespace DockerPS.Streams;

/// <summary>Reads a container's output stream line by line as it is produced, keeping stdout and stderr apart.</summary>
internal static class MultiplexedLines
{
    private const int BufferSize = 81920;

    public static async Task ReadAsync(MultiplexedStream stream, Action<string> stdout, Action<string> stderr, CancellationToken cancellation)
    {
        var buffer = new byte[BufferSize];
        var output = new LineSplitter();
        var errors = new LineSplitter();
        while (true)
        {
            var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellation).ConfigureAwait(false);
            if (read.EOF)
            {
                break;
            }

            var (splitter, sink) = read.Target == MultiplexedStream.TargetStream.StandardError ? (errors, stderr) : (output, stdout);
            foreach (var line in splitter.Push(buffer, 0, read.Count))
            {
                sink(line);
            }
        }

        if (output.Flush() is { } lastOutput)
        {
            stdout(lastOutput);
        }

        if (errors.Flush() is { } lastError)
        {
            stderr(lastError);
        }
    }
}
