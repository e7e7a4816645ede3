using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using DockerPS.Streams;
using Xunit;

namespace DockerPS.Tests;

public class LineSplitterTests
{
    private static readonly Encoding Utf8 = new UTF8Encoding(false);

    private static IReadOnlyList<string> Push(LineSplitter splitter, string text)
    {
        var bytes = Utf8.GetBytes(text);
        return splitter.Push(bytes, 0, bytes.Length);
    }

    /// <summary>Every line the splitter gives for these bytes pushed in chunks of at most <paramref name="chunk"/>, flush included.</summary>
    private static List<string> Split(byte[] bytes, int chunk)
    {
        var splitter = new LineSplitter();
        var lines = new List<string>();
        for (var offset = 0; offset < bytes.Length; offset += chunk)
        {
            lines.AddRange(splitter.Push(bytes, offset, Math.Min(chunk, bytes.Length - offset)));
        }

        if (splitter.Flush() is { } last)
        {
            lines.Add(last);
        }

        return lines;
    }

    [Fact]
    public void Push_ReturnsTheLinesTheBytesComplete()
    {
        var splitter = new LineSplitter();

        Assert.Equal(new[] { "one", "two" }, Push(splitter, "one\ntwo\nthr"));
        Assert.Equal(new[] { "three" }, Push(splitter, "ee\n"));
        Assert.Null(splitter.Flush());
    }

    [Fact]
    public void Push_EndsLinesAtCrLfAndLf()
    {
        var splitter = new LineSplitter();

        Assert.Equal(new[] { "windows", "unix", "windows again" }, Push(splitter, "windows\r\nunix\nwindows again\r\n"));
    }

    [Fact]
    public void Push_JoinsACrLfSplitAcrossTwoPushes()
    {
        var splitter = new LineSplitter();

        Assert.Empty(Push(splitter, "first\r"));
        Assert.Equal(new[] { "first" }, Push(splitter, "\nsecond\r"));
        Assert.Equal(new[] { "second" }, Push(splitter, "\n"));
    }

    [Fact]
    public void Push_KeepsEmptyLines()
    {
        var splitter = new LineSplitter();

        Assert.Equal(new[] { "", "", "a", "", "b" }, Push(splitter, "\n\na\n\r\nb\n"));
    }

    [Fact]
    public void Push_KeepsALoneCarriageReturnInsideALine()
    {
        var splitter = new LineSplitter();

        Assert.Equal(new[] { "50%\r100%", "\rstart" }, Push(splitter, "50%\r100%\n\rstart\n"));
    }

    [Fact]
    public void Push_HoldsAnUnfinishedLineAcrossPushes()
    {
        var splitter = new LineSplitter();

        Assert.Empty(Push(splitter, "abc"));
        Assert.Empty(Push(splitter, "def"));
        Assert.Equal(new[] { "abcdef" }, Push(splitter, "\n"));
    }

    [Fact]
    public void Push_NothingGivesNothing()
    {
        var splitter = new LineSplitter();

        Assert.Empty(splitter.Push(Array.Empty<byte>(), 0, 0));
        Assert.Null(splitter.Flush());
    }

    [Fact]
    public void Push_ReadsOnlyTheGivenRangeOfTheBuffer()
    {
        var splitter = new LineSplitter();
        var buffer = Utf8.GetBytes("XXhello\nwoYY");

        Assert.Equal(new[] { "hello" }, splitter.Push(buffer, 2, 8));
        Assert.Equal("wo", splitter.Flush());
    }

    [Fact]
    public void Flush_ReturnsTheUnfinishedLastLineOnce()
    {
        var splitter = new LineSplitter();
        Push(splitter, "done\npartial");

        Assert.Equal("partial", splitter.Flush());
        Assert.Null(splitter.Flush());
    }

    [Fact]
    public void Flush_IsNullWhenNothingIsPending()
    {
        Assert.Null(new LineSplitter().Flush());

        var splitter = new LineSplitter();
        Assert.Equal(new[] { "a" }, Push(splitter, "a\n"));
        Assert.Null(splitter.Flush());
    }

    [Fact]
    public void Flush_TurnsATruncatedCharacterIntoTheReplacementCharacter()
    {
        var splitter = new LineSplitter();
        var euro = Utf8.GetBytes("x€"); // 78 E2 82 AC

        Assert.Empty(splitter.Push(euro, 0, 3));
        Assert.Equal("x\uFFFD", splitter.Flush());
    }

    [Fact]
    public void Push_WorksAgainAfterFlush()
    {
        var splitter = new LineSplitter();
        Push(splitter, "first");
        Assert.Equal("first", splitter.Flush());

        Assert.Equal(new[] { "second" }, Push(splitter, "second\n"));
        Assert.Null(splitter.Flush());
    }

