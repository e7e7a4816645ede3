using System.Collections;
using System.Management.Automation.Language;
using DockerPS.Lookup;

namespace DockerPS.Completion;

/// <summary>Completes swarm config names.</summary>
public sealed class ConfigNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName,
        string parameterName,
        string wordToComplete,
        CommandAst commandAst,
        IDictionary fakeBoundParameters)
    {
        var configs = CompletionQuery.Run<DockerConfig>(fakeBoundParameters, async (engine, cancellation) =>
            await SwarmLookup.ConfigsAsync(engine, cancellation).ConfigureAwait(false));
        return CompletionQuery.Matching(configs.Select(config => config.Name), wordToComplete).ToList();
    }
}
