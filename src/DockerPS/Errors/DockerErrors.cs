namespace DockerPS.Errors;

/// <summary>
/// The errors every cmdlet words the same way, each with its stable id: objects that are missing or ambiguous,
/// containers that are not running, references that cannot be read, objects from the pipeline that mean
/// something else.
/// </summary>
internal static class DockerErrors
{
    /// <summary>No object of the kind has the name; <paramref name="engineSaid"/> is the engine's own 404 when it answered one.</summary>
    public static ErrorRecord NotFound(DockerObjectKind kind, string name, Exception? engineSaid = null) =>
        engineSaid is null
            ? new ErrorRecord(new ItemNotFoundException($"No such {kind.Noun}: {name}"), kind.Name + "NotFound", ErrorCategory.ObjectNotFound, name)
            : DockerErrorMapper.ToErrorRecord(engineSaid, kind.Name + "NotFound", name);

    /// <summary>
    /// The engine's refusal to act on one object, worded as DockerPS words it everywhere: a missing object, an id
    /// prefix that fits several (Docker's "multiple IDs found with provided prefix" or, for networks, "is ambiguous",
    /// Podman's "more than one result"), a container that is not running; anything else in the engine's own words.
    /// </summary>
    public static ErrorRecord Refusal(DockerObjectKind kind, DockerApiException refusal, string name)
    {
        var said = DockerErrorMapper.DaemonMessage(refusal);
        bool Says(string words) => said.IndexOf(words, StringComparison.OrdinalIgnoreCase) >= 0;
        return refusal switch
        {
            _ when (int)refusal.StatusCode == 404 => NotFound(kind, name, refusal),
            _ when Says("found with provided prefix") || Says("more than one result") || Says("is ambiguous (") => Ambiguous(kind, name, "Error response from daemon: " + said),
            _ when kind == DockerObjectKind.Container && (int)DockerErrorMapper.Status(refusal) == 409 && Says("is not running") => ContainerNotRunning(refusal, name),
            _ => DockerErrorMapper.ToErrorRecord(refusal, null, name),
        };
    }

    /// <summary>An id prefix that fits several objects.</summary>
    public static ErrorRecord Ambiguous(DockerObjectKind kind, string name, string reason) =>
        new(new ArgumentException(reason), "Ambiguous" + kind.Name + "Reference", ErrorCategory.InvalidArgument, name);

    public static ErrorRecord ContextNotFound(string name) =>
        new(new ItemNotFoundException($"context \"{name}\" does not exist"), "ContextNotFound", ErrorCategory.ObjectNotFound, name);

    /// <summary>The engine refused because the container is stopped or paused; its words say which.</summary>
    public static ErrorRecord ContainerNotRunning(Exception engineSaid, string name) =>
        DockerErrorMapper.ToErrorRecord(engineSaid, "ContainerNotRunning", name);

    /// <summary>The docker CLI's refusal to work with a container that is not running.</summary>
    public static ErrorRecord ContainerNotRunning(string reason, string name) =>
        new(new InvalidOperationException(reason), "ContainerNotRunning", ErrorCategory.InvalidOperation, name);

    public static ErrorRecord InvalidImageReference(ArgumentException reason, string reference) =>
        new(reason, "InvalidImageReference", ErrorCategory.InvalidArgument, reference);

    /// <summary>A time parameter (-Since, -Until, -CreatedBefore) that names no moment; refused before any engine is asked.</summary>
    public static ErrorRecord InvalidTime(ArgumentException reason, object? value) =>
        new(reason, "InvalidTime", ErrorCategory.InvalidArgument, value);

    /// <summary>A -Label term without a key; refused before any engine is asked.</summary>
    public static ErrorRecord InvalidLabelFilter(ArgumentException reason, string term) =>
        new(reason, "InvalidLabelFilter", ErrorCategory.InvalidArgument, term);

    /// <summary>An object from the pipeline that stands for no object of the kind the parameter wants.</summary>
    public static ErrorRecord WrongObjectType(DockerObjectIdentity identity) =>
        new(new ArgumentException(identity.Refusal), "WrongObjectType", ErrorCategory.InvalidType, identity.Reference);
}
