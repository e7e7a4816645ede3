using System.Collections;
using System.Management.Automation.Language;

namespace DockerPS.Completion;

/// <summary>Completes -RestartPolicy with the engine's policy names (on-failure may take :N after it).</summary>
public sealed class RestartPolicyCompleter : IArgumentCompleter
{
    private static readonly string[] Policies = { "no", "always", "unless-stopped", "on-failure" };

    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName,
        string parameterName,
        string wordToComplete,
        CommandAst commandAst,
        IDictionary fakeBoundParameters) =>
        CompletionQuery.Matching(Policies, wordToComplete).ToList();
}
