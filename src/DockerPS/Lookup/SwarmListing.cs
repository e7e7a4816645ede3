using System.Collections.Concurrent;

namespace DockerPS.Lookup;

/// <summary>
/// One kind of swarm object as a Get- cmdlet finds it: each engine listed once per command (engines are asked
/// concurrently, and each piped name asks again), and the names answered from that listing as the swarm's managers
/// match them (<see cref="SwarmLookup.Match"/>), with the -Label terms applied.
/// </summary>
internal sealed class SwarmListing<T>
    where T : notnull
{
    private readonly ConcurrentDictionary<DockerEndpoint, List<T>> listings = new();
    private readonly Func<DockerEngine, CancellationToken, Task<List<T>>> list;
    private readonly Func<T, string> id;
    private readonly Func<T, string> name;
    private readonly Func<T, IReadOnlyDictionary<string, string>> labelsOf;
    private readonly DockerObjectKind kind;

    public SwarmListing(
        Func<DockerEngine, CancellationToken, Task<List<T>>> list,
        Func<T, string> id,
        Func<T, string> name,
        Func<T, IReadOnlyDictionary<string, string>> labelsOf,
        DockerObjectKind kind)
    {
        this.list = list;
        this.id = id;
        this.name = name;
        this.labelsOf = labelsOf;
        this.kind = kind;
    }

    public async Task AnswerAsync(DockerEngine engine, IReadOnlyList<string> names, LabelFilter labels, EngineAnswer<T> answer, CancellationToken cancellation)
    {
        if (!listings.TryGetValue(engine.Endpoint, out var listed))
        {
            listed = await list(engine, cancellation).ConfigureAwait(false);
            listings[engine.Endpoint] = listed;
        }

        SwarmLookup.Answer(
            names,
            listed,
            item => labels.Admits(labelsOf(item)),
            (reference, items) => SwarmLookup.Match(reference, items, id, name, kind),
            answer);
    }
}
