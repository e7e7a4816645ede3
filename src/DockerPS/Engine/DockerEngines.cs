using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Security.Authentication;
using DockerPS.Internal;

namespace DockerPS.Engine;

/// <summary>
/// The process's engines: one client per endpoint, built on first use after asking the engine for its API
/// range, then reused by every cmdlet call. A failed connection is not remembered, so the next call tries again.
/// Tests put an engine with a client of their own under an endpoint of their own (<see cref="Add"/>), and every
/// cmdlet pointed at that endpoint talks to it.
/// </summary>
internal static class DockerEngines
{
    /// <summary>How long an engine may take to answer /version before it counts as unreachable.</summary>
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    private static readonly ConcurrentDictionary<DockerEndpoint, Lazy<Task<DockerEngine>>> Engines = new();

    public static Task<DockerEngine> GetAsync(DockerEndpoint endpoint, CancellationToken cancellation) =>
        GetAsync(endpoint, null, cancellation);

    /// <param name="connectTimeout">
    /// How long the engine may take to answer when first reached (-ConnectTimeout); null leaves each transport its own.
    /// </param>
    public static async Task<DockerEngine> GetAsync(DockerEndpoint endpoint, TimeSpan? connectTimeout, CancellationToken cancellation)
    {
        var lazy = Engines.GetOrAdd(endpoint, key => new Lazy<Task<DockerEngine>>(() => ConnectAsync(key, connectTimeout)));
        try
        {
            var connecting = lazy.Value;
            if (connectTimeout is { } limit && !connecting.IsCompleted)
            {
                // Another call may be connecting with a longer limit: this one waits no longer than its own.
                using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
                waiting.CancelAfter(limit);
                try
                {
                    return (await connecting.WaitAsync(waiting.Token).ConfigureAwait(false)).As(endpoint);
                }
                catch (OperationCanceledException e) when (!cancellation.IsCancellationRequested)
                {
                    // The connection may have ended as the limit came (its probe has the same limit): its own outcome
                    // says more, the engine or why not.
                    return connecting.IsCompleted
                        ? (await connecting.ConfigureAwait(false)).As(endpoint)
                        : throw Unreachable(endpoint, e, timedOut: true);
                }
            }

            // The connection is shared, so one caller's Ctrl+C abandons only its own wait.
            return (await connecting.WaitAsync(cancellation).ConfigureAwait(false)).As(endpoint);
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            Engines.TryRemove(endpoint, out _);
            throw;
        }
    }

    /// <summary>Makes <paramref name="engine"/> the one its endpoint reaches, in place of a connection.</summary>
    public static void Add(DockerEngine engine) =>
        Engines[engine.Endpoint] = new Lazy<Task<DockerEngine>>(() => Task.FromResult(engine));

    /// <summary>Forgets the engine of an endpoint; the next call connects again.</summary>
    public static void Remove(DockerEndpoint endpoint) => Engines.TryRemove(endpoint, out _);

