using System.Globalization;

namespace DockerPS.Containers;

/// <summary>docker run --expose values: a port or a range, with tcp, udp or sctp after a slash (tcp when none).</summary>
internal static class ExposeParser
{
    /// <summary>The exposed-port keys ("80/tcp") the value stands for, one per port of a range.</summary>
    public static IEnumerable<string> Parse(string spec)
    {
        var slash = spec.IndexOf('/');
        var ports = slash < 0 ? spec : spec.Substring(0, slash);
        var protocol = slash < 0 ? "tcp" : spec.Substring(slash + 1).ToLowerInvariant();
        if (protocol is not ("tcp" or "udp" or "sctp"))
        {
            throw new ArgumentException($"invalid proto: {protocol}");
        }

        var dash = ports.IndexOf('-');
        var first = Port(spec, dash < 0 ? ports : ports.Substring(0, dash));
        var last = dash < 0 ? first : Port(spec, ports.Substring(dash + 1));
        if (last < first)
        {
            throw new ArgumentException($"invalid range format for --expose: {spec}, error: invalid range specified for port: {ports}");
        }

        return Enumerable.Range(first, last - first + 1).Select(port => $"{port.ToString(CultureInfo.InvariantCulture)}/{protocol}").ToList();
    }

    private static int Port(string spec, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535
            ? port
            : throw new ArgumentException($"invalid range format for --expose: {spec}, error: invalid port: {text}");
}
