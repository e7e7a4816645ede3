using System;

namespace DockerPS;

/// <summary>A container port and, when published, the host address it is reachable on.</summary>
public sealed class DockerPortBinding
{
    public DockerPortBinding(int containerPort, string protocol, string? hostIp, int? hostPort)
    {
        ContainerPort = containerPort;
        Protocol = string.IsNullOrEmpty(protocol) ? "tcp" : protocol.ToLowerInvariant();
        HostIp = string.IsNullOrEmpty(hostIp) ? null : hostIp;
        HostPort = hostPort;
    }

    public int ContainerPort { get; }

    /// <summary>tcp, udp or sctp.</summary>
    public string Protocol { get; }

    /// <summary>The host address the port is published on; null when it is not published.</summary>
    public string? HostIp { get; }

    public int? HostPort { get; }

    public bool IsPublished => HostPort is not null;

    /// <summary>The port in the docker CLI's notation, such as 80/tcp.</summary>
    public string ContainerPortText => $"{ContainerPort}/{Protocol}";

    /// <summary>The host side as docker port prints it: 0.0.0.0:81, or [::]:81 for IPv6.</summary>
    public string? HostEndpointText => HostPort is null
        ? null
        : $"{(HostIp is { } ip && ip.IndexOf(':') >= 0 ? "[" + ip + "]" : HostIp ?? "0.0.0.0")}:{HostPort}";

    /// <summary>docker port's form: 80/tcp -> 0.0.0.0:81 (or just 80/tcp when not published).</summary>
    public override string ToString() => HostPort is null
        ? ContainerPortText
        : $"{ContainerPortText} -> {HostEndpointText}";
}
