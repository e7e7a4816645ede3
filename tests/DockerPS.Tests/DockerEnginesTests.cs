using System;
using System.IO;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using DockerPS.Engine;
using Xunit;

namespace DockerPS.Tests;

/// <summary>The wording of connection failures, which users compare with the docker CLI's.</summary>
public class DockerEnginesTests
{
    private static readonly DockerEndpoint Socket = new(new Uri("unix:///var/run/docker.sock"), DockerEndpointSource.PlatformDefault, "default");

    private static readonly DockerEndpoint Remote = new(new Uri("tcp://10.0.0.5:2376"), DockerEndpointSource.HostParameter);

    [Fact]
    public void Unreachable_NotListeningUsesTheDockerCliWording()
    {
        var failure = new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused));

        var error = DockerEngines.Unreachable(Socket, failure, timedOut: false);

        Assert.Equal("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?", error.Message);
        Assert.Equal(EngineFailure.NotListening, error.Failure);
        Assert.Same(Socket, error.Endpoint);
        Assert.Same(failure, error.InnerException);
    }

    [Fact]
    public void Unreachable_TimeoutIsReportedWithTheSameWording()
    {
        var error = DockerEngines.Unreachable(Remote, new OperationCanceledException(), timedOut: true);

        Assert.Equal("Cannot connect to the Docker daemon at tcp://10.0.0.5:2376. Is the docker daemon running?", error.Message);
        Assert.Equal(EngineFailure.TimedOut, error.Failure);
    }

    [Fact]
    public void Unreachable_UnauthorizedAccessDeepInTheChainIsPermissionDenied()
    {
        var denied = new UnauthorizedAccessException("Access to the path '/var/run/docker.sock' is denied.");
        var failure = new HttpRequestException("request failed", new IOException("connect failed", denied));

        var error = DockerEngines.Unreachable(Socket, failure, timedOut: false);

        Assert.Equal(
            "permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Access to the path '/var/run/docker.sock' is denied.",
            error.Message);
        Assert.Equal(EngineFailure.PermissionDenied, error.Failure);
        Assert.Same(failure, error.InnerException);
    }

    [Fact]
    public void Unreachable_SocketAccessDeniedIsPermissionDenied()
    {
        var denied = new SocketException((int)SocketError.AccessDenied);
        var failure = new HttpRequestException("request failed", denied);

        var error = DockerEngines.Unreachable(Socket, failure, timedOut: false);

        Assert.Equal(
            "permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: " + denied.Message,
            error.Message);
        Assert.Equal(EngineFailure.PermissionDenied, error.Failure);
    }

    [Fact]
    public void Unreachable_PermissionDeniedWinsOverTimeout()
    {
        var error = DockerEngines.Unreachable(Socket, new UnauthorizedAccessException("denied"), timedOut: true);

        Assert.Equal(EngineFailure.PermissionDenied, error.Failure);
    }

    [Fact]
    public void Unreachable_AuthenticationFailureIsTlsRejected()
    {
        var failure = new HttpRequestException("SSL failed", new AuthenticationException("Authentication failed, see inner exception."));

        var error = DockerEngines.Unreachable(Remote, failure, timedOut: false);

        Assert.Equal(
            "Cannot connect to the Docker daemon at tcp://10.0.0.5:2376: the engine refused the TLS handshake (Authentication failed, see inner exception.); it may want a client certificate: cert.pem and key.pem (DOCKER_CERT_PATH).",
            error.Message);
        Assert.Equal(EngineFailure.TlsRejected, error.Failure);
    }

    [Fact]
    public void Unreachable_OurOwnCertificateCheckSaysTheEngineCertificateWasNotAccepted()
    {
        var endpoint = new DockerEndpoint(new Uri("tcp://10.0.0.5:2376"), DockerEndpointSource.DockerHostVariable, tls: new DockerTlsSettings(true, "/certs/ca.pem", "/certs/cert.pem", "/certs/key.pem"));
        var failure = new HttpRequestException("SSL failed", new AuthenticationException("The remote certificate was rejected by the provided RemoteCertificateValidationCallback."));

        var error = DockerEngines.Unreachable(endpoint, failure, timedOut: false);

        Assert.Equal(
            "Cannot connect to the Docker daemon at tcp://10.0.0.5:2376: the engine's certificate was not accepted: it is not signed by /certs/ca.pem, or not issued for this host name.",
            error.Message);
        Assert.Equal(EngineFailure.TlsRejected, error.Failure);
    }
}
