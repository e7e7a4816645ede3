using System;
using System.Linq;
using System.Management.Automation;
using DockerPS.Cmdlets;
using DockerPS.Completion;
using DockerPS.Engine;

namespace DockerPS.Commands;

/// <summary>docker context ls: the contexts in the docker CLI's store, with the current one marked.</summary>
[Cmdlet(VerbsCommon.Get, "DockerContext")]
[OutputType(typeof(DockerContext))]
public sealed class GetDockerContextCommand : DockerCmdlet
{
    /// <summary>Context names; wildcards allowed.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ContextNameCompleter))]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            ListContexts();
        }
        catch (DockerEndpointException e)
        {
            // An unreadable config.json: say which file and why.
            ThrowTerminatingError(Errors.DockerErrorMapper.ToErrorRecord(e, null, null));
        }
    }

    private void ListContexts()
    {
        var resolver = DockerEndpointResolver.Current;
        var current = resolver.CurrentContextName();
        var contexts = DockerContextStore.Current.List().ToList();
        var wanted = Name ?? new[] { "*" };
        foreach (var name in wanted)
        {
            var pattern = WildcardPattern.Get(name, WildcardOptions.IgnoreCase);
            var matches = contexts.Where(c => pattern.IsMatch(c.Name)).ToList();
            if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
            {
                WriteError(new ErrorRecord(new ItemNotFoundException($"context \"{name}\" does not exist"), "ContextNotFound", ErrorCategory.ObjectNotFound, name));
            }

            foreach (var (contextName, description) in matches)
            {
                try
                {
                    WriteObject(new DockerContext(contextName, description, resolver.ContextEndpoint(contextName), contextName == current));
                }
                catch (DockerEndpointException e)
                {
                    WriteError(Errors.DockerErrorMapper.ToErrorRecord(e, null, contextName));
                }
            }
        }
    }
}
