using System.Globalization;
using Docker.DotNet.Models;
using DockerPS.Internal;
using DockerPS.Time;

namespace DockerPS.Containers;

/// <summary>Learns a container's exit code from the engine's die event.</summary>
internal static class ContainerExit
{
    /// <summary>
    /// Completes with the exit code of the container's next death. Events since its creation are replayed, so
    /// a container that dies before the subscription is in place is still seen.
    /// </summary>
    public static async Task<long> WatchAsync(DockerEngine engine, string id, DateTime createdAt, CancellationToken cancellation)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var died = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        // The die events are picked here rather than by an event=die filter: Podman's filter knows that
        // event only by its own name (died), so it would match nothing there.
        var filters = new EngineFilters().Add("container", id).ToParameter();
        var since = EngineTime.ToUnixSeconds(createdAt).ToString(CultureInfo.InvariantCulture);
        var monitor = engine.Client.System.MonitorEventsAsync(
            new ContainerEventsParameters { Filters = filters, Since = since },
            new SynchronousProgress<Message>(message =>
            {
                if (message.Action != "die")
                {
                    return;
                }

                var code = message.Actor?.Attributes?.FirstOrDefault(a => a.Key == "exitCode").Value;
                died.TrySetResult(long.TryParse(code, NumberStyles.Integer, CultureInfo.InvariantCulture, out var exitCode) ? exitCode : -1);
            }),
            stop.Token);

        using (cancellation.Register(() => died.TrySetCanceled(cancellation)))
        {
            var first = await Task.WhenAny(died.Task, monitor).ConfigureAwait(false);
            if (first == monitor)
            {
                await monitor.ConfigureAwait(false);
                throw new InvalidOperationException($"The engine stopped reporting events before container {id} exited.");
            }
        }

        stop.Cancel();
        try
        {
            await monitor.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // We ended the subscription ourselves.
        }

        return await died.Task.ConfigureAwait(false);
    }
}
