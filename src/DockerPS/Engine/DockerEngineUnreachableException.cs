namespace DockerPS.Engine;

/// <summary>The engine did not answer: not running, wrong address, no permission on the socket, TLS refused, or ssh failed.</summary>
internal sealed class DockerEngineUnreachableException : Exception
{
    public DockerEngineUnreachableException(DockerEndpoint endpoint, EngineFailure failure, string message, Exception? inner)
        : base(message, inner)
    {
        Endpoint = endpoint;
        Failure = failure;
    }

    public DockerEndpoint Endpoint { get; }

    public EngineFailure Failure { get; }
}

internal enum EngineFailure
{
    NotListening,
    PermissionDenied,
    TlsRejected,
    TimedOut,
    SshFailed,
}
