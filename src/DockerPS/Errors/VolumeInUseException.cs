namespace DockerPS.Errors;

/// <summary>The engine refused to remove a volume because containers, running or not, use it.</summary>
internal sealed class VolumeInUseException : Exception
{
    public VolumeInUseException(string volume, IReadOnlyList<string> containers, string daemonMessage, Exception inner)
        : base($"Volume {volume} is in use by {Users(containers)}; remove {(containers.Count > 1 ? "them" : "it")} first, with Remove-DockerContainer. ({daemonMessage})", inner)
    {
        Volume = volume;
        Containers = containers;
    }

    public string Volume { get; }

    /// <summary>The containers that use the volume, by name and short id: "web (0123456789ab)".</summary>
    public IReadOnlyList<string> Containers { get; }

    private static string Users(IReadOnlyList<string> containers) => containers.Count switch
    {
        0 => "a container",
        1 => "container " + containers[0],
        _ => "containers " + string.Join(", ", containers),
    };
}
