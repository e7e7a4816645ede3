using System.IO;
using System.Net.Sockets;
using DockerPS.Internal;

namespace DockerPS.Engine;

/// <summary>
/// A connection whose socket the runtime never watches for events: it stays a blocking socket, read at once when
/// bytes are waiting, after a short poll on the reading thread when they are about to come, and otherwise by a
/// blocking read on a thread of its own. The runtime's asynchronous sockets wake its event thread, and a pool
/// thread after it, on every write the engine makes, and the engine flushes each log line on its own: for a log of
/// a million lines that costs a whole core and doubles the time, and for an image archive as much CPU as the copy.
/// Meant for transfers that go in one burst and end (a log without -Follow, an archive saved or loaded): a stream
/// that mostly waits would hold the reading thread for each short poll.
/// </summary>
internal sealed class UnpolledSocketStream : ForwardOnlyStream
{
    /// <summary>
    /// How long a read waits on the reading thread for bytes the engine is about to send (microseconds): the engine
    /// writes a burst in small pieces, and a hop to another thread for each would cost what the events cost.
    /// </summary>
    private const int ShortWait = 20_000;

    private readonly Socket socket;

    public UnpolledSocketStream(Socket socket) => this.socket = socket;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override int Read(byte[] buffer, int offset, int count) => Receive(buffer, offset, count);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Ready() ? Task.FromResult(Receive(buffer, offset, count)) : WaitAndReceiveAsync(buffer, offset, count, cancellationToken);
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        try
        {
            socket.Send(buffer, offset, count, SocketFlags.None);
        }
        catch (SocketException e)
        {
            throw new IOException($"Unable to write data to the transport connection: {e.Message}.", e);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer, offset, count);
        return Task.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            socket.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Whether a read would return at once: bytes, the end of the connection or its failure.</summary>
    private bool Ready()
    {
        try
        {
            return socket.Poll(ShortWait, SelectMode.SelectRead);
        }
        catch (SocketException)
        {
            return true;
        }
    }

    // As the runtime's NetworkStream reports it, so a lost engine reads the same through either connection.
    private int Receive(byte[] buffer, int offset, int count)
    {
        try
        {
            return socket.Receive(buffer, offset, count, SocketFlags.None);
        }
        catch (SocketException e)
        {
            throw new IOException($"Unable to read data from the transport connection: {e.Message}.", e);
        }
    }

    private async Task<int> WaitAndReceiveAsync(byte[] buffer, int offset, int count, CancellationToken cancellation)
    {
        // Closing the socket is what ends a blocking read: the connection is given up, as a cancelled HTTP read gives it up.
        using (cancellation.Register(socket.Dispose))
        {
            try
            {
                // A thread of its own, not the pool's: the wait has already outlasted the short poll, and a pool thread
                // held that long slows every other task of the session.
                return await Task.Factory.StartNew(
                    () => Receive(buffer, offset, count),
                    CancellationToken.None,
                    TaskCreationOptions.LongRunning,
                    TaskScheduler.Default).ConfigureAwait(false);
            }
            catch (Exception e) when (cancellation.IsCancellationRequested && e is ObjectDisposedException or IOException)
            {
                throw new OperationCanceledException(cancellation);
            }
        }
    }
}
