using DockerPS.Swarm;

namespace DockerPS.Commands;

/// <summary>
/// docker swarm inspect, and docker swarm join-token with -JoinToken: the swarm a manager runs, or what a node needs
/// to join it as a worker or a manager. Tokens come only when asked for.
/// </summary>
[Cmdlet(VerbsCommon.Get, "DockerSwarm", DefaultParameterSetName = SwarmSet)]
[OutputType(typeof(DockerSwarm), ParameterSetName = new[] { SwarmSet })]
[OutputType(typeof(DockerSwarmJoinToken), ParameterSetName = new[] { JoinTokenSet })]
public sealed class GetDockerSwarmCommand : DockerEngineCmdlet
{
    private const string SwarmSet = "Swarm";
    private const string JoinTokenSet = "JoinToken";

    /// <summary>The join token for this role, with the manager's address: pipe it to Join-DockerSwarm.</summary>
    [Parameter(Mandatory = true, ParameterSetName = JoinTokenSet)]
    public DockerSwarmRole JoinToken { get; set; }

    protected override void ProcessRecord()
    {
        var endpoint = EndpointFor(null);
        RunOnEngine(endpoint, async (engine, cancellation) =>
        {
            try
            {
                Emit(ParameterSetName == JoinTokenSet
                    ? await SwarmMembership.JoinTokenAsync(engine, JoinToken, cancellation).ConfigureAwait(false)
                    : await SwarmMembership.InspectAsync(engine, cancellation).ConfigureAwait(false));
            }
            catch (DockerApiException e)
            {
                throw new ErrorRecordException(DockerErrorMapper.ToErrorRecord(e, null, endpoint.ToString()));
            }
        });
    }
}
