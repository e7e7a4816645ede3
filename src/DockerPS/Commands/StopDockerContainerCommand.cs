using Docker.DotNet.Models;
using DockerPS.Containers;

namespace DockerPS.Commands;

/// <summary>
/// docker stop, or with -Kill/-Signal docker kill. A container that is not running is left as it is.
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "DockerContainer", SupportsShouldProcess = true, DefaultParameterSetName = StopSet)]
[OutputType(typeof(DockerContainer))]
public sealed class StopDockerContainerCommand : DockerContainerStateCmdlet
{
    private const string StopSet = "Stop";
    private const string KillSet = "Kill";

    /// <summary>Seconds to wait for the container to stop before it is killed (docker stop -t).</summary>
    [Parameter(ParameterSetName = StopSet)]
    [ValidateRange(0, int.MaxValue)]
    public int Timeout { get; set; } = -1;

    /// <summary>Kill the main process with SIGKILL instead of stopping it gracefully (docker kill).</summary>
    [Parameter(ParameterSetName = KillSet)]
    public SwitchParameter Kill { get; set; }

    /// <summary>Send this signal instead (docker kill -s), such as SIGHUP, HUP or 1.</summary>
    [Parameter(ParameterSetName = KillSet)]
    [ValidateNotNullOrEmpty]
    public string? Signal { get; set; }

    protected override string Action => Kill || Signal is not null ? $"Kill ({Signal ?? "SIGKILL"})" : "Stop";

    private protected override async Task ChangeStateAsync(DockerEngine engine, string reference, BatchOutcome outcome, CancellationToken cancellation)
    {
        if (Kill || Signal is not null)
        {
            await ContainerStateChange.TolerateAsync(
                () => engine.Client.Containers.KillContainerAsync(reference, new ContainerKillParameters { Signal = Signal ?? "SIGKILL" }, cancellation),
                new[] { "is not running", "can only kill running containers" },
                outcome,
                $"Container {reference} is not running.").ConfigureAwait(false);
        }
        else
        {
            var parameters = new ContainerStopParameters { WaitBeforeKillSeconds = await StopTimeoutAsync(engine, reference, Timeout, cancellation).ConfigureAwait(false) };
            if (!await engine.Client.Containers.StopContainerAsync(reference, parameters, cancellation).ConfigureAwait(false))
            {
                outcome.WriteVerbose($"Container {reference} is not running.");
            }
        }
    }
}
