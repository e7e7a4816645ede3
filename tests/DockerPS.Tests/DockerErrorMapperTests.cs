using System;
using System.Management.Automation;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using Docker.DotNet;
using DockerPS.Engine;
using DockerPS.Errors;
using Xunit;

namespace DockerPS.Tests;

public class DockerErrorMapperTests
{
    private const string NameConflict =
        "Conflict. The container name \"/web\" is already in use by container \"8f2d3c1e\". You have to remove (or rename) that container to be able to reuse that name.";

    private const string ImageInUse =
        "conflict: unable to remove repository reference \"nginx\" (must force) - container abc is using its referenced image 605c77e624dd";

    private static readonly DockerEndpoint Endpoint = new(new Uri("unix:///var/run/docker.sock"), DockerEndpointSource.PlatformDefault, "default");

    private static string Json(string message) => "{\"message\":" + JsonSerializer.Serialize(message) + "}";

    [Theory]
    [InlineData(HttpStatusCode.NotFound, "No such container: web", ErrorCategory.ObjectNotFound, "DockerApi.NotFound")]
    [InlineData(HttpStatusCode.Conflict, NameConflict, ErrorCategory.ResourceExists, "DockerApi.Conflict")]
    [InlineData(HttpStatusCode.Conflict, ImageInUse, ErrorCategory.ResourceBusy, "DockerApi.Conflict")]
    [InlineData(HttpStatusCode.Unauthorized, "authentication required", ErrorCategory.PermissionDenied, "DockerApi.Unauthorized")]
    [InlineData(HttpStatusCode.Forbidden, "authorization denied by plugin", ErrorCategory.PermissionDenied, "DockerApi.Forbidden")]
    [InlineData(HttpStatusCode.BadRequest, "invalid filter 'colour'", ErrorCategory.InvalidArgument, "DockerApi.BadRequest")]
    public void Classify_MapsApiStatusAndKeepsTheDaemonsWords(HttpStatusCode status, string message, ErrorCategory category, string errorId)
    {
        var result = DockerErrorMapper.Classify(new DockerApiException(status, Json(message)));

        Assert.Equal(category, result.Category);
        Assert.Equal(errorId, result.ErrorId);
        Assert.Equal("Error response from daemon: " + message, result.Message);
    }

    // Podman answers these conflicts with a 500 and a cause; they read as Docker's 409s.
    [Theory]
    [InlineData("that name is already in use", "container create: creating container storage: the container name \"web\" is already in use by 1080abc. You have to remove that container to be able to reuse that name: that name is already in use", ErrorCategory.ResourceExists)]
    [InlineData("container state improper", "cannot remove container a996ad5e as it is running - running or paused containers cannot be removed without force: container state improper", ErrorCategory.ResourceBusy)]
    [InlineData("container state improper", "can only kill running containers. 1080abc is in state created: container state improper", ErrorCategory.InvalidOperation)]
    [InlineData("container state improper", "can only create exec sessions on running containers: container state improper", ErrorCategory.InvalidOperation)]
    public void Classify_ReadsPodmansConflictsAsConflicts(string cause, string message, ErrorCategory category)
    {
        var body = "{\"cause\":" + JsonSerializer.Serialize(cause) + ",\"message\":" + JsonSerializer.Serialize(message) + ",\"response\":500}";
        var exception = new DockerApiException(HttpStatusCode.InternalServerError, body);

        var result = DockerErrorMapper.Classify(exception);

        Assert.Equal((category, "DockerApi.Conflict", "Error response from daemon: " + message), result);
        Assert.Equal(HttpStatusCode.Conflict, DockerErrorMapper.Status(exception));
    }

    [Theory]
    [InlineData("conflict: unable to delete 4f2c0e2ecd5c (cannot be forced) - image has dependent child images", ErrorCategory.ResourceBusy)]
    [InlineData("conflict: unable to delete 4f2c0e2ecd5c (must be forced) - image is referenced in multiple repositories", ErrorCategory.InvalidOperation)]
    public void Classify_ReadsDockersOtherImageRemovalConflicts(string message, ErrorCategory category)
    {
        var result = DockerErrorMapper.Classify(new DockerApiException(HttpStatusCode.Conflict, Json(message)));

        Assert.Equal((category, "DockerApi.Conflict"), (result.Category, result.ErrorId));
    }

    [Fact]
    public void Classify_ReadsPodmansImageInUseAsABusyConflict()
    {
        const string message = "image used by 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef: image is in use by a container";
        var exception = new DockerApiException(HttpStatusCode.InternalServerError, "{\"cause\":\"image is in use by a container\",\"message\":\"" + message + "\",\"response\":500}");

        var result = DockerErrorMapper.Classify(exception);

        Assert.Equal((ErrorCategory.ResourceBusy, "DockerApi.Conflict"), (result.Category, result.ErrorId));
        Assert.Equal(HttpStatusCode.Conflict, DockerErrorMapper.Status(exception));
    }

    [Fact]
    public void Classify_KeepsOtherServerErrors()
    {
        var body = "{\"cause\":\"invalid syntax\",\"message\":\"make cli opts(): strconv.Atoi: parsing \\\"1-2\\\": invalid syntax\",\"response\":500}";

        var result = DockerErrorMapper.Classify(new DockerApiException(HttpStatusCode.InternalServerError, body));

        Assert.Equal(ErrorCategory.InvalidOperation, result.Category);
        Assert.Equal("DockerApi.InternalServerError", result.ErrorId);
    }

    [Fact]
    public void Classify_KeepsAPlainTextBody()
    {
        var result = DockerErrorMapper.Classify(new DockerApiException(HttpStatusCode.NotFound, "404 page not found\n"));

        Assert.Equal("Error response from daemon: 404 page not found", result.Message);
        Assert.Equal(ErrorCategory.ObjectNotFound, result.Category);
    }

