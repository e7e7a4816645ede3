using DockerPS.Completion;
using DockerPS.Containers;
using DockerPS.Swarm;

namespace DockerPS.Commands;

/// <summary>
/// docker node update: sets nodes' availability (active, pause, drain) and adds or removes their labels, as a
/// concurrent batch through a swarm manager. A node drained has its tasks moved to other nodes.
/// </summary>
[Cmdlet(VerbsCommon.Set, "DockerNode", SupportsShouldProcess = true)]
[OutputType(typeof(DockerNode))]
public sealed class SetDockerNodeCommand : DockerBatchCmdlet
{
    private NodeUpdate? update;

    /// <summary>Hostnames or ids (full or a unique prefix), or nodes from the pipeline (Get-DockerNode).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("Hostname", "Id")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(NodeNameCompleter))]
    public DockerNodeIdentity[] Name { get; set; } = Array.Empty<DockerNodeIdentity>();

    /// <summary>Active (tasks may be placed), Pause (no new tasks) or Drain (no tasks: the running ones move elsewhere).</summary>
    [Parameter]
    public DockerNodeAvailability? Availability { get; set; }

    /// <summary>Labels to add or change (docker node update --label-add): a hashtable or key=value strings.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? Label { get; set; }

    /// <summary>Label keys to remove (docker node update --label-rm); a key the node lacks is no error.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? RemoveLabel { get; set; }

    /// <summary>Write each node as it is after the change.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        update = new NodeUpdate(
            Availability,
            Label is null ? new Dictionary<string, string>() : Validated("InvalidLabel", Label, () => LabelParser.Parse(Label)),
            RemoveLabel ?? Array.Empty<string>());
        if (update.IsEmpty)
        {
            ThrowFailure(new ErrorRecord(
                new ArgumentException("Nothing to change: give -Availability, -Label or -RemoveLabel."),
                "NodeUpdateEmpty",
                ErrorCategory.InvalidArgument,
                null));
        }
    }

    protected override void ProcessRecord()
    {
        foreach (var node in Name)
        {
            Enqueue(
                node,
                () => ShouldProcess(node.Reference, update!.Description),
                async (engine, outcome, cancellation) =>
                {
                    try
                    {
                        if (await update!.ApplyAsync(engine, node.Reference, PassThru, cancellation).ConfigureAwait(false) is { } updated)
                        {
                            outcome.Write(updated);
                        }
                    }
                    catch (DockerApiException e)
                    {
                        outcome.Fail(SwarmErrors.Refusal(DockerObjectKind.Node, e, node.Reference));
                    }
                });
        }
    }
}
