using System.Text;

namespace DockerPS.Streams;

/// <summary>
/// Turns a byte stream into text lines as the bytes arrive: UTF-8 characters split across reads are kept
/// whole, CRLF and LF both end a line, and only the unfinished last line is held in memory.
/// </summary>
internal sealed class LineSplitter
{
    private readonly Decoder decoder = new UTF8Encoding(false).GetDecoder();
    private readonly StringBuilder partial = new();
    private char[] characters = new char[4096];

    /// <summary>The lines completed by these bytes.</summary>
    public IReadOnlyList<string> Push(byte[] buffer, int offset, int count)
    {
        var needed = decoder.GetCharCount(buffer, offset, count);
        if (needed > characters.Length)
        {
            characters = new char[needed];
        }

        var decoded = decoder.GetChars(buffer, offset, count, characters, 0);
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < decoded; i++)
        {
            if (characters[i] != '\n')
            {
                continue;
            }

            partial.Append(characters, start, i - start);
            lines.Add(TakeLine());
            start = i + 1;
        }

        partial.Append(characters, start, decoded - start);
        return lines;
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

        return partial.Length == 0 ? null : TakeLine();
    }

    private string TakeLine()
    {
        var length = partial.Length > 0 && partial[partial.Length - 1] == '\r' ? partial.Length - 1 : partial.Length;
        var line = partial.ToString(0, length);
        partial.Clear();
        return line;
    }
}
