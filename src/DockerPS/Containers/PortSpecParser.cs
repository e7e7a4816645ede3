using System.Globalization;
using Docker.DotNet.Models;

namespace DockerPS.Containers;

/// <summary>
/// Parses -Publish values as docker run -p does (nat.ParsePortSpec):
/// [[ip:][hostPort]:]containerPort[/proto], where either port may be a range, or the long form
/// target=80,published=8080,protocol=udp.
/// </summary>
internal static class PortSpecParser
{
    /// <summary>One container port and the host side it is published on; an empty HostPort lets the engine choose.</summary>
    internal sealed class PortMapping
    {
        public PortMapping(string containerPort, string hostIp, string hostPort)
        {
            ContainerPort = containerPort;
            HostIp = hostIp;
            HostPort = hostPort;
        }

        /// <summary>The engine's key for the port, such as 80/tcp.</summary>
        public string ContainerPort { get; }

        /// <summary>The host address, or empty for all addresses.</summary>
        public string HostIp { get; }

        /// <summary>A host port, a range the engine picks one port from (8000-8010), or empty.</summary>
        public string HostPort { get; }
    }

    /// <summary>The create-container shapes: Config.ExposedPorts and HostConfig.PortBindings.</summary>
    internal sealed class PublishedPorts
    {
        public IDictionary<string, EmptyStruct> ExposedPorts { get; } = new Dictionary<string, EmptyStruct>(StringComparer.Ordinal);

        public IDictionary<string, IList<PortBinding>> PortBindings { get; } = new Dictionary<string, IList<PortBinding>>(StringComparer.Ordinal);
    }

    /// <summary>Folds several specs together; specs naming the same container port add bindings to it, as with repeated -p.</summary>
    public static PublishedPorts Merge(IEnumerable<string> specs)
    {
        var result = new PublishedPorts();
        foreach (var spec in specs)
        {
            foreach (var mapping in Parse(spec))
            {
                result.ExposedPorts[mapping.ContainerPort] = default;
                if (!result.PortBindings.TryGetValue(mapping.ContainerPort, out var bindings))
                {
                    bindings = new List<PortBinding>();
                    result.PortBindings[mapping.ContainerPort] = bindings;
                }

                bindings.Add(new PortBinding { HostIP = mapping.HostIp, HostPort = mapping.HostPort });
            }
        }

        return result;
    }

    public static IReadOnlyList<PortMapping> Parse(string spec)
    {
        var rawPort = spec.IndexOf('=') >= 0 ? FromLongSyntax(spec) : spec;
        var (ip, hostPort, containerPort) = SplitParts(rawPort);

        var slash = containerPort.IndexOf('/');
        var proto = slash < 0 ? string.Empty : containerPort.Substring(slash + 1);
        containerPort = slash < 0 ? containerPort : containerPort.Substring(0, slash);
        if (containerPort.Length == 0)
        {
            throw new ArgumentException($"no port specified: {rawPort}<empty>");
        }

        var typedProto = proto;
        proto = proto.Length == 0 ? "tcp" : proto.ToLowerInvariant();
        if (proto is not ("tcp" or "udp" or "sctp"))
        {
            throw new ArgumentException($"invalid proto: {typedProto}");
        }

        if (ip.Length > 0 && ip[0] == '[')
        {
            ip = StripBrackets(ip);
        }

        if (ip.Length > 0 && !IpAddressText.IsIpAddress(ip))
        {
            throw new ArgumentException($"invalid IP address: {ip}");
        }

        var (startPort, endPort) = ParseRange(containerPort, "containerPort");
        var (startHostPort, endHostPort) = hostPort.Length == 0 ? (0, 0) : ParseRange(hostPort, "hostPort");

        // A host range for a single container port is the range the engine allocates one host port from.
        if (hostPort.Length > 0 && endPort - startPort != endHostPort - startHostPort && endPort != startPort)
        {
            throw new ArgumentException($"invalid ranges specified for container and host Ports: {containerPort} and {hostPort}");
        }

        var count = endPort - startPort + 1;
        var mappings = new List<PortMapping>(count);
        for (var i = 0; i < count; i++)
        {
            var published = string.Empty;
            if (hostPort.Length > 0)
            {
                published = (startHostPort + i).ToString(CultureInfo.InvariantCulture);
                if (count == 1 && startHostPort != endHostPort)
                {
                    published += "-" + endHostPort.ToString(CultureInfo.InvariantCulture);
                }
            }

            mappings.Add(new PortMapping((startPort + i).ToString(CultureInfo.InvariantCulture) + "/" + proto, ip, published));
        }

        return mappings;
    }

