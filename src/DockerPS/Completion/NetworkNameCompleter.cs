using System.Collections;
using System.Management.Automation.Language;
using Docker.DotNet.Models;
using DockerPS.Lookup;

namespace DockerPS.Completion;

/// <summary>Completes network names; Remove- offers only the networks it may remove.</summary>
public sealed class NetworkNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName,
        string parameterName,
        string wordToComplete,
        CommandAst commandAst,
        IDictionary fakeBoundParameters)
    {
        var removing = commandName.StartsWith("Remove-", StringComparison.OrdinalIgnoreCase);
        var networks = CompletionQuery.Run<NetworkResponse>(fakeBoundParameters, async (engine, cancellation) =>
            await engine.Client.Networks.ListNetworksAsync(new NetworksListParameters(), cancellation).ConfigureAwait(false));
        var byName = networks
            .Where(network => !removing || !NetworkLookup.IsPredefined(network.Name))
            .GroupBy(network => network.Name, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => $"{group.Key} ({group.First().Driver}, {group.First().Scope})", StringComparer.Ordinal);
        return CompletionQuery.Matching(byName.Keys, wordToComplete, name => byName[name]).ToList();
    }
}
