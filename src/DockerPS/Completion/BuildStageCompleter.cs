using System.Collections;
using System.IO;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using System.Text.RegularExpressions;

namespace DockerPS.Completion;

/// <summary>Completes -Target with the stage names (FROM … AS name) of the Dockerfile that -File or -Path names.</summary>
public sealed class BuildStageCompleter : IArgumentCompleter
{
    private static readonly Regex StageLine = new(@"^\s*FROM\s+(?:--\S+\s+)*\S+\s+AS\s+(\S+)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName,
        string parameterName,
        string wordToComplete,
        CommandAst commandAst,
        IDictionary fakeBoundParameters)
    {
        try
        {
            var location = Runspace.DefaultRunspace?.SessionStateProxy.Path.CurrentFileSystemLocation.ProviderPath ?? Environment.CurrentDirectory;
            var context = Path.Combine(location, fakeBoundParameters["Path"] as string ?? ".");
            var dockerfile = fakeBoundParameters["File"] is string file ? Path.Combine(location, file) : Path.Combine(context, "Dockerfile");
            var stages = File.ReadLines(dockerfile)
                .Select(line => StageLine.Match(line))
                .Where(match => match.Success)
                .Select(match => match.Groups[1].Value);
            return CompletionQuery.Matching(stages, wordToComplete).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or PSInvalidOperationException)
        {
            // No Dockerfile to read (yet): nothing to offer.
            return Array.Empty<CompletionResult>();
        }
    }
}
