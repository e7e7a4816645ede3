namespace DockerPS.Containers;

/// <summary>docker run's --pid, --ipc and --uts values, checked as the docker CLI checks them.</summary>
internal static class NamespaceModes
{
    public static string Pid(string mode) =>
        mode is "host" || IsContainer(mode) ? mode : throw new ArgumentException("--pid: invalid PID mode");

    public static string Ipc(string mode) =>
        mode is "none" or "private" or "shareable" or "host" || IsContainer(mode) ? mode : throw new ArgumentException("--ipc: invalid IPC mode");

    public static string Uts(string mode) =>
        mode is "host" ? mode : throw new ArgumentException("--uts: invalid UTS mode");

    /// <summary>container:NAME, sharing another container's namespace.</summary>
    private static bool IsContainer(string mode) =>
        mode.StartsWith("container:", StringComparison.Ordinal) && mode.Length > "container:".Length;
}
