using DockerPS.Completion;

namespace DockerPS.Cmdlets;

/// <summary>
/// A Get- cmdlet about whole engines (docker info, version, system df, events): it asks the engine the engine options name,
/// or every one named by -Context or by contexts from the pipeline (Get-DockerContext prod-* | Get-DockerInfo), all
/// at once once the input has come.
/// </summary>
public abstract class DockerEngineWideCmdlet : DockerEngineCmdlet
{
    private readonly List<DockerContextIdentity> piped = new();

    /// <summary>Contexts from the pipeline (Get-DockerContext), or their names: each one's engine is asked.</summary>
    [Parameter(ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ContextNameCompleter))]
    public DockerContextIdentity[]? InputObject { get; set; }

    /// <summary>Asks the engines, on the pipeline thread's terms (see <see cref="DockerEngineCmdlet"/>).</summary>
    private protected abstract void AskEngines(IReadOnlyList<DockerEndpoint> endpoints);

    protected override void ProcessRecord() => piped.AddRange(Accepted(InputObject ?? Array.Empty<DockerContextIdentity>()));

    protected override void EndProcessing()
    {
        if (InputObject is not null && piped.Count == 0)
        {
            return;
        }

        AskEngines(piped.Count == 0 ? EndpointsFor(null) : EndpointsOf(piped));
    }

    private IReadOnlyList<DockerEndpoint> EndpointsOf(IEnumerable<DockerContextIdentity> contexts)
    {
        var resolver = Resolver;
        try
        {
            return contexts.Select(context => context.Reference).Distinct(StringComparer.Ordinal).Select(resolver.ContextEndpoint).ToList();
        }
        catch (DockerEndpointException e)
        {
            throw new ErrorRecordException(DockerErrorMapper.ToErrorRecord(e, null, null));
        }
    }
}