    [Theory]
    [InlineData("é")] // 2 bytes
    [InlineData("中")] // 3 bytes
    [InlineData("😀")] // 4 bytes, a surrogate pair
    [InlineData("naïve 中文 😀 done")]
    public void Push_KeepsACharacterSplitAtEveryByteBoundaryWhole(string text)
    {
        var bytes = Utf8.GetBytes(text + "\n" + text);
        for (var cut = 1; cut < bytes.Length; cut++)
        {
            var splitter = new LineSplitter();
            var lines = new List<string>();

            lines.AddRange(splitter.Push(bytes, 0, cut));
            lines.AddRange(splitter.Push(bytes, cut, bytes.Length - cut));
            lines.Add(splitter.Flush()!);

            Assert.Equal(new[] { text, text }, lines);
        }
    }

    [Fact]
    public void Push_HoldsTheFirstBytesOfACharacterWithoutALine()
    {
        var splitter = new LineSplitter();
        var bytes = Utf8.GetBytes("😀\n");

        Assert.Empty(splitter.Push(bytes, 0, 1));
        Assert.Empty(splitter.Push(bytes, 1, 1));
        Assert.Empty(splitter.Push(bytes, 2, 1));
        Assert.Empty(splitter.Push(bytes, 3, 1));
        Assert.Equal(new[] { "😀" }, splitter.Push(bytes, 4, 1));
    }

    [Fact]
    public void Push_OneByteAtATimeGivesTheSameLines()
    {
        var bytes = Utf8.GetBytes("é中😀\r\n\nplain\r mid\nlast é");

        Assert.Equal(new[] { "é中😀", "", "plain\r mid", "last é" }, Split(bytes, 1));
    }

    [Fact]
    public void Push_SplitsAMebibyteTheSameWayWhateverTheChunks()
    {
        var expected = new List<string>();
        var text = new StringBuilder();
        var random = new Random(1234);
        var pieces = new[] { "a", "é", "中", "😀", " ", "\r" };
        while (Utf8.GetByteCount(text.ToString()) < 1024 * 1024)
        {
            var line = new StringBuilder();
            var length = random.Next(0, 200);
            for (var i = 0; i < length; i++)
            {
                line.Append(pieces[random.Next(pieces.Length)]);
            }

            if (line.Length > 0 && line[line.Length - 1] == '\r')
            {
                line.Append('a');
            }

            expected.Add(line.ToString());
            text.Append(line).Append(random.Next(2) == 0 ? "\n" : "\r\n");
        }

        var bytes = Utf8.GetBytes(text.ToString());
        Assert.True(bytes.Length >= 1024 * 1024);

        Assert.Equal(expected, Split(bytes, bytes.Length));
        Assert.Equal(expected, Split(bytes, 1));
        Assert.Equal(expected, Split(bytes, 4093));
    }

    [Fact]
    public void Push_ReturnsAOneMebibyteLineWhole()
    {
        var line = new string('x', 1024 * 1024 - 3) + "中"; // longer than the splitter's first buffer
        var bytes = Utf8.GetBytes(line + "\nnext\n");

        Assert.Equal(new[] { line, "next" }, Split(bytes, bytes.Length));
        Assert.Equal(new[] { line, "next" }, Split(bytes, 1));
    }

    [Fact]
    public void Push_GivesAllLinesOfOneLargePushInOrder()
    {
        var lines = Enumerable.Range(0, 50_000).Select(i => $"line {i} é").ToList();
        var bytes = Utf8.GetBytes(string.Join("\n", lines) + "\n");
        var splitter = new LineSplitter();

        Assert.Equal(lines, splitter.Push(bytes, 0, bytes.Length));
        Assert.Null(splitter.Flush());
    }

    [Fact]
    public void Push_LetsALineLongerThanTheLimitGoInPiecesOfTheLimit()
    {
        var splitter = new LineSplitter(maxLength: 4);

        var lines = splitter.Push(Encoding.UTF8.GetBytes("abcdefghij\nxy\n"), 0, 14);

        Assert.Equal(new[] { "abcd", "efgh", "ij", "xy" }, lines);
    }

    [Fact]
    public void Push_KeepsASurrogatePairTogetherAtAPieceBoundary()
    {
        var splitter = new LineSplitter(maxLength: 4);
        var text = "abc\U0001F600def\n";

        var lines = splitter.Push(Encoding.UTF8.GetBytes(text), 0, Encoding.UTF8.GetByteCount(text));

        Assert.Equal(new[] { "abc", "\U0001F600de", "f" }, lines);
        Assert.All(lines, line => Assert.False(char.IsHighSurrogate(line[^1])));
    }
}

/// <summary>The lines one push completes, as a list: what the tests compare.</summary>
internal static class LineSplitterPushes
{
    public static IReadOnlyList<string> Push(this LineSplitter splitter, byte[] buffer, int offset, int count)
    {
        var lines = new List<string>();
        splitter.Push(buffer, offset, count, lines.Add);
        return lines;
    }
}
