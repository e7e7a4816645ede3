using System.IO;

namespace DockerPS.Archives;

/// <summary>
/// A file read as an upload's body: reports how many bytes went, and ends the upload on Ctrl+C. On
/// netstandard2.0 the HTTP client copies a request body without a cancellation token, so a cancelled upload
/// ends when its next read throws. Seekable like the file, so the request carries a Content-Length. A failure to
/// read the file is worded as the file's (ArchiveReadFailed), so it is not taken for the engine's connection.
/// </summary>
internal sealed class UploadStream : Stream
{
    private readonly Stream file;
    private readonly string path;
    private readonly Action<long> progress;
    private readonly CancellationToken cancellation;
    private long sent;

    public UploadStream(Stream file, string path, Action<long> progress, CancellationToken cancellation)
    {
        this.file = file;
        this.path = path;
        this.progress = progress;
        this.cancellation = cancellation;
    }

    public override bool CanRead => true;

    public override bool CanSeek => file.CanSeek;

    public override bool CanWrite => false;

    public override long Length => file.Length;

    public override long Position
    {
        get => file.Position;
        set => file.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        cancellation.ThrowIfCancellationRequested();
        try
        {
            return Sent(file.Read(buffer, offset, count));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ErrorRecordException(ArchiveErrors.ReadFailed(path, e));
        }
    }

    // Read at once, as Read reads: an asynchronous read of a file is a hop to a pool thread on Unix, for every read.
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Read(buffer, offset, count));
    }

    public override long Seek(long offset, SeekOrigin origin) => file.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Sent(int count)
    {
        sent += count;
        progress(sent);
        return count;
    }
}
