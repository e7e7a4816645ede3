using DockerPS.Swarm;

namespace DockerPS.Commands;

/// <summary>
/// docker swarm join: joins the engine to a swarm, as a worker or a manager as the token says. Pipe
/// Get-DockerSwarm -JoinToken's object in. The token appears in no message, -WhatIf line or error.
/// </summary>
[Cmdlet(VerbsCommon.Join, "DockerSwarm", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class JoinDockerSwarmCommand : DockerEngineCmdlet
{
    /// <summary>A manager's swarm address, host:port (2377 by default on the manager).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string RemoteAddress { get; set; } = string.Empty;

    /// <summary>The join token (docker swarm join-token -q worker|manager), SWMTKN-1-….</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Token { get; set; } = string.Empty;

    /// <summary>The address the swarm reaches this node at: an IP address or an interface name, with an optional port (--advertise-addr).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? AdvertiseAddress { get; set; }

    /// <summary>Where the node listens for the swarm's traffic if it becomes a manager: 0.0.0.0:2377 unless given (--listen-addr).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string ListenAddress { get; set; } = SwarmMembership.DefaultListenAddress;

    protected override void ProcessRecord()
    {
        var endpoint = EndpointFor(null);
        if (!ShouldProcess(endpoint.ToString(), $"Join the swarm at {RemoteAddress}"))
        {
            return;
        }

        RunOnEngine(endpoint, async (engine, cancellation) =>
        {
            try
            {
                await SwarmMembership.JoinAsync(engine, RemoteAddress, Token, AdvertiseAddress, ListenAddress, cancellation).ConfigureAwait(false);
                EmitVerbose($"This node joined the swarm at {RemoteAddress}.");
            }
            catch (DockerApiException e)
            {
                throw new ErrorRecordException(SwarmErrors.JoinRefusal(e, endpoint.ToString()));
            }
        });
    }
}
