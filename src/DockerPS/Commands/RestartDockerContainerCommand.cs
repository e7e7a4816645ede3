using Docker.DotNet.Models;

namespace DockerPS.Commands;

/// <summary>docker restart: stops (gracefully, then by force after -Timeout) and starts containers again.</summary>
[Cmdlet(VerbsLifecycle.Restart, "DockerContainer", SupportsShouldProcess = true)]
[OutputType(typeof(DockerContainer))]
public sealed class RestartDockerContainerCommand : DockerContainerStateCmdlet
{
    /// <summary>Seconds to wait for the container to stop before it is killed (docker restart -t).</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int Timeout { get; set; } = -1;

    protected override string Action => "Restart";

    private protected override async Task ChangeStateAsync(DockerEngine engine, string reference, BatchOutcome outcome, CancellationToken cancellation)
    {
        var parameters = new ContainerRestartParameters { WaitBeforeKillSeconds = await StopTimeoutAsync(engine, reference, Timeout, cancellation).ConfigureAwait(false) };
        await engine.Client.Containers.RestartContainerAsync(reference, parameters, cancellation).ConfigureAwait(false);
    }
}
