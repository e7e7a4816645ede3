using System.Collections;
using System.Management.Automation.Language;
using DockerPS.Events;

namespace DockerPS.Completion;

/// <summary>Completes -Type with the engine's event types: container, image, volume, network …</summary>
public sealed class EventTypeCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName,
        string parameterName,
        string wordToComplete,
        CommandAst commandAst,
        IDictionary fakeBoundParameters) =>
        CompletionQuery.Matching(EventCatalog.Actions.Keys, wordToComplete).ToList();
}
