using System.Globalization;

namespace DockerPS;

/// <summary>
/// One process of a container, as docker top lists it. Every column ps printed is a property of the object written,
/// named as ps names it (UID, C, STIME, TTY, TIME, CMD by default; USER, %CPU, STAT … with other ps options), PID and
/// PPID as numbers; <see cref="Columns"/> has them all as text.
/// </summary>
public sealed class DockerContainerProcess
{
    internal DockerContainerProcess(DockerEndpoint endpoint, string containerName, string containerId, IReadOnlyList<string> titles, IReadOnlyList<string> values)
    {
        Endpoint = endpoint;
        ContainerName = containerName;
        ContainerId = containerId;
        Titles = titles;
        Columns = titles
            .Select((title, index) => (title, value: index < values.Count ? values[index] : string.Empty))
            .GroupBy(column => column.title, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(group => group.Key, group => group.First().value, StringComparer.OrdinalIgnoreCase);
        Pid = Number("PID");
        Ppid = Number("PPID");
    }

    /// <summary>The engine the container lives on.</summary>
    public DockerEndpoint Endpoint { get; }

    /// <summary>The docker context the engine was named by; null when it was named by address (-HostAddress, DOCKER_HOST).</summary>
    public string? Context => Endpoint.Context;

    /// <summary>The container's name, without the leading slash.</summary>
    public string ContainerName { get; }

    public string ContainerId { get; }

    /// <summary>The process id (the PID column): on the engine's host for Docker, inside the container for Podman.</summary>
    public int? Pid { get; }

    /// <summary>The parent's process id (the PPID column), when ps printed one.</summary>
    public int? Ppid { get; }

    /// <summary>The column names, in the order ps printed them.</summary>
    public IReadOnlyList<string> Titles { get; }

    /// <summary>Every column by its name, as ps printed it.</summary>
    public IReadOnlyDictionary<string, string> Columns { get; }

    /// <summary>The command, in whichever column ps printed it (CMD, COMMAND, ARGS, COMM).</summary>
    public string? Command => new[] { "CMD", "COMMAND", "ARGS", "COMM", "UCOMM" }.Select(title => Columns.TryGetValue(title, out var value) ? value : null).FirstOrDefault(value => value is not null);

    public override string ToString() => $"{ContainerName}: {Pid?.ToString(CultureInfo.InvariantCulture) ?? "?"} {Command}".TrimEnd();

    private int? Number(string title) =>
        Columns.TryGetValue(title, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
}
