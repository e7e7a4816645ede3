using System.Management.Automation;
using System.Net;
using System.Text.Json;
using Docker.DotNet;
using DockerPS.Errors;
using Xunit;

namespace DockerPS.Tests;

public class DockerErrorMapperStreamTests
{
    private const string PullDenied =
        "pull access denied for foo/bar, repository does not exist or may require 'docker login': denied: requested access to the resource is denied";

    private static string Json(string message) => "{\"message\":" + JsonSerializer.Serialize(message) + "}";

    // ---- DockerStreamException ----

    [Theory]
    [InlineData("no basic auth credentials", null, ErrorCategory.PermissionDenied)]
    [InlineData("unauthorized: authentication required", null, ErrorCategory.PermissionDenied)]
    [InlineData("UNAUTHORIZED", null, ErrorCategory.PermissionDenied)]
    [InlineData("Access Denied", null, ErrorCategory.PermissionDenied)]
    [InlineData("authentication required", null, ErrorCategory.PermissionDenied)]
    [InlineData("denied: requested access to the resource is denied", null, ErrorCategory.PermissionDenied)]
    [InlineData(PullDenied, null, ErrorCategory.PermissionDenied)] // "denied" wins over "does not exist"
    [InlineData("the registry said no", 401, ErrorCategory.PermissionDenied)]
    [InlineData("the registry said no", 403, ErrorCategory.PermissionDenied)]
    [InlineData("unauthorized", 404, ErrorCategory.PermissionDenied)] // the words win over the code
    [InlineData("manifest not found", 401, ErrorCategory.PermissionDenied)] // 401 wins over "not found"
    [InlineData("manifest for nginx:nope not found: manifest unknown: manifest unknown", null, ErrorCategory.ObjectNotFound)]
    [InlineData("Manifest Unknown", null, ErrorCategory.ObjectNotFound)]
    [InlineData("repository foo/bar does not exist", null, ErrorCategory.ObjectNotFound)]
    [InlineData("NOT FOUND", null, ErrorCategory.ObjectNotFound)]
    [InlineData("the registry said no", 404, ErrorCategory.ObjectNotFound)]
    [InlineData("dial tcp 127.0.0.1:5000: connect: connection refused", 404, ErrorCategory.ObjectNotFound)] // 404 wins over the connection words
    [InlineData("Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io: no such host", null, ErrorCategory.ConnectionError)]
    [InlineData("dial tcp 127.0.0.1:5000: connect: connection refused", null, ErrorCategory.ConnectionError)]
    [InlineData("net/http: request canceled (Client.Timeout exceeded while awaiting headers)", null, ErrorCategory.ConnectionError)]
    [InlineData("i/o TIMEOUT", 500, ErrorCategory.ConnectionError)]
    [InlineData("failed to register layer: no space left on device", null, ErrorCategory.InvalidOperation)]
    [InlineData("failed to register layer", 500, ErrorCategory.InvalidOperation)]
    [InlineData("", null, ErrorCategory.InvalidOperation)]
    public void Classify_ReadsTheStreamErrorsWordsAndCode(string message, int? code, ErrorCategory category)
    {
        var result = DockerErrorMapper.Classify(new DockerStreamException(message, code));

        Assert.Equal((category, "DockerStreamError", message), result);
    }

    [Fact]
    public void DockerStreamException_KeepsItsCode()
    {
        Assert.Equal(429L, new DockerStreamException("toomanyrequests", 429).Code);
        Assert.Null(new DockerStreamException("toomanyrequests", null).Code);
        Assert.Equal("toomanyrequests", new DockerStreamException("toomanyrequests", 429).Message);
    }

    [Fact]
    public void ToErrorRecord_StreamErrorKeepsItsMessageWithoutDetails()
    {
        var exception = new DockerStreamException("manifest for nginx:nope not found: manifest unknown", 404);

        var record = DockerErrorMapper.ToErrorRecord(exception, null, "nginx:nope");

        Assert.Equal("DockerStreamError", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, record.CategoryInfo.Category);
        Assert.Same(exception, record.Exception);
        Assert.Null(record.ErrorDetails);
        Assert.Equal("nginx:nope", record.TargetObject);
    }

