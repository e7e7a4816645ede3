using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using DockerPS.Streams;
using Xunit;

namespace DockerPS.Tests;

/// <summary>
/// The pure parts of exec and logs streaming: the demultiplexer finding frames wherever the reads cut them, the line
/// splitter's fast path agreeing with its careful one across any chunk boundaries, and the byte sink's chunks.
/// </summary>
public class StreamPartsTests
{
    private static readonly Encoding Utf8 = new UTF8Encoding(false);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(4096)]
    [InlineData(65536)]
    public async Task Demultiplexer_FindsEveryFrame_WhereverTheReadsEnd(int readSize)
    {
        var frames = new (bool IsError, byte[] Payload)[]
        {
            (false, Utf8.GetBytes("first line\n")),
            (true, Utf8.GetBytes("an error\n")),
            (false, Enumerable.Range(0, 256).Select(value => (byte)value).ToArray()),
            (false, new byte[70000]),
            (true, Utf8.GetBytes("x")),
        };

        var pieces = await ReadAll(new Demultiplexer(new TrickleStream(Framed(frames), readSize), multiplexed: true));

        Assert.Equal(frames.Select(frame => frame.IsError), Frames(pieces).Select(frame => frame.IsError));
        Assert.Equal(frames.Select(frame => frame.Payload), Frames(pieces).Select(frame => frame.Payload));
    }

    [Fact]
    public async Task Demultiplexer_SkipsEmptyFrames_AndCountsStdinFramesAsStdout()
    {
        var bytes = Framed(new[] { (false, Array.Empty<byte>()), (false, Utf8.GetBytes("a")) });
        bytes[8] = 0;
        bytes = bytes.Concat(Header(0, 1)).Concat(Utf8.GetBytes("b")).ToArray();

        var pieces = await ReadAll(new Demultiplexer(new MemoryStream(bytes), multiplexed: true));

        Assert.Equal(new[] { "a", "b" }, Frames(pieces).Select(frame => Utf8.GetString(frame.Payload)));
        Assert.All(pieces, piece => Assert.False(piece.IsError));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(12)]
    public async Task Demultiplexer_StreamEndingInsideAFrame_IsAnEndOfStream_NotAnEnd(int length)
    {
        var bytes = Framed(new[] { (false, Utf8.GetBytes("0123456789")) }).Take(length).ToArray();

        await Assert.ThrowsAsync<EndOfStreamException>(() => ReadAll(new Demultiplexer(new MemoryStream(bytes), multiplexed: true)));
    }

    [Theory]
    [InlineData(3, 0)]
    [InlineData(1, 0x80)]
    public async Task Demultiplexer_AHeaderNoEngineWrites_IsAnIOException(byte stream, byte lengthHighByte)
    {
        var bytes = Header(stream, 1);
        bytes[4] = lengthHighByte;

        await Assert.ThrowsAsync<IOException>(() => ReadAll(new Demultiplexer(new MemoryStream(bytes.Concat(new byte[] { 1 }).ToArray()), multiplexed: true)));
    }

    [Fact]
    public async Task Demultiplexer_WithoutFrames_GivesEveryByteAsStdout_EndingNoFrame()
    {
        var bytes = Framed(new[] { (true, Utf8.GetBytes("a terminal's bytes, header and all")) });

        var pieces = await ReadAll(new Demultiplexer(new TrickleStream(bytes, 5), multiplexed: false));

        Assert.Equal(bytes, pieces.SelectMany(piece => piece.Bytes).ToArray());
        Assert.All(pieces, piece => Assert.False(piece.IsError || piece.EndsFrame));
    }

    [Fact]
    public void Demultiplexer_ReadsTheStreamUnderDockerDotNets()
    {
        var demultiplexer = Demultiplexer.Of(new MultiplexedStream(new MemoryStream(), multiplexed: false));

        Assert.False(demultiplexer.Multiplexed);
        Assert.True(Demultiplexer.Of(new MultiplexedStream(new MemoryStream(), multiplexed: true)).Multiplexed);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(1000)]
    [InlineData(65536)]
    public void LineSplitter_GivesTheSameLines_WhereverTheChunksEnd(int chunk)
    {
        // Short lines, CRLF, multibyte characters (a surrogate pair among them), an empty line, invalid UTF-8, a line
        // longer than the limit, and one exactly at it.
        var text = "one\r\ntwo\n\nthré€ 😀 end\nfour\r\n" + new string('l', 45) + "\n" + new string('m', 16) + "\nlast";
        var bytes = Utf8.GetBytes(text).Concat(new byte[] { 0xC3, (byte)'\n', 0xFF, (byte)'x' }).ToArray();
        var expected = new[] { "one", "two", string.Empty, "thré€ 😀 end", "four", new string('l', 16), new string('l', 16), new string('l', 13), new string('m', 16), "last\uFFFD", "\uFFFDx" };

        var splitter = new LineSplitter(maxLength: 16);
        var lines = new List<string>();
        for (var offset = 0; offset < bytes.Length; offset += chunk)
        {
            splitter.Push(bytes, offset, Math.Min(chunk, bytes.Length - offset), lines.Add);
        }

        if (splitter.Flush() is { } rest)
        {
            lines.Add(rest);
        }

        Assert.Equal(expected, lines);
    }

    [Fact]
    public void ByteSink_GivesOneChunkABatch_InTheOrderTheStreamsCame()
    {
        var chunks = new List<byte[]>();
        var sink = OutputSink.Bytes(chunks.Add);

        sink.Push(new byte[] { 1, 2 }, 0, 2);
        sink.Push(new byte[] { 9, 3, 9 }, 1, 1);
        sink.EndOfBatch();
        sink.EndOfBatch();
        sink.Push(new byte[] { 4 }, 0, 1);
        sink.EndOfBatch();

        Assert.Equal(new[] { new byte[] { 1, 2, 3 }, new byte[] { 4 } }, chunks);
    }

    [Fact]
    public async Task MultiplexedLines_HandsOnWhatWasRead_WhenTheEngineHasWrittenNothingMore()
    {
        // The engine writes each log line on its own: what has come goes on in one batch once the reader has caught up.
        var feed = new FeedStream();
        var lines = new List<string>();
        var batches = new List<string[]>();
        var firstBatch = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task HandOn(CancellationToken token)
        {
            if (lines.Count > 0)
            {
                batches.Add(lines.ToArray());
                lines.Clear();
                firstBatch.TrySetResult(true);
            }

            return Task.CompletedTask;
        }

        feed.Send("a\n");
        feed.Send("b\n");
        feed.Send("c\n", isError: true);
        var reading = MultiplexedLines.ReadAsync(feed.AsMultiplexed(), OutputSink.Lines(lines.Add), OutputSink.Lines(lines.Add), HandOn, CancellationToken.None);
        await firstBatch.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(new[] { new[] { "a", "b", "c" } }, batches);

        feed.Send("d\n");
        feed.End();
        await reading.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(new[] { new[] { "a", "b", "c" }, new[] { "d" } }, batches);
    }

    [Fact]
    public async Task MultiplexedLines_AStreamLostBeforeTheReaderCaughtUp_HandsOnTheLinesReadBeforeTheLoss_ThenFails()
    {
        var feed = new FeedStream();
        feed.Send("a\n");
        feed.Send("b\n", isError: true);
        feed.Fail(new IOException("Unable to read data from the transport connection."));
        var lines = new List<string>();
        var batches = new List<string[]>();
        Task HandOn(CancellationToken token)
        {
            batches.Add(lines.ToArray());
            lines.Clear();
            return Task.CompletedTask;
        }

        var error = await Assert.ThrowsAsync<IOException>(() => MultiplexedLines.ReadAsync(feed.AsMultiplexed(), OutputSink.Lines(lines.Add), OutputSink.Lines(lines.Add), HandOn, CancellationToken.None));

        Assert.Equal("Unable to read data from the transport connection.", error.Message);
        Assert.Equal(new[] { new[] { "a", "b" } }, batches);
    }

    [Fact]
    public async Task MultiplexedLines_HandsLinesOnAtMostALineBatchAtATime_WhenTheEngineIsAhead()
    {
        var feed = AheadOfTheReader(10000);
        var lines = new List<string>();
        var batches = new List<int>();
        Task HandOn(CancellationToken token)
        {
            batches.Add(lines.Count);
            lines.Clear();
            return Task.CompletedTask;
        }

        await MultiplexedLines.ReadAsync(feed.AsMultiplexed(), OutputSink.Lines(lines.Add), OutputSink.Lines(lines.Add), HandOn, CancellationToken.None);

        Assert.Equal(BatchesOfFrames(10000, OutputSink.LineBatchBytes), batches);
    }

    [Fact]
    public async Task MultiplexedLines_HandsBytesOnAtMostAReadAtATime_WhenTheEngineIsAhead()
    {
        var feed = AheadOfTheReader(10000);
        var chunks = new List<byte[]>();
        var batches = new List<int>();
        Task HandOn(CancellationToken token)
        {
            batches.Add(chunks.Sum(chunk => chunk.Length));
            chunks.Clear();
            return Task.CompletedTask;
        }

        var bytes = OutputSink.Bytes(chunks.Add);
        await MultiplexedLines.ReadAsync(feed.AsMultiplexed(), bytes, bytes, HandOn, CancellationToken.None);

        // A batch ends at every 64 KiB of the stream: its chunk is those bytes less the 8-byte headers among them.
        Assert.Equal(BatchesOfFrames(10000, Demultiplexer.ReadSize).Count, batches.Count);
        Assert.All(batches.Take(batches.Count - 1), size => Assert.InRange(size, Demultiplexer.ReadSize - (8 * ((Demultiplexer.ReadSize / 108) + 1)), Demultiplexer.ReadSize));
        Assert.Equal(10000 * 100, batches.Sum());
    }

    [Fact]
    public async Task MultiplexedLines_ReadsForAFileAReadAtATime_ThoughItsStderrIsLines()
    {
        var feed = AheadOfTheReader(10000);
        using var file = new MemoryStream();
        var handedOn = 0;
        Task HandOn(CancellationToken token)
        {
            handedOn++;
            return Task.CompletedTask;
        }

        await MultiplexedLines.ReadAsync(feed.AsMultiplexed(), OutputSink.File(file, e => e), OutputSink.Lines(_ => { }), HandOn, CancellationToken.None);

        Assert.Equal(BatchesOfFrames(10000, Demultiplexer.ReadSize).Count, handedOn);
        Assert.Equal(10000 * 100, file.Length);
    }

    /// <summary>A stream of <paramref name="count"/> frames of a 99-character line each, all sent before the reader starts.</summary>
    private static FeedStream AheadOfTheReader(int count)
    {
        var feed = new FeedStream();
        var line = new string('x', 99);
        for (var i = 0; i < count; i++)
        {
            feed.Send(line + "\n");
        }

        feed.End();
        return feed;
    }

    /// <summary>
    /// How many of <paramref name="count"/> 108-byte frames (a 100-byte line and its header) each batch completes when a
    /// batch ends at every <paramref name="batchBytes"/> of the stream, inside a frame or not: batch k holds the frames
    /// whose last byte falls in its share of the stream.
    /// </summary>
    private static List<int> BatchesOfFrames(int count, int batchBytes)
    {
        const int frame = 108;
        var batches = Enumerable.Range(1, count * frame / batchBytes).Select(k => batchBytes * k / frame - batchBytes * (k - 1) / frame).ToList();
        batches.Add(count - batches.Sum());
        return batches;
    }

    private static byte[] Header(byte stream, int length) =>
        new byte[] { stream, 0, 0, 0, (byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length };

    private static byte[] Framed(IEnumerable<(bool IsError, byte[] Payload)> frames) =>
        frames.SelectMany(frame => Header(frame.IsError ? (byte)2 : (byte)1, frame.Payload.Length).Concat(frame.Payload)).ToArray();

    private static async Task<List<(bool IsError, byte[] Bytes, bool EndsFrame)>> ReadAll(Demultiplexer demultiplexer)
    {
        var pieces = new List<(bool, byte[], bool)>();
        while (await demultiplexer.ReadAsync((isError, buffer, offset, count, endsFrame) => pieces.Add((isError, buffer.Skip(offset).Take(count).ToArray(), endsFrame)), Demultiplexer.ReadSize, _ => Task.CompletedTask, CancellationToken.None) > 0)
        {
        }

        return pieces;
    }

    /// <summary>The pieces joined into frames at the pieces that end one.</summary>
    private static IEnumerable<(bool IsError, byte[] Payload)> Frames(IEnumerable<(bool IsError, byte[] Bytes, bool EndsFrame)> pieces)
    {
        var current = new List<byte>();
        foreach (var (isError, bytes, endsFrame) in pieces)
        {
            current.AddRange(bytes);
            if (endsFrame)
            {
                yield return (isError, current.ToArray());
                current.Clear();
            }
        }

        Assert.Empty(current);
    }

    /// <summary>A stream that gives at most a few bytes a read, as a socket may.</summary>
    private sealed class TrickleStream : MemoryStream
    {
        private readonly int most;

        public TrickleStream(byte[] bytes, int most)
            : base(bytes) => this.most = most;

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, most), cancellationToken);
    }
}
