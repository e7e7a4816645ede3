namespace DockerPS;

/// <summary>A port a Swarm service publishes: on every node through the routing mesh (ingress), or on the nodes its tasks run on (host).</summary>
public sealed class DockerServicePort
{
    internal const string Ingress = "ingress";

    internal DockerServicePort(int? publishedPort, int targetPort, string protocol, string publishMode)
    {
        PublishedPort = publishedPort;
        TargetPort = targetPort;
        Protocol = protocol;
        PublishMode = publishMode;
    }

    /// <summary>The port on the nodes; null for a host-mode port the engine picks on each node.</summary>
    public int? PublishedPort { get; }

    /// <summary>The port inside the task's container.</summary>
    public int TargetPort { get; }

    /// <summary>tcp, udp or sctp.</summary>
    public string Protocol { get; }

    /// <summary>ingress (every node, through the routing mesh) or host (the node the task runs on).</summary>
    public string PublishMode { get; }

    /// <summary>The docker CLI's form: *:8080->80/tcp.</summary>
    public override string ToString() => $"*:{PublishedPort?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty}->{TargetPort}/{Protocol}";
}
