using DockerPS.Containers;

namespace DockerPS.Commands;

/// <summary>docker pause: freezes every process of running containers; one already paused is left as it is.</summary>
[Cmdlet(VerbsLifecycle.Suspend, "DockerContainer", SupportsShouldProcess = true)]
[OutputType(typeof(DockerContainer))]
public sealed class SuspendDockerContainerCommand : DockerContainerStateCmdlet
{
    protected override string Action => "Pause";

    private protected override async Task ChangeStateAsync(DockerEngine engine, string reference, BatchOutcome outcome, CancellationToken cancellation)
    {
        await ContainerStateChange.TolerateAsync(
            () => engine.Client.Containers.PauseContainerAsync(reference, cancellation),
            "is already paused",
            outcome,
            $"Container {reference} is already paused.").ConfigureAwait(false);
    }
}