    [Fact]
    public void Classify_NamesTheStatusWhenTheBodyIsEmpty()
    {
        var result = DockerErrorMapper.Classify(new DockerApiException(HttpStatusCode.ServiceUnavailable, string.Empty));

        Assert.Equal("Error response from daemon: ServiceUnavailable", result.Message);
    }

    [Fact]
    public void Classify_KeepsJsonWithoutAMessageAsText()
    {
        var result = DockerErrorMapper.Classify(new DockerApiException(HttpStatusCode.BadRequest, "{\"error\":\"bad\"}"));

        Assert.Equal("Error response from daemon: {\"error\":\"bad\"}", result.Message);
    }

    [Fact]
    public void ToErrorRecord_ShowsTheDaemonMessageAsErrorDetails()
    {
        var exception = new DockerApiException(HttpStatusCode.NotFound, Json("No such image: nginx:nope"));

        var record = DockerErrorMapper.ToErrorRecord(exception, null, "nginx:nope");

        Assert.Equal("Error response from daemon: No such image: nginx:nope", record.ErrorDetails.Message);
        Assert.Equal("DockerApi.NotFound", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, record.CategoryInfo.Category);
        Assert.Same(exception, record.Exception);
        Assert.Equal("nginx:nope", record.TargetObject);
    }

    [Fact]
    public void ToErrorRecord_ExplicitErrorIdWins()
    {
        var exception = new DockerApiException(HttpStatusCode.NotFound, Json("No such container: web"));

        var record = DockerErrorMapper.ToErrorRecord(exception, "ContainerNotFound", "web");

        Assert.Equal("ContainerNotFound", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, record.CategoryInfo.Category);
    }

    [Fact]
    public void ToErrorRecord_KeepsTheTargetObject()
    {
        var target = new object();

        var record = DockerErrorMapper.ToErrorRecord(new OperationCanceledException(), null, target);

        Assert.Same(target, record.TargetObject);
    }

    [Theory]
    [InlineData("NotListening", ErrorCategory.ConnectionError, "EngineUnreachable")]
    [InlineData("TimedOut", ErrorCategory.ConnectionError, "EngineUnreachable")]
    [InlineData("PermissionDenied", ErrorCategory.PermissionDenied, "EnginePermissionDenied")]
    [InlineData("TlsRejected", ErrorCategory.SecurityError, "EngineTlsRejected")]
    public void ToErrorRecord_MapsEngineFailures(string failure, ErrorCategory category, string errorId)
    {
        // EngineFailure is internal, so a public theory takes its name.
        var exception = new DockerEngineUnreachableException(
            Endpoint, Enum.Parse<EngineFailure>(failure), "Cannot connect to the Docker daemon", null);

        var record = DockerErrorMapper.ToErrorRecord(exception, null, Endpoint);

        Assert.Equal(category, record.CategoryInfo.Category);
        Assert.Equal(errorId, record.FullyQualifiedErrorId);
        Assert.Equal("Cannot connect to the Docker daemon", record.Exception.Message);

        // The exception already carries the user-facing words; no details are added on top.
        Assert.Null(record.ErrorDetails);
        Assert.Same(Endpoint, record.TargetObject);
    }

    [Theory]
    [InlineData("ContextNotFound", ErrorCategory.ObjectNotFound)]
    [InlineData("UnsupportedEndpointScheme", ErrorCategory.NotImplemented)]
    [InlineData("EngineTooOld", ErrorCategory.NotImplemented)]
    [InlineData("EngineTooNew", ErrorCategory.NotImplemented)]
    [InlineData("InvalidDockerConfig", ErrorCategory.ReadError)]
    [InlineData("InvalidContext", ErrorCategory.ReadError)]
    [InlineData("InvalidHostAddress", ErrorCategory.InvalidArgument)]
    [InlineData("ConflictingEndpointOptions", ErrorCategory.InvalidArgument)]
    [InlineData("InvalidApiVersion", ErrorCategory.InvalidArgument)]
    public void Classify_MapsEndpointErrorIds(string errorId, ErrorCategory category)
    {
        var result = DockerErrorMapper.Classify(new DockerEndpointException(errorId, "the message"));

        Assert.Equal((category, errorId, "the message"), result);
    }

    [Fact]
    public void Classify_ItemNotFoundIsObjectNotFound()
    {
        var result = DockerErrorMapper.Classify(new ItemNotFoundException("No such container: web"));

        Assert.Equal((ErrorCategory.ObjectNotFound, "ObjectNotFound", "No such container: web"), result);
    }

    [Fact]
    public void Classify_CancellationIsOperationStopped()
    {
        var result = DockerErrorMapper.Classify(new OperationCanceledException("The operation was canceled."));

        Assert.Equal((ErrorCategory.OperationStopped, "OperationCanceled", "The operation was canceled."), result);
    }

    [Fact]
    public void Classify_ARequestThatLostTheEngineIsConnectionLost()
    {
        var lost = new System.Net.Http.HttpRequestException("Connection failed.", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused));

        var (category, errorId, message) = DockerErrorMapper.Classify(lost);

        Assert.Equal((ErrorCategory.ConnectionError, "EngineConnectionLost"), (category, errorId));
        Assert.StartsWith("Lost the connection to the Docker engine: ", message);
    }

    [Fact]
    public void Classify_TaskCancellationIsOperationStopped()
    {
        var (category, errorId, _) = DockerErrorMapper.Classify(new TaskCanceledException());

        Assert.Equal((ErrorCategory.OperationStopped, "OperationCanceled"), (category, errorId));
    }
}
