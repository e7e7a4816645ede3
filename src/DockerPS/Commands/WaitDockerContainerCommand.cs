using DockerPS.Containers;

namespace DockerPS.Commands;

/// <summary>
/// docker wait, and more: waits until containers stop (or exit next, or are removed) and returns their exit codes, or
/// until they are healthy or running and returns them read again.
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "DockerContainer")]
[OutputType(typeof(DockerContainerExit), typeof(DockerContainer))]
public sealed class WaitDockerContainerCommand : DockerContainerBatchCmdlet
{
    /// <summary>Give up on a container after this many seconds (an OperationTimeout error); by default wait forever.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int Timeout { get; set; }

    /// <summary>
    /// What to wait for: NotRunning (docker wait, the default), NextExit, Removed (the exit code is written), Healthy or
    /// Running (the container is written).
    /// </summary>
    [Parameter]
    public DockerWaitCondition Condition { get; set; } = DockerWaitCondition.NotRunning;

    protected override string Action => "Wait";

    /// <summary>Each container as soon as its condition holds, so a script sees the first ready one first.</summary>
    private protected override bool WritesAsCompleted => true;

    protected override bool ShouldAct(string reference) => true;

    private protected override async Task ActAsync(DockerEngine engine, string reference, BatchOutcome outcome, CancellationToken cancellation)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        if (Timeout > 0)
        {
            limit.CancelAfter(TimeSpan.FromSeconds(Timeout));
        }

        string? lastSeen = null;
        try
        {
            outcome.Write(ContainerWait.IsState(Condition)
                ? await ContainerWait.StateAsync(engine, reference, Condition, seen => lastSeen = seen, limit.Token).ConfigureAwait(false)
                : await ContainerWait.ExitAsync(engine, reference, Condition, limit.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            outcome.Fail(new TimeoutException(ContainerWait.TimedOut(reference, Condition, Timeout, lastSeen)), "WaitTimedOut");
        }
    }
}
