using System.IO;
using Docker.DotNet.Models;
using DockerPS.Internal;
using DockerPS.Mapping;
using DockerPS.Time;

namespace DockerPS.Events;

/// <summary>
/// Reads one engine's events (docker events) and hands each on as a DockerEvent as soon as it arrives, on the thread
/// that reads the stream.
/// </summary>
internal static class EventStream
{
    /// <summary>
    /// How far ahead of now Podman is asked to stop: Podman 4 sends nothing at all when asked for events until a moment
    /// already past, so it is asked for a moment still to come, and what comes after the moment wanted is dropped.
    /// </summary>
    private static readonly TimeSpan PodmanUntilMargin = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Reads the engine's events for the query until its end (or, without one, until cancelled) and gives each to
    /// <paramref name="emit"/>; returns how many it gave. A stream the engine ends while it should go on is a lost
    /// connection (an <see cref="EndOfStreamException"/>).
    /// </summary>
    public static async Task<int> ReadAsync(DockerEngine engine, EventQuery query, Action<DockerEvent> emit, CancellationToken cancellation)
    {
        var untilNano = query.UntilUtc is { } until ? UnixNanoseconds(until) : (long?)null;
        var askedUntil = query.UntilUtc;
        if (engine.IsPodman && askedUntil is { } wanted && wanted < DateTime.UtcNow + PodmanUntilMargin)
        {
            askedUntil = DateTime.UtcNow + PodmanUntilMargin;
        }

        var parameters = new ContainerEventsParameters
        {
            Since = query.SinceUtc is { } since ? EngineTime.ToEngineTimestamp(since, DateTime.UtcNow) : null,
            Until = askedUntil is { } asked ? EngineTime.ToEngineTimestamp(asked, DateTime.UtcNow) : null,
            Filters = Filters(engine, query),
        };
        var count = 0;
        await engine.Client.System.MonitorEventsAsync(
            parameters,
            new SynchronousProgress<Message>(message =>
            {
                // Podman's answers are checked again: it was asked to stop a moment later than wanted, and its names for
                // actions match more than Docker's.
                var found = ModelMapper.ToEvent(message, engine.Endpoint, engine.IsPodman);
                var afterTheWindow = untilNano is { } last && found.TimeNano > last;
                var anotherAction = engine.IsPodman && query.Actions.Count > 0 && !query.Actions.Contains(found.Action);
                if (afterTheWindow || anotherAction)
                {
                    return;
                }

                count++;
                emit(found);
            }),
            cancellation).ConfigureAwait(false);

        if (query.UntilUtc is null && !cancellation.IsCancellationRequested)
        {
            throw new EndOfStreamException("The engine ended its event stream.");
        }

        return count;
    }

    /// <summary>
    /// The engine's filters: the types, the actions (in Podman's names there; what else its names match is dropped
    /// once the events are read), and the -Filter hashtable.
    /// </summary>
    private static IDictionary<string, IDictionary<string, bool>>? Filters(DockerEngine engine, EventQuery query)
    {
        var filters = new EngineFilters();
        foreach (var pair in query.Filter ?? new Dictionary<string, IDictionary<string, bool>>())
        {
            foreach (var value in pair.Value.Keys)
            {
                filters.Add(pair.Key, value);
            }
        }

        foreach (var type in query.Types)
        {
            filters.Add("type", type);
        }

        foreach (var action in query.Actions)
        {
            filters.Add("event", engine.IsPodman ? EventCatalog.PodmanFilterName(action) : action);
        }

        return filters.ToParameter();
    }

    private static long UnixNanoseconds(DateTime utc) => (utc.ToUniversalTime() - new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc)).Ticks * 100;
}
