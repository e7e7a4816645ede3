namespace DockerPS.Internal;

/// <summary>
/// Hands each report to the handler on the thread that reads the engine's stream, unlike Progress&lt;T&gt;, which would
/// post it to a synchronization context: the handler sees the reports in order, and a slow one holds the stream back.
/// </summary>
internal sealed class SynchronousProgress<T> : IProgress<T>
{
    private readonly Action<T> handler;

    public SynchronousProgress(Action<T> handler) => this.handler = handler;

    public void Report(T value) => handler(value);
}
