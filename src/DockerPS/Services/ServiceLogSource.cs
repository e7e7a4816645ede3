namespace DockerPS.Services;

/// <summary>
/// Reads the details the engine puts before each line of a service's log when asked (docker service logs asks always):
/// url-encoded key=value pairs apart by commas, then a space, naming the task and node the line came from.
/// </summary>
internal static class ServiceLogSource
{
    private const string TaskIdKey = "com.docker.swarm.task.id";
    private const string NodeIdKey = "com.docker.swarm.node.id";

    /// <summary>The task and node ids the line names, and the line's own text; a line without details is all text.</summary>
    public static (string? TaskId, string? NodeId, string Text) Split(string line)
    {
        var space = line.IndexOf(' ');
        var details = space < 0 ? line : line.Substring(0, space);
        if (details.IndexOf(TaskIdKey + "=", StringComparison.Ordinal) < 0)
        {
            return (null, null, line);
        }

        string? taskId = null;
        string? nodeId = null;
        foreach (var pair in details.Split(','))
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0)
            {
                continue;
            }

            var value = Uri.UnescapeDataString(pair.Substring(equals + 1));
            switch (Uri.UnescapeDataString(pair.Substring(0, equals)))
            {
                case TaskIdKey:
                    taskId = value;
                    break;
                case NodeIdKey:
                    nodeId = value;
                    break;
            }
        }

        return (taskId, nodeId, space < 0 ? string.Empty : line.Substring(space + 1));
    }
}