    [Fact]
    public void ToErrorRecord_StreamErrorTakesAnExplicitErrorId()
    {
        var exception = new DockerStreamException("unauthorized: authentication required", null);

        var record = DockerErrorMapper.ToErrorRecord(exception, "ImagePullFailed", "private/app");

        Assert.Equal("ImagePullFailed", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.PermissionDenied, record.CategoryInfo.Category);
    }

    // ---- ContainerExitException ----

    [Theory]
    [InlineData("web", 1L)]
    [InlineData("8f2d3c1e4b5a", 137L)]
    [InlineData("job", -1L)]
    public void ContainerExitException_NamesTheContainerAndCode(string container, long exitCode)
    {
        var exception = new ContainerExitException(container, exitCode);

        Assert.Equal(container, exception.Container);
        Assert.Equal(exitCode, exception.ExitCode);
        Assert.Equal($"Container {container} exited with code {exitCode}.", exception.Message);
    }

    [Fact]
    public void Classify_ContainerExitIsInvalidResult()
    {
        var result = DockerErrorMapper.Classify(new ContainerExitException("web", 3));

        Assert.Equal((ErrorCategory.InvalidResult, "ContainerExitCode", "Container web exited with code 3."), result);
    }

    [Fact]
    public void ToErrorRecord_ContainerExitKeepsTheException()
    {
        var exception = new ContainerExitException("web", 42);

        var record = DockerErrorMapper.ToErrorRecord(exception, null, "web");

        Assert.Equal("ContainerExitCode", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidResult, record.CategoryInfo.Category);
        Assert.Null(record.ErrorDetails);
        Assert.Equal("web", record.TargetObject);
        var carried = Assert.IsType<ContainerExitException>(record.Exception);
        Assert.Equal(42L, carried.ExitCode);
        Assert.Equal("web", carried.Container);
    }

    // ---- 409 for a container that is in use ----

    [Theory]
    [InlineData("You cannot remove a running container 8f2d3c1e4b5a. Stop the container before attempting removal or force remove")]
    [InlineData("cannot remove container \"/web\": container is running: stop the container before removing or force remove")]
    [InlineData("container is paused and must be unpaused first")]
    public void Classify_RemovingARunningContainerIsResourceBusy(string message)
    {
        var result = DockerErrorMapper.Classify(new DockerApiException(HttpStatusCode.Conflict, Json(message)));

        Assert.Equal((ErrorCategory.ResourceBusy, "DockerApi.Conflict", "Error response from daemon: " + message), result);
    }

    [Fact]
    public void ToErrorRecord_RemovingARunningContainerIsResourceBusy()
    {
        const string message = "You cannot remove a running container 8f2d3c1e4b5a. Stop the container before attempting removal or force remove";
        var exception = new DockerApiException(HttpStatusCode.Conflict, Json(message));

        var record = DockerErrorMapper.ToErrorRecord(exception, null, "web");

        Assert.Equal(ErrorCategory.ResourceBusy, record.CategoryInfo.Category);
        Assert.Equal("DockerApi.Conflict", record.FullyQualifiedErrorId);
        Assert.Equal("Error response from daemon: " + message, record.ErrorDetails.Message);
    }

    // moby's daemon/delete.go answers these as 409 too; today they map to ResourceExists.
    [Theory]
    [InlineData("cannot remove container \"/web\": container is restarting: stop the container before removing or force remove")]
    [InlineData("You cannot remove a restarting container 8f2d3c1e4b5a. Stop the container before attempting removal or force remove")]
    [InlineData("You cannot remove a paused container 8f2d3c1e4b5a. Unpause and then stop the container before attempting removal or force remove")]
    public void Classify_RemovingARestartingOrPausedContainerIsResourceBusy(string message)
    {
        var result = DockerErrorMapper.Classify(new DockerApiException(HttpStatusCode.Conflict, Json(message)));

        Assert.Equal(ErrorCategory.ResourceBusy, result.Category);
    }
}
