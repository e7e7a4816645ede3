using System.Collections;
using System.Management.Automation.Language;
using DockerPS.Lookup;

namespace DockerPS.Completion;

/// <summary>Completes swarm node hostnames, each with its role and availability in the tooltip.</summary>
public sealed class NodeNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName,
        string parameterName,
        string wordToComplete,
        CommandAst commandAst,
        IDictionary fakeBoundParameters)
    {
        var nodes = CompletionQuery.Run<DockerNode>(fakeBoundParameters, async (engine, cancellation) =>
            await SwarmLookup.NodesAsync(engine, markSelf: false, cancellation).ConfigureAwait(false));
        var described = nodes
            .GroupBy(node => node.Hostname, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => $"{group.Key} ({group.First().Role}, {group.First().Availability})", StringComparer.Ordinal);
        return CompletionQuery.Matching(described.Keys, wordToComplete, name => described[name]).ToList();
    }
}
