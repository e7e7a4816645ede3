using System.Collections;
using System.Management.Automation.Language;
using DockerPS.Events;

namespace DockerPS.Completion;

/// <summary>Completes -Action with the actions docker events documents for the -Type given (for every type without one).</summary>
public sealed class EventActionCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName,
        string parameterName,
        string wordToComplete,
        CommandAst commandAst,
        IDictionary fakeBoundParameters)
    {
        var types = fakeBoundParameters["Type"] switch
        {
            string one => new[] { one },
            IEnumerable several => several.Cast<object?>().Select(type => type?.ToString() ?? string.Empty).ToArray(),
            _ => null,
        };
        return CompletionQuery.Matching(EventCatalog.ActionsOf(types?.Select(type => type.Trim().ToLowerInvariant())), wordToComplete).ToList();
    }
}
