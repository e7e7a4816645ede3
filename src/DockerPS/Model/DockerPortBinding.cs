namespace DockerPS;

/// <summary>A container port and, when published, the host address it is reachable on.</summary>
public sealed class DockerPortBinding
{
    public DockerPortBinding(int containerPort, string protocol, string? hostIp, int? hostPort, string? container = null)
    {
        Container = container;
        ContainerPort = containerPort;
        Protocol = string.IsNullOrEmpty(protocol) ? "tcp" : protocol.ToLowerInvariant();
        // Podman reports a port published on every address without one; Docker says 0.0.0.0.
        HostIp = !string.IsNullOrEmpty(hostIp) ? hostIp : hostPort is null ? null : "0.0.0.0";
        HostPort = hostPort;
    }

    /// <summary>The name of the container the port belongs to.</summary>
    public string? Container { get; }

    public int ContainerPort { get; }

    /// <summary>tcp, udp or sctp.</summary>
    public string Protocol { get; }

    /// <summary>The host address the port is published on (0.0.0.0 for every IPv4 address); null when it is not published.</summary>
    public string? HostIp { get; }

    public int? HostPort { get; }

    public bool IsPublished => HostPort is not null;

    /// <summary>The port in the docker CLI's notation, such as 80/tcp.</summary>
    public string ContainerPortText => $"{ContainerPort}/{Protocol}";

    /// <summary>The host side as docker port prints it: 0.0.0.0:81, or [::]:81 for IPv6.</summary>
    public string? HostEndpointText => HostPort is null
        ? null
        : $"{(HostIp is { } ip && ip.IndexOf(':') >= 0 ? "[" + ip + "]" : HostIp ?? "0.0.0.0")}:{HostPort}";

    /// <summary>Reads the engine's port key, 80/tcp (a missing protocol means tcp).</summary>
    internal static bool TryParseKey(string key, out int port, out string protocol)
    {
        var slash = key.IndexOf('/');
        protocol = slash < 0 ? "tcp" : key.Substring(slash + 1).ToLowerInvariant();
        return int.TryParse(slash < 0 ? key : key.Substring(0, slash), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port)
            && port is > 0 and <= 65535
            && protocol is "tcp" or "udp" or "sctp";
    }

    /// <summary>docker port's form: 80/tcp -> 0.0.0.0:81 (or just 80/tcp when not published).</summary>
    public override string ToString() => HostPort is null
        ? ContainerPortText
        : $"{ContainerPortText} -> {HostEndpointText}";
}
