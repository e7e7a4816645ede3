using System.Globalization;

namespace DockerPS;

/// <summary>
/// Something an engine did, as docker events reports it: a container started, an image was pulled, a volume was
/// removed. Its text form is the docker CLI's line for it.
/// </summary>
public sealed class DockerEvent
{
    private static readonly DateTime Epoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    internal DockerEvent(
        DockerEndpoint endpoint,
        long timeNano,
        string type,
        string action,
        string id,
        IReadOnlyDictionary<string, string> attributes,
        string? scope)
    {
        Endpoint = endpoint;
        TimeNano = timeNano;
        Type = type;
        Action = action;
        Id = id;
        Attributes = attributes;
        Scope = string.IsNullOrEmpty(scope) ? null : scope;
    }

    /// <summary>The engine the event happened on.</summary>
    public DockerEndpoint Endpoint { get; }

    /// <summary>The docker context the engine was named by; null when it was named by address (-HostAddress, DOCKER_HOST).</summary>
    public string? Context => Endpoint.Context;

    /// <summary>When it happened, in local time, to the 100 ns a DateTime holds.</summary>
    public DateTime Time => Epoch.AddTicks(TimeNano / 100).ToLocalTime();

    /// <summary>When it happened as the engine says it: nanoseconds since 1970-01-01 UTC.</summary>
    public long TimeNano { get; }

    /// <summary>What kind of object it concerns: container, image, volume, network, daemon, plugin, node, service, secret, config.</summary>
    public string Type { get; }

    /// <summary>What happened: create, start, die, destroy, pull, tag …</summary>
    public string Action { get; }

    /// <summary>The object's id (for an image, the name or id it was acted on by).</summary>
    public string Id { get; }

    /// <summary>The object's name, when the engine gives one.</summary>
    public string? Name => Attributes.TryGetValue("name", out var name) ? name : null;

    /// <summary>A container's image, or the image an image event concerns.</summary>
    public string? Image => Attributes.TryGetValue("image", out var image) ? image : Type == "image" ? Name ?? Id : null;

    /// <summary>What the engine tells about the object: its labels, a container's exit code (exitCode) …</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; }

    /// <summary>local (this engine) or swarm.</summary>
    public string? Scope { get; }

    /// <summary>The time as docker events prints it: local time with nine fraction digits and the offset.</summary>
    public string TimeText
    {
        get
        {
            var local = new DateTimeOffset(Time);
            var nanoseconds = TimeNano % 1_000_000_000;
            var offset = local.Offset == TimeSpan.Zero
                ? "Z"
                : (local.Offset < TimeSpan.Zero ? "-" : "+") + local.Offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture);
            return local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)
                + "." + (nanoseconds < 0 ? nanoseconds + 1_000_000_000 : nanoseconds).ToString("D9", CultureInfo.InvariantCulture)
                + offset;
        }
    }

    /// <summary>The line docker events prints: time, type, action, id and the attributes in key order.</summary>
    public override string ToString()
    {
        var line = $"{TimeText} {Type} {Action} {Id}";
        return Attributes.Count == 0
            ? line
            : line + " (" + string.Join(", ", Attributes.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => pair.Key + "=" + pair.Value)) + ")";
    }
}
