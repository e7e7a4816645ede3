using System.IO;
using System.Reflection;
using DockerPS.Internal;

namespace DockerPS.Streams;

/// <summary>
/// Reads a container's output stream as the engine multiplexes it (an 8-byte header: the stream, then the length of
/// the frame that follows), a large read at a time, finding the headers in what was read. Docker.DotNet's
/// MultiplexedStream makes two reads per frame, and a log line is a frame: 2.6 M lines would be 5.2 M reads. Each
/// piece of a frame goes to the handler with whether it ends the frame (a log message). Without frames (a container
/// with a terminal) every read is a piece of stdout.
/// </summary>
internal sealed class Demultiplexer
{
    /// <summary>The most one read takes.</summary>
    public const int ReadSize = 65536;

    private const int HeaderLength = 8;

    private static readonly FieldInfo? Inner = typeof(MultiplexedStream).GetField("_stream", BindingFlags.NonPublic | BindingFlags.Instance);
    private static readonly FieldInfo? IsMultiplexed = typeof(MultiplexedStream).GetField("_multiplexed", BindingFlags.NonPublic | BindingFlags.Instance);

    private readonly Stream stream;
    private readonly byte[] buffer = new byte[ReadSize];
    private readonly byte[] header = new byte[HeaderLength];
    private int headerLength;
    private int remaining;
    private bool isStderr;

    public Demultiplexer(Stream stream, bool multiplexed)
    {
        this.stream = stream;
        Multiplexed = multiplexed;
    }

    /// <summary>Whether the stream comes in frames, so each frame's end is known.</summary>
    public bool Multiplexed { get; }

    /// <summary>
    /// The stream under Docker.DotNet's MultiplexedStream, read directly. The library keeps it in a private field; a
    /// version that keeps it elsewhere fails here, loudly, rather than reading the stream some slower way.
    /// </summary>
    public static Demultiplexer Of(MultiplexedStream stream) =>
        Inner?.GetValue(stream) is Stream inner && IsMultiplexed?.GetValue(stream) is bool multiplexed
            ? new Demultiplexer(inner, multiplexed)
            : throw new NotSupportedException("This Docker.DotNet keeps its multiplexed stream where DockerPS cannot read it.");

    /// <summary>
    /// Reads once, at most <paramref name="most"/> bytes, and hands every piece of a frame in what was read to
    /// <paramref name="piece"/>: (is stderr, bytes, offset, count, ends its frame). When the engine has written
    /// nothing more yet, so the read must wait, <paramref name="caughtUp"/> runs first: what was read before can go on
    /// meanwhile. Returns the number of bytes read, 0 at the end of the stream; a stream that ends inside a frame is an
    /// EndOfStreamException, as a connection lost in the middle.
    /// </summary>
    public async Task<int> ReadAsync(PieceHandler piece, int most, Func<CancellationToken, Task> caughtUp, CancellationToken cancellation)
    {
        var reading = stream.ReadAsync(buffer, 0, Math.Min(most, buffer.Length), cancellation);
        if (!reading.IsCompleted)
        {
            try
            {
                await caughtUp(cancellation).ConfigureAwait(false);
            }
            catch
            {
                // The read is given up with the stream.
                reading.Abandon();
                throw;
            }
        }

        var read = await reading.ConfigureAwait(false);
        if (read == 0)
        {
            return headerLength == 0 && remaining == 0 ? 0 : throw new EndOfStreamException("The engine's stream ended inside a frame.");
        }

        if (!Multiplexed)
        {
            piece(false, buffer, 0, read, false);
            return read;
        }

        Split(read, piece);
        return read;
    }

    private void Split(int read, PieceHandler piece)
    {
        var offset = 0;
        while (offset < read)
        {
            if (remaining == 0)
            {
                var take = Math.Min(HeaderLength - headerLength, read - offset);
                Buffer.BlockCopy(buffer, offset, header, headerLength, take);
                headerLength += take;
                offset += take;
                if (headerLength < HeaderLength)
                {
                    return;
                }

                headerLength = 0;
                isStderr = header[0] switch
                {
                    0 or 1 => false,
                    2 => true,
                    _ => throw new IOException($"Unknown stream type: '{header[0]}'."),
                };
                remaining = (header[4] << 24) | (header[5] << 16) | (header[6] << 8) | header[7];
                if (remaining < 0)
                {
                    throw new IOException($"A frame of {(uint)remaining} bytes: no engine sends one; the stream is damaged.");
                }

                continue;
            }

            var count = Math.Min(remaining, read - offset);
            remaining -= count;
            piece(isStderr, buffer, offset, count, remaining == 0);
            offset += count;
        }
    }
}

/// <summary>A piece of a frame: which stream, its bytes, and whether it ends its frame.</summary>
internal delegate void PieceHandler(bool isStderr, byte[] buffer, int offset, int count, bool endsFrame);
