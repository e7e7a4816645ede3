namespace DockerPS.Commands;

/// <summary>docker start: starts stopped containers; one already running is left as it is.</summary>
[Cmdlet(VerbsLifecycle.Start, "DockerContainer", SupportsShouldProcess = true)]
[OutputType(typeof(DockerContainer))]
public sealed class StartDockerContainerCommand : DockerContainerStateCmdlet
{
    protected override string Action => "Start";

    private protected override async Task ChangeStateAsync(DockerEngine engine, string reference, BatchOutcome outcome, CancellationToken cancellation)
    {
        if (!await engine.Client.Containers.StartContainerAsync(reference, null, cancellation).ConfigureAwait(false))
        {
            outcome.WriteVerbose($"Container {reference} is already running.");
        }
    }
}
