using System.Globalization;
using Docker.DotNet.Models;

namespace DockerPS.Containers;

/// <summary>
/// Reads -Publish values as docker service create --publish does: 8080:80[/udp] (a range of as many ports on both
/// sides, or a target alone whose published port the engine picks), or the long form
/// published=8080,target=80,mode=ingress|host,protocol=tcp|udp|sctp. A host address is refused, as the CLI refuses it:
/// Swarm publishes on every address of a node.
/// </summary>
internal static class ServicePortSpecParser
{
    private const string Ingress = "ingress";
    private const string Host = "host";

    public static IReadOnlyList<PortConfig> Parse(string spec) =>
        spec.IndexOf('=') >= 0 ? new[] { FromLongSyntax(spec) } : FromShortSyntax(spec);

    private static List<PortConfig> FromShortSyntax(string spec)
    {
        var ports = new List<PortConfig>();
        foreach (var mapping in PortSpecParser.Parse(spec))
        {
            if (mapping.HostIp.Length > 0)
            {
                throw new ArgumentException($"hostip is not supported: {spec}");
            }

            if (mapping.HostPort.IndexOf('-') >= 0)
            {
                throw new ArgumentException($"a range of published ports for one target port is not supported for a service: {spec}");
            }

            var slash = mapping.ContainerPort.IndexOf('/');
            ports.Add(new PortConfig
            {
                Protocol = mapping.ContainerPort.Substring(slash + 1),
                TargetPort = uint.Parse(mapping.ContainerPort.Substring(0, slash), CultureInfo.InvariantCulture),
                PublishedPort = mapping.HostPort.Length == 0 ? null : uint.Parse(mapping.HostPort, CultureInfo.InvariantCulture),
                PublishMode = Ingress,
            });
        }

        return ports;
    }

    /// <summary>The CLI's csv form (opts.PortOpt.Set), with its words.</summary>
    private static PortConfig FromLongSyntax(string spec)
    {
        var port = new PortConfig { Protocol = "tcp", PublishMode = Ingress };
        foreach (var field in spec.Split(','))
        {
            var equals = field.IndexOf('=');
            if (equals <= 0)
            {
                throw new ArgumentException($"invalid field {field} must be a key=value pair");
            }

            var key = field.Substring(0, equals).Trim().ToLowerInvariant();
            var value = field.Substring(equals + 1).Trim();
            switch (key)
            {
                case "mode":
                    port.PublishMode = value.ToLowerInvariant() is Ingress or Host
                        ? value.ToLowerInvariant()
                        : throw new ArgumentException($"invalid publish mode value ({value}): must be either '{Ingress}' or '{Host}'");
                    break;
                case "target":
                    port.TargetPort = PortNumber(value, "target");
                    break;
                case "published":
                    port.PublishedPort = PortNumber(value, "published");
                    break;
                case "protocol":
                    port.Protocol = value.ToLowerInvariant() is "tcp" or "udp" or "sctp"
                        ? value.ToLowerInvariant()
                        : throw new ArgumentException($"invalid protocol value '{value}'");
                    break;
                default:
                    throw new ArgumentException($"invalid field key {key}: use published, target, mode and protocol");
            }
        }

        return port.TargetPort is null ? throw new ArgumentException("missing mandatory field \"target\"") : port;
    }

    /// <summary>strconv.ParseUint(value, 10, 16), as the CLI reads a port; 0 is no port.</summary>
    private static uint PortNumber(string value, string field) =>
        value.Length > 0 && value.All(c => c is >= '0' and <= '9') && uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is > 0 and <= 65535
            ? number
            : throw new ArgumentException($"invalid {field} port ({value}): value must be an integer from 1 to 65535");
}
