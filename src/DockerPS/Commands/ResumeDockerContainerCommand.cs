using DockerPS.Containers;

namespace DockerPS.Commands;

/// <summary>docker unpause: lets the processes of paused containers run again; one not paused is left as it is.</summary>
[Cmdlet(VerbsLifecycle.Resume, "DockerContainer", SupportsShouldProcess = true)]
[OutputType(typeof(DockerContainer))]
public sealed class ResumeDockerContainerCommand : DockerContainerStateCmdlet
{
    protected override string Action => "Unpause";

    private protected override async Task ChangeStateAsync(DockerEngine engine, string reference, BatchOutcome outcome, CancellationToken cancellation)
    {
        await ContainerStateChange.TolerateAsync(
            () => engine.Client.Containers.UnpauseContainerAsync(reference, cancellation),
            "is not paused",
            outcome,
            $"Container {reference} is not paused.").ConfigureAwait(false);
    }
}
