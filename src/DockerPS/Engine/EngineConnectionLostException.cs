using System.IO;
using System.Net.Http;
using System.Net.Sockets;

namespace DockerPS.Engine;

/// <summary>
/// An engine that answered before stopped answering in the middle of a command: the connection broke, the
/// engine went away, or a stream ended before its end.
/// </summary>
internal sealed class EngineConnectionLostException : Exception
{
    public EngineConnectionLostException(DockerEndpoint endpoint, Exception inner)
        : base($"Lost the connection to the Docker engine at {endpoint.Address}: {Reason(inner)}", inner)
    {
        Endpoint = endpoint;
    }

    public DockerEndpoint Endpoint { get; }

    /// <summary>
    /// Whether a failure of work against an engine means the connection to it is gone. The engine's refusals come as
    /// DockerApiException; the HTTP client's own failures are the transport's (an answer cut short surfaces as
    /// anything from an I/O error to "Sequence contains no elements" while the empty answer is parsed). Local files'
    /// failures are worded where they happen (ErrorRecordException), so the I/O failures left are the engine's.
    /// </summary>
    public static bool Describes(Exception failure) => failure switch
    {
        FileNotFoundException or DirectoryNotFoundException or PathTooLongException => false,
        HttpRequestException or IOException or SocketException => !WordedWithin(failure),
        _ => false,
    };

    /// <summary>The failure itself when it is no lost connection; else the lost connection, naming the engine.</summary>
    public static Exception For(DockerEndpoint endpoint, Exception failure) =>
        Describes(failure) ? new EngineConnectionLostException(endpoint, failure) : failure;

    private static bool WordedWithin(Exception failure)
    {
        for (var inner = failure.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is ErrorRecordException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What broke, in words: the socket's, or that the engine stopped before its answer ended.</summary>
    private static string Reason(Exception failure)
    {
        for (var inner = failure; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.Message;
            }

            if (inner is EndOfStreamException || inner.Message.IndexOf("ended prematurely", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return "it closed the connection before its answer was complete.";
            }
        }

        var innermost = failure;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        return innermost.Message;
    }
}
