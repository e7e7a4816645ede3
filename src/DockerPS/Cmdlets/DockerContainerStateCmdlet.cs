using DockerPS.Lookup;

namespace DockerPS.Cmdlets;

/// <summary>A change of a container's state whose -PassThru returns the containers as they are afterwards.</summary>
public abstract class DockerContainerStateCmdlet : DockerContainerBatchCmdlet
{
    /// <summary>Write the changed containers to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private protected sealed override async Task ActAsync(DockerEngine engine, string reference, BatchOutcome outcome, CancellationToken cancellation)
    {
        await ChangeStateAsync(engine, reference, outcome, cancellation).ConfigureAwait(false);
        if (PassThru)
        {
            outcome.Write(await ContainerLookup.ReadAsync(engine, reference, cancellation).ConfigureAwait(false));
        }
    }

    /// <summary>The state change itself; runs on a pool thread.</summary>
    private protected abstract Task ChangeStateAsync(DockerEngine engine, string reference, BatchOutcome outcome, CancellationToken cancellation);
}
