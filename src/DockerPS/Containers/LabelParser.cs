using System.Collections;
using System.Globalization;

namespace DockerPS.Containers;

/// <summary>Labels given as a hashtable or as docker --label strings (key=value, or a bare key for an empty value).</summary>
internal static class LabelParser
{
    public static IDictionary<string, string> Parse(object value)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (value is IDictionary table)
        {
            foreach (DictionaryEntry entry in table)
            {
                labels[Key(Convert.ToString(entry.Key, CultureInfo.InvariantCulture))] = Convert.ToString(entry.Value, CultureInfo.InvariantCulture) ?? string.Empty;
            }

            return labels;
        }

        foreach (var text in EnvironmentParser.Strings(value))
        {
            var equals = text.IndexOf('=');
            labels[Key(equals < 0 ? text : text.Substring(0, equals))] = equals < 0 ? string.Empty : text.Substring(equals + 1);
        }

        return labels;
    }

    private static string Key(string? key) =>
        string.IsNullOrWhiteSpace(key) ? throw new ArgumentException($"invalid label: '{key}': the key is empty") : key!;
}
