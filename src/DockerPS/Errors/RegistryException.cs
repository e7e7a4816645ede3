namespace DockerPS.Errors;

/// <summary>A registry the engine had to reach (search, pull, push) failed; the message names it and says why.</summary>
internal sealed class RegistryException : Exception
{
    public RegistryException(string registry, string message, Exception inner)
        : base(message, inner)
    {
        Registry = registry;
    }

    public string Registry { get; }

    /// <summary>Whether the registry could not be reached at all, as opposed to answering with a refusal.</summary>
    public bool IsUnreachable =>
        Says("dial tcp") || Says("no such host") || Says("connection refused") || Says("timeout") || Says("i/o timeout") || Says("server gave HTTP response");

    private bool Says(string words) => Message.IndexOf(words, StringComparison.OrdinalIgnoreCase) >= 0;
}
