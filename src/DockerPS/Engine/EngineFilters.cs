using System.Collections;

namespace DockerPS.Engine;

/// <summary>The engine's list filters (name → values), built from parameters and a user's -Filter hashtable.</summary>
internal sealed class EngineFilters
{
    private readonly Dictionary<string, IDictionary<string, bool>> filters = new(StringComparer.Ordinal);

    public bool IsEmpty => filters.Count == 0;

    public EngineFilters Add(string name, string value)
    {
        if (!filters.TryGetValue(name, out var values))
        {
            values = new Dictionary<string, bool>(StringComparer.Ordinal);
            filters[name] = values;
        }

        values[value] = true;
        return this;
    }

    /// <summary>Adds a -Filter hashtable: each value a string or a list of strings (@{ label = 'a','b=c' }).</summary>
    public EngineFilters Add(IDictionary? table)
    {
        if (table is null)
        {
            return this;
        }

        foreach (DictionaryEntry entry in table)
        {
            var name = Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture)?.Trim();
            if (string.IsNullOrEmpty(name))
            {
                throw new ArgumentException("A -Filter key cannot be empty.");
            }

            foreach (var value in Values(entry.Value))
            {
                Add(name!, value);
            }
        }

        return this;
    }

    public IDictionary<string, IDictionary<string, bool>>? ToParameter() => IsEmpty ? null : filters;

    private static IEnumerable<string> Values(object? value)
    {
        value = value is System.Management.Automation.PSObject wrapped ? wrapped.BaseObject : value;
        switch (value)
        {
            case null:
                throw new ArgumentException("A -Filter value cannot be null.");
            case string text:
                yield return text;
                break;
            case bool flag:
                yield return flag ? "true" : "false";
                break;
            case IEnumerable many:
                foreach (var item in many)
                {
                    foreach (var inner in Values(item))
                    {
                        yield return inner;
                    }
                }

                break;
            default:
                yield return Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!;
                break;
        }
    }
}
