using DockerPS.Swarm;

namespace DockerPS.Commands;

/// <summary>
/// docker swarm init: makes the engine the first manager of a new swarm. -PassThru writes the swarm; the join tokens
/// are not in it, and come from Get-DockerSwarm -JoinToken when wanted.
/// </summary>
[Cmdlet(VerbsData.Initialize, "DockerSwarm", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(DockerSwarm))]
public sealed class InitializeDockerSwarmCommand : DockerEngineCmdlet
{
    /// <summary>The address other nodes reach this manager at: an IP address or an interface name, with an optional port (docker swarm init --advertise-addr).</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? AdvertiseAddress { get; set; }

    /// <summary>Where the manager listens for the swarm's traffic: address:port, 0.0.0.0:2377 unless given (--listen-addr).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string ListenAddress { get; set; } = SwarmMembership.DefaultListenAddress;

    /// <summary>Start a new one-manager swarm from this node's state, after the others were lost (--force-new-cluster).</summary>
    [Parameter]
    public SwitchParameter ForceNewCluster { get; set; }

    /// <summary>Write the swarm once initialized.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var endpoint = EndpointFor(null);
        if (!ShouldProcess(endpoint.ToString(), ForceNewCluster ? "Initialize a new swarm from this node's state (force new cluster)" : "Initialize a swarm with this engine as its manager"))
        {
            return;
        }

        RunOnEngine(endpoint, async (engine, cancellation) =>
        {
            try
            {
                var nodeId = await SwarmMembership.InitializeAsync(engine, AdvertiseAddress, ListenAddress, ForceNewCluster, cancellation).ConfigureAwait(false);
                EmitVerbose($"Swarm initialized: current node ({nodeId}) is now a manager.");
                if (PassThru)
                {
                    Emit(await SwarmMembership.InspectAsync(engine, cancellation).ConfigureAwait(false));
                }
            }
            catch (DockerApiException e)
            {
                throw new ErrorRecordException(DockerErrorMapper.ToErrorRecord(e, null, endpoint.ToString()));
            }
        });
    }
}
