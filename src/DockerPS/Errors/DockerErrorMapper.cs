using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.Json;

namespace DockerPS.Errors;

/// <summary>
/// The one place that turns exceptions into PowerShell errors: a category, a stable error id and the
/// engine's own words (as the docker CLI prints them: "Error response from daemon: …").
/// </summary>
internal static class DockerErrorMapper
{
    // Podman's "cause" for the conflicts Docker answers with a 409.
    private const string PodmanStateImproper = "container state improper";
    private const string PodmanNameInUse = "that name is already in use";
    private const string PodmanImageInUse = "image is in use by a container";
    private const string PodmanVolumeInUse = "volume is being used";
    private const string PodmanNetworkExists = "network already exists";

    /// <summary>Builds the error record for a failure concerning <paramref name="target"/>.</summary>
    /// <param name="errorId">The id to use; when null, one is derived from the failure (DockerApi.NotFound …).</param>
    public static ErrorRecord ToErrorRecord(Exception exception, string? errorId, object? target)
    {
        // A record worded where the failure happened wins, even wrapped by what it passed through (a local file's
        // failure inside an upload comes back inside the HTTP client's exception).
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is ErrorRecordException recorded)
            {
                return recorded.ErrorRecord;
            }
        }

        var (category, derivedId, message) = Classify(exception);
        var record = new ErrorRecord(exception, errorId ?? derivedId, category, target);
        if (message != exception.Message)
        {
            record.ErrorDetails = new ErrorDetails(message);
        }

        return record;
    }

    /// <summary>The category, default error id and user-facing message for an exception.</summary>
    public static (ErrorCategory Category, string ErrorId, string Message) Classify(Exception exception)
    {
        switch (exception)
        {
            case DockerEngineUnreachableException unreachable:
                return unreachable.Failure switch
                {
                    EngineFailure.PermissionDenied => (ErrorCategory.PermissionDenied, "EnginePermissionDenied", unreachable.Message),
                    EngineFailure.TlsRejected => (ErrorCategory.SecurityError, "EngineTlsRejected", unreachable.Message),
                    EngineFailure.SshFailed => (ErrorCategory.ConnectionError, "EngineSshFailed", unreachable.Message),
                    _ => (ErrorCategory.ConnectionError, "EngineUnreachable", unreachable.Message),
                };
            case EngineConnectionLostException lost:
                return (ErrorCategory.ConnectionError, "EngineConnectionLost", lost.Message);
            case DockerEndpointException endpoint:
                return (EndpointCategory(endpoint.ErrorId), endpoint.ErrorId, endpoint.Message);
            case DockerApiException api when SwarmState(api) is { } swarmState:
                return (ErrorCategory.InvalidOperation, swarmState, "Error response from daemon: " + DaemonMessage(api));
            case DockerApiException api:
                var daemonMessage = "Error response from daemon: " + DaemonMessage(api);
                var status = Status(api);
                return (ApiCategory(status, daemonMessage, Cause(api)), "DockerApi." + status, daemonMessage);
            case RegistryException registry:
                return (registry.IsUnreachable ? ErrorCategory.ConnectionError : ErrorCategory.InvalidOperation, registry.IsUnreachable ? "RegistryUnreachable" : "RegistryError", registry.Message);
            case ImageInUseException:
                return (ErrorCategory.ResourceBusy, "ImageInUse", exception.Message);
            case VolumeInUseException:
                return (ErrorCategory.ResourceBusy, "VolumeInUse", exception.Message);
            case ContainerExitException:
                return (ErrorCategory.InvalidResult, "ContainerExitCode", exception.Message);
            case DockerBuildException build:
                return (build.ExitCode is null ? ErrorCategory.InvalidData : ErrorCategory.InvalidResult, "BuildFailed", build.Message);
            case DockerStreamException stream:
                return (StreamCategory(stream), "DockerStreamError", stream.Message);
            case ItemNotFoundException:
                return (ErrorCategory.ObjectNotFound, "ObjectNotFound", exception.Message);
            case System.Management.Automation.DriveNotFoundException or ProviderNotFoundException:
                return (ErrorCategory.ObjectNotFound, "PathNotFound", exception.Message);
            case OperationCanceledException:
                return (ErrorCategory.OperationStopped, "OperationCanceled", exception.Message);
            case TimeoutException:
                return (ErrorCategory.OperationTimeout, "OperationTimedOut", exception.Message);
            case AuthenticationException:
                return (ErrorCategory.SecurityError, "TlsFailure", exception.Message);
            case UnauthorizedAccessException:
                return (ErrorCategory.PermissionDenied, "AccessDenied", exception.Message);
            case InvalidDataException:
                return (ErrorCategory.InvalidData, "InvalidData", exception.Message);
            case JsonException:
                // A file DockerPS reads, such as the docker config, that is not the JSON it should be.
                return (ErrorCategory.ReadError, "InvalidJson", exception.Message);
            case SocketException:
            case IOException when exception.InnerException is SocketException:
                return (ErrorCategory.ConnectionError, "EngineConnectionLost", exception.Message);
            case HttpRequestException { InnerException: SocketException or IOException } request:
                // A request to an engine that was reachable before: the client library's words ("Connection
                // failed.") say less than the socket's.
                return (ErrorCategory.ConnectionError, "EngineConnectionLost", $"Lost the connection to the Docker engine: {request.InnerException.Message}");
            case FileNotFoundException or DirectoryNotFoundException:
                return (ErrorCategory.ObjectNotFound, "PathNotFound", exception.Message);
            case IOException:
                // A local file, not the engine: the disk is full, a file is locked …
                return (ErrorCategory.ResourceUnavailable, "IOError", exception.Message);
            case ArgumentException:
                return (ErrorCategory.InvalidArgument, "InvalidArgument", exception.Message);
            default:
                return (ErrorCategory.NotSpecified, "UnexpectedError", exception.Message);
        }
    }

    /// <summary>The engine answers errors as {"message": "..."}; older proxies may answer plain text.</summary>
    public static string DaemonMessage(DockerApiException exception) =>
        StringProperty(exception, "message") ?? (string.IsNullOrWhiteSpace(exception.ResponseBody) ? exception.StatusCode.ToString() : exception.ResponseBody!.Trim());

    /// <summary>
    /// The status the engine means. Podman answers conflicts Docker reports as 409 with a 500 and a "cause" naming
    /// them: a container in the wrong state, a name in use, an image or a volume a container uses, a network name
    /// taken. Those count as 409 (Conflict), so error ids and categories are the same on both engines.
    /// </summary>
    public static HttpStatusCode Status(DockerApiException exception) =>
        (int)exception.StatusCode == 500 && Cause(exception) is PodmanStateImproper or PodmanNameInUse or PodmanImageInUse or PodmanVolumeInUse or PodmanNetworkExists
            ? HttpStatusCode.Conflict
            : exception.StatusCode;

    /// <summary>
    /// The engine's refusal (a 503 from dockerd) of what the node's place in a swarm does not allow, whatever the request:
    /// "This node is not a swarm manager", "This node is not part of a swarm" (SwarmNotActive), "This node is already
    /// part of a swarm" (SwarmAlreadyActive).
    /// </summary>
    private static string? SwarmState(DockerApiException exception)
    {
        var said = DaemonMessage(exception);
        bool Says(string words) => said.IndexOf(words, StringComparison.OrdinalIgnoreCase) >= 0;
        return Says("not a swarm manager") || Says("not part of a swarm") ? "SwarmNotActive"
            : Says("already part of a swarm") ? "SwarmAlreadyActive"
            : null;
    }

    /// <summary>Podman's error bodies name the kind of failure in "cause"; Docker's have none.</summary>
    private static string? Cause(DockerApiException exception) => StringProperty(exception, "cause");

    private static string? StringProperty(DockerApiException exception, string name)
    {
        var body = exception.ResponseBody;
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body!);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(name, out var value)
                && value.ValueKind == JsonValueKind.String)
            {
                return value.GetString()!.Trim();
            }
        }
        catch (JsonException)
        {
            // Not JSON: the body is the message.
        }

        return null;
    }

    private static ErrorCategory ApiCategory(HttpStatusCode status, string message, string? cause) => (int)status switch
    {
        // Podman's wrong-state conflicts: removing a running container is busy, the rest (kill, exec, pause of a
        // container that is not running) are operations the state does not allow.
        409 when cause == PodmanStateImproper => IsInUse(message) ? ErrorCategory.ResourceBusy : ErrorCategory.InvalidOperation,
        400 => ErrorCategory.InvalidArgument,
        401 or 403 => ErrorCategory.PermissionDenied,
        404 => ErrorCategory.ObjectNotFound,
        // "Container … is paused, unpause the container before exec": an operation the state does not allow.
        409 when message.IndexOf("unpause the container before", StringComparison.OrdinalIgnoreCase) >= 0 => ErrorCategory.InvalidOperation,
        409 when IsInUse(message) => ErrorCategory.ResourceBusy,

        // docker rmi's other refusals: an image with child images is busy; one to untag first is no conflict of names.
        409 when message.IndexOf("dependent child images", StringComparison.OrdinalIgnoreCase) >= 0 => ErrorCategory.ResourceBusy,
        409 when message.IndexOf("unable to delete", StringComparison.OrdinalIgnoreCase) >= 0 => ErrorCategory.InvalidOperation,
        409 when message.IndexOf("is not running", StringComparison.OrdinalIgnoreCase) >= 0
            || message.IndexOf("is not paused", StringComparison.OrdinalIgnoreCase) >= 0 => ErrorCategory.InvalidOperation,
        409 => ErrorCategory.ResourceExists,
        501 => ErrorCategory.NotImplemented,
        503 => ErrorCategory.ResourceUnavailable,
        _ => ErrorCategory.InvalidOperation,
    };

    /// <summary>
    /// The engine reports both "name already in use" (exists) and "image is being used" or "cannot remove a
    /// running container" (busy) as 409.
    /// </summary>
    private static bool IsInUse(string message) =>
        message.IndexOf("being used", StringComparison.OrdinalIgnoreCase) >= 0
        || message.IndexOf("is in use", StringComparison.OrdinalIgnoreCase) >= 0
        || message.IndexOf("is using", StringComparison.OrdinalIgnoreCase) >= 0
        || message.IndexOf("is running", StringComparison.OrdinalIgnoreCase) >= 0
        || message.IndexOf("a running container", StringComparison.OrdinalIgnoreCase) >= 0
        || message.IndexOf("is restarting", StringComparison.OrdinalIgnoreCase) >= 0
        || message.IndexOf("a paused container", StringComparison.OrdinalIgnoreCase) >= 0
        || message.IndexOf("a restarting container", StringComparison.OrdinalIgnoreCase) >= 0
        || message.IndexOf("is paused", StringComparison.OrdinalIgnoreCase) >= 0;

    /// <summary>Stream errors carry no status code worth trusting; their words say what happened.</summary>
    private static ErrorCategory StreamCategory(DockerStreamException exception)
    {
        var message = exception.Message;
        bool Says(string words) => message.IndexOf(words, StringComparison.OrdinalIgnoreCase) >= 0;
        if (exception.Code is 401 or 403 || Says("unauthorized") || Says("access denied") || Says("authentication required") || Says("no basic auth credentials") || Says("denied"))
        {
            return ErrorCategory.PermissionDenied;
        }

        if (exception.Code == 404 || Says("not found") || Says("manifest unknown") || Says("does not exist"))
        {
            return ErrorCategory.ObjectNotFound;
        }

        return Says("connection refused") || Says("no such host") || Says("timeout") ? ErrorCategory.ConnectionError : ErrorCategory.InvalidOperation;
    }

    private static ErrorCategory EndpointCategory(string errorId) => errorId switch
    {
        "ContextNotFound" => ErrorCategory.ObjectNotFound,
        "UnsupportedEndpointScheme" => ErrorCategory.NotImplemented,
        "EngineTooOld" or "EngineTooNew" => ErrorCategory.NotImplemented,
        "InvalidDockerConfig" or "InvalidContext" => ErrorCategory.ReadError,
        _ => ErrorCategory.InvalidArgument,
    };
}
