namespace DockerPS.Streams;

/// <summary>Where one of a container's output streams goes as its bytes arrive: lines, or the bytes themselves.</summary>
internal abstract class OutputSink
{
    /// <summary>Lines of text, each at most <paramref name="maxLength"/> characters (a longer one comes in pieces).</summary>
    public static OutputSink Lines(Action<string> line, int maxLength = LineSplitter.DefaultMaxLength) => new LineSink(line, maxLength);

    /// <summary>The bytes as they come, untouched, in chunks of at most 16 KiB (the pipeline's queue holds a thousand).</summary>
    public static OutputSink Bytes(Action<byte[]> chunk) => new ByteSink(chunk);

    public abstract void Push(byte[] buffer, int offset, int count);

    /// <summary>The stream says where its frames end (see <see cref="EndOfFrame"/>), from now on.</summary>
    public virtual void Framed()
    {
    }

    /// <summary>The engine's frame (a log message) has ended with the bytes last pushed.</summary>
    public virtual void EndOfFrame()
    {
    }

    /// <summary>The stream has ended: whatever is held (an unfinished last line) goes out.</summary>
    public abstract void Flush();

    private sealed class LineSink : OutputSink
    {
        private readonly Action<string> line;
        private readonly LineSplitter splitter;

        public LineSink(Action<string> line, int maxLength)
        {
            this.line = line;
            splitter = new LineSplitter(maxLength);
        }

        public override void Push(byte[] buffer, int offset, int count)
        {
            foreach (var text in splitter.Push(buffer, offset, count))
            {
                line(text);
            }
        }

        public override void Flush()
        {
            if (splitter.Flush() is { } last)
            {
                line(last);
            }
        }
    }

    private sealed class ByteSink : OutputSink
    {
        private const int ChunkSize = 16384;
        private readonly Action<byte[]> chunk;

        public ByteSink(Action<byte[]> chunk) => this.chunk = chunk;

        public override void Push(byte[] buffer, int offset, int count)
        {
            for (var done = 0; done < count; done += ChunkSize)
            {
                var copy = new byte[Math.Min(ChunkSize, count - done)];
                Buffer.BlockCopy(buffer, offset + done, copy, 0, copy.Length);
                chunk(copy);
            }
        }

        public override void Flush()
        {
        }
    }
}
