namespace DockerPS;

/// <summary>A volume, bind or tmpfs mount inside a container.</summary>
public sealed class DockerMount
{
    public DockerMount(string? type, string? name, string? source, string destination, string? mode, bool readWrite)
    {
        Type = type ?? "volume";
        Name = string.IsNullOrEmpty(name) ? null : name;
        Source = string.IsNullOrEmpty(source) ? null : source;
        Destination = destination;
        Mode = mode ?? string.Empty;
        ReadWrite = readWrite;
    }

    /// <summary>bind, volume, tmpfs, npipe or cluster.</summary>
    public string Type { get; }

    /// <summary>The volume's name (volumes only).</summary>
    public string? Name { get; }

    public string? Source { get; }

    public string Destination { get; }

    public string Mode { get; }

    public bool ReadWrite { get; }

    public override string ToString() => $"{Name ?? Source}:{Destination}{(ReadWrite ? string.Empty : ":ro")}";
}
