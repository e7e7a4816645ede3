using Docker.DotNet.Models;

namespace DockerPS.Commands;

/// <summary>docker network disconnect: detaches containers from a network.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "DockerNetwork", SupportsShouldProcess = true)]
[OutputType(typeof(DockerContainer))]
public sealed class DisconnectDockerNetworkCommand : DockerNetworkConnectionCmdlet
{
    /// <summary>Disconnect even where the engine would refuse (docker network disconnect -f), such as a network whose driver is gone.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override string Action => Force ? $"Disconnect from network {Network} (force)" : $"Disconnect from network {Network}";

    private protected override Task ChangeAsync(DockerEngine engine, string networkId, string container, CancellationToken cancellation) =>
        engine.Client.Networks.DisconnectNetworkAsync(networkId, new NetworkDisconnectParameters { Container = container, Force = Force.IsPresent }, cancellation);
}
