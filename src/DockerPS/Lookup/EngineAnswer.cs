namespace DockerPS.Lookup;

/// <summary>What one engine has for the names a Get- cmdlet was given: the objects found, and the names it lacks or cannot tell apart.</summary>
internal sealed class EngineAnswer<T>
    where T : notnull
{
    private readonly HashSet<T> found = new();
    private readonly Action<string>? reportMissing;

    /// <param name="reportMissing">
    /// Where a name the engine lacks is reported at once, when this engine is the only one asked; with several, a
    /// name is missing only when none has it, which is known once all have answered.
    /// </param>
    public EngineAnswer(Action<string>? reportMissing)
    {
        this.reportMissing = reportMissing;
    }

    /// <summary>Each object once, in the order found, however many names matched it.</summary>
    public List<T> Found { get; } = new();

    /// <summary>The names this engine lacks, when they are reported once all engines have answered.</summary>
    public HashSet<string> Missing { get; } = new(StringComparer.Ordinal);

    public List<(string Name, string Reason)> Ambiguous { get; } = new();

    /// <summary>Records how one name matched: an id prefix that fits several objects, a name that fits none, or the matches.</summary>
    public void Add(ReferenceMatch<T> match)
    {
        if (match.Ambiguity is not null)
        {
            Ambiguous.Add((match.Reference, match.Ambiguity));
        }
        else if (match.IsMissing)
        {
            Lacks(match.Reference);
        }

        Found.AddRange(match.Matches.Where(found.Add));
    }

    /// <summary>The engine has nothing by this name; safe to call from concurrent reads.</summary>
    public void Lacks(string name)
    {
        if (reportMissing is not null)
        {
            reportMissing(name);
            return;
        }

        lock (Missing)
        {
            Missing.Add(name);
        }
    }
}
