using System.IO;
using DockerPS.Internal;

namespace DockerPS.Archives;

/// <summary>
/// A stream whose bytes are written to a sink as they are read, so a reader can check an archive while it is
/// being saved, in one pass. A failure to write becomes what <c>writeFailed</c> makes of it: a full disk must
/// not pass for a lost engine connection.
/// </summary>
internal sealed class CopyingReadStream : ForwardOnlyStream
{
    private readonly Stream source;
    private readonly Stream sink;
    private readonly Func<Exception, Exception> writeFailed;
    private readonly Action<long> progress;
    private long copied;

    public CopyingReadStream(Stream source, Stream sink, Func<Exception, Exception> writeFailed, Action<long> progress)
    {
        this.source = source;
        this.sink = sink;
        this.writeFailed = writeFailed;
        this.progress = progress;
    }

    public override bool CanRead => true;

    public override bool CanWrite => false;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        var read = await source.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
        try
        {
            // Written at once: an asynchronous write to a file is a hop to a pool thread on Unix, for every read.
            sink.Write(buffer, offset, read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw writeFailed(e);
        }

        copied += read;
        progress(copied);
        return read;
    }

    public override void Flush()
    {
    }

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
