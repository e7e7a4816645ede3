using System.Collections.Concurrent;
using DockerPS.Completion;
using DockerPS.Lookup;

namespace DockerPS.Commands;

/// <summary>docker secret ls: lists the swarm's secrets by name; with names, finds those secrets. Asks a swarm manager.</summary>
[Cmdlet(VerbsCommon.Get, "DockerSecret")]
[OutputType(typeof(DockerSecret))]
public sealed class GetDockerSecretCommand : DockerLookupCmdlet
{
    // Engines are asked concurrently, and each piped name asks again: one listing per engine serves them all.
    private readonly ConcurrentDictionary<DockerEndpoint, List<DockerSecret>> listings = new();
    private LabelFilter labels = LabelFilter.Parse(null);

    /// <summary>Names or ids (full or a unique prefix; wildcards allowed), or secrets from the pipeline.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    [Alias("SecretName", "Id")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SecretNameCompleter))]
    public DockerSecretIdentity[]? Name { get; set; }

    /// <summary>Only secrets with these labels: key, key=value; without them: key!=value, !key.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Label { get; set; }

    private protected override bool ListsWholeEngines => true;

    protected override void BeginProcessing() => labels = LabelFilter.FromParameter(Label);

    protected override void ProcessRecord() =>
        RunLookup<DockerSecret>(Name, DockerObjectKind.Secret, SelectAsync);

    private async Task SelectAsync(DockerEngine engine, IReadOnlyList<string> names, EngineAnswer<DockerSecret> answer, CancellationToken cancellation)
    {
        if (!listings.TryGetValue(engine.Endpoint, out var listed))
        {
            listed = await SwarmLookup.SecretsAsync(engine, cancellation).ConfigureAwait(false);
            listings[engine.Endpoint] = listed;
        }

        SwarmLookup.Answer(
            names,
            listed,
            item => labels.Admits(item.Labels),
            (name, items) => SwarmLookup.Match(name, items, item => item.Id, item => item.Name, DockerObjectKind.Secret),
            answer);
    }
}
