using System.Collections;

namespace DockerPS.Events;

/// <summary>What Get-DockerEvent asks each engine for: a time window, types and actions, and filters passed as they are.</summary>
internal sealed class EventQuery
{
    public EventQuery(DateTime? sinceUtc, DateTime? untilUtc, IReadOnlyList<string> types, IReadOnlyList<string> actions, IDictionary? filter)
    {
        SinceUtc = sinceUtc;
        UntilUtc = untilUtc;
        Types = types;
        Actions = actions;

        // Built here, so a filter the engine could not take is refused before any engine is asked.
        Filter = new EngineFilters().Add(filter).ToParameter();
    }

    /// <summary>The first moment wanted; null for from now on (with -Follow), or as far back as the engine remembers.</summary>
    public DateTime? SinceUtc { get; }

    /// <summary>The last moment wanted; null to follow new events until stopped.</summary>
    public DateTime? UntilUtc { get; }

    public IReadOnlyList<string> Types { get; }

    /// <summary>The actions wanted, as Docker names them; none for all.</summary>
    public IReadOnlyList<string> Actions { get; }

    /// <summary>The -Filter hashtable, as the engine takes it.</summary>
    public IDictionary<string, IDictionary<string, bool>>? Filter { get; }
}
