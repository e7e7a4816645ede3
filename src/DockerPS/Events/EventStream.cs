using System.IO;
using Docker.DotNet.Models;
using DockerPS.Internal;
using DockerPS.Mapping;
using DockerPS.Time;

namespace DockerPS.Events;

/// <summary>
/// Reads one engine's events (docker events) and hands them on as DockerEvents as they arrive, on the thread that
/// reads the stream: each at once when it is still to come, a past window's in batches.
/// </summary>
internal static class EventStream
{
    /// <summary>
    /// How far ahead of now Podman is asked to stop: Podman 4 sends nothing at all when asked for events until a moment
    /// already past, so it is asked for a moment still to come, and what comes after the moment wanted is dropped.
    /// </summary>
    private static readonly TimeSpan PodmanUntilMargin = TimeSpan.FromSeconds(1);

    /// <summary>The most events of a past window handed to the pipeline at once (dockerd keeps its last 256).</summary>
    private const int BatchSize = 256;

    /// <summary>
    /// Reads the engine's events for the query until its end (or, without one, until cancelled) and gives them to
    /// <paramref name="emit"/>; returns how many it gave. A stream the engine ends while it should go on is a lost
    /// connection (an <see cref="EndOfStreamException"/>).
    /// </summary>
    public static async Task<int> ReadAsync(DockerEngine engine, EventQuery query, Action<IReadOnlyList<DockerEvent>> emit, CancellationToken cancellation)
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
        // A window wholly past comes at once, as fast as the engine writes it: it is read over the burst client and its
        // events go on in batches, since a hop to the pipeline thread per event cost more than the event. Events still
        // to come go on one by one, as they happen.
        var past = askedUntil is { } end && end <= DateTime.UtcNow;
        var batch = new List<DockerEvent>();
        var count = 0;
        void Flush()
        {
            if (batch.Count > 0)
            {
                emit(batch);
                batch = new List<DockerEvent>();
            }
        }

        try
        {
            await engine.StreamClient(waitsBetweenWrites: !past).System.MonitorEventsAsync(
                parameters,
                new SynchronousProgress<Message>(message =>
                {
                    // Podman's answers are checked again: it was asked to stop a moment later than wanted, and its names
                    // for actions match more than Docker's.
                    var found = ModelMapper.ToEvent(message, engine.Endpoint, engine.IsPodman);
                    var afterTheWindow = untilNano is { } last && found.TimeNano > last;
                    var anotherAction = engine.IsPodman && query.Actions.Count > 0 && !query.Actions.Contains(found.Action);
                    if (afterTheWindow || anotherAction)
                    {
                        return;
                    }

                    count++;
                    batch.Add(found);
                    if (!past || batch.Count == BatchSize)
                    {
                        Flush();
                    }
                }),
                cancellation).ConfigureAwait(false);
        }
        catch when (!cancellation.IsCancellationRequested)
        {
            // What came before a failure is written ahead of its error.
            Flush();
            throw;
        }

        Flush();
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
