using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using DockerPS.Streams;
using Xunit;

namespace DockerPS.Tests;

/// <summary>
/// Log lines the engine sends with timestamps=1, each message stamped and a long line cut into messages each stamped
/// again (16 KiB pieces from dockerd 20.10, 8 KiB from Podman 4.3, as they send them): they come back exactly as
/// the container wrote them.
/// </summary>
public class StampedLineSinkTests
{
    private const string Stamp1 = "2026-12-05T19:30:06.750454607Z";
    private const string Stamp2 = "2026-12-05T19:30:06.751250864Z";

    [Fact]
    public void ShortLines_LoseTheirStampToTheTimestamp()
    {
        var lines = Read(Messages($"{Stamp1} first\n", $"{Stamp2} second\n"));

        Assert.Equal(new (string?, string)[] { (Stamp1, "first"), (Stamp2, "second") }, lines);
    }

    [Theory]
    [InlineData(20000, 16384)]
    [InlineData(16384, 16384)]
    [InlineData(16385, 16384)]
    [InlineData(40000, 16384)]
    [InlineData(40000, 8192)]
    [InlineData(8193, 8192)]
    public void ALongLineCutIntoStampedPieces_ComesBackWhole_WithItsFirstStamp(int length, int pieceLength)
    {
        var text = new string('a', length - 7) + "the end";
        var lines = Read(Cut(Stamp1, text + "\n", pieceLength));

        var (stamp, line) = Assert.Single(lines);
        Assert.Equal(Stamp1, stamp);
        Assert.Equal(text, line);
    }

    [Fact]
    public void ACharacterTheEngineCutInTwo_IsWholeAgain()
    {
        // 'é' is two bytes: put its first byte last in the first piece.
        var text = new string('a', 16383) + "é and more";
        var lines = Read(Cut(Stamp1, text + "\n"));

        Assert.Equal(text, Assert.Single(lines).Text);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public void HowTheBytesArrive_DoesNotMatter(int readSize)
    {
        var text = new string('x', 33000);
        var lines = Read(Cut(Stamp1, text + "\n").Concat(Messages($"{Stamp2} next\n")), readSize);

        Assert.Equal(new (string?, string)[] { (Stamp1, text), (Stamp2, "next") }, lines);
    }

    [Fact]
    public void ALongLineAnEngineDidNotCut_KeepsWhatLooksLikeThePlaceOfAStamp()
    {
        // Without pieces, the text at the 8 and 16 KiB marks is the container's own.
        var text = new string('b', 8192) + "2026-12-05 not a stamp " + new string('b', 8169) + "not a stamp at all";
        var lines = Read(Messages($"{Stamp1} {text}\n"));

        Assert.Equal(text, Assert.Single(lines).Text);
    }

    [Fact]
    public void ALastLineWithoutANewline_ComesOutAtTheEnd()
    {
        var lines = Read(Messages($"{Stamp1} no newline"));

        Assert.Equal(new (string?, string)[] { (Stamp1, "no newline") }, lines);
    }

    [Fact]
    public void ALineLongerThanTheLimit_ComesInPieces_EachWithTheLinesStamp()
    {
        var lines = new List<(string?, string)>();
        var sink = new StampedLineSink((stamp, text) => lines.Add((stamp, text)), maxLength: 10);
        var bytes = Encoding.UTF8.GetBytes($"{Stamp1} {new string('c', 25)}\n");
        sink.Push(bytes, 0, bytes.Length);
        sink.Flush();

        Assert.Equal(new[] { "cccccccccc", "cccccccccc", "ccccc" }, lines.Select(line => line.Item2));
        Assert.All(lines, line => Assert.Equal(Stamp1, line.Item1));
    }

    [Fact]
    public async System.Threading.Tasks.Task InAFramedStream_EachFrameIsAMessage_WhereverTheEngineCutTheLine()
    {
        // Podman cuts where the container's writes end: pieces of any length, each a frame with its stamp.
        var text = new string('a', 3000) + new string('b', 2000) + "the-end";
        var stream = Fakes.FakeStreams.Multiplexed(new[]
        {
            (false, $"{Stamp1} {new string('a', 3000)}"),
            (false, $"{Stamp1} {new string('b', 2000)}"),
            (false, $"{Stamp1} the-end\n"),
            (false, $"{Stamp2} next\n"),
        });
        var lines = new List<(string?, string)>();

        await MultiplexedLines.ReadAsync(stream, new StampedLineSink((stamp, line) => lines.Add((stamp, line))), OutputSink.Lines(_ => { }), _ => System.Threading.Tasks.Task.CompletedTask, System.Threading.CancellationToken.None);

        Assert.Equal(new (string?, string)[] { (Stamp1, text), (Stamp2, "next") }, lines);
    }

    /// <summary>How the engine sends one line: pieces of content, each message with the line's stamp.</summary>
    private static IEnumerable<byte[]> Cut(string stamp, string line, int pieceLength = 16384)
    {
        var content = Encoding.UTF8.GetBytes(line);
        for (var start = 0; start < content.Length; start += pieceLength)
        {
            var piece = content.Skip(start).Take(pieceLength);
            yield return Encoding.ASCII.GetBytes(stamp + " ").Concat(piece).ToArray();
        }
    }

    private static IEnumerable<byte[]> Messages(params string[] messages) => messages.Select(Encoding.UTF8.GetBytes);

    private static List<(string? Stamp, string Text)> Read(IEnumerable<byte[]> messages, int readSize = 65536)
    {
        var lines = new List<(string?, string)>();
        var sink = new StampedLineSink((stamp, text) => lines.Add((stamp, text)));
        var all = messages.SelectMany(message => message).ToArray();
        for (var offset = 0; offset < all.Length; offset += readSize)
        {
            sink.Push(all, offset, Math.Min(readSize, all.Length - offset));
        }

        sink.Flush();
        return lines;
    }
}
