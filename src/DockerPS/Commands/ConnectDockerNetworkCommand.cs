using Docker.DotNet.Models;
using DockerPS.Networks;

namespace DockerPS.Commands;

/// <summary>docker network connect: attaches containers to a network, with aliases and a fixed address if asked.</summary>
[Cmdlet(VerbsCommunications.Connect, "DockerNetwork", SupportsShouldProcess = true)]
[OutputType(typeof(DockerContainer))]
public sealed class ConnectDockerNetworkCommand : DockerNetworkConnectionCmdlet
{
    private EndpointIPAMConfig? address;

    /// <summary>More names the container answers to on this network (docker network connect --alias).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Alias { get; set; }

    /// <summary>The container's IPv4 or IPv6 address on the network (--ip, --ip6); the network needs a subnet of its own.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? IPAddress { get; set; }

    protected override string Action => $"Connect to network {Network}";

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (IPAddress is not null)
        {
            if (!SubnetSpec.TryParseAddress(IPAddress, out var parsed))
            {
                ThrowFailure(new ErrorRecord(new ArgumentException($"invalid IP address '{IPAddress}': not an IPv4 or IPv6 address."), "InvalidIPAddress", ErrorCategory.InvalidArgument, IPAddress));
            }

            address = parsed.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
                ? new EndpointIPAMConfig { IPv4Address = IPAddress }
                : new EndpointIPAMConfig { IPv6Address = IPAddress };
        }
    }

    private protected override Task ChangeAsync(DockerEngine engine, string networkId, string container, CancellationToken cancellation) =>
        engine.Client.Networks.ConnectNetworkAsync(
            networkId,
            new NetworkConnectParameters
            {
                Container = container,
                EndpointConfig = Alias is null && address is null ? null! : new EndpointSettings { Aliases = Alias!, IPAMConfig = address! },
            },
            cancellation);
}