    /// <summary>Rewrites target=80,published=8080,protocol=udp as 8080:80/udp, as the CLI does before parsing.</summary>
    private static string FromLongSyntax(string spec)
    {
        string? target = null;
        var published = string.Empty;
        var protocol = "tcp";
        foreach (var field in spec.Split(','))
        {
            var equals = field.IndexOf('=');
            if (equals <= 0)
            {
                throw new ArgumentException($"invalid publish opts format (should be name=value but got '{field}')");
            }

            var value = field.Substring(equals + 1);
            switch (field.Substring(0, equals))
            {
                case "target":
                    target = value;
                    break;
                case "published":
                    published = value;
                    break;
                case "protocol":
                    protocol = value;
                    break;
                default:
                    // The CLI ignores other keys, so host_ip=127.0.0.1 would silently publish on every address.
                    throw new ArgumentException(
                        $"invalid publish opts: unknown key '{field.Substring(0, equals)}' in '{spec}'; use target, published and protocol");
            }
        }

        if (string.IsNullOrEmpty(target))
        {
            throw new ArgumentException($"no port specified: {spec}: the long syntax needs target=<port>");
        }

        return $"{published}:{target}/{protocol}";
    }

    /// <summary>Everything before the last two colons is the address, so unbracketed IPv6 works too.</summary>
    private static (string Ip, string HostPort, string ContainerPort) SplitParts(string rawPort)
    {
        var parts = rawPort.Split(':');
        var n = parts.Length;
        return n switch
        {
            1 => (string.Empty, string.Empty, parts[0]),
            2 => (string.Empty, parts[0], parts[1]),
            _ => (string.Join(":", parts, 0, n - 2), parts[n - 2], parts[n - 1]),
        };
    }

    private static string StripBrackets(string ip)
    {
        var close = ip.IndexOf(']');
        if (close != ip.Length - 1 || ip.IndexOf('[', 1) >= 0)
        {
            throw new ArgumentException($"invalid IP address {ip}: expected [address]");
        }

        return ip.Substring(1, close - 1);
    }

    private static (int Start, int End) ParseRange(string text, string what)
    {
        var dash = text.IndexOf('-');
        var startText = dash < 0 ? text : text.Substring(0, dash);
        var endText = dash < 0 ? text : text.Substring(dash + 1);
        var start = ParsePortNumber(startText, text, what);
        var end = startText == endText ? start : ParsePortNumber(endText, text, what);
        if (end < start)
        {
            throw new ArgumentException($"invalid {what}: {text} (invalid port range: {text})");
        }

        return (start, end);
    }

    /// <summary>strconv.ParseInt as the CLI uses it: decimal digits with an optional leading +, 0 to 65535.</summary>
    private static int ParsePortNumber(string number, string text, string what)
    {
        var digits = number.StartsWith("+", StringComparison.Ordinal) ? number.Substring(1) : number;
        if (digits.Length == 0 || !AllDigits(digits))
        {
            throw new ArgumentException($"invalid {what}: {text}");
        }

        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new ArgumentException($"invalid {what}: {text} (ports are 0 to 65535)");
        }

        return port;
    }

    private static bool AllDigits(string text)
    {
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The first mapping of one container port to a range of host ports (8000-8010:80), as -Publish writes it.</summary>
    public static string? HostPortRange(IDictionary<string, IList<PortBinding>>? bindings) =>
        bindings?
            .SelectMany(pair => (pair.Value ?? new List<PortBinding>()).Select(binding => (Port: pair.Key, Binding: binding)))
            .Where(item => item.Binding.HostPort?.IndexOf('-') > 0)
            .Select(item => $"{(string.IsNullOrEmpty(item.Binding.HostIP) ? string.Empty : item.Binding.HostIP + ":")}{item.Binding.HostPort}:{item.Port}")
            .FirstOrDefault();
}
