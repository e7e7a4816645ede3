using Docker.DotNet.Models;
using DockerPS.Containers;

namespace DockerPS.Terminal;

/// <summary>
/// The terminal attached to a container's main process (docker attach, docker run -it): ends when the process
/// ends, which stops the container, or when the detach keys leave it running.
/// </summary>
internal static class AttachedTerminal
{
    /// <summary>How long the end of a process may take to be told, once its stream has ended.</summary>
    public static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Attaches, then runs <paramref name="start"/> (if any: starting the container only now loses none of its
    /// first output), then the session. Returns the exit code of the main process, or null when it goes on running
    /// (the user detached).
    /// </summary>
    /// <param name="since">When the current run of the container began: its exit is the first die event after it.</param>
    public static async Task<long?> RunAsync(
        DockerEngine engine,
        LocalTerminal terminal,
        string id,
        ContainerConfig config,
        DateTime since,
        DetachKeySequence detachKeys,
        Func<CancellationToken, Task>? start,
        CancellationToken cancellation)
    {
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var exit = ContainerExit.WatchAsync(engine, id, since, watching.Token);
        try
        {
            using var stream = await engine.Client.Containers.AttachContainerAsync(
                id,
                new ContainerAttachParameters { Stream = true, Stdin = config.OpenStdin, Stdout = true, Stderr = true, DetachKeys = detachKeys.Text },
                cancellation).ConfigureAwait(false);
            Task Resize(int columns, int rows, CancellationToken token) =>
                engine.Client.Containers.ResizeContainerTtyAsync(id, new ContainerResizeParameters { Width = columns, Height = rows }, token);

            if (start is not null)
            {
                await start(cancellation).ConfigureAwait(false);
            }
            else if (config.Tty && terminal.Size is { } size)
            {
                // A process that is already running drew its screen for an earlier client: a size that differs from
                // the real one (which the session sets next) makes it draw again, as docker attach does.
                await IgnoringApiErrors(Resize(size.Columns + 1, size.Rows + 1, cancellation)).ConfigureAwait(false);
            }

            var session = new TerminalSession(terminal, stream, detachKeys);
            await session.RunAsync(config.Tty && config.OpenStdin, config.OpenStdin, config.Tty ? Resize : null, cancellation).ConfigureAwait(false);

            // The end of the stream is the end of the process, whose die event follows at once, unless the detach keys
            // were typed or the engine let go of a process that runs on.
            if (!session.Detached
                && await Task.WhenAny(exit, Task.Delay(ExitGrace, cancellation)).ConfigureAwait(false) == exit)
            {
                return await exit.ConfigureAwait(false);
            }

            return await IsRunningAsync(engine, id, cancellation).ConfigureAwait(false) ? null : await exit.ConfigureAwait(false);
        }
        finally
        {
            watching.Cancel();
            await ObserveQuietly(exit).ConfigureAwait(false);
        }
    }

    private static async Task<bool> IsRunningAsync(DockerEngine engine, string id, CancellationToken cancellation)
    {
        try
        {
            var inspect = await engine.Client.Containers.InspectContainerAsync(id, cancellation).ConfigureAwait(false);
            return inspect.State?.Running == true;
        }
        catch (DockerContainerNotFoundException)
        {
            // Removed (-AutoRemove) because it exited.
            return false;
        }
    }

    private static async Task IgnoringApiErrors(Task resize)
    {
        try
        {
            await resize.ConfigureAwait(false);
        }
        catch (DockerApiException)
        {
            // Only a nudge; the session sets the real size anyway.
        }
    }

    private static async Task ObserveQuietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The watch was given up (detached, or the session failed, which is what gets reported).
        }
    }
}
