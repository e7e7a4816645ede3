using System.Text.RegularExpressions;

namespace DockerPS.Containers;

/// <summary>
/// Reads -Tmpfs values as docker run --tmpfs does: /path, or /path:options with the mount options tmpfs takes
/// (rw,noexec,size=64m,mode=1777 …), into HostConfig.Tmpfs. The engine passes the options to the kernel only when the
/// container starts, so the ones a typo would break there (size, mode) are checked here, before anything is created.
/// </summary>
internal static class TmpfsSpecParser
{
    // What the kernel's tmpfs takes (memparse): a number, decimal or 0x hex, with k/m/g/t/p/e, or a percentage of RAM.
    private static readonly Regex Size = new("^(0[xX][0-9a-fA-F]+|[0-9]+)([kKmMgGtTpPeE]|%)?$", RegexOptions.CultureInvariant);

    private static readonly Regex OctalMode = new("^[0-7]{1,4}$", RegexOptions.CultureInvariant);

    /// <summary>HostConfig.Tmpfs: container path to options; a path given twice keeps its last options, as with the CLI.</summary>
    public static IDictionary<string, string> Merge(IEnumerable<(string Path, string Options)> parsed)
    {
        var tmpfs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, options) in parsed)
        {
            tmpfs[path] = options;
        }

        return tmpfs;
    }

    public static (string Path, string Options) Parse(string spec)
    {
        var colon = spec.IndexOf(':');
        var path = colon < 0 ? spec : spec.Substring(0, colon);
        var options = colon < 0 ? string.Empty : spec.Substring(colon + 1);
        if (ContainerPath.Problem(path) is { } problem)
        {
            throw Invalid(spec, problem);
        }

        if (options.Length > 0)
        {
            foreach (var option in options.Split(','))
            {
                CheckOption(spec, option);
            }
        }

        return (path, options);
    }

    private static void CheckOption(string spec, string option)
    {
        if (option.Length == 0)
        {
            throw Invalid(spec, "empty option between commas");
        }

        var equals = option.IndexOf('=');
        var value = equals < 0 ? null : option.Substring(equals + 1);
        switch (equals < 0 ? option : option.Substring(0, equals))
        {
            case "size" when value is null || !Size.IsMatch(value):
                throw Invalid(spec, $"invalid size '{value}': a number of bytes with k, m or g (size=64m), or a percentage of memory (size=10%)");
            case "mode" when value is null || !OctalMode.IsMatch(value):
                throw Invalid(spec, $"invalid mode '{value}': octal permissions such as 1777");
        }
    }

    private static ArgumentException Invalid(string spec, string reason) =>
        new($"invalid tmpfs specification: '{spec}': {reason}");
}
