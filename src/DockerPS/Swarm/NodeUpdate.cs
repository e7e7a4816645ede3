using Docker.DotNet.Models;
using DockerPS.Lookup;
using DockerPS.Mapping;

namespace DockerPS.Swarm;

/// <summary>
/// docker node update: what to change on a node (availability, labels added and removed), applied to the spec the
/// manager holds now. The update names the version it read, so a change made meanwhile is refused, not overwritten.
/// </summary>
internal sealed class NodeUpdate
{
    private readonly DockerNodeAvailability? availability;
    private readonly IDictionary<string, string> addedLabels;
    private readonly IReadOnlyList<string> removedLabels;

    // Which node each engine runs on, for the nodes read back (-PassThru).
    private readonly OncePerEngine<string?> selfNodeIds = new();

    public NodeUpdate(DockerNodeAvailability? availability, IDictionary<string, string> addedLabels, IReadOnlyList<string> removedLabels)
    {
        this.availability = availability;
        this.addedLabels = addedLabels;
        this.removedLabels = removedLabels;
    }

    /// <summary>What -WhatIf and -Confirm say is about to happen.</summary>
    public string Description =>
        string.Join(
            "; ",
            new[]
            {
                availability is { } chosen ? $"Set availability to {chosen.ToString().ToLowerInvariant()}" : null,
                addedLabels.Count > 0 ? "Add labels " + string.Join(", ", addedLabels.Select(label => $"{label.Key}={label.Value}")) : null,
                removedLabels.Count > 0 ? "Remove labels " + string.Join(", ", removedLabels) : null,
            }.Where(part => part is not null));

    public bool IsEmpty => availability is null && addedLabels.Count == 0 && removedLabels.Count == 0;

    /// <summary>Reads the node, changes its spec and writes it back.</summary>
    /// <param name="readBack">
    /// Read the node again once changed (-PassThru): one more call to the manager, and one per engine to learn its own node.
    /// </param>
    /// <returns>The node as the manager has it afterwards, when <paramref name="readBack"/>; otherwise null.</returns>
    public async Task<DockerNode?> ApplyAsync(DockerEngine engine, string reference, bool readBack, CancellationToken cancellation)
    {
        var node = await engine.Client.Swarm.InspectNodeAsync(reference, cancellation).ConfigureAwait(false);
        var spec = node.Spec ?? new NodeUpdateParameters();
        var labels = spec.Labels is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(spec.Labels, StringComparer.Ordinal);
        foreach (var label in addedLabels)
        {
            labels[label.Key] = label.Value;
        }

        foreach (var key in removedLabels)
        {
            labels.Remove(key);
        }

        var changed = new NodeUpdateParameters
        {
            Name = spec.Name,
            Role = spec.Role,
            Availability = availability is { } chosen ? chosen.ToString().ToLowerInvariant() : spec.Availability,
            Labels = labels,
        };
        await engine.Client.Swarm.UpdateNodeAsync(node.ID, node.Version?.Index ?? 0, changed, cancellation).ConfigureAwait(false);
        if (!readBack)
        {
            return null;
        }

        var updated = await engine.Client.Swarm.InspectNodeAsync(node.ID, cancellation).ConfigureAwait(false);
        var selfNodeId = await selfNodeIds.GetAsync(engine, asked => SwarmLookup.SelfNodeIdAsync(asked, cancellation)).ConfigureAwait(false);
        return SwarmMapper.ToNode(updated, engine.Endpoint, selfNodeId);
    }
}
