using System.Collections;
using System.Collections.Specialized;
using System.Globalization;

namespace DockerPS.Containers;

/// <summary>Builds Config.Env from -Environment, given as a hashtable or as docker run -e strings.</summary>
internal static class EnvironmentParser
{
    /// <summary>
    /// Each entry becomes NAME=value; a null value is an empty one. A plain hashtable has no order, so names are
    /// sorted ordinally to keep the result stable; an ordered dictionary keeps its order.
    /// </summary>
    public static IList<string> FromDictionary(IDictionary variables)
    {
        // IDictionary's own enumerator: a generic dictionary's IEnumerable yields KeyValuePairs, not DictionaryEntry.
        var entries = new List<(string Name, string Value)>(variables.Count);
        foreach (DictionaryEntry entry in variables)
        {
            entries.Add((Text(entry.Key), Text(entry.Value)));
        }

        if (variables is not IOrderedDictionary)
        {
            entries.Sort((x, y) => string.CompareOrdinal(x.Name, y.Name));
        }

        var result = new List<string>(entries.Count);
        foreach (var (name, value) in entries)
        {
            if (name.Length == 0 || name.IndexOf('=') >= 0)
            {
                throw new ArgumentException(
                    $"invalid environment variable: {name}={value} (the name must be non-empty and cannot contain '=')");
            }

            result.Add(name + "=" + value);
        }

        return result;
    }

    /// <summary>
    /// As docker run -e takes them: NAME=value as given, and a bare NAME takes the value it has here. The CLI sends an
    /// unset bare NAME on and the engine leaves it out of the container; it is dropped here to the same effect.
    /// </summary>
    public static IList<string> FromStrings(IEnumerable<string?> variables, Func<string, string?> lookup)
    {
        var result = new List<string>();
        foreach (var variable in variables)
        {
            var text = variable ?? string.Empty;
            var equals = text.IndexOf('=');
            var name = equals < 0 ? text : text.Substring(0, equals);
            if (name.Length == 0)
            {
                throw new ArgumentException($"invalid environment variable: {text}");
            }

            if (equals >= 0)
            {
                result.Add(text);
            }
            else if (lookup(name) is { } value)
            {
                result.Add(name + "=" + value);
            }
        }

        return result;
    }

    private static string Text(object? value) =>
        Convert.ToString(value is PSObject wrapped ? wrapped.BaseObject : value, CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>-Environment as PowerShell binds it: a hashtable, one NAME=value string, or several.</summary>
    public static IList<string> FromParameter(object value, Func<string, string?> lookup) => value switch
    {
        IDictionary table => FromDictionary(table),
        _ => FromStrings(Strings(value), lookup),
    };

    /// <summary>A parameter value that may be one string or many, as strings.</summary>
    public static IEnumerable<string> Strings(object value) => value switch
    {
        string text => new[] { text },
        IEnumerable many => many.Cast<object?>().Select(item => Convert.ToString(item is PSObject wrapped ? wrapped.BaseObject : item, CultureInfo.InvariantCulture) ?? string.Empty),
        _ => new[] { Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty },
    };
}
