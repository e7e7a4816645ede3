using System.IO;
using Docker.DotNet.Handler.Abstractions;

namespace DockerPS.Engine;

/// <summary>
/// One HTTP connection to an engine, which fails a read that meets the end of the connection before the end of
/// the answer's headers. Docker.DotNet's HTTP client takes such an end for the end of the headers, and then an
/// answer cut short reads as a whole one with an empty body: a pull that pulled nothing, a log that ended.
/// Everything after the headers (bodies, attached streams) passes untouched.
/// </summary>
internal sealed class AnswerGuardStream : WriteClosableStream
{
    private static readonly byte[] HeadersEnd = { (byte)'\r', (byte)'\n', (byte)'\r', (byte)'\n' };

    private readonly Stream inner;
    private readonly Action closeWrite;

    // How much of "\r\n\r\n" the bytes read so far end with; 4 once the headers have ended.
    private int matched;

    /// <param name="inner">The connection.</param>
    /// <param name="closeWrite">Ends the sending half of the connection (stdin closed on an attached stream).</param>
    public AnswerGuardStream(Stream inner, Action closeWrite)
    {
        this.inner = inner;
        this.closeWrite = closeWrite;
    }

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override bool CanCloseWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void CloseWrite() => closeWrite();

    public override int Read(byte[] buffer, int offset, int count) => Watch(inner.Read(buffer, offset, count), buffer, offset);

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Watch(await inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false), buffer, offset);

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Watch(int read, byte[] buffer, int offset)
    {
        if (matched == HeadersEnd.Length)
        {
            return read;
        }

        if (read == 0)
        {
            throw new EndOfStreamException("The engine closed the connection before the headers of its answer ended.");
        }

        for (var i = offset; i < offset + read && matched < HeadersEnd.Length; i++)
        {
            matched = buffer[i] == HeadersEnd[matched] ? matched + 1 : buffer[i] == HeadersEnd[0] ? 1 : 0;
        }

        return read;
    }
}
