namespace DockerPS.Swarm;

/// <summary>The swarm cmdlets' own errors, each with its stable id.</summary>
internal static class SwarmErrors
{
    /// <summary>
    /// The engine's refusal to act on a node, secret or config: one that services use is <c>SecretInUse</c> or
    /// <c>ConfigInUse</c> (ResourceBusy), in the engine's words, which name the services; anything else as
    /// DockerErrors words it.
    /// </summary>
    public static ErrorRecord Refusal(DockerObjectKind kind, DockerApiException refusal, string name)
    {
        var said = DockerErrorMapper.DaemonMessage(refusal);
        if (said.IndexOf("is in use by", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return new ErrorRecord(refusal, kind.Name + "InUse", ErrorCategory.ResourceBusy, name)
            {
                ErrorDetails = new ErrorDetails("Error response from daemon: " + said),
            };
        }

        return DockerErrors.Refusal(kind, refusal, name);
    }

    /// <summary>New-DockerSecret or New-DockerConfig given no data at all.</summary>
    public static ErrorRecord NoData(DockerObjectKind kind, string name) =>
        new(new ArgumentException($"No data for {kind.Noun} {name}: give -Value, -Path, -LiteralPath or pipe the data in."), kind.Name + "DataMissing", ErrorCategory.InvalidArgument, name);

    /// <summary>A pipeline item that cannot be data; the item's type is named, never its value.</summary>
    public static ErrorRecord InvalidData(DockerObjectKind kind, ArgumentException reason, string name) =>
        new(reason, "Invalid" + kind.Name + "Data", ErrorCategory.InvalidArgument, name);

    /// <summary>-Path or -LiteralPath that names no file (SecretFileNotFound), or no one readable file (InvalidSecretFile).</summary>
    public static ErrorRecord DataFileUnreadable(DockerObjectKind kind, Exception reason, string path) =>
        DockerErrorMapper.ToErrorRecord(reason, reason is ItemNotFoundException ? kind.Name + "FileNotFound" : "Invalid" + kind.Name + "File", path);

    /// <summary>
    /// The engine's refusal to join: a token it cannot read is <c>InvalidJoinToken</c> (InvalidArgument); anything else
    /// as the mapper words it. The words are the engine's, which never hold the token (SwarmMembership takes it out).
    /// </summary>
    public static ErrorRecord JoinRefusal(DockerApiException refusal, string engine) =>
        DockerErrorMapper.DaemonMessage(refusal).IndexOf("invalid join token", StringComparison.OrdinalIgnoreCase) >= 0
            ? new ErrorRecord(refusal, "InvalidJoinToken", ErrorCategory.InvalidArgument, engine)
            {
                ErrorDetails = new ErrorDetails("Error response from daemon: " + DockerErrorMapper.DaemonMessage(refusal)),
            }
            : DockerErrorMapper.ToErrorRecord(refusal, null, engine);
}
