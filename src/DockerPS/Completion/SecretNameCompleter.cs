using System.Collections;
using System.Management.Automation.Language;
using DockerPS.Lookup;

namespace DockerPS.Completion;

/// <summary>Completes swarm secret names.</summary>
public sealed class SecretNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName,
        string parameterName,
        string wordToComplete,
        CommandAst commandAst,
        IDictionary fakeBoundParameters)
    {
        var secrets = CompletionQuery.Run<DockerSecret>(fakeBoundParameters, async (engine, cancellation) =>
            await SwarmLookup.SecretsAsync(engine, cancellation).ConfigureAwait(false));
        return CompletionQuery.Matching(secrets.Select(secret => secret.Name), wordToComplete).ToList();
    }
}
