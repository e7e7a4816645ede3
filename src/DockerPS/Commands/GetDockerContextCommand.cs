using DockerPS.Completion;

namespace DockerPS.Commands;

/// <summary>docker context ls: the contexts in the docker CLI's store, with the current one marked.</summary>
[Cmdlet(VerbsCommon.Get, "DockerContext")]
[OutputType(typeof(DockerContext))]
public sealed class GetDockerContextCommand : DockerCmdlet
{
    /// <summary>Context names, wildcards allowed, or contexts from the pipeline.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ContextNameCompleter))]
    public DockerContextIdentity[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            ListContexts();
        }
        catch (DockerEndpointException e)
        {
            // An unreadable config.json: say which file and why.
            ThrowFailure(e);
        }
    }

    private void ListContexts()
    {
        var resolver = Resolver;
        var current = resolver.CurrentContextName();
        var contexts = DockerContextStore.Current.List().ToList();
        var wanted = Name is null ? new[] { "*" } : Accepted(Name).Select(context => context.Reference).ToArray();
        foreach (var name in wanted)
        {
            var pattern = WildcardPattern.Get(name, WildcardOptions.IgnoreCase);
            var matches = contexts.Where(c => pattern.IsMatch(c.Name)).ToList();
            if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
            {
                WriteError(DockerErrors.ContextNotFound(name));
            }

            foreach (var (contextName, description) in matches)
            {
                try
                {
                    WriteObject(new DockerContext(contextName, description, resolver.ContextEndpoint(contextName), contextName == current));
                }
                catch (DockerEndpointException e)
                {
                    WriteError(DockerErrorMapper.ToErrorRecord(e, null, contextName));
                }
            }
        }
    }
}
