using System.Globalization;
using System.Text;

namespace DockerPS.Formatting;

/// <summary>The docker CLI's ways of printing sizes, ages, ids, commands and ports, for the format views.</summary>
public static class DisplayText
{
    private static readonly string[] DecimalUnits = { "B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB" };
    private static readonly string[] BinaryUnits = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB" };

    /// <summary>A size as docker images prints it: three significant digits and decimal units (5.58MB).</summary>
    public static string Size(long bytes)
    {
        double value = bytes;
        var unit = 0;
        // From 999.5 on, three significant digits print as 1E+03: that is the next unit's 1.
        while (value >= 999.5 && unit < DecimalUnits.Length - 1)
        {
            value /= 1000;
            unit++;
        }

        return value.ToString("G3", CultureInfo.InvariantCulture) + DecimalUnits[unit];
    }

    /// <summary>
    /// A size as docker system df and docker system prune print it (go-units HumanSize): four significant digits and
    /// decimal units (102.6MB, 0B). A negative size stays in bytes, in Go's %g (-1.235e+06B), as the CLI prints it.
    /// </summary>
    public static string HumanSize(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (value >= 1000 && unit < DecimalUnits.Length - 1)
        {
            value /= 1000;
            unit++;
        }

        // .NET's G4 rounds and switches to an exponent where Go's %.4g does; Go writes the exponent's e in lower case.
        return value.ToString("G4", CultureInfo.InvariantCulture).Replace('E', 'e') + DecimalUnits[unit];
    }

    /// <summary>A size as docker info prints memory (go-units BytesSize): four significant digits and binary units (23.59GiB).</summary>
    public static string BytesSize(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < BinaryUnits.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return value.ToString("G4", CultureInfo.InvariantCulture).Replace('E', 'e') + BinaryUnits[unit];
    }

    /// <summary>
    /// docker system df's RECLAIMABLE: the size, and the share of the total in whole percent, cut as Go's integer
    /// division cuts it, where the CLI prints one.
    /// </summary>
    public static string Reclaimable(long bytes, long? percent) =>
        percent is null ? HumanSize(bytes) : $"{HumanSize(bytes)} ({percent.Value.ToString(CultureInfo.InvariantCulture)}%)";

    /// <summary>A size as docker stats prints memory (go-units BytesSize): four significant digits and binary units (23.59GiB).</summary>
    public static string BinarySize(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < BinaryUnits.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return value.ToString("G4", CultureInfo.InvariantCulture) + BinaryUnits[unit];
    }

    /// <summary>A percentage as docker stats prints it: two decimals (12.34%).</summary>
    public static string Percent(double percent) => percent.ToString("F2", CultureInfo.InvariantCulture) + "%";

    /// <summary>A duration in the docker CLI's words (go-units HumanDuration): "About a minute", "3 days".</summary>
    public static string Duration(TimeSpan elapsed)
    {
        var seconds = (long)elapsed.TotalSeconds;
        if (seconds < 1)
        {
            return "Less than a second";
        }

        if (seconds == 1)
        {
            return "1 second";
        }

        if (seconds < 60)
        {
            return $"{seconds} seconds";
        }

        var minutes = (long)elapsed.TotalMinutes;
        if (minutes == 1)
        {
            return "About a minute";
        }

        if (minutes < 60)
        {
            return $"{minutes} minutes";
        }

        var hours = (long)Math.Round(elapsed.TotalHours, MidpointRounding.AwayFromZero);
        if (hours == 1)
        {
            return "About an hour";
        }

        if (hours < 48)
        {
            return $"{hours} hours";
        }

        if (hours < 24 * 7 * 2)
        {
            return $"{hours / 24} days";
        }

        if (hours < 24 * 30 * 2)
        {
            return $"{hours / 24 / 7} weeks";
        }

        if (hours < 24 * 365 * 2)
        {
            return $"{hours / 24 / 30} months";
        }

        return $"{(long)elapsed.TotalHours / 24 / 365} years";
    }

    /// <summary>How long ago a moment was, as docker ps and docker images print it: "2 days ago".</summary>
    public static string Ago(DateTime moment, DateTime now) =>
        Duration(now.ToUniversalTime() - moment.ToUniversalTime()) + " ago";

    /// <summary>An image id without its algorithm, cut to 12 hex digits.</summary>
    public static string ShortImageId(string id)
    {
        var hex = id.StartsWith("sha256:", StringComparison.Ordinal) ? id.Substring("sha256:".Length) : id;
        return hex.Length > 12 ? hex.Substring(0, 12) : hex;
    }

    /// <summary>A command as the COMMAND column shows it: quoted, cut to 20 characters with an ellipsis.</summary>
    public static string Command(string command) => "\"" + Truncate(command, 20) + "\"";

    public static string Truncate(string text, int length) =>
        text.Length <= length ? text : text.Substring(0, length - 1) + "…";

    /// <summary>
    /// The PORTS column of docker ps: published ports as ip:host->container/proto, consecutive ports
    /// folded into ranges (0.0.0.0:8000-8002->80-82/tcp), unpublished ones as 80/tcp.
    /// </summary>
    public static string PortList(IEnumerable<DockerPortBinding> ports)
    {
        var ordered = ports
            .OrderBy(p => p.HostIp ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(p => p.Protocol, StringComparer.Ordinal)
            .ThenBy(p => p.ContainerPort)
            .ThenBy(p => p.HostPort ?? 0)
            .ToList();

        var parts = new List<string>();
        var index = 0;
        while (index < ordered.Count)
        {
            var first = ordered[index];
            var last = first;
            var next = index + 1;
            while (next < ordered.Count && ContinuesRange(last, ordered[next]))
            {
                last = ordered[next];
                next++;
            }

            parts.Add(PortRange(first, last));
            index = next;
        }

        return string.Join(", ", parts);
    }

    private static bool ContinuesRange(DockerPortBinding previous, DockerPortBinding candidate) =>
        candidate.Protocol == previous.Protocol
        && candidate.HostIp == previous.HostIp
        && candidate.ContainerPort == previous.ContainerPort + 1
        && (candidate.HostPort is null
            ? previous.HostPort is null
            : previous.HostPort is not null && candidate.HostPort == previous.HostPort + 1);

    private static string PortRange(DockerPortBinding first, DockerPortBinding last)
    {
        var containerPorts = first.ContainerPort == last.ContainerPort
            ? first.ContainerPort.ToString(CultureInfo.InvariantCulture)
            : $"{first.ContainerPort}-{last.ContainerPort}";
        if (first.HostPort is null)
        {
            return $"{containerPorts}/{first.Protocol}";
        }

        var hostPorts = first.HostPort == last.HostPort
            ? first.HostPort.Value.ToString(CultureInfo.InvariantCulture)
            : $"{first.HostPort}-{last.HostPort}";
        var text = new StringBuilder();
        if (first.HostIp is { } ip)
        {
            text.Append(ip.IndexOf(':') >= 0 ? "[" + ip + "]" : ip).Append(':');
        }

        return text.Append(hostPorts).Append("->").Append(containerPorts).Append('/').Append(first.Protocol).ToString();
    }
}
