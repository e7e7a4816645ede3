namespace DockerPS;

/// <summary>One part of an engine as docker version lists it under Server: Engine, containerd, runc; Podman Engine, Conmon.</summary>
public sealed class DockerVersionComponent
{
    internal DockerVersionComponent(string name, string version, IReadOnlyDictionary<string, string> details)
    {
        Name = name;
        Version = version;
        Details = details;
    }

    public string Name { get; }

    public string Version { get; }

    /// <summary>What else the engine says of it: GitCommit, ApiVersion, GoVersion …</summary>
    public IReadOnlyDictionary<string, string> Details { get; }

    public override string ToString() => $"{Name} {Version}";
}
