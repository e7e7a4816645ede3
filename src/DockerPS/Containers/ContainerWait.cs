using System.Net;
using System.Text.Json;
using Docker.DotNet.Models;
using DockerPS.Lookup;

namespace DockerPS.Containers;

/// <summary>
/// Waits for a container to meet a condition of Wait-DockerContainer's: the engine's own wait for the exit conditions,
/// inspect read again and again for the state ones (a few times a second at first, then once a second).
/// </summary>
internal static class ContainerWait
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(1);

    /// <summary>Whether the condition is a state the container is in (Healthy, Running) rather than an exit.</summary>
    public static bool IsState(DockerWaitCondition condition) => condition is DockerWaitCondition.Healthy or DockerWaitCondition.Running;

    /// <summary>NotRunning (docker wait), NextExit or Removed: how the container ended, once it has.</summary>
    public static async Task<DockerContainerExit> ExitAsync(DockerEngine engine, string reference, DockerWaitCondition condition, CancellationToken cancellation)
    {
        if (condition == DockerWaitCondition.NotRunning)
        {
            var exit = await engine.Client.Containers.WaitContainerAsync(reference, cancellation).ConfigureAwait(false);
            return new DockerContainerExit(engine.Endpoint, reference, exit.StatusCode, exit.Error?.Message);
        }

        if (condition == DockerWaitCondition.NextExit)
        {
            return await EngineWaitAsync(engine, reference, "next-exit", cancellation).ConfigureAwait(false);
        }

        if (!engine.IsPodman)
        {
            return await EngineWaitAsync(engine, reference, "removed", cancellation).ConfigureAwait(false);
        }

        // Podman's removed wait answers 0 whatever the exit was: the exit is its not-running wait's, asked at the same
        // time while the container is still there. One removed before that wait is asked keeps Podman's answer.
        var ended = EngineWaitAsync(engine, reference, "not-running", cancellation);
        var removal = EngineWaitAsync(engine, reference, "removed", cancellation);
        try
        {
            await Task.WhenAll(ended, removal).ConfigureAwait(false);
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound && removal.Status == System.Threading.Tasks.TaskStatus.RanToCompletion)
        {
            return removal.Result;
        }

        return ended.Result;
    }

    /// <summary>The engine's wait for a condition; Docker.DotNet's takes none, the engine's has taken them since API 1.30.</summary>
    private static async Task<DockerContainerExit> EngineWaitAsync(DockerEngine engine, string reference, string condition, CancellationToken cancellation)
    {
        using var answer = await RawEngineRequest.PostJsonAsync(engine, $"containers/{Uri.EscapeDataString(reference)}/wait?condition={condition}", cancellation).ConfigureAwait(false);
        var root = answer.RootElement;
        var code = root.TryGetProperty("StatusCode", out var status) && status.TryGetInt64(out var number) ? number : -1;
        var error = root.TryGetProperty("Error", out var said) && said.ValueKind == JsonValueKind.Object && said.TryGetProperty("Message", out var message)
            ? message.GetString()
            : null;
        return new DockerContainerExit(engine.Endpoint, reference, code, error);
    }

    /// <summary>
    /// Healthy or Running: the container, read again as Get-DockerContainer shows it, once it is in that state.
    /// <paramref name="seen"/> hears what it was at each look (health: starting, created, paused …), for a timeout to
    /// say. A container without a health check waited on for Healthy, one that turns unhealthy, and one that has
    /// exited are errors (ErrorRecordException), as soon as they are seen.
    /// </summary>
    public static async Task<DockerContainer> StateAsync(DockerEngine engine, string reference, DockerWaitCondition condition, Action<string> seen, CancellationToken cancellation)
    {
        var healthy = condition == DockerWaitCondition.Healthy;
        for (var pause = FirstPause; ; pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks)))
        {
            var inspect = await engine.Client.Containers.InspectContainerAsync(reference, cancellation).ConfigureAwait(false);
            var state = inspect.State ?? new State();
            if (healthy && !ContainerHealth.IsConfigured(inspect.Config?.Healthcheck))
            {
                throw Failure(
                    $"Container {reference} has no health check, so it never becomes healthy: give it one (New-DockerContainer -HealthCommand), or wait for -Condition Running.",
                    "NoHealthcheck",
                    ErrorCategory.InvalidOperation,
                    reference);
            }

            if (state.Status is "exited" or "dead")
            {
                throw Failure($"Container {reference} exited with code {state.ExitCode} before it was {Word(condition)}.", "ContainerExited", ErrorCategory.InvalidResult, reference);
            }

            // A restarting container's health is left from its last run; a paused one's still counts.
            var health = state.Status is "running" or "paused" ? state.Health?.Status : null;
            if (healthy && health == ContainerHealth.Unhealthy)
            {
                throw Failure($"Container {reference} is unhealthy{LastCheck(state.Health!)}.", "ContainerUnhealthy", ErrorCategory.InvalidResult, reference);
            }

            if (state.Status == "running" && (!healthy || health == ContainerHealth.Healthy))
            {
                return await ContainerLookup.ReadAsync(engine, inspect.ID, cancellation).ConfigureAwait(false);
            }

            seen(healthy && state.Status == "running" ? $"health: {(string.IsNullOrEmpty(health) ? ContainerHealth.Starting : health)}" : state.Status ?? "unknown");
            await Task.Delay(pause, cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>What a timeout says of a container that did not meet the condition in time.</summary>
    public static string TimedOut(string reference, DockerWaitCondition condition, int seconds, string? lastSeen) => condition switch
    {
        DockerWaitCondition.NotRunning => $"Container {reference} was still running after {seconds} seconds.",
        DockerWaitCondition.NextExit => $"Container {reference} had not exited after {seconds} seconds.",
        DockerWaitCondition.Removed => $"Container {reference} had not been removed after {seconds} seconds.",
        _ => $"Container {reference} was not {Word(condition)} after {seconds} seconds{(lastSeen is null ? string.Empty : $" ({lastSeen})")}.",
    };

    private static string Word(DockerWaitCondition condition) => condition == DockerWaitCondition.Healthy ? "healthy" : "running";

    /// <summary>The failing streak and the last check's words, which say why.</summary>
    private static string LastCheck(Health health)
    {
        var last = health.Log?.LastOrDefault();
        var output = last?.Output?.Trim();
        var streak = health.FailingStreak switch
        {
            1 => ": its health check failed",
            > 1 => $": {health.FailingStreak} health checks failed in a row",
            _ => string.Empty,
        };
        return last is null ? streak : $"{streak}{(streak.Length > 0 ? "; " : ": ")}the last exited with code {last.ExitCode}{(string.IsNullOrEmpty(output) ? string.Empty : $" and said: {output}")}";
    }

    private static ErrorRecordException Failure(string message, string errorId, ErrorCategory category, string reference) =>
        new(new ErrorRecord(new InvalidOperationException(message), errorId, category, reference));
}
