using System.Globalization;

namespace DockerPS.Containers;

/// <summary>
/// Reads -Secret and -Config values as docker service create --secret and --config do: a plain name, or
/// source=name,target=path,uid=0,gid=0,mode=0444 (src and dst are the CLI's other names for source and target). A
/// secret's target defaults to its name (under /run/secrets/), a config's to /name.
/// </summary>
internal static class SwarmFileReferenceParser
{
    /// <summary>One reference: the secret or config by name or id, the file it becomes in the task, and its owner and mode.</summary>
    internal sealed record Reference(string Source, string Target, string Uid, string Gid, uint Mode);

    private const uint DefaultMode = 292; // 0444: readable by all, as the CLI makes it.

    /// <param name="spec">One -Secret or -Config value.</param>
    /// <param name="isConfig">Whether it is a config: its default target is /name, a secret's is its name.</param>
    public static Reference Parse(string spec, bool isConfig)
    {
        if (spec.IndexOf('=') < 0)
        {
            return new Reference(spec.Trim(), isConfig ? "/" + spec.Trim() : spec.Trim(), "0", "0", DefaultMode);
        }

        string? source = null;
        string? target = null;
        var uid = "0";
        var gid = "0";
        var mode = DefaultMode;
        foreach (var field in spec.Split(','))
        {
            var equals = field.IndexOf('=');
            if (equals <= 0)
            {
                throw new ArgumentException($"invalid field '{field}' must be a key=value pair");
            }

            var value = field.Substring(equals + 1).Trim();
            switch (field.Substring(0, equals).Trim().ToLowerInvariant())
            {
                case "source" or "src":
                    source = value;
                    break;
                case "target" or "dst":
                    target = value;
                    break;
                case "uid":
                    uid = value;
                    break;
                case "gid":
                    gid = value;
                    break;
                case "mode":
                    mode = Octal(value);
                    break;
                default:
                    throw new ArgumentException($"invalid field key {field.Substring(0, equals)}: use source, target, uid, gid and mode");
            }
        }

        if (string.IsNullOrEmpty(source))
        {
            throw new ArgumentException("source is required");
        }

        return new Reference(source!, string.IsNullOrEmpty(target) ? (isConfig ? "/" + source : source!) : target!, uid, gid, mode);
    }

    /// <summary>strconv.ParseUint(value, 8, 32), as the CLI reads a file mode.</summary>
    private static uint Octal(string value)
    {
        if (value.Length == 0 || value.Any(c => c is < '0' or > '7'))
        {
            throw new ArgumentException($"invalid mode {value}: write it in octal, such as 0400");
        }

        return value.Aggregate(0u, (mode, digit) => checked((mode * 8) + (uint)(digit - '0')));
    }
}
