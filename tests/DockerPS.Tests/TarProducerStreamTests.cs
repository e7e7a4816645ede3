using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DockerPS.Archives;
using Xunit;

namespace DockerPS.Tests;

public class TarProducerStreamTests
{
    private static readonly DateTime Modified = new(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    private static byte[] Pattern(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();

    private static async Task<byte[]> ReadInSmallReads(Stream stream, int size)
    {
        var all = new MemoryStream();
        var buffer = new byte[size];
        int read;
        while ((read = await stream.ReadAsync(buffer, 0, buffer.Length, CancellationToken.None)) > 0)
        {
            all.Write(buffer, 0, read);
        }

        return all.ToArray();
    }

    [Fact]
    public async Task ReadAsync_GivesTheWholeArchiveInSmallReads()
    {
        // Larger than the pipe, so the producer waits for the reader several times.
        var big = Pattern(1_000_000);
        using var stream = new TarProducerStream(async (writer, token) =>
        {
            await writer.WriteEntryAsync(new TarEntry("dir", TarEntryType.Directory, 0, null, 0x1ED, Modified), null, token);
            await writer.WriteEntryAsync(new TarEntry("dir/big.bin", TarEntryType.File, big.Length, null, 0x1A4, Modified), new MemoryStream(big), token);
            await writer.WriteEntryAsync(new TarEntry("dir/link", TarEntryType.SymbolicLink, 0, "big.bin", 0x1FF, Modified), null, token);
        }, CancellationToken.None);

        var archive = await ReadInSmallReads(stream, 1000);

        var entries = await TarWriterTests.ReadAll(new MemoryStream(archive));
        Assert.Equal(new[] { "dir/", "dir/big.bin", "dir/link" }, entries.Select(e => e.Entry.Name));
        Assert.Equal(big, entries[1].Data);
        Assert.Equal(0, archive.Length % 512);
        Assert.All(archive.Skip(archive.Length - 1024), b => Assert.Equal(0, b));
        Assert.Null(stream.ProducerFailure);
    }

    [Fact]
    public async Task ReadAsync_ThrowsTheProducersExceptionAsItIs()
    {
        var failure = new IOException("Cannot read '/home/me/secret.txt': Permission denied.");
        using var stream = new TarProducerStream(async (writer, token) =>
        {
            await writer.WriteEntryAsync(new TarEntry("first", TarEntryType.File, 3, null, 0x1A4, Modified), new MemoryStream(new byte[3]), token);
            throw failure;
        }, CancellationToken.None);

        var error = await Assert.ThrowsAsync<IOException>(() => ReadInSmallReads(stream, 100));

        Assert.Same(failure, error);
        Assert.Same(failure, stream.ProducerFailure);
        await Assert.ThrowsAsync<IOException>(() => stream.ReadAsync(new byte[10], 0, 10, CancellationToken.None));
    }

    [Fact]
    public async Task ReadAsync_DoesNotStartTheProducerBeforeTheFirstRead()
    {
        var started = false;
        using (new TarProducerStream((writer, token) =>
        {
            started = true;
            return Task.CompletedTask;
        }, CancellationToken.None))
        {
            await Task.Delay(50);
        }

        Assert.False(started);
    }

    [Fact]
    public async Task Cancellation_EndsTheReadAndStopsTheProducer()
    {
        using var cancel = new CancellationTokenSource();
        var producerStopped = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stream = new TarProducerStream(async (writer, token) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, token);
            }
            finally
            {
                producerStopped.SetResult(token.IsCancellationRequested);
            }
        }, cancel.Token);

        var read = stream.ReadAsync(new byte[100], 0, 100, CancellationToken.None);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read);
        Assert.True(await producerStopped.Task);
    }

    [Fact]
    public async Task CancellingARead_StopsTheProducer()
    {
        using var cancelRead = new CancellationTokenSource();
        var producerStopped = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stream = new TarProducerStream(async (writer, token) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, token);
            }
            finally
            {
                producerStopped.SetResult(token.IsCancellationRequested);
            }
        }, CancellationToken.None);

        var read = stream.ReadAsync(new byte[100], 0, 100, cancelRead.Token);
        cancelRead.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read);
        Assert.True(await producerStopped.Task);
    }

    [Fact]
    public async Task Dispose_StopsAProducerWaitingOnAFullPipe()
    {
        var producerEnded = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stream = new TarProducerStream(async (writer, token) =>
        {
            try
            {
                var endless = Pattern(10_000_000);
                await writer.WriteEntryAsync(new TarEntry("endless", TarEntryType.File, endless.Length, null, 0x1A4, Modified), new MemoryStream(endless), token);
                producerEnded.SetResult(null);
            }
            catch (Exception e)
            {
                producerEnded.SetResult(e);
                throw;
            }
        }, CancellationToken.None);

        Assert.Equal(512, await stream.ReadAsync(new byte[512], 0, 512, CancellationToken.None));
        stream.Dispose();

        Assert.IsAssignableFrom<OperationCanceledException>(await producerEnded.Task);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => stream.ReadAsync(new byte[10], 0, 10, CancellationToken.None));
    }
}
