using DockerPS.Time;

namespace DockerPS;

/// <summary>One line of a container's log. Its text form is the line itself, so Select-String and Out-File work on it.</summary>
public sealed class DockerContainerLogLine
{
    private DateTime? timestamp;
    private bool timestampRead;

    internal DockerContainerLogLine(string container, string stream, string? timestampText, string text, bool showTimestamp)
    {
        Container = container;
        Stream = stream;
        TimestampText = timestampText;
        Text = text;
        ShowTimestamp = showTimestamp;
    }

    /// <summary>The container as it was named to Get-DockerContainerLog.</summary>
    public string Container { get; }

    /// <summary>stdout or stderr (a container with a TTY has only stdout).</summary>
    public string Stream { get; }

    /// <summary>When the engine received the line, in local time.</summary>
    /// <remarks>Read from <see cref="TimestampText"/> when first asked for: parsing every line's time cost as much as reading the line.</remarks>
    public DateTime? Timestamp
    {
        get
        {
            if (!timestampRead)
            {
                timestamp = EngineTime.Parse(TimestampText);
                timestampRead = true;
            }

            return timestamp;
        }
    }

    /// <summary>The engine's own timestamp text (RFC 3339 with nanoseconds), as docker logs -t prints it.</summary>
    public string? TimestampText { get; }

    public string Text { get; }

    /// <summary>Whether the text form starts with the timestamp (-Timestamps).</summary>
    public bool ShowTimestamp { get; }

    public override string ToString() => ShowTimestamp && TimestampText is not null ? $"{TimestampText} {Text}" : Text;
}
