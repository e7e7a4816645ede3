using DockerPS.Swarm;

namespace DockerPS.Commands;

/// <summary>
/// docker swarm leave: takes the engine out of its swarm. A manager leaves only with -Force (the last manager's
/// leaving ends the swarm), as the engine requires; -Force also does not ask for confirmation.
/// </summary>
[Cmdlet(VerbsCommon.Exit, "DockerSwarm", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class ExitDockerSwarmCommand : DockerEngineCmdlet
{
    /// <summary>Leave even as a manager (docker swarm leave --force), and do not ask for confirmation.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var endpoint = EndpointFor(null);
        if (!ShouldProcessUnlessForced(Force, endpoint.ToString(), Force ? "Leave the swarm (force)" : "Leave the swarm"))
        {
            return;
        }

        RunOnEngine(endpoint, async (engine, cancellation) =>
        {
            try
            {
                await SwarmMembership.LeaveAsync(engine, Force, cancellation).ConfigureAwait(false);
                EmitVerbose("Node left the swarm.");
            }
            catch (DockerApiException e)
            {
                throw new ErrorRecordException(DockerErrorMapper.ToErrorRecord(e, null, endpoint.ToString()));
            }
        });
    }
}
