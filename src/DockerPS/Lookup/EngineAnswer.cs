namespace DockerPS.Lookup;

/// <summary>What one engine has for the names a Get- cmdlet was given: the objects found, and the names it lacks or cannot tell apart.</summary>
internal sealed class EngineAnswer<T>
    where T : notnull
{
    private readonly HashSet<T> found = new();

    /// <summary>Each object once, in the order found, however many names matched it.</summary>
    public List<T> Found { get; } = new();

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
            Missing.Add(match.Reference);
        }

        Found.AddRange(match.Matches.Where(found.Add));
    }
}
