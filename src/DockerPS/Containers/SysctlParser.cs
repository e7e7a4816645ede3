namespace DockerPS.Containers;

/// <summary>
/// docker run --sysctl values: name=value, for the namespaced kernel settings a container may have its own of (the
/// IPC ones, net.* and fs.mqueue.*), as the docker CLI allows them.
/// </summary>
internal static class SysctlParser
{
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced",
    };

    public static KeyValuePair<string, string> Parse(string setting)
    {
        var equals = setting.IndexOf('=');
        var name = equals < 0 ? setting : setting.Substring(0, equals);
        if (equals < 0 || !(Allowed.Contains(name) || name.StartsWith("net.", StringComparison.Ordinal) || name.StartsWith("fs.mqueue.", StringComparison.Ordinal)))
        {
            throw new ArgumentException($"sysctl '{setting}' is not whitelisted");
        }

        return new KeyValuePair<string, string>(name, setting.Substring(equals + 1));
    }
}
