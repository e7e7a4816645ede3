namespace DockerPS.Engine;

/// <summary>A connected engine: one client per endpoint, speaking the API version agreed with it.</summary>
internal sealed class DockerEngine
{
    private readonly Lazy<IDockerClient>? burstClient;

    public DockerEngine(DockerEndpoint endpoint, IDockerClient client, Version apiVersion, string engineVersion, string operatingSystem, bool isPodman = false, Lazy<IDockerClient>? burstClient = null)
    {
        Endpoint = endpoint;
        Client = client;
        this.burstClient = burstClient;
        ApiVersion = apiVersion;
        EngineVersion = engineVersion;
        OperatingSystem = operatingSystem;
        IsPodman = isPodman;
    }

    public DockerEndpoint Endpoint { get; }

    /// <summary>
    /// The same connection, named as this call reached it: two contexts for one engine share a client, but each
    /// object records the context it was asked through.
    /// </summary>
    public DockerEngine As(DockerEndpoint endpoint) =>
        ReferenceEquals(endpoint, Endpoint) || endpoint.Context == Endpoint.Context && endpoint.Source == Endpoint.Source
            ? this
            : new DockerEngine(endpoint, Client, ApiVersion, EngineVersion, OperatingSystem, IsPodman, burstClient);

    /// <summary>The engine's API; a test gives a fake one through <see cref="DockerEngines.Add"/>.</summary>
    public IDockerClient Client { get; }

    /// <summary>
    /// The client for a transfer that goes as fast as both ends allow from its start to its end: an image archive saved
    /// or loaded, a container's files exported or copied out, a log read without -Follow, an exec's output for a
    /// file, a past window of events. Over connections the runtime does not watch for events
    /// (<see cref="UnpolledSocketStream"/>) where the engine is on a local socket: watched, each of the engine's writes
    /// costs a hop to the event thread and another to a pool thread, as much CPU as the copy itself.
    /// </summary>
    public IDockerClient BurstClient => burstClient?.Value ?? Client;

    /// <summary>
    /// The client to read a stream with: <see cref="BurstClient"/> for one read to its end; a stream that may wait
    /// between writes (a followed log, an exec's lines for the pipeline, events still to come) keeps the runtime's own
    /// sockets, which wait without holding a thread.
    /// </summary>
    public IDockerClient StreamClient(bool waitsBetweenWrites) => waitsBetweenWrites ? Client : BurstClient;

    public Version ApiVersion { get; }

    public string EngineVersion { get; }

    /// <summary>linux or windows: the engine's platform, not ours.</summary>
    public string OperatingSystem { get; }

    /// <summary>
    /// Podman's Docker-compatible API rather than a dockerd (its /version lists a "Podman Engine" component):
    /// the few places where Podman answers differently look at this.
    /// </summary>
    public bool IsPodman { get; }

    /// <summary>Docker or Podman, for messages.</summary>
    public string Product => IsPodman ? "Podman" : "Docker";
}
