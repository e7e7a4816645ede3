using System.IO;
using System.Text;

namespace DockerPS.Containers;

/// <summary>
/// Reads the docker CLI's --env-file and --label-file format: a KEY=value a line, blank lines and lines starting with #
/// skipped, leading blanks dropped, the value kept as written (quotes and trailing blanks included). A line with a
/// name alone takes that variable from this session's environment for --env-file (left out when it has none), and is
/// a label with an empty value for --label-file.
/// </summary>
internal static class KeyValueFileParser
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, true);

    public static List<string> ReadEnvironmentFile(string path, Func<string, string?> environment) =>
        Read(path, name => environment(name) is { } value ? name + "=" + value : null);

    public static List<string> ReadLabelFile(string path) => Read(path, name => name);

    private static List<string> Read(string path, Func<string, string?> nameAlone)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(File.ReadAllBytes(path));
        }
        catch (DecoderFallbackException)
        {
            throw new ArgumentException($"{path} contains invalid utf8 bytes");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"open {path}: {e.Message}");
        }

        var lines = new List<string>();
        foreach (var raw in text.TrimStart('\uFEFF').Split('\n'))
        {
            var line = raw.TrimEnd('\r').TrimStart(' ', '\t');
            if (line.Length == 0 || line.StartsWith("#", StringComparison.Ordinal))
            {
                continue;
            }

            var equals = line.IndexOf('=');
            var name = equals < 0 ? line : line.Substring(0, equals);
            if (name.Length == 0)
            {
                throw new ArgumentException($"no variable name on line '{line}'");
            }

            if (name.Any(char.IsWhiteSpace))
            {
                throw new ArgumentException($"variable '{name}' contains whitespaces");
            }

            if ((equals < 0 ? nameAlone(name) : line) is { } entry)
            {
                lines.Add(entry);
            }
        }

        return lines;
    }
}
