using System.IO;

namespace DockerPS.Streams;

/// <summary>Where one of a container's output streams goes as its bytes arrive: lines, the bytes themselves, or a file.</summary>
internal abstract class OutputSink
{
    /// <summary>Lines of text, each at most <paramref name="maxLength"/> characters (a longer one comes in pieces).</summary>
    public static OutputSink Lines(Action<string> line, int maxLength = LineSplitter.DefaultMaxLength) => new LineSink(line, maxLength);

    /// <summary>
    /// The bytes untouched, one byte[] for each batch of the engine's stream (at most
    /// <see cref="Demultiplexer.ReadSize"/>): a chunk per frame would be a chunk per log line. Give the same sink for
    /// stdout and stderr to keep their bytes in the order they came.
    /// </summary>
    public static OutputSink Bytes(Action<byte[]> chunk) => new ByteSink(chunk);

    /// <summary>The bytes written into <paramref name="file"/> as they come (a write that fails is <paramref name="writeFailed"/>'s exception).</summary>
    public static OutputSink File(Stream file, Func<Exception, Exception> writeFailed) => new FileSink(file, writeFailed);

    /// <summary>
    /// The most of the engine's stream a batch of lines holds: 8 KiB, about a thousand short lines. Lines wait in
    /// their batches for the pipeline, and every line waiting outlives the collections of the youngest objects: with
    /// 64 KiB batches a fast exec spent a fifth of its time collecting the lines it had queued.
    /// </summary>
    public const int LineBatchBytes = 8192;

    /// <summary>
    /// The most of the engine's stream one batch for this sink holds: <see cref="Demultiplexer.ReadSize"/> for bytes
    /// and files, where larger reads cost less, and for a log's stamped lines, which the engine sends slower than
    /// they are read; <see cref="LineBatchBytes"/> for lines as fast as an exec's.
    /// </summary>
    public virtual int BatchBytes => Demultiplexer.ReadSize;

    public abstract void Push(byte[] buffer, int offset, int count);

    /// <summary>The stream says where its frames end (see <see cref="EndOfFrame"/>), from now on.</summary>
    public virtual void Framed()
    {
    }

    /// <summary>The engine's frame (a log message) has ended with the bytes last pushed.</summary>
    public virtual void EndOfFrame()
    {
    }

    /// <summary>A batch of the engine's stream has been pushed and goes on now: what the sink holds for it is handed on.</summary>
    public virtual void EndOfBatch()
    {
    }

    /// <summary>The stream has ended: whatever is held (an unfinished last line) goes out.</summary>
    public virtual void Flush()
    {
    }

    private sealed class LineSink : OutputSink
    {
        private readonly Action<string> line;
        private readonly LineSplitter splitter;

        public LineSink(Action<string> line, int maxLength)
        {
            this.line = line;
            splitter = new LineSplitter(maxLength);
        }

        public override int BatchBytes => LineBatchBytes;

        public override void Push(byte[] buffer, int offset, int count) => splitter.Push(buffer, offset, count, line);

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
        private readonly Action<byte[]> chunk;
        private readonly MemoryStream pending = new(Demultiplexer.ReadSize);

        public ByteSink(Action<byte[]> chunk) => this.chunk = chunk;

        public override void Push(byte[] buffer, int offset, int count) => pending.Write(buffer, offset, count);

        public override void EndOfBatch()
        {
            if (pending.Length > 0)
            {
                chunk(pending.ToArray());
                pending.SetLength(0);
            }
        }
    }

    private sealed class FileSink : OutputSink
    {
        private readonly Stream file;
        private readonly Func<Exception, Exception> writeFailed;

        public FileSink(Stream file, Func<Exception, Exception> writeFailed)
        {
            this.file = file;
            this.writeFailed = writeFailed;
        }

        public override void Push(byte[] buffer, int offset, int count)
        {
            try
            {
                file.Write(buffer, offset, count);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw writeFailed(e);
            }
        }
    }
}
