namespace DockerPS.Commands;

/// <summary>docker wait: blocks until containers stop and returns their exit codes.</summary>
[Cmdlet(VerbsLifecycle.Wait, "DockerContainer")]
[OutputType(typeof(DockerContainerExit))]
public sealed class WaitDockerContainerCommand : DockerContainerBatchCmdlet
{
    /// <summary>Give up on a container after this many seconds (an OperationTimeout error); by default wait forever.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int Timeout { get; set; }

    protected override string Action => "Wait";

    protected override bool ShouldAct(string reference) => true;

    private protected override async Task ActAsync(DockerEngine engine, string reference, BatchOutcome outcome, CancellationToken cancellation)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        if (Timeout > 0)
        {
            limit.CancelAfter(TimeSpan.FromSeconds(Timeout));
        }

        try
        {
            var exit = await engine.Client.Containers.WaitContainerAsync(reference, limit.Token).ConfigureAwait(false);
            outcome.Write(new DockerContainerExit(engine.Endpoint, reference, exit.StatusCode, exit.Error?.Message));
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            outcome.Fail(new TimeoutException($"Container {reference} was still running after {Timeout} seconds."), "WaitTimedOut");
        }
    }
}
