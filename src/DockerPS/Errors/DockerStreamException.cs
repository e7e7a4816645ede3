namespace DockerPS.Errors;

/// <summary>An error the engine reported inside a progress stream (errorDetail), after answering 200 OK.</summary>
internal sealed class DockerStreamException : Exception
{
    public DockerStreamException(string message, long? code)
        : base(message)
    {
        Code = code;
    }

    /// <summary>The HTTP-like code the engine attached, when it did.</summary>
    public long? Code { get; }
}
