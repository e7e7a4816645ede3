namespace DockerPS;

/// <summary>A docker context: a named engine address (with its TLS material) in the docker CLI's own store.</summary>
public sealed class DockerContext
{
    internal DockerContext(string name, string? description, DockerEndpoint endpoint, bool isCurrent)
    {
        Name = name;
        Description = string.IsNullOrEmpty(description) ? null : description;
        Endpoint = endpoint;
        IsCurrent = isCurrent;
    }

    public string Name { get; }

    public string? Description { get; }

    /// <summary>The engine the context names; DockerPS cmdlets accept this object's Endpoint from the pipeline.</summary>
    public DockerEndpoint Endpoint { get; }

    /// <summary>The engine's address, as docker context ls shows it.</summary>
    public string DockerEndpoint => Endpoint.Address;

    /// <summary>Whether the context carries TLS material (or skips TLS verification).</summary>
    public bool Tls => Endpoint.Tls is not null;

    /// <summary>Whether this is the context the docker CLI (and DockerPS) uses when none is named.</summary>
    public bool IsCurrent { get; }

    public override string ToString() => Name;
}
