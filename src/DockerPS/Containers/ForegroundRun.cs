using Docker.DotNet.Models;
using DockerPS.Streams;

namespace DockerPS.Containers;

/// <summary>
/// docker run without -d and without a terminal: attached before it starts, so no early output is lost, its
/// output streamed line by line until it exits, and its exit code read from the engine's die event, which
/// survives --rm removing it.
/// </summary>
internal static class ForegroundRun
{
    // How long Ctrl+C may take to reach the container before the cmdlet gives up on it.
    private static readonly TimeSpan SignalTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Starts the created container and streams its output; returns its exit code. On Ctrl+C, with
    /// <paramref name="proxySignals"/>, SIGINT goes to the container as docker run's --sig-proxy sends it, and the
    /// container decides what it means; the streaming stops either way.
    /// </summary>
    public static async Task<long> RunAsync(DockerEngine engine, string id, bool proxySignals, Action<string> stdout, Action<string> stderr, CancellationToken cancellation)
    {
        var createdAt = (await engine.Client.Containers.InspectContainerAsync(id, cancellation).ConfigureAwait(false)).Created;
        using var stream = await engine.Client.Containers.AttachContainerAsync(
            id,
            new ContainerAttachParameters { Stream = true, Stdout = true, Stderr = true },
            cancellation).ConfigureAwait(false);
        var exit = ContainerExit.WatchAsync(engine, id, createdAt, cancellation);
        await engine.Client.Containers.StartContainerAsync(id, null, cancellation).ConfigureAwait(false);
        try
        {
            await MultiplexedLines.ReadAsync(stream, stdout, stderr, cancellation).ConfigureAwait(false);
        }
        catch (Exception) when (cancellation.IsCancellationRequested && proxySignals)
        {
            await InterruptAsync(engine, id).ConfigureAwait(false);
            throw;
        }

        return await exit.ConfigureAwait(false);
    }

    private static async Task InterruptAsync(DockerEngine engine, string id)
    {
        using var timeout = new CancellationTokenSource(SignalTimeout);
        try
        {
            await engine.Client.Containers.KillContainerAsync(id, new ContainerKillParameters { Signal = "SIGINT" }, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DockerApiException or OperationCanceledException)
        {
            // Exited already, or the engine is gone: there is nobody left to tell.
        }
    }
}
