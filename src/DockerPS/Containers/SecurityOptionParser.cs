using System.IO;
using System.Text.Json;

namespace DockerPS.Containers;

/// <summary>
/// docker run --security-opt values: no-new-privileges, or key=value for the keys the engine knows. A seccomp profile
/// named by its file is read here and sent as its JSON, as the docker CLI sends it.
/// </summary>
internal static class SecurityOptionParser
{
    private static readonly HashSet<string> Keys = new(StringComparer.Ordinal)
    {
        "label", "apparmor", "seccomp", "no-new-privileges", "systempaths", "writable-cgroups",
    };

    /// <param name="resolvePath">Makes a profile's path absolute against the session's location.</param>
    public static string Parse(string option, Func<string, string> resolvePath)
    {
        if (option == "no-new-privileges")
        {
            return option;
        }

        // The CLI still takes the old key:value form.
        var separator = option.IndexOfAny(new[] { '=', ':' });
        var key = separator < 0 ? option : option.Substring(0, separator);
        if (separator <= 0 || !Keys.Contains(key))
        {
            throw new ArgumentException($"Invalid --security-opt: \"{option}\"");
        }

        var value = option.Substring(separator + 1);
        return key switch
        {
            "seccomp" when value != "unconfined" => "seccomp=" + SeccompProfile(resolvePath(value)),
            "no-new-privileges" or "writable-cgroups" when value is not ("true" or "false") => throw new ArgumentException($"Invalid --security-opt {key}: \"{value}\": true or false"),
            "systempaths" when value != "unconfined" => throw new ArgumentException($"Invalid --security-opt systempaths: \"{value}\": only unconfined"),
            _ => key + "=" + value,
        };
    }

    private static string SeccompProfile(string path)
    {
        byte[] profile;
        try
        {
            profile = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"opening seccomp profile ({path}) failed: {e.Message}");
        }

        try
        {
            using var document = JsonDocument.Parse(profile);
            using var compact = new MemoryStream();
            using (var writer = new Utf8JsonWriter(compact))
            {
                document.WriteTo(writer);
            }

            return System.Text.Encoding.UTF8.GetString(compact.ToArray());
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"compacting json for seccomp profile ({path}) failed: {e.Message}");
        }
    }
}
