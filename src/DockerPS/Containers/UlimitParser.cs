using System.Globalization;
using Docker.DotNet.Models;

namespace DockerPS.Containers;

/// <summary>Reads docker run --ulimit values (nofile=1024:2048, core=-1) as the docker CLI's go-units does.</summary>
internal static class UlimitParser
{
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        "core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack",
    };

    public static Ulimit Parse(string spec)
    {
        var equals = spec.IndexOf('=');
        if (equals < 0 || spec.IndexOf('=', equals + 1) >= 0)
        {
            throw new ArgumentException($"invalid ulimit argument: {spec}");
        }

        var name = spec.Substring(0, equals);
        if (!Names.Contains(name))
        {
            throw new ArgumentException($"invalid ulimit type: {name}");
        }

        var limits = spec.Substring(equals + 1).Split(':');
        if (limits.Length > 2)
        {
            throw new ArgumentException($"too many limit value arguments - {spec.Substring(equals + 1)}, can only have up to two, `soft[:hard]`");
        }

        var soft = Number(limits[0]);
        var hard = limits.Length == 2 ? Number(limits[1]) : soft;
        if (soft > hard && hard != -1)
        {
            throw new ArgumentException($"ulimit soft limit must be less than or equal to hard limit: {soft} > {hard}");
        }

        return new Ulimit { Name = name, Soft = soft, Hard = hard };
    }

    private static long Number(string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"invalid ulimit value: {text}: a number, or -1 for unlimited");
}
