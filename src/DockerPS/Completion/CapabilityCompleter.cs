using System.Collections;
using System.Management.Automation.Language;
using DockerPS.Containers;

namespace DockerPS.Completion;

/// <summary>Completes -CapabilityAdd and -CapabilityDrop with the kernel's capability names.</summary>
public sealed class CapabilityCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName,
        string parameterName,
        string wordToComplete,
        CommandAst commandAst,
        IDictionary fakeBoundParameters) =>
        CompletionQuery.Matching(CapabilityNames.All, wordToComplete).ToList();
}
