namespace DockerPS;

/// <summary>
/// One line of a Swarm service's log, naming the task (and node) that wrote it. Its text form is docker service logs'
/// line: web.1.ux0e9z1x7f4s@node-1 | the line.
/// </summary>
public sealed class DockerServiceLogLine
{
    internal DockerServiceLogLine(string service, string task, string? taskId, string? node, string stream, DateTime? timestamp, string? timestampText, string text, bool showTimestamp)
    {
        Service = service;
        Task = task;
        TaskId = taskId;
        Node = node;
        Stream = stream;
        Timestamp = timestamp;
        TimestampText = timestampText;
        Text = text;
        ShowTimestamp = showTimestamp;
    }

    /// <summary>The service as it was named to Get-DockerServiceLog.</summary>
    public string Service { get; }

    /// <summary>The task that wrote the line, as docker service ps names it: web.1, or web.node-id for a global service.</summary>
    public string Task { get; }

    public string? TaskId { get; }

    /// <summary>The hostname (else the id) of the node the task ran on.</summary>
    public string? Node { get; }

    /// <summary>stdout or stderr.</summary>
    public string Stream { get; }

    /// <summary>When the engine received the line, in local time.</summary>
    public DateTime? Timestamp { get; }

    /// <summary>The engine's own timestamp text (RFC 3339 with nanoseconds), as docker service logs -t prints it.</summary>
    public string? TimestampText { get; }

    public string Text { get; }

    /// <summary>Whether the text form shows the timestamp (-Timestamps).</summary>
    public bool ShowTimestamp { get; }

    public override string ToString()
    {
        var source = TaskId is null ? Task : $"{Task}.{(TaskId.Length > 12 ? TaskId.Substring(0, 12) : TaskId)}";
        var where = Node is null ? source : $"{source}@{Node}";
        return ShowTimestamp && TimestampText is not null ? $"{TimestampText} {where} | {Text}" : $"{where} | {Text}";
    }
}
