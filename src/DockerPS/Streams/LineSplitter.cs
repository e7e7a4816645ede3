using System.Text;

namespace DockerPS.Streams;

/// <summary>
/// Turns a byte stream into text lines as the bytes arrive: UTF-8 characters split across reads are kept
/// whole, CRLF and LF both end a line, and only the unfinished last line is held in memory. A line longer than
/// the limit comes out in pieces of the limit's length, so a program that never writes a newline cannot make
/// it hold its whole output.
/// </summary>
internal sealed class LineSplitter
{
    /// <summary>The longest line held before a piece of it is let go: 1 Mi characters.</summary>
    public const int DefaultMaxLength = 1 << 20;

    private static readonly Encoding Utf8 = new UTF8Encoding(false);

    private readonly Decoder decoder = Utf8.GetDecoder();
    private readonly StringBuilder partial = new();
    private readonly int maxLength;
    private char[] characters = new char[4096];

    // Whether part of a line is held, in the builder or as the decoder's unfinished character.
    private bool holding;

    public LineSplitter(int maxLength = DefaultMaxLength)
    {
        this.maxLength = maxLength;
    }

    /// <summary>Gives <paramref name="line"/> each line these bytes complete.</summary>
    public void Push(byte[] buffer, int offset, int count, Action<string> line)
    {
        var end = offset + count;
        while (offset < end)
        {
            var newline = Array.IndexOf(buffer, (byte)'\n', offset, end - offset);
            if (newline < 0)
            {
                Decode(buffer, offset, end - offset, line);
                holding = true;
                return;
            }

            // A whole line of no more bytes than the limit has no more characters either: decoded straight into its
            // string. A line begun in an earlier read, or a longer one, goes through the decoder and the builder.
            var length = newline - offset;
            if (holding || length > maxLength)
            {
                Decode(buffer, offset, length + 1, line);
                holding = false;
            }
            else
            {
                if (length > 0 && buffer[newline - 1] == '\r')
                {
                    length--;
                }

                line(length == 0 ? string.Empty : Utf8.GetString(buffer, offset, length));
            }

            offset = newline + 1;
        }
    }

    /// <summary>The unfinished last line at the end of the stream, if any.</summary>
    public string? Flush()
    {
        var rest = decoder.GetCharCount(new byte[0], 0, 0, flush: true);
        if (rest > 0)
        {
            var tail = new char[rest];
            decoder.GetChars(new byte[0], 0, 0, tail, 0, flush: true);
            partial.Append(tail);
        }

        holding = false;
        return partial.Length == 0 ? null : TakeLine();
    }

    private void Decode(byte[] buffer, int offset, int count, Action<string> line)
    {
        var needed = decoder.GetCharCount(buffer, offset, count);
        if (needed > characters.Length)
        {
            characters = new char[needed];
        }

        var decoded = decoder.GetChars(buffer, offset, count, characters, 0);
        var start = 0;
        for (var i = 0; i < decoded; i++)
        {
            if (characters[i] == '\n')
            {
                partial.Append(characters, start, i - start);
                line(TakeLine());
                start = i + 1;
            }
            else if (partial.Length + (i - start) >= maxLength)
            {
                // The line holds the limit already: it goes as a piece, a surrogate pair kept together.
                var end = i > start && char.IsHighSurrogate(characters[i - 1]) ? i - 1 : i;
                partial.Append(characters, start, end - start);
                line(TakePiece());
                start = end;
            }
        }

        partial.Append(characters, start, decoded - start);
    }

    private string TakePiece()
    {
        var piece = partial.ToString();
        partial.Clear();
        return piece;
    }

    private string TakeLine()
    {
        var length = partial.Length > 0 && partial[partial.Length - 1] == '\r' ? partial.Length - 1 : partial.Length;
        var line = partial.ToString(0, length);
        partial.Clear();
        return line;
    }
}