    private static async Task<DockerEngine> ConnectAsync(DockerEndpoint endpoint, TimeSpan? connectTimeout)
    {
        var authentication = DockerTls.CreateAuthProvider(endpoint);
        var ssh = endpoint.Uri.Scheme == "ssh";

        // Over ssh the first call also makes the ssh connection, which may take as long as ssh allows.
        var probeTimeout = connectTimeout ?? (ssh ? SshTransport.ConnectTimeout : ProbeTimeout);
        var local = endpoint.Uri.Scheme == "unix" && UnixSocketTransport.Available;

        // The probe goes over the transport the client will use, so a session's first call starts one HTTP stack, not two.
        IDockerClient Build(DockerClientBuilder builder) =>
            ssh ? builder.WithTransportOptions(SshTransport.Instance, endpoint.Uri).Build()
            : local ? builder.WithTransportOptions(UnixSocketTransport.Instance, endpoint.Uri.LocalPath).Build()
            : builder.Build();

        Docker.DotNet.Models.VersionResponse version;
        using (var probe = Build(new DockerClientBuilder().WithEndpoint(endpoint.Uri).WithAuthProvider(authentication).WithTimeout(probeTimeout)))
        using (var timeout = new CancellationTokenSource(probeTimeout))
        {
            try
            {
                version = await probe.System.GetVersionAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not DockerApiException)
            {
                throw Unreachable(endpoint, e, timeout.IsCancellationRequested);
            }
        }

        var apiVersion = ApiVersionPolicy.Choose(
            endpoint.Address,
            version.APIVersion,
            version.MinAPIVersion,
            DockerCliEnvironment.Current.Get("DOCKER_API_VERSION"));
        var builder = new DockerClientBuilder()
            .WithEndpoint(endpoint.Uri)
            .WithAuthProvider(authentication)
            .WithApiVersion(apiVersion)
            // Like the docker CLI, no time limit: a stop with a long -Timeout or a big pull may take minutes;
            // Ctrl+C cancels.
            .WithTimeout(System.Threading.Timeout.InfiniteTimeSpan);
        var client = Build(builder);
        var burstClient = local
            ? new Lazy<IDockerClient>(() => builder.WithTransportOptions(UnixSocketTransport.ForBursts, endpoint.Uri.LocalPath).Build())
            : null;
        var isPodman = version.Components?.Any(component => component.Name?.IndexOf("Podman", StringComparison.OrdinalIgnoreCase) >= 0) == true;
        return new DockerEngine(endpoint, client, apiVersion, version.Version, version.Os, isPodman, burstClient);
    }

    /// <summary>Which side refused the TLS handshake, and what to check.</summary>
    private static string TlsReason(DockerEndpoint endpoint, Exception failure)
    {
        var tls = endpoint.Tls;
        return failure.Message.IndexOf("RemoteCertificateValidationCallback", StringComparison.Ordinal) >= 0
            ? $"the engine's certificate was not accepted: it is not signed by {tls?.CertificateAuthorityPath ?? "a trusted CA"}, or not issued for this host name."
            : $"the engine refused the TLS handshake ({failure.Message}); it may want a client certificate: cert.pem and key.pem {(tls?.CertificatePath is { } cert ? "from " + System.IO.Path.GetDirectoryName(cert) : "(DOCKER_CERT_PATH)")}.";
    }

    /// <summary>Words the docker CLI uses for the same failures, so users recognise them.</summary>
    internal static DockerEngineUnreachableException Unreachable(DockerEndpoint endpoint, Exception failure, bool timedOut)
    {
        var address = endpoint.Address;
        for (var inner = failure; inner is not null; inner = inner.InnerException)
        {
            if (inner is UnauthorizedAccessException
                || inner is SocketException { SocketErrorCode: SocketError.AccessDenied })
            {
                return new DockerEngineUnreachableException(
                    endpoint,
                    EngineFailure.PermissionDenied,
                    $"permission denied while trying to connect to the Docker daemon socket at {address}: {inner.Message}",
                    failure);
            }

            if (inner is SshFailedException sshFailed)
            {
                return new DockerEngineUnreachableException(
                    endpoint,
                    EngineFailure.SshFailed,
                    $"Cannot connect to the Docker daemon at {address}: ssh exited with status {sshFailed.ExitCode}: {sshFailed.Message} " +
                    "(check the host name, your ssh keys and known_hosts, and that docker 18.09 or later is installed on the remote host)",
                    failure);
            }

            if (inner is AuthenticationException)
            {
                return new DockerEngineUnreachableException(
                    endpoint,
                    EngineFailure.TlsRejected,
                    $"Cannot connect to the Docker daemon at {address}: {TlsReason(endpoint, inner)}",
                    failure);
            }
        }

        return new DockerEngineUnreachableException(
            endpoint,
            timedOut ? EngineFailure.TimedOut : EngineFailure.NotListening,
            $"Cannot connect to the Docker daemon at {address}. Is the docker daemon running?",
            failure);
    }
}
