using System.Collections.Concurrent;

namespace DockerPS.Engine;

/// <summary>
/// Something a batch asks each of its engines once, however many of its items need it and however many ask at once:
/// the first to ask starts the call, the others await the same answer (or failure).
/// </summary>
internal sealed class OncePerEngine<T>
{
    private readonly ConcurrentDictionary<DockerEndpoint, Lazy<Task<T>>> answers = new();

    public Task<T> GetAsync(DockerEngine engine, Func<DockerEngine, Task<T>> ask) =>
        answers.GetOrAdd(engine.Endpoint, _ => new Lazy<Task<T>>(() => ask(engine))).Value;
}
