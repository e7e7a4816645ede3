using DockerPS.Completion;

namespace DockerPS.Cmdlets;

/// <summary>
/// A state change applied to containers named by name or id, or piped as DockerContainer objects (or anything
/// with a Name or Id property).
/// </summary>
public abstract class DockerContainerBatchCmdlet : DockerBatchCmdlet
{
    /// <summary>Docker's stop timeout for a container that sets none.</summary>
    private const uint DefaultStopTimeoutSeconds = 10;

    /// <summary>Container names or ids (full or a unique prefix), or containers from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("Id", "ContainerId", "ContainerName")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ContainerNameCompleter))]
    public DockerContainerIdentity[] Name { get; set; } = Array.Empty<DockerContainerIdentity>();

    /// <summary>What ShouldProcess says is about to happen: "Stop", "Remove" …</summary>
    protected abstract string Action { get; }

    protected override void ProcessRecord()
    {
        foreach (var container in Name)
        {
            Enqueue(container, () => ShouldAct(container.Reference), async (engine, outcome, cancellation) =>
            {
                try
                {
                    await ActAsync(engine, container.Reference, outcome, cancellation).ConfigureAwait(false);
                }
                catch (DockerApiException e)
                {
                    outcome.Fail(DockerErrors.Refusal(DockerObjectKind.Container, e, container.Reference));
                }
            });
        }
    }

    /// <summary>Whether to act on the container: ShouldProcess, unless a subclass waives the prompt.</summary>
    protected virtual bool ShouldAct(string reference) => ShouldProcess(reference, Action);

    /// <summary>Does the work for one container; runs on a pool thread.</summary>
    private protected abstract Task ActAsync(DockerEngine engine, string reference, BatchOutcome outcome, CancellationToken cancellation);

    /// <summary>
    /// The t= of a stop or restart: -Timeout when given (0 or more). Without it Docker waits the container's own
    /// stop timeout, 10 s unless set. Podman 4 records 0 for a container created through its compatible API
    /// without one, and so kills at once; there a container with 0 gets Docker's 10 s.
    /// </summary>
    private protected static async Task<uint?> StopTimeoutAsync(DockerEngine engine, string reference, int timeout, CancellationToken cancellation)
    {
        if (timeout >= 0)
        {
            return (uint)timeout;
        }

        if (!engine.IsPodman)
        {
            return null;
        }

        var inspect = await engine.Client.Containers.InspectContainerAsync(reference, cancellation).ConfigureAwait(false);
        return inspect.Config?.StopTimeout is { } own && own > TimeSpan.Zero ? null : DefaultStopTimeoutSeconds;
    }
}
