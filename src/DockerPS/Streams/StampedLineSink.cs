using System.Text;

namespace DockerPS.Streams;

/// <summary>
/// A log stream the engine sends with timestamps: every message starts with its RFC 3339 time and a space, and
/// a long line comes as several messages, each stamped again. The stamps are taken off and the pieces joined, so
/// each line comes back exactly as the container wrote it, with the time of its first piece. Works on the bytes,
/// before any decoding, so a character the engine cut in two is whole again. Where the stream is framed, each frame
/// is a message; without frames (a container with a terminal) a piece can end only every 8 KiB (Docker's pieces are
/// 16 KiB; Podman cuts where the container's writes end, so there a line written in parts may keep a stamp inside).
/// </summary>
internal sealed class StampedLineSink : OutputSink
{
    // Without frames, every place a piece can end: Docker's pieces are two of these, Podman's at most one. A stamp
    // found there continues the line; anything else there is the line's own text.
    private const int PieceLength = 8192;
    private const int LongestStamp = 40;

    private readonly Action<string?, string> line;
    private readonly Action<string> text;
    private readonly LineSplitter splitter;
    private readonly byte[] stamp = new byte[LongestStamp];
    private int stampLength;
    private bool readingStamp = true;
    private bool continuation;
    private int pieceBytes;
    private string? lineStamp;
    private bool framed;

    /// <param name="line">Gets each line's stamp (null when the engine gave none) and text.</param>
    public StampedLineSink(Action<string?, string> line, int maxLength = LineSplitter.DefaultMaxLength)
    {
        this.line = line;
        text = content => line(lineStamp, content);
        splitter = new LineSplitter(maxLength);
    }

    public override void Push(byte[] buffer, int offset, int count)
    {
        var end = offset + count;
        while (offset < end)
        {
            if (readingStamp)
            {
                offset = ReadStamp(buffer, offset, end);
                continue;
            }

            // Content, up to the end of the line or of the piece, whichever comes first.
            var length = framed ? end - offset : Math.Min(end - offset, PieceLength - pieceBytes);
            var newline = Array.IndexOf(buffer, (byte)'\n', offset, length);
            if (newline >= 0)
            {
                length = newline - offset + 1;
            }

            splitter.Push(buffer, offset, length, text);
            offset += length;
            pieceBytes += length;
            if (newline >= 0 || !framed && pieceBytes == PieceLength)
            {
                // The next message starts with a stamp: a new line's, or the next piece's of this one.
                readingStamp = true;
                continuation = newline < 0;
            }
        }
    }

    public override void Framed() => framed = true;

    /// <summary>A message that ended without ending its line is a piece: the next message continues the line.</summary>
    public override void EndOfFrame()
    {
        if (!readingStamp)
        {
            readingStamp = true;
            continuation = true;
        }
    }

    public override void Flush()
    {
        if (readingStamp && stampLength > 0)
        {
            NotAStamp(withSpace: false);
        }

        if (splitter.Flush() is { } last)
        {
            line(lineStamp, last);
        }
    }

    /// <summary>Reads (the rest of) a message's stamp; returns where its content starts.</summary>
    private int ReadStamp(byte[] buffer, int offset, int end)
    {
        var space = Array.IndexOf(buffer, (byte)' ', offset, Math.Min(end - offset, LongestStamp - stampLength + 1));
        var take = (space < 0 ? Math.Min(end - offset, LongestStamp - stampLength) : space - offset);
        Buffer.BlockCopy(buffer, offset, stamp, stampLength, take);
        stampLength += take;
        if (space < 0)
        {
            if (stampLength == LongestStamp)
            {
                NotAStamp(withSpace: false);
            }

            return offset + take;
        }

        if (!IsStamp(stamp, stampLength))
        {
            NotAStamp(withSpace: true);
            return space + 1;
        }

        if (!continuation)
        {
            lineStamp = Encoding.ASCII.GetString(stamp, 0, stampLength);
        }

        stampLength = 0;
        pieceBytes = 0;
        readingStamp = false;
        return space + 1;
    }

    /// <summary>What looked like the place of a stamp holds content after all: a line longer than a piece on an engine that does not cut lines.</summary>
    private void NotAStamp(bool withSpace)
    {
        var held = new byte[stampLength + (withSpace ? 1 : 0)];
        Buffer.BlockCopy(stamp, 0, held, 0, stampLength);
        if (withSpace)
        {
            held[stampLength] = (byte)' ';
        }

        if (!continuation)
        {
            lineStamp = null;
        }

        stampLength = 0;
        pieceBytes = 0;
        readingStamp = false;
        Push(held, 0, held.Length);
    }

    /// <summary>
    /// Whether the bytes are an RFC 3339 time as the engine writes it: 2026-12-05T19:30:06[.fraction of 1-9 digits]
    /// then Z or ±hh:mm. Checked by hand: a regular expression per line was a good part of reading a log.
    /// </summary>
    internal static bool IsStamp(byte[] text, int length)
    {
        const string Shape = "dddd-dd-ddTdd:dd:dd";
        if (length < Shape.Length + 1)
        {
            return false;
        }

        for (var i = 0; i < Shape.Length; i++)
        {
            if (Shape[i] == 'd' ? !IsDigit(text[i]) : text[i] != Shape[i])
            {
                return false;
            }
        }

        var at = Shape.Length;
        if (text[at] == '.')
        {
            var digits = 0;
            while (++at < length && IsDigit(text[at]))
            {
                digits++;
            }

            if (digits is < 1 or > 9)
            {
                return false;
            }
        }

        return (length - at) switch
        {
            1 => text[at] == 'Z',
            6 => (text[at] == '+' || text[at] == '-') && IsDigit(text[at + 1]) && IsDigit(text[at + 2]) && text[at + 3] == ':' && IsDigit(text[at + 4]) && IsDigit(text[at + 5]),
            _ => false,
        };
    }

    private static bool IsDigit(byte value) => value is >= (byte)'0' and <= (byte)'9';
}
