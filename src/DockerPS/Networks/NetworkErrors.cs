namespace DockerPS.Networks;

/// <summary>
/// The network cmdlets' errors: the networks no one may remove, a network containers still use, and the engines'
/// refusals to connect or disconnect, given the categories they mean. Docker answers "not allowed here" with 403
/// Forbidden, which is no question of permissions.
/// </summary>
internal static class NetworkErrors
{
    public static ErrorRecord Predefined(string name) =>
        new(new InvalidOperationException($"{name} is a pre-defined network and cannot be removed"), "PredefinedNetwork", ErrorCategory.InvalidOperation, name);

    /// <summary>The engine kept a network containers are attached to; the message names them, as users know them.</summary>
    public static ErrorRecord InUse(string name, IReadOnlyList<DockerNetworkContainer> containers, DockerApiException refusal)
    {
        var users = containers.Count == 0
            ? string.Empty
            : " by container " + string.Join(", ", containers.Select(container => $"{container.Name} ({ShortId(container.Id)})"));
        return new ErrorRecord(
            new InvalidOperationException(
                $"Network {name} is in use{users}: disconnect the containers (Disconnect-DockerNetwork) or remove them first. (Error response from daemon: {DockerErrorMapper.DaemonMessage(refusal)})",
                refusal),
            "NetworkInUse",
            ErrorCategory.ResourceBusy,
            name);
    }

    /// <summary>Docker's "has active endpoints" (403), Podman's "network is being used" (500).</summary>
    public static bool SaysInUse(DockerApiException refusal) =>
        Says(refusal, "active endpoints") || Says(refusal, "network is being used") || Says(refusal, "has associated containers");

    /// <summary>A container and its network on two engines, which nothing can join.</summary>
    public static ErrorRecord OtherEngine(DockerContainerIdentity container, DockerNetworkIdentity network) =>
        new(
            new ArgumentException($"The container '{container}' is on the engine {container.Endpoint} and the network '{network}' on {network.Endpoint}: a container joins the networks of its own engine."),
            "EngineMismatch",
            ErrorCategory.InvalidArgument,
            container.Reference);

    /// <summary>
    /// The engine's refusal to connect or disconnect a container: a missing container or network, a container already
    /// connected (ResourceExists) or not connected (InvalidOperation), in the engine's words.
    /// </summary>
    public static ErrorRecord ConnectionRefusal(DockerApiException refusal, string network, string container) => refusal switch
    {
        _ when Says(refusal, "no such container") => DockerErrors.NotFound(DockerObjectKind.Container, container, refusal),
        _ when Says(refusal, "already exists in network") || Says(refusal, "already connected") => InEngineWords(refusal, "ContainerAlreadyConnected", ErrorCategory.ResourceExists, container),

        // Podman answers a running container that is not connected with a 404 "network not found".
        _ when Says(refusal, "is not connected") => InEngineWords(refusal, "ContainerNotConnected", ErrorCategory.InvalidOperation, container),
        _ when (int)refusal.StatusCode == 404 => DockerErrors.NotFound(DockerObjectKind.Network, network, refusal),
        _ => Refusal(refusal, container, DockerObjectKind.Container),
    };

    /// <summary>
    /// Any other refusal concerning one network or container (or, with no kind, a network being created, whose 404 is
    /// a driver missing); Docker's 403 is an operation not allowed, not a permission.
    /// </summary>
    public static ErrorRecord Refusal(DockerApiException refusal, string name, DockerObjectKind? kind = null) =>
        (int)refusal.StatusCode == 403
            ? InEngineWords(refusal, "DockerApi.Forbidden", ErrorCategory.InvalidOperation, name)
            : kind is null ? DockerErrorMapper.ToErrorRecord(refusal, null, name) : DockerErrors.Refusal(kind, refusal, name);

    private static ErrorRecord InEngineWords(DockerApiException refusal, string errorId, ErrorCategory category, string target) =>
        new(refusal, errorId, category, target) { ErrorDetails = new ErrorDetails("Error response from daemon: " + DockerErrorMapper.DaemonMessage(refusal)) };

    private static bool Says(DockerApiException refusal, string words) =>
        DockerErrorMapper.DaemonMessage(refusal).IndexOf(words, StringComparison.OrdinalIgnoreCase) >= 0;

    private static string ShortId(string id) => id.Length > 12 ? id.Substring(0, 12) : id;
}
