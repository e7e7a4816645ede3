namespace DockerPS.Engine;

/// <summary>Why an engine address could not be resolved or used; the message is meant for the user.</summary>
internal sealed class DockerEndpointException : Exception
{
    public DockerEndpointException(string errorId, string message, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
    }

    /// <summary>A stable identifier for scripts, such as ContextNotFound or UnsupportedEndpointScheme.</summary>
    public string ErrorId { get; }
}
