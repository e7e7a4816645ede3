using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DockerPS.Engine;
using Xunit;

namespace DockerPS.Tests;

/// <summary>
/// Resolution against a real, throw-away docker CLI store: a fake home per test, so the machine's own
/// ~/.docker and environment are never read.
/// </summary>
public sealed class DockerEndpointResolverTests : IDisposable
{
    private const string UnixDefault = "unix:///var/run/docker.sock";
    private const string NpipeDefault = "npipe://./pipe/docker_engine";

    private readonly string home;
    private readonly string configDirectory;
    private readonly Dictionary<string, string?> variables = new();

    public DockerEndpointResolverTests()
    {
        home = Path.Combine(Path.GetTempPath(), "DockerPS.Tests." + Guid.NewGuid().ToString("N"));
        configDirectory = Path.Combine(home, ".docker");
        Directory.CreateDirectory(configDirectory);
    }

    public void Dispose() => Directory.Delete(home, recursive: true);

    private DockerEndpointResolver Resolver(bool isWindows = false) =>
        new(new DockerCliEnvironment(name => variables.GetValueOrDefault(name), home, isWindows));

    /// <summary>The docker CLI names a context's folders after the sha256 of its name, in lowercase hex.</summary>
    private static string Digest(string name) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name))).ToLowerInvariant();

    private void WriteConfig(string json, string? directory = null) =>
        File.WriteAllText(Path.Combine(directory ?? configDirectory, "config.json"), json);

    private void WriteContextMeta(string name, string json, string? directory = null)
    {
        var folder = Path.Combine(directory ?? configDirectory, "contexts", "meta", Digest(name));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "meta.json"), json);
    }

    private void WriteContext(string name, string host, bool skipTlsVerify = false, string? directory = null) =>
        WriteContextMeta(
            name,
            JsonSerializer.Serialize(new
            {
                Name = name,
                Metadata = new { },
                Endpoints = new { docker = new { Host = host, SkipTLSVerify = skipTlsVerify } },
            }),
            directory);

    private string WriteContextTlsFile(string name, string file)
    {
        var folder = Path.Combine(configDirectory, "contexts", "tls", Digest(name), "docker");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, file);
        File.WriteAllText(path, "-----BEGIN CERTIFICATE-----");
        return path;
    }

    private static DockerEndpointException Refused(Action action) => Assert.Throws<DockerEndpointException>(action);

    // ---- Order of precedence ----

    [Fact]
    public void Resolve_HostAddressWinsOverEverything()
    {
        variables["DOCKER_HOST"] = "tcp://from-variable:1";
        variables["DOCKER_CONTEXT"] = "remote";
        WriteContext("remote", "tcp://from-context:2");
        WriteConfig("""{"currentContext":"remote"}""");

        var endpoint = Resolver().Resolve(hostAddress: "tcp://explicit:3");

        Assert.Equal("tcp://explicit:3", endpoint.Address);
        Assert.Equal(DockerEndpointSource.HostParameter, endpoint.Source);
        Assert.Null(endpoint.Context);
        Assert.Null(endpoint.Tls);
    }

    [Fact]
    public void Resolve_ContextParameterWinsOverVariablesAndConfig()
    {
        variables["DOCKER_HOST"] = "tcp://from-variable:1";
        variables["DOCKER_CONTEXT"] = "other";
        WriteContext("remote", "tcp://from-context:2");
        WriteContext("other", "tcp://other:4");
        WriteConfig("""{"currentContext":"other"}""");

        var endpoint = Resolver().Resolve(context: "remote");

        Assert.Equal("tcp://from-context:2", endpoint.Address);
        Assert.Equal(DockerEndpointSource.ContextParameter, endpoint.Source);
        Assert.Equal("remote", endpoint.Context);
    }

    [Fact]
    public void Resolve_DockerHostWinsOverDockerContextAndConfig()
    {
        variables["DOCKER_HOST"] = "tcp://from-variable:1";
        variables["DOCKER_CONTEXT"] = "remote";
        WriteContext("remote", "tcp://from-context:2");
        WriteConfig("""{"currentContext":"remote"}""");

        var endpoint = Resolver().Resolve();

        Assert.Equal("tcp://from-variable:1", endpoint.Address);
        Assert.Equal(DockerEndpointSource.DockerHostVariable, endpoint.Source);
        Assert.Null(endpoint.Context);
    }

    [Fact]
    public void Resolve_DockerContextWinsOverCurrentContext()
    {
        variables["DOCKER_CONTEXT"] = "remote";
        WriteContext("remote", "tcp://from-variable-context:2");
        WriteContext("other", "tcp://from-config-context:4");
        WriteConfig("""{"currentContext":"other"}""");

        var endpoint = Resolver().Resolve();

        Assert.Equal("tcp://from-variable-context:2", endpoint.Address);
        Assert.Equal(DockerEndpointSource.DockerContextVariable, endpoint.Source);
        Assert.Equal("remote", endpoint.Context);
    }

    [Fact]
    public void Resolve_UsesCurrentContextFromConfig()
    {
        WriteContext("remote", "tcp://from-config-context:4");
        WriteConfig("""{"auths":{},"currentContext":"remote"}""");

        var endpoint = Resolver().Resolve();

        Assert.Equal("tcp://from-config-context:4", endpoint.Address);
        Assert.Equal(DockerEndpointSource.CurrentContext, endpoint.Source);
        Assert.Equal("remote", endpoint.Context);
    }

    [Theory]
    [InlineData(false, UnixDefault)]
    [InlineData(true, NpipeDefault)]
    public void Resolve_FallsBackToThePlatformDefault(bool isWindows, string expected)
    {
        var endpoint = Resolver(isWindows).Resolve();

        Assert.Equal(expected, endpoint.Address);
        Assert.Equal(DockerEndpointSource.PlatformDefault, endpoint.Source);
        Assert.Equal("default", endpoint.Context);
        Assert.Null(endpoint.Tls);
    }

    [Fact]
    public void Resolve_TreatsEmptyVariablesAsUnset()
    {
        variables["DOCKER_HOST"] = string.Empty;
        variables["DOCKER_CONTEXT"] = string.Empty;

        var endpoint = Resolver().Resolve();

        Assert.Equal(UnixDefault, endpoint.Address);
        Assert.Equal(DockerEndpointSource.PlatformDefault, endpoint.Source);
    }

    [Theory]
    [InlineData("""{"auths":{}}""")]
    [InlineData("""{"currentContext":""}""")]
    [InlineData("""{"currentContext":null}""")]
    [InlineData("[]")]
    public void Resolve_ConfigWithoutCurrentContextGivesThePlatformDefault(string config)
    {
        WriteConfig(config);

        var endpoint = Resolver().Resolve();

        Assert.Equal(UnixDefault, endpoint.Address);
        Assert.Equal(DockerEndpointSource.PlatformDefault, endpoint.Source);
    }

    [Fact]
    public void Resolve_ReadsConfigAndContextsFromDockerConfig()
    {
        var elsewhere = Path.Combine(home, "elsewhere");
        Directory.CreateDirectory(elsewhere);
        variables["DOCKER_CONFIG"] = elsewhere;
        WriteContext("remote", "tcp://from-docker-config:5", directory: elsewhere);
        WriteConfig("""{"currentContext":"remote"}""", elsewhere);

        // The same names under ~/.docker must be ignored.
        WriteContext("remote", "tcp://from-home:6");
        WriteConfig("""{"currentContext":"remote"}""");

        var endpoint = Resolver().Resolve();

        Assert.Equal("tcp://from-docker-config:5", endpoint.Address);
        Assert.Equal(DockerEndpointSource.CurrentContext, endpoint.Source);
    }

    // ---- Refusals ----

    [Fact]
    public void Resolve_RefusesHostAddressTogetherWithContext()
    {
        var error = Refused(() => Resolver().Resolve(hostAddress: "tcp://h:1", context: "remote"));

        Assert.Equal("ConflictingEndpointOptions", error.ErrorId);
        Assert.Contains("-HostAddress", error.Message);
        Assert.Contains("-Context", error.Message);
    }

    [Fact]
    public void Resolve_RefusesAnUnknownContext()
    {
        var error = Refused(() => Resolver().Resolve(context: "nowhere"));

        Assert.Equal("ContextNotFound", error.ErrorId);
        Assert.StartsWith("context \"nowhere\" does not exist", error.Message);
    }

    [Fact]
    public void Resolve_RefusesAnUnknownCurrentContext()
    {
        WriteConfig("""{"currentContext":"gone"}""");

        var error = Refused(() => Resolver().Resolve());

        Assert.Equal("ContextNotFound", error.ErrorId);
        Assert.Contains("\"gone\"", error.Message);
    }

    [Fact]
    public void Resolve_RefusesMalformedConfig()
    {
        WriteConfig("""{"currentContext": """);

        var error = Refused(() => Resolver().Resolve());

        Assert.Equal("InvalidDockerConfig", error.ErrorId);
        Assert.Contains(Path.Combine(configDirectory, "config.json"), error.Message);
    }

    [Fact]
    public void Resolve_DoesNotReadConfigWhenTheHostIsGiven()
    {
        WriteConfig("not json");
        variables["DOCKER_HOST"] = "tcp://h:1";

        Assert.Equal("tcp://h:1", Resolver().Resolve().Address);
        Assert.Equal("tcp://h:2", Resolver().Resolve(hostAddress: "tcp://h:2").Address);
    }

    [Theory]
    [InlineData("""{"Name":"broken","Endpoints":""")]
    [InlineData("""{"Name":"broken","Endpoints":{}}""")]
    [InlineData("""{"Name":"broken"}""")]
    [InlineData("""[]""")]
    [InlineData("""{"Name":"broken","Endpoints":[]}""")]
    [InlineData("""{"Name":"broken","Endpoints":{"docker":{"Host":5}}}""")]
    public void Resolve_RefusesAContextWithoutReadableDockerEndpoint(string meta)
    {
        WriteContextMeta("broken", meta);

        var error = Refused(() => Resolver().Resolve(context: "broken"));

        Assert.Equal("InvalidContext", error.ErrorId);
        Assert.Contains("\"broken\"", error.Message);
    }

    [Fact]
    public void Resolve_TakesAnSshContext()
    {
        WriteContext("remote", "ssh://user@build-host:2222");

        var endpoint = Resolver().Resolve(context: "remote");

        Assert.Equal(new Uri("ssh://user@build-host:2222"), endpoint.Uri);
    }

    // ---- The "default" context ----

    [Theory]
    [InlineData(false, UnixDefault)]
    [InlineData(true, NpipeDefault)]
    public void Resolve_DefaultContextIsThePlatformDefault(bool isWindows, string expected)
    {
        var endpoint = Resolver(isWindows).Resolve(context: "default");

        Assert.Equal(expected, endpoint.Address);
        Assert.Equal(DockerEndpointSource.ContextParameter, endpoint.Source);
        Assert.Equal("default", endpoint.Context);
        Assert.Null(endpoint.Tls);
    }

    [Fact]
    public void Resolve_DefaultCurrentContextIsThePlatformDefault()
    {
        WriteConfig("""{"currentContext":"default"}""");

        var endpoint = Resolver().Resolve();

        Assert.Equal(UnixDefault, endpoint.Address);
        Assert.Equal(DockerEndpointSource.CurrentContext, endpoint.Source);
        Assert.Equal("default", endpoint.Context);
    }

    // ---- Contexts: hosts and TLS ----

    [Fact]
    public void Resolve_ContextWithoutTlsUsesThePlainPort()
    {
        WriteContext("remote", "tcp://10.0.0.5");

        var endpoint = Resolver().Resolve(context: "remote");

        Assert.Equal("tcp://10.0.0.5:2375", endpoint.Address);
        Assert.Null(endpoint.Tls);
    }

    [Fact]
    public void Resolve_ContextTlsMaterialIsTakenFromItsTlsFolder()
    {
        WriteContext("remote", "tcp://10.0.0.5");
        var ca = WriteContextTlsFile("remote", "ca.pem");
        var cert = WriteContextTlsFile("remote", "cert.pem");
        var key = WriteContextTlsFile("remote", "key.pem");

        var endpoint = Resolver().Resolve(context: "remote");

        Assert.Equal("tcp://10.0.0.5:2376", endpoint.Address);
        Assert.Equal(new DockerTlsSettings(verify: true, ca, cert, key), endpoint.Tls);
    }

    [Fact]
    public void Resolve_ContextWithOnlyACaVerifiesWithoutClientCertificate()
    {
        WriteContext("remote", "tcp://10.0.0.5:2376");
        var ca = WriteContextTlsFile("remote", "ca.pem");

        var endpoint = Resolver().Resolve(context: "remote");

        Assert.Equal(new DockerTlsSettings(verify: true, ca, null, null), endpoint.Tls);
    }

    [Fact]
    public void Resolve_ContextSkipTlsVerifyGivesUnverifiedTls()
    {
        WriteContext("remote", "tcp://10.0.0.5", skipTlsVerify: true);

        var endpoint = Resolver().Resolve(context: "remote");

        Assert.Equal("tcp://10.0.0.5:2376", endpoint.Address);
        Assert.Equal(new DockerTlsSettings(verify: false, null, null, null), endpoint.Tls);
    }

    [Fact]
    public void Resolve_ContextWithoutHostUsesThePlatformDefault()
    {
        WriteContextMeta("local", """{"Name":"local","Metadata":{},"Endpoints":{"docker":{"SkipTLSVerify":false}}}""");

        var endpoint = Resolver(isWindows: true).Resolve(context: "local");

        Assert.Equal(NpipeDefault, endpoint.Address);
        Assert.Equal("local", endpoint.Context);
    }

    [Fact]
    public void Resolve_ContextIgnoresDockerTlsVerify()
    {
        variables["DOCKER_TLS_VERIFY"] = "1";
        WriteContext("remote", "tcp://10.0.0.5");

        var endpoint = Resolver().Resolve(context: "remote");

        Assert.Equal("tcp://10.0.0.5:2375", endpoint.Address);
        Assert.Null(endpoint.Tls);
    }

    // ---- DOCKER_TLS_VERIFY for DOCKER_HOST and -HostAddress ----

    [Fact]
    public void Resolve_DockerTlsVerifyTakesCertificatesFromDockerCertPath()
    {
        var certificates = Path.Combine(home, "certs");
        variables["DOCKER_HOST"] = "tcp://10.0.0.5";
        variables["DOCKER_TLS_VERIFY"] = "1";
        variables["DOCKER_CERT_PATH"] = certificates;

        var endpoint = Resolver().Resolve();

        Assert.Equal("tcp://10.0.0.5:2376", endpoint.Address);
        Assert.Equal(
            new DockerTlsSettings(
                verify: true,
                Path.Combine(certificates, "ca.pem"),
                Path.Combine(certificates, "cert.pem"),
                Path.Combine(certificates, "key.pem")),
            endpoint.Tls);
    }

    [Fact]
    public void Resolve_DockerTlsVerifyDefaultsToCertificatesInTheConfigFolder()
    {
        variables["DOCKER_TLS_VERIFY"] = "1";

        var endpoint = Resolver().Resolve(hostAddress: "10.0.0.5");

        Assert.Equal("tcp://10.0.0.5:2376", endpoint.Address);
        Assert.Equal(
            new DockerTlsSettings(
                verify: true,
                Path.Combine(configDirectory, "ca.pem"),
                Path.Combine(configDirectory, "cert.pem"),
                Path.Combine(configDirectory, "key.pem")),
            endpoint.Tls);
    }

    [Fact]
    public void Resolve_WithoutDockerTlsVerifyTheHostIsPlain()
    {
        variables["DOCKER_HOST"] = "tcp://10.0.0.5";
        variables["DOCKER_CERT_PATH"] = Path.Combine(home, "certs");

        var endpoint = Resolver().Resolve();

        Assert.Equal("tcp://10.0.0.5:2375", endpoint.Address);
        Assert.Null(endpoint.Tls);
    }

    // ---- Host address normalisation ----

    [Theory]
    [InlineData("tcp://10.0.0.5:2376", false, "tcp://10.0.0.5:2376")]
    [InlineData("tcp://10.0.0.5", false, "tcp://10.0.0.5:2375")]
    [InlineData("tcp://10.0.0.5", true, "tcp://10.0.0.5:2376")]
    [InlineData("tcp://10.0.0.5:3000", true, "tcp://10.0.0.5:3000")]
    [InlineData("10.0.0.5", false, "tcp://10.0.0.5:2375")]
    [InlineData("10.0.0.5", true, "tcp://10.0.0.5:2376")]
    [InlineData("docker.example.com:3000", false, "tcp://docker.example.com:3000")]
    [InlineData("tcp://docker.example.com/", false, "tcp://docker.example.com:2375")]
    [InlineData("  tcp://10.0.0.5:2376  ", false, "tcp://10.0.0.5:2376")]
    [InlineData("tcp://[::1]:2376", false, "tcp://[::1]:2376")]
    [InlineData("tcp://[2001:db8::5]", false, "tcp://[2001:db8::5]:2375")]
    [InlineData("tcp://[2001:db8::5]", true, "tcp://[2001:db8::5]:2376")]
    [InlineData("[::1]:2375", false, "tcp://[::1]:2375")]
    [InlineData("unix:///var/run/docker.sock", false, "unix:///var/run/docker.sock")]
    [InlineData("unix:///run/user/1000/docker.sock", true, "unix:///run/user/1000/docker.sock")]
    [InlineData("npipe:////./pipe/docker_engine", false, "npipe://./pipe/docker_engine")]
    [InlineData("npipe://./pipe/dockerDesktopLinuxEngine", false, "npipe://./pipe/dockerDesktopLinuxEngine")]
    [InlineData("HTTP://h:80", false, "tcp://h:80")]
    public void ParseHostAddress_Normalises(string address, bool tls, string expected)
    {
        Assert.Equal(expected, DockerEndpointResolver.ParseHostAddress(address, tls).OriginalString);
    }

    [Theory]
    [InlineData("", "InvalidHostAddress")]
    [InlineData("   ", "InvalidHostAddress")]
    [InlineData("unix://", "InvalidHostAddress")]
    [InlineData("npipe:///", "InvalidHostAddress")]
    [InlineData("tcp://10.0.0.5:2375/v1.41", "InvalidHostAddress")]
    [InlineData("fd://3", "UnsupportedEndpointScheme")]
    [InlineData("ftp://10.0.0.5", "UnsupportedEndpointScheme")]
    public void ParseHostAddress_Refuses(string address, string errorId)
    {
        var error = Refused(() => DockerEndpointResolver.ParseHostAddress(address, tls: false));

        Assert.Equal(errorId, error.ErrorId);
        Assert.Contains($"'{address}'", error.Message);
    }

    [Theory]
    [InlineData("tcp://admin:s3cret@10.0.0.5:2375", "tcp://***@10.0.0.5:2375")]
    [InlineData("admin:s3cret@10.0.0.5", "***@10.0.0.5")]
    [InlineData("tcp://token@build-host:2376", "tcp://***@build-host:2376")]
    public void ParseHostAddress_RefusesCredentials_WithoutRepeatingThem(string address, string shown)
    {
        var error = Refused(() => DockerEndpointResolver.ParseHostAddress(address, tls: false));

        Assert.Equal("InvalidHostAddress", error.ErrorId);
        Assert.Contains($"'{shown}'", error.Message);
        Assert.Contains("user name or password", error.Message);
        Assert.DoesNotContain("s3cret", error.Message);
        Assert.DoesNotContain("admin", error.Message);
        Assert.DoesNotContain("token", error.Message);
    }

    [Theory]
    [InlineData("tcp://10.0.0.5:2375?timeout=5")]
    [InlineData("tcp://10.0.0.5:2375#engine")]
    [InlineData("tcp://10.0.0.5?x")]
    public void ParseHostAddress_RefusesAQueryOrFragment(string address)
    {
        var error = Refused(() => DockerEndpointResolver.ParseHostAddress(address, tls: false));

        Assert.Equal("InvalidHostAddress", error.ErrorId);
        Assert.Contains("query (?) or a fragment (#)", error.Message);
    }

    [Theory]
    [InlineData("ssh://build-host", "ssh://build-host")]
    [InlineData("ssh://user@build-host", "ssh://user@build-host")]
    [InlineData("SSH://user_1.x@10.0.0.5:2222", "ssh://user_1.x@10.0.0.5:2222")]
    [InlineData("ssh://user@[::1]:22", "ssh://user@[::1]:22")]
    [InlineData("ssh://user@build-host/", "ssh://user@build-host")]
    public void ParseHostAddress_TakesSshAsTheCliDoes(string address, string expected) =>
        Assert.Equal(new Uri(expected), DockerEndpointResolver.ParseHostAddress(address, tls: false));

    [Theory]
    [InlineData("ssh://user:secret@build-host", "plain-text password is not supported")]
    [InlineData("ssh://user@build-host/var/run/docker.sock", "extra path after the host: \"/var/run/docker.sock\"")]
    [InlineData("ssh://user@build-host?x=1", "cannot carry a query (?) or a fragment (#)")]
    [InlineData("ssh://", "expected ssh://[user@]host[:port]")]
    [InlineData("ssh://-oProxyCommand=x", "expected ssh://[user@]host[:port]")]
    [InlineData("ssh://-oProxyCommand=x@build-host", "expected ssh://[user@]host[:port]")]
    [InlineData("ssh://a%20b@build-host", "expected ssh://[user@]host[:port]")]
    public void ParseHostAddress_RefusesSshAddressesTheCliRefuses_AndNothingThatWouldReadAsAnSshOption(string address, string phrase)
    {
        var error = Refused(() => DockerEndpointResolver.ParseHostAddress(address, tls: false));

        Assert.Equal("InvalidHostAddress", error.ErrorId);
        Assert.Contains(phrase, error.Message);
        Assert.DoesNotContain("secret", error.Message);
    }

    [Fact]
    public void SshArguments_RunDialStdioOnTheHost_WithTheUserAndPort_AfterTheEndOfOptions()
    {
        var arguments = SshTransport.Arguments(new Uri("ssh://deploy@build-host:2222")).Split(' ');

        Assert.Equal(new[] { "--", "build-host", "docker", "system", "dial-stdio" }, arguments.Skip(arguments.Length - 5));
        Assert.Equal("deploy", arguments[Array.IndexOf(arguments, "-l") + 1]);
        Assert.Equal("2222", arguments[Array.IndexOf(arguments, "-p") + 1]);
        Assert.Contains("ConnectTimeout=30", arguments);
        Assert.DoesNotContain("-p", SshTransport.Arguments(new Uri("ssh://build-host")).Split(' '));
        Assert.DoesNotContain("-l", SshTransport.Arguments(new Uri("ssh://build-host")).Split(' '));
    }

    [Fact]
    public void ParseHostAddress_NamesAnUnknownScheme()
    {
        var error = Refused(() => DockerEndpointResolver.ParseHostAddress("ftp://10.0.0.5", tls: false));

        Assert.Contains("'ftp://' is not supported", error.Message);
    }

    // ---- The context store ----

    [Theory]
    [InlineData("remote")]
    [InlineData("default")]
    [InlineData("café-ü")]
    public void ContextDigest_IsTheLowercaseSha256OfTheName(string name)
    {
        Assert.Equal(Digest(name), DockerEndpointResolver.ContextDigest(name));
    }

    [Fact]
    public void ContextDigest_MatchesSha256sum()
    {
        // As `printf remote | sha256sum` prints it.
        Assert.Equal(
            "b71199ebd070b36beab7317920c2c2f1d777df8d05e5527d8458fda57cb17a7a",
            DockerEndpointResolver.ContextDigest("remote"));
    }

    [Fact]
    public void ContextFolders_AreUnderTheConfigFolder()
    {
        var resolver = Resolver();

        Assert.Equal(Path.Combine(configDirectory, "contexts", "meta", Digest("remote")), resolver.ContextMetadataDirectory("remote"));
        Assert.Equal(Path.Combine(configDirectory, "contexts", "tls", Digest("remote"), "docker"), resolver.ContextTlsDirectory("remote"));
    }

    [Fact]
    public void ListContextNames_WithoutStoreIsJustDefault()
    {
        Assert.Equal(new[] { "default" }, Resolver().ListContextNames());
    }

    [Fact]
    public void ListContextNames_PutsDefaultFirstAndSkipsUnreadableContexts()
    {
        WriteContext("remote", "tcp://10.0.0.5");
        WriteContext("desktop-linux", "unix:///home/someone/.docker/run/docker.sock");
        WriteContextMeta("broken", "{not json");
        WriteContextMeta("nameless", """{"Endpoints":{}}""");

        var names = Resolver().ListContextNames();

        Assert.Equal("default", names[0]);
        Assert.Equal(new[] { "desktop-linux", "remote" }, names.Skip(1).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void Resolve_TlsChosenOnTheCommandLineAppliesToHostAddress()
    {
        var resolver = Resolver();

        var endpoint = resolver.Resolve(hostAddress: "tcp://engine", tls: resolver.VerifiedTls(Path.Combine(home, "certs")));

        Assert.Equal("tcp://engine:2376", endpoint.Address);
        Assert.True(endpoint.Tls!.Verify);
        Assert.Equal(Path.Combine(home, "certs", "ca.pem"), endpoint.Tls.CertificateAuthorityPath);
        Assert.Equal(Path.Combine(home, "certs", "key.pem"), endpoint.Tls.KeyPath);
    }

    [Fact]
    public void Resolve_TlsChosenOnTheCommandLineAppliesToDockerHostWithoutDockerTlsVerify()
    {
        variables["DOCKER_HOST"] = "tcp://engine:9999";
        var resolver = Resolver();

        var endpoint = resolver.Resolve(tls: resolver.VerifiedTls(null));

        Assert.Equal("tcp://engine:9999", endpoint.Address);
        Assert.Equal(Path.Combine(home, ".docker", "cert.pem"), endpoint.Tls!.CertificatePath);
    }

    [Fact]
    public void VerifiedTls_FallsBackToDockerCertPath()
    {
        variables["DOCKER_CERT_PATH"] = "/from/variable";

        var tls = Resolver().VerifiedTls(null);

        Assert.Equal(Path.Combine("/from/variable", "ca.pem"), tls.CertificateAuthorityPath);
    }
}
