using System;
using System.Diagnostics;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DockerPS.Engine;
using Xunit;

namespace DockerPS.Tests;

/// <summary>
/// The blocking connection used for logs without -Follow, over a real local socket: bytes already there, bytes that
/// come later (past the short poll, so on a thread of their own), the end, and Ctrl+C while waiting.
/// </summary>
public sealed class UnpolledSocketStreamTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"dps-unpolled-{Guid.NewGuid():N}.sock");
    private readonly Socket listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly Socket engineSide;
    private readonly UnpolledSocketStream stream;

    public UnpolledSocketStreamTests()
    {
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        var ours = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        ours.Connect(new UnixDomainSocketEndPoint(path));
        engineSide = listener.Accept();
        stream = new UnpolledSocketStream(ours);
    }

    public void Dispose()
    {
        stream.Dispose();
        engineSide.Dispose();
        listener.Dispose();
        File.Delete(path);
    }

    private async Task<string> ReadAsync(CancellationToken cancellation = default)
    {
        var buffer = new byte[64];
        var read = await stream.ReadAsync(buffer, 0, buffer.Length, cancellation);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }

    [Fact]
    public async Task BytesAlreadySent_AreReadAtOnce()
    {
        engineSide.Send(Encoding.ASCII.GetBytes("line 1\n"));

        var reading = stream.ReadAsync(new byte[64], 0, 64);

        Assert.True(reading.IsCompleted);
        Assert.Equal(7, await reading);
    }

    [Fact]
    public async Task BytesSentAfterTheShortPoll_AreReadByTheWaitingRead()
    {
        var reading = ReadAsync();
        await Task.Delay(200);
        Assert.False(reading.IsCompleted);

        engineSide.Send(Encoding.ASCII.GetBytes("late line\n"));

        Assert.Equal("late line\n", await reading.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task TheEngineEndingTheAnswer_IsTheEndOfTheStream_WaitingOrNot()
    {
        engineSide.Send(Encoding.ASCII.GetBytes("last"));
        engineSide.Shutdown(SocketShutdown.Send);

        Assert.Equal("last", await ReadAsync());
        Assert.Equal(string.Empty, await ReadAsync());
    }

    [Fact]
    public async Task TheEngineClosingWhileAReadWaits_EndsTheRead()
    {
        var reading = ReadAsync();
        await Task.Delay(100);

        engineSide.Close();

        Assert.Equal(string.Empty, await reading.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task CtrlC_WhileWaiting_CancelsTheReadPromptly_AndGivesUpTheConnection()
    {
        using var cancellation = new CancellationTokenSource();
        var reading = ReadAsync(cancellation.Token);
        await Task.Delay(100);
        var clock = Stopwatch.StartNew();

        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the read ended {clock.Elapsed} after Ctrl+C");
        await Assert.ThrowsAsync<ObjectDisposedException>(() => ReadAsync());
    }

    [Fact]
    public async Task ARequestWritten_ReachesTheEngine()
    {
        var request = Encoding.ASCII.GetBytes("GET /v1.41/containers/web/logs HTTP/1.1\r\n\r\n");

        await stream.WriteAsync(request, 0, request.Length);

        var received = new byte[request.Length];
        var total = 0;
        while (total < received.Length)
        {
            total += engineSide.Receive(received, total, received.Length - total, SocketFlags.None);
        }

        Assert.Equal(request, received);
    }
}
