using System.Collections;
using System.Management.Automation.Language;

namespace DockerPS.Completion;

/// <summary>Completes -Context with the contexts in the docker CLI's store.</summary>
public sealed class ContextNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName,
        string parameterName,
        string wordToComplete,
        CommandAst commandAst,
        IDictionary fakeBoundParameters)
    {
        try
        {
            return CompletionQuery.Matching(DockerEndpointResolver.Current.ListContextNames(), wordToComplete).ToList();
        }
        catch (System.Exception)
        {
            return Enumerable.Empty<CompletionResult>();
        }
    }
}
