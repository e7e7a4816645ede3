using System;
using Xunit;

namespace DockerPS.Tests;

/// <summary>A log line's text form is the line itself, with the engine's timestamp in front only under -Timestamps.</summary>
public class DockerContainerLogLineTests
{
    private const string Stamp = "2025-11-28T10:00:00.123456789Z";
    private static readonly DateTime Time = new DateTime(2025, 11, 28, 10, 0, 0, DateTimeKind.Utc).AddTicks(1234567).ToLocalTime();

    [Fact]
    public void ToString_WithoutShowTimestamp_IsTheText()
    {
        var line = new DockerContainerLogLine("web", "stdout", Stamp, "GET / 200", showTimestamp: false);

        Assert.Equal("GET / 200", line.ToString());
    }

    [Fact]
    public void ToString_WithShowTimestamp_PutsTheEngineTimestampFirst()
    {
        var line = new DockerContainerLogLine("web", "stdout", Stamp, "GET / 200", showTimestamp: true);

        Assert.Equal("2025-11-28T10:00:00.123456789Z GET / 200", line.ToString());
    }

    [Fact]
    public void ToString_WithShowTimestampButNoTimestampText_IsTheText()
    {
        var line = new DockerContainerLogLine("web", "stderr", null, "no stamp here", showTimestamp: true);

        Assert.Equal("no stamp here", line.ToString());
    }

    [Fact]
    public void ToString_EmptyLineWithShowTimestamp_KeepsTheSeparatingSpace()
    {
        var line = new DockerContainerLogLine("web", "stdout", Stamp, string.Empty, showTimestamp: true);

        Assert.Equal("2025-11-28T10:00:00.123456789Z ", line.ToString());
    }

    [Fact]
    public void ToString_KeepsTheTextVerbatim()
    {
        var line = new DockerContainerLogLine("web", "stdout", Stamp, "  indented\ttab  ", showTimestamp: false);

        Assert.Equal("  indented\ttab  ", line.ToString());
    }

    [Fact]
    public void Constructor_KeepsEveryProperty()
    {
        var line = new DockerContainerLogLine("db", "stderr", Stamp, "ready", showTimestamp: true);

        Assert.Equal("db", line.Container);
        Assert.Equal("stderr", line.Stream);
        Assert.Equal(Time, line.Timestamp);
        Assert.Equal(Stamp, line.TimestampText);
        Assert.Equal("ready", line.Text);
        Assert.True(line.ShowTimestamp);
    }

    [Fact]
    public void Constructor_KeepsMissingTimestamps()
    {
        var line = new DockerContainerLogLine("db", "stdout", null, "ready", showTimestamp: false);

        Assert.Null(line.Timestamp);
        Assert.Null(line.TimestampText);
        Assert.False(line.ShowTimestamp);
    }
}
