namespace DockerPS.Containers;

/// <summary>
/// Where a volume, mount or tmpfs may go inside a container: an absolute path for the container's platform (/data for
/// Linux; C:\data or a named pipe for Windows), and not the root. The engine refuses anything else; so does DockerPS,
/// before asking it.
/// </summary>
internal static class ContainerPath
{
    /// <summary>Why the engine would refuse <paramref name="target"/> as a mount's destination, in its words; null when it would not.</summary>
    public static string? Problem(string target)
    {
        if (!IsAbsolute(target))
        {
            return $"invalid mount path: '{target}' mount path must be absolute";
        }

        return IsWindowsAbsolute(target) || !IsRoot(target.Replace('\\', '/')) ? null : "destination can't be '/'";
    }

    /// <summary>/x (or \x) for Linux, C:\x or C:/x (or a bare drive) for Windows.</summary>
    public static bool IsAbsolute(string path) =>
        path.Replace('\\', '/').StartsWith("/", StringComparison.Ordinal) || IsWindowsAbsolute(path);

    /// <summary>
    /// Go's filepath.IsLocal, as the engine checks a volume's subpath: relative, not empty, and never climbing above
    /// where it starts (a/../b is local, ../b and a/../../b are not).
    /// </summary>
    public static bool IsLocal(string path)
    {
        if (path.Length == 0 || IsAbsolute(path))
        {
            return false;
        }

        var depth = 0;
        foreach (var segment in path.Split('/'))
        {
            depth += segment switch
            {
                "" or "." => 0,
                ".." => -1,
                _ => 1,
            };
            if (depth < 0)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsWindowsAbsolute(string path) =>
        path.Length >= 2 && char.IsLetter(path[0]) && path[1] == ':' && (path.Length == 2 || path[2] is '\\' or '/');

    /// <summary>Whether a slash path cleans to / (/, //, /., /a/..).</summary>
    private static bool IsRoot(string path)
    {
        var depth = 0;
        foreach (var segment in path.Split('/'))
        {
            switch (segment)
            {
                case "":
                case ".":
                    break;
                case "..":
                    depth = Math.Max(0, depth - 1);
                    break;
                default:
                    depth++;
                    break;
            }
        }

        return depth == 0;
    }
}
