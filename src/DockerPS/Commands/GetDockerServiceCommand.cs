using System.Collections.Concurrent;
using DockerPS.Completion;
using DockerPS.Lookup;

namespace DockerPS.Commands;

/// <summary>docker service ls / docker service inspect: lists a Swarm manager's services, with their running and desired tasks.</summary>
[Cmdlet(VerbsCommon.Get, "DockerService")]
[OutputType(typeof(DockerService))]
public sealed class GetDockerServiceCommand : DockerLookupCmdlet
{
    // Engines are asked concurrently, so the per-engine listings are shared between threads.
    private readonly ConcurrentDictionary<DockerEndpoint, List<DockerService>> listings = new();
    private LabelFilter labels = LabelFilter.Parse(null);

    /// <summary>Names (wildcards allowed) or ids (full or a unique prefix), or services (or their tasks) from the pipeline.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    [Alias("ServiceName")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ServiceNameCompleter))]
    public DockerServiceIdentity[]? Name { get; set; }

    /// <summary>Only services with these labels: key, key=value; without them: key!=value, !key.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Label { get; set; }

    private protected override bool ListsWholeEngines => true;

    protected override void BeginProcessing() => labels = LabelFilter.FromParameter(Label);

    protected override void ProcessRecord() =>
        RunLookup<DockerService>(Name, DockerObjectKind.Service, SelectAsync);

    /// <summary>The services one engine has for the names (or all of them), and the names it lacks.</summary>
    private async Task SelectAsync(DockerEngine engine, IReadOnlyList<string> names, EngineAnswer<DockerService> answer, CancellationToken cancellation)
    {
        if (!listings.TryGetValue(engine.Endpoint, out var listed))
        {
            listed = await ServiceLookup.ListAsync(engine, cancellation).ConfigureAwait(false);
            listings[engine.Endpoint] = listed;
        }

        SwarmLookup.Answer(names, listed, service => labels.Admits(service.Labels), ReferenceMatcher.Services, answer);
    }
}
