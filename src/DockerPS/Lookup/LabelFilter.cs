namespace DockerPS.Lookup;

/// <summary>
/// -Label as the engine's filters read it, for every Get- cmdlet that narrows by label: 'key' (the object has the
/// label), 'key=value' (with that value), and the negations of docker's prune filter label!=: 'key!=value' or
/// '!key=value' (not that value: without the label, or with another value) and '!key' (without the label). The
/// engine's list filters take only the positive terms, so they go to the engine and the negations are applied here,
/// with prune's meaning: an object is left out when it matches every negated term.
/// </summary>
internal sealed class LabelFilter
{
    private readonly IReadOnlyList<string> required;
    private readonly IReadOnlyList<(string Key, string? Value)> requiredTerms;
    private readonly IReadOnlyList<(string Key, string? Value)> refused;

    private LabelFilter(IReadOnlyList<string> required, IReadOnlyList<(string Key, string? Value)> refused)
    {
        this.required = required;
        requiredTerms = required.Select(Split).ToList();
        this.refused = refused;
    }

    /// <summary>Whether any term narrows the listing.</summary>
    public bool IsEmpty => required.Count == 0 && refused.Count == 0;

    /// <summary>Whether some terms are applied here rather than by the engine.</summary>
    public bool HasLocalTerms => refused.Count > 0;

    /// <exception cref="ArgumentException">A term without a key, such as '=x', '!=x' or '!', naming it.</exception>
    public static LabelFilter Parse(IEnumerable<string>? terms)
    {
        var required = new List<string>();
        var refused = new List<(string Key, string? Value)>();
        foreach (var term in terms ?? Enumerable.Empty<string>())
        {
            var equals = term.IndexOf('=');
            var negated = term.StartsWith("!", StringComparison.Ordinal) || (equals > 0 && term[equals - 1] == '!');
            var text = !negated ? term
                : term.StartsWith("!", StringComparison.Ordinal) ? term.Substring(1)
                : term.Remove(equals - 1, 1);
            var (key, value) = Split(text);
            if (key.Trim().Length == 0)
            {
                throw new ArgumentException($"invalid label filter '{term}': the label's key is missing; use key, key=value, key!=value or !key");
            }

            if (negated)
            {
                refused.Add((key, value));
            }
            else
            {
                required.Add(text);
            }
        }

        return new LabelFilter(required, refused);
    }

    /// <summary>A -Label parameter's filter; a term without a key is the cmdlet's terminating InvalidLabelFilter error, naming it.</summary>
    public static LabelFilter FromParameter(IReadOnlyList<string>? terms)
    {
        foreach (var term in terms ?? Array.Empty<string>())
        {
            try
            {
                Parse(new[] { term });
            }
            catch (ArgumentException e)
            {
                throw new ErrorRecordException(DockerErrors.InvalidLabelFilter(e, term));
            }
        }

        return Parse(terms);
    }

    /// <summary>Adds the positive terms to the engine's filters, as docker's --filter label=… does.</summary>
    public EngineFilters AddTo(EngineFilters filters)
    {
        foreach (var term in required)
        {
            filters.Add("label", term);
        }

        return filters;
    }

    /// <summary>
    /// Whether an object with these labels passes, as the engine's prune decides (filters.MatchKVList): it has every
    /// required label, and it does not match all of the negated terms at once.
    /// </summary>
    public bool Admits(IReadOnlyDictionary<string, string>? labels)
    {
        labels ??= new Dictionary<string, string>();
        return requiredTerms.All(term => Matches(labels, term))
            && (refused.Count == 0 || !refused.All(term => Matches(labels, term)));
    }

    private static bool Matches(IReadOnlyDictionary<string, string> labels, (string Key, string? Value) term) =>
        labels.TryGetValue(term.Key, out var value) && (term.Value is null || term.Value == value);

    private static (string Key, string? Value) Split(string text)
    {
        var equals = text.IndexOf('=');
        return equals < 0 ? (text, null) : (text.Substring(0, equals), text.Substring(equals + 1));
    }
}
