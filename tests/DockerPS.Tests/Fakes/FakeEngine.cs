using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using DockerPS.Engine;

namespace DockerPS.Tests.Fakes;

/// <summary>
/// An engine that exists only in this test: its endpoint (unix:///fake/…) is registered with the engine registry,
/// so every cmdlet given -HostAddress <see cref="Address"/> talks to these fake operations and nothing else.
/// </summary>
public sealed class FakeEngine : IDisposable
{
    /// <param name="apiVersion">The API the engine agreed to, 1.41 (dockerd 20.10, Podman 4) unless given.</param>
    /// <param name="engineVersion">The engine's own version, 20.10.24 (or Podman's 4.3.1) unless given.</param>
    public FakeEngine(bool podman = false, string? address = null, DockerTlsSettings? tls = null, Version? apiVersion = null, string? engineVersion = null)
    {
        Address = address ?? $"unix:///fake/{Guid.NewGuid():N}.sock";
        Endpoint = new DockerEndpoint(new Uri(Address), DockerEndpointSource.HostParameter, tls: tls);
        var client = new FakeDockerClient(this, burst: false);
        var burstClient = new Lazy<IDockerClient>(() => new FakeDockerClient(this, burst: true));
        Engine = new DockerEngine(Endpoint, client, apiVersion ?? new Version(1, 41), engineVersion ?? (podman ? "4.3.1" : "20.10.24"), "linux", podman, burstClient);
        DockerEngines.Add(Engine);
    }

    public string Address { get; }

    internal DockerEndpoint Endpoint { get; }

    internal DockerEngine Engine { get; }

    public FakeOperations<IContainerOperations> Containers { get; } = FakeOperations<IContainerOperations>.Create();

    public FakeOperations<IImageOperations> Images { get; } = FakeOperations<IImageOperations>.Create();

    public FakeOperations<IExecOperations> Exec { get; } = FakeOperations<IExecOperations>.Create();

    public FakeOperations<ISystemOperations> System { get; } = FakeOperations<ISystemOperations>.Create();

    public FakeOperations<IVolumeOperations> Volumes { get; } = FakeOperations<IVolumeOperations>.Create();

    public FakeOperations<INetworkOperations> Networks { get; } = FakeOperations<INetworkOperations>.Create();

    public FakeOperations<ISwarmOperations> Swarm { get; } = FakeOperations<ISwarmOperations>.Create();

    public FakeOperations<ITasksOperations> Tasks { get; } = FakeOperations<ITasksOperations>.Create();

    public FakeOperations<ISecretsOperations> Secrets { get; } = FakeOperations<ISecretsOperations>.Create();

    public FakeOperations<IConfigOperations> Configs { get; } = FakeOperations<IConfigOperations>.Create();

    /// <summary>
    /// The requests Docker.DotNet has no model for (DockerPS sends them itself: /system/df's older shape, the build
    /// cache prune), as "METHOD path?query", in order.
    /// </summary>
    public IReadOnlyList<string> RawCalls => rawCalls.ToList();

    /// <summary>The calls made through the client for transfers (DockerEngine.BurstClient), as "Images.SaveImagesAsync", in order.</summary>
    public IReadOnlyList<string> BurstCalls => burstCalls.Select(call => call()).ToList();

    /// <summary>How many calls reached the engine, of any kind.</summary>
    public int CallCount =>
        Containers.Calls.Count + Images.Calls.Count + Exec.Calls.Count + System.Calls.Count + Volumes.Calls.Count + Networks.Calls.Count + Swarm.Calls.Count + Tasks.Calls.Count + Secrets.Calls.Count + Configs.Calls.Count + rawCalls.Count;

    private readonly ConcurrentQueue<string> rawCalls = new();
    private readonly ConcurrentQueue<Func<string>> burstCalls = new();
    private Func<HttpMethod, string, CancellationToken, Task<(HttpStatusCode Status, string Body)>>? rawAnswer;

    /// <summary>Answers the raw requests: the method and the path after /v{API}/, with its query; the status and JSON body to send back.</summary>
    public void OnRaw(Func<HttpMethod, string, (HttpStatusCode Status, string Body)> answer) =>
        rawAnswer = (method, path, _) => Task.FromResult(answer(method, path));

    /// <summary>Answers the raw requests in time, or never (an engine's wait for a condition): cancellation comes as the token.</summary>
    public void OnRaw(Func<HttpMethod, string, CancellationToken, Task<(HttpStatusCode Status, string Body)>> answer) => rawAnswer = answer;

    public void Dispose() => DockerEngines.Remove(Endpoint);

    private sealed class FakeDockerClient : IDockerClient, IRawRequestAnswerer
    {
        private readonly FakeEngine engine;
        private readonly bool burst;

        public FakeDockerClient(FakeEngine engine, bool burst)
        {
            this.engine = engine;
            this.burst = burst;
        }

        public Docker.DotNet.Handler.Abstractions.ResolvedClientOptions Options => throw Unsupported(nameof(Options));

        public IContainerOperations Containers => Through(nameof(Containers), engine.Containers);

        public IImageOperations Images => Through(nameof(Images), engine.Images);

        public INetworkOperations Networks => Through(nameof(Networks), engine.Networks);

        public IVolumeOperations Volumes => Through(nameof(Volumes), engine.Volumes);

        public ISecretsOperations Secrets => Through(nameof(Secrets), engine.Secrets);

        public IConfigOperations Configs => Through(nameof(Configs), engine.Configs);

        public ISwarmOperations Swarm => Through(nameof(Swarm), engine.Swarm);

        public ITasksOperations Tasks => Through(nameof(Tasks), engine.Tasks);

        public ISystemOperations System => Through(nameof(System), engine.System);

        public IPluginOperations Plugin => throw Unsupported(nameof(Plugin));

        public IExecOperations Exec => Through(nameof(Exec), engine.Exec);

        public IDistributionOperations Distribution => throw Unsupported(nameof(Distribution));

        public void Dispose()
        {
        }

        // The burst client's next call on these operations is the one about to be made: named once it is.
        private T Through<T>(string name, FakeOperations<T> operations)
            where T : class
        {
            if (burst)
            {
                var index = operations.Calls.Count;
                engine.burstCalls.Enqueue(() => index < operations.Calls.Count ? $"{name}.{operations.Calls[index].Method}" : $"{name}.(no call)");
            }

            return operations.Interface;
        }

        public Task<(HttpStatusCode Status, string Body)> AnswerAsync(HttpMethod method, string pathAndQuery, CancellationToken cancellation)
        {
            engine.rawCalls.Enqueue($"{method} {pathAndQuery}");
            return engine.rawAnswer is { } answer
                ? answer(method, pathAndQuery, cancellation)
                : throw new NotSupportedException($"The fake engine was not told how to answer {method} {pathAndQuery}.");
        }

        private static NotSupportedException Unsupported(string operations) => new($"The fake engine has no {operations} operations yet.");
    }
}
