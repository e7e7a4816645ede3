namespace DockerPS.Engine;

/// <summary>A kind of engine object, as errors and messages name it.</summary>
internal sealed class DockerObjectKind
{
    public static readonly DockerObjectKind Container = new("Container", "container");
    public static readonly DockerObjectKind Image = new("Image", "image");
    public static readonly DockerObjectKind Volume = new("Volume", "volume");
    public static readonly DockerObjectKind Network = new("Network", "network");
    public static readonly DockerObjectKind Node = new("Node", "node");
    public static readonly DockerObjectKind Secret = new("Secret", "secret");
    public static readonly DockerObjectKind Config = new("Config", "config");
    public static readonly DockerObjectKind Service = new("Service", "service");
    public static readonly DockerObjectKind Task = new("Task", "task");

    private DockerObjectKind(string name, string noun)
    {
        Name = name;
        Noun = noun;
    }

    /// <summary>The kind in error ids: ContainerNotFound, AmbiguousImageReference.</summary>
    public string Name { get; }

    /// <summary>The kind in the engine's words: No such container.</summary>
    public string Noun { get; }
}
