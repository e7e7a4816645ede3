using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Docker.DotNet.Handler.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Client;

namespace DockerPS.Engine;

/// <summary>
/// Docker.DotNet's HTTP client over a unix socket, as the library's own unix transport builds it, with each
/// connection behind an <see cref="AnswerGuardStream"/> so an engine lost in the middle of an answer's headers is
/// a lost connection, not an empty answer. <see cref="ForBursts"/>'s connections are blocking sockets the runtime
/// never watches for events (<see cref="UnpolledSocketStream"/>), for transfers that go in one burst and end. Needs
/// the runtime's UnixDomainSocketEndPoint (PowerShell 7); where it is missing, <see cref="Available"/> is false and
/// the library's transport is used.
/// </summary>
internal sealed class UnixSocketTransport : IDockerHandlerFactory<string>
{
    // netstandard2.0 does not name the type; PowerShell 7's runtime has it.
    private static readonly Type? EndPointType = Type.GetType("System.Net.Sockets.UnixDomainSocketEndPoint, System.Net.Sockets", throwOnError: false);

    public static readonly UnixSocketTransport Instance = new(unpolled: false);

    /// <summary>Connections the runtime never watches for events (<see cref="UnpolledSocketStream"/>), for transfers that go in one burst.</summary>
    public static readonly UnixSocketTransport ForBursts = new(unpolled: true);

    private readonly bool unpolled;

    private UnixSocketTransport(bool unpolled) => this.unpolled = unpolled;

    public static bool Available => EndPointType is not null;

    public ResolvedTransport CreateHandler(ResolvedClientOptions clientOptions, ILogger logger) =>
        CreateHandler(clientOptions.Endpoint.LocalPath, clientOptions, logger);

    /// <param name="transportOptions">The socket's path.</param>
    public ResolvedTransport CreateHandler(string transportOptions, ResolvedClientOptions clientOptions, ILogger logger)
    {
        // Made once for all the handler's connections: made by reflection for each, the runtime compiled the
        // constructor's call stub again after every collection that dropped it.
        var endPoint = (EndPoint)Activator.CreateInstance(EndPointType!, transportOptions)!;
        var handler = new ManagedHandler(
            async (_, _, cancellation) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    if (unpolled)
                    {
                        // A local socket connects at once or not at all.
                        socket.Connect(endPoint);
                        return new AnswerGuardStream(new UnpolledSocketStream(socket), () => socket.Shutdown(SocketShutdown.Send));
                    }

                    using (cancellation.Register(socket.Dispose))
                    {
                        await socket.ConnectAsync(endPoint).ConfigureAwait(false);
                    }

                    return new AnswerGuardStream(new NetworkStream(socket, ownsSocket: true), () => socket.Shutdown(SocketShutdown.Send));
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            logger);

        // The host names nothing on a socket; the library's transport puts the socket's file name there.
        return new ResolvedTransport(handler, new UriBuilder(Uri.UriSchemeHttp, clientOptions.Endpoint.Segments.Last()).Uri);
    }

    public Task<WriteClosableStream> HijackStreamAsync(HttpContent content) =>
        content is HttpConnectionResponseContent hijackable
            ? Task.FromResult(hijackable.HijackStream())
            : throw new NotSupportedException("This answer cannot be taken over as a raw stream.");
}
