using System.IO;

namespace DockerPS.Terminal;

/// <summary>
/// Connects the local terminal to a container's attached stream (docker exec -it, docker attach, docker run -it):
/// keys go to the container as typed, its output comes back byte for byte, and the container's TTY follows the
/// window's size. Ends when the engine closes the stream (the process ended) or when the detach keys are typed (the
/// connection is closed and the process goes on, as with the docker CLI).
/// </summary>
internal sealed class TerminalSession
{
    // Short enough that typing and resizing feel immediate; each round is one poll(2) or console wait.
    private const int InputWaitMilliseconds = 100;
    private const int SizePollMilliseconds = 100;
    private const int BufferSize = 32768;

    // In raw mode a line feed only moves down; the carriage return goes back to the first column.
    private static readonly byte[] NewLine = { (byte)'\r', (byte)'\n' };

    private readonly LocalTerminal terminal;
    private readonly MultiplexedStream stream;
    private readonly DetachKeySequence.Filter detachKeys;
    private byte? lastWritten;

    public TerminalSession(LocalTerminal terminal, MultiplexedStream stream, DetachKeySequence detachKeys)
    {
        this.terminal = terminal;
        this.stream = stream;
        this.detachKeys = detachKeys.NewFilter();
    }

    /// <summary>Whether the session ended because the detach keys were typed.</summary>
    public bool Detached => detachKeys.Detached;

    /// <summary>
    /// Runs the session until the engine closes the stream or the detach keys are typed, and restores the terminal
    /// before returning, however the session ends. <paramref name="rawMode"/>: the local terminal goes raw (for a
    /// container with a TTY, fed with keys). <paramref name="sendInput"/>: keys are sent. <paramref name="resize"/>:
    /// sizes the container's TTY (columns, rows), at once and whenever the window's size changes.
    /// </summary>
    public async Task RunAsync(bool rawMode, bool sendInput, Func<int, int, CancellationToken, Task>? resize, CancellationToken cancellation)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellation);

        // Reads from the engine's socket do not all honour cancellation; closing the stream ends them.
        using var closeOnCancel = session.Token.Register(stream.Dispose);
        using (rawMode ? terminal.EnterRawMode() : null)
        {
            var output = CopyOutputAsync(session.Token);
            var input = sendInput ? Task.Run(() => CopyInputAsync(session.Token), CancellationToken.None) : Task.FromResult(false);
            var sizing = resize is not null ? Task.Run(() => FollowSizeAsync(resize, session.Token), CancellationToken.None) : Task.CompletedTask;
            try
            {
                // Input ends by itself when the detach keys are typed (the session is over), when the terminal hangs
                // up (stdin is closed, and the output read to its end) or when writing fails because the engine went
                // away, which ends the session too.
                if (await Task.WhenAny(output, input).ConfigureAwait(false) == input && await input.ConfigureAwait(false))
                {
                    return;
                }

                await output.ConfigureAwait(false);
            }
            catch (Exception) when (cancellation.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellation);
            }
            finally
            {
                // No read of the terminal may outlive the session (it would take a key meant for PowerShell), and
                // the terminal is restored only once nothing else touches it.
                session.Cancel();
                await Quietly(output).ConfigureAwait(false);
                await Quietly(input).ConfigureAwait(false);
                await Quietly(sizing).ConfigureAwait(false);
                EndLine();
            }
        }
    }

    /// <summary>
    /// When the container's output stopped in the middle of a line (its prompt, after detaching or losing the
    /// engine), moves to the next one, so that PowerShell's messages and prompt start on a line of their own.
    /// </summary>
    private void EndLine()
    {
        if (lastWritten is null or (byte)'\n')
        {
            return;
        }

        try
        {
            terminal.Write(NewLine, NewLine.Length, isError: false);
        }
        catch (IOException)
        {
            // The terminal itself is gone; there is no line to end.
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Either already reported by the session, or the result of ending it.
        }
    }

    private async Task CopyOutputAsync(CancellationToken cancellation)
    {
        var buffer = new byte[BufferSize];
        while (true)
        {
            var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellation).ConfigureAwait(false);
            if (read.EOF)
            {
                return;
            }

            terminal.Write(buffer, read.Count, read.Target == MultiplexedStream.TargetStream.StandardError);
            lastWritten = buffer[read.Count - 1];
        }
    }

    /// <summary>Sends the keys typed; true when it ended because the detach keys were typed.</summary>
    private async Task<bool> CopyInputAsync(CancellationToken cancellation)
    {
        var buffer = new byte[BufferSize];
        while (!cancellation.IsCancellationRequested)
        {
            var count = terminal.Read(buffer, InputWaitMilliseconds);
            if (count == 0)
            {
                continue;
            }

            if (count == LocalTerminal.EndOfInput)
            {
                stream.CloseWrite();
                return false;
            }

            var send = detachKeys.Pass(buffer, count);
            if (send.Length > 0)
            {
                await stream.WriteAsync(send, 0, send.Length, cancellation).ConfigureAwait(false);
            }

            if (detachKeys.Detached)
            {
                return true;
            }
        }

        return false;
    }

    private async Task FollowSizeAsync(Func<int, int, CancellationToken, Task> resize, CancellationToken cancellation)
    {
        (int Columns, int Rows)? applied = null;
        while (!cancellation.IsCancellationRequested)
        {
            if (terminal.Size is { } size && size != applied)
            {
                try
                {
                    await resize(size.Columns, size.Rows, cancellation).ConfigureAwait(false);
                    applied = size;
                }
                catch (DockerApiException)
                {
                    // The process has not started yet, or has just ended: the next round tries again.
                }
            }

            await Task.Delay(SizePollMilliseconds, cancellation).ConfigureAwait(false);
        }
    }
}
