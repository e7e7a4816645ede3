using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Text;
using DockerPS.Engine;
using DockerPS.Registry;
using Xunit;

namespace DockerPS.Tests;

/// <summary>
/// Registry credentials found as the docker CLI finds them, against a throw-away config folder in a fake home and a
/// fake credential helper that records what it was asked, so the machine's own ~/.docker and helpers are never used.
/// </summary>
public sealed class RegistryCredentialsTests : IDisposable
{
    private const string HubKey = "https://index.docker.io/v1/";

    private readonly string home;
    private readonly string configDirectory;
    private readonly Dictionary<string, string?> variables = new();
    private readonly List<(string Helper, string ServerAddress)> helperCalls = new();
    private Func<string, string, string?> helperAnswer = (helper, server) => throw new InvalidOperationException($"unexpected helper call: {helper} {server}");

    public RegistryCredentialsTests()
    {
        home = Path.Combine(Path.GetTempPath(), "DockerPS.Tests." + Guid.NewGuid().ToString("N"));
        configDirectory = Path.Combine(home, ".docker");
        Directory.CreateDirectory(configDirectory);
    }

    public void Dispose() => Directory.Delete(home, recursive: true);

    private RegistryCredentials Credentials() =>
        new(
            new DockerCliEnvironment(name => variables.GetValueOrDefault(name), home, isWindows: false),
            (helper, server) =>
            {
                helperCalls.Add((helper, server));
                return helperAnswer(helper, server);
            });

    private void WriteConfig(string json, string? directory = null) =>
        File.WriteAllText(Path.Combine(directory ?? configDirectory, "config.json"), json);

    private static string Auth(string userAndPassword) => Convert.ToBase64String(Encoding.UTF8.GetBytes(userAndPassword));

    private static PSCredential Credential(string user, string password) =>
        new(user, new NetworkCredential(string.Empty, password).SecurePassword);

    // ---- -Credential ----

    [Theory]
    [InlineData("docker.io", HubKey)]
    [InlineData("ghcr.io", "ghcr.io")]
    [InlineData("127.0.0.1:5001", "127.0.0.1:5001")]
    public void Resolve_CredentialWins(string registry, string serverAddress)
    {
        WriteConfig($$"""{"auths":{"{{registry}}":{"auth":"{{Auth("stored:secret")}}"} },"credsStore":"desktop"}""");

        var auth = Credentials().Resolve(registry, Credential("alice", "s3cret:with colon"));

        Assert.NotNull(auth);
        Assert.Equal("alice", auth!.Username);
        Assert.Equal("s3cret:with colon", auth.Password);
        Assert.Equal(serverAddress, auth.ServerAddress);
        Assert.Null(auth.IdentityToken);
        Assert.Empty(helperCalls);
    }

    [Fact]
    public void Resolve_CredentialNeverReadsTheConfig()
    {
        WriteConfig("{ this is not json");

        var auth = Credentials().Resolve("docker.io", Credential("alice", "pw"));

        Assert.Equal("alice", auth!.Username);
        Assert.Empty(helperCalls);
    }

    // ---- No configuration ----

    [Fact]
    public void Resolve_NoConfigFile_IsAnonymous()
    {
        Assert.Null(Credentials().Resolve("docker.io", null));
        Assert.Empty(helperCalls);
    }

    [Fact]
    public void Resolve_NoConfigFolder_IsAnonymous()
    {
        Directory.Delete(configDirectory);

        Assert.Null(Credentials().Resolve("docker.io", null));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("""{"auths":{}}""")]
    [InlineData("""{"auths":[]}""")]
    [InlineData("""{"auths":{"ghcr.io":{"auth":"dTpw"}}}""")] // another registry
    [InlineData("""{"auths":{"docker.io.example.com":{"auth":"dTpw"}}}""")]
    [InlineData("""{"auths":{"docker.io":"dTpw"}}""")] // entry not an object
    [InlineData("""{"auths":{"docker.io":{}}}""")]
    [InlineData("""{"auths":{"docker.io":{"auth":""}}}""")]
    [InlineData("""{"auths":{"docker.io":{"auth":"","identitytoken":""}}}""")]
    [InlineData("""{"auths":{"docker.io":{"email":"a@example.com"}}}""")]
    public void Resolve_NothingStoredForTheRegistry_IsAnonymous(string json)
    {
        WriteConfig(json);

        Assert.Null(Credentials().Resolve("docker.io", null));
        Assert.Empty(helperCalls);
    }

    // ---- auths ----

    [Fact]
    public void Resolve_AuthsEntry_GivesUserAndPassword()
    {
        WriteConfig($$"""{"auths":{"ghcr.io":{"auth":"{{Auth("octocat:ghp_token")}}"} } }""");

        var auth = Credentials().Resolve("ghcr.io", null);

        Assert.NotNull(auth);
        Assert.Equal("octocat", auth!.Username);
        Assert.Equal("ghp_token", auth.Password);
        Assert.Equal("ghcr.io", auth.ServerAddress);
        Assert.Null(auth.IdentityToken);
        Assert.Empty(helperCalls);
    }

    [Fact]
    public void Resolve_AuthsEntry_SplitsAtTheFirstColonOnly()
    {
        WriteConfig($$"""{"auths":{"ghcr.io":{"auth":"{{Auth("user:pa:ss:")}}"} } }""");

        var auth = Credentials().Resolve("ghcr.io", null);

        Assert.Equal("user", auth!.Username);
        Assert.Equal("pa:ss:", auth.Password);
    }

    [Fact]
    public void Resolve_AuthsEntry_DecodesUtf8()
    {
        WriteConfig($$"""{"auths":{"ghcr.io":{"auth":"{{Auth("jürgen:pässwörd")}}"} } }""");

        var auth = Credentials().Resolve("ghcr.io", null);

        Assert.Equal("jürgen", auth!.Username);
        Assert.Equal("pässwörd", auth.Password);
    }

    [Fact]
    public void Resolve_AuthsEntry_EmptyPasswordIsKept()
    {
        WriteConfig($$"""{"auths":{"ghcr.io":{"auth":"{{Auth("user:")}}"} } }""");

        var auth = Credentials().Resolve("ghcr.io", null);

        Assert.Equal("user", auth!.Username);
        Assert.Equal(string.Empty, auth.Password);
    }

    [Theory]
    [InlineData(HubKey)]
    [InlineData("https://index.docker.io/v1")]
    [InlineData("http://index.docker.io/v1/")]
    [InlineData("index.docker.io")]
    [InlineData("registry-1.docker.io")]
    [InlineData("https://registry-1.docker.io/v2/")]
    [InlineData("docker.io")]
    public void Resolve_DockerHub_MatchesEveryKeyTheHubIsStoredUnder(string key)
    {
        WriteConfig($$"""{"auths":{"{{key}}":{"auth":"{{Auth("hubuser:hubpass")}}"} } }""");

        var auth = Credentials().Resolve("docker.io", null);

        Assert.NotNull(auth);
        Assert.Equal("hubuser", auth!.Username);
        Assert.Equal("hubpass", auth.Password);
        Assert.Equal(HubKey, auth.ServerAddress);
    }

    [Theory]
    [InlineData("https://127.0.0.1:5001/v2/")]
    [InlineData("http://127.0.0.1:5001")]
    [InlineData("127.0.0.1:5001/")]
    [InlineData("127.0.0.1:5001")]
    public void Resolve_KeyWithSchemeOrPath_MatchesTheHost(string key)
    {
        WriteConfig($$"""{"auths":{"{{key}}":{"auth":"{{Auth("local:pw")}}"} } }""");

        var auth = Credentials().Resolve("127.0.0.1:5001", null);

        Assert.NotNull(auth);
        Assert.Equal("local", auth!.Username);
        Assert.Equal("pw", auth.Password);
        Assert.Equal("127.0.0.1:5001", auth.ServerAddress);
    }

    [Theory]
    [InlineData("127.0.0.1:5002")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:50011")]
    public void Resolve_PortIsPartOfTheHost(string registry)
    {
        WriteConfig($$"""{"auths":{"https://127.0.0.1:5001/v2/":{"auth":"{{Auth("local:pw")}}"} } }""");

        Assert.Null(Credentials().Resolve(registry, null));
    }

    [Fact]
    public void Resolve_HostIsComparedIgnoringCase()
    {
        WriteConfig($$"""{"auths":{"https://MyRegistry.Example.com/v2/":{"auth":"{{Auth("u:p")}}"} } }""");

        var auth = Credentials().Resolve("myregistry.example.com", null);

        Assert.Equal("u", auth!.Username);
        Assert.Equal("myregistry.example.com", auth.ServerAddress);
    }

    [Fact]
    public void Resolve_PicksTheEntryForTheRegistryAmongOthers()
    {
        WriteConfig($$"""
            {"auths":{
              "ghcr.io":{"auth":"{{Auth("gh:1")}}"},
              "https://index.docker.io/v1/":{"auth":"{{Auth("hub:2")}}"},
              "quay.io":{"auth":"{{Auth("quay:3")}}"} } }
            """);

        var credentials = Credentials();

        Assert.Equal("gh", credentials.Resolve("ghcr.io", null)!.Username);
        Assert.Equal("hub", credentials.Resolve("docker.io", null)!.Username);
        Assert.Equal("quay", credentials.Resolve("quay.io", null)!.Username);
    }

    [Fact]
    public void Resolve_IdentityTokenEntry_GivesTheToken()
    {
        WriteConfig("""{"auths":{"myregistry.azurecr.io":{"identitytoken":"eyJhbGciOi.token"}}}""");

        var auth = Credentials().Resolve("myregistry.azurecr.io", null);

        Assert.NotNull(auth);
        Assert.Equal("eyJhbGciOi.token", auth!.IdentityToken);
        Assert.Null(auth.Username);
        Assert.Null(auth.Password);
        Assert.Equal("myregistry.azurecr.io", auth.ServerAddress);
    }

    [Fact]
    public void Resolve_AuthAndIdentityToken_GivesBoth()
    {
        var zeroUser = "00000000-0000-0000-0000-000000000000";
        WriteConfig($$"""{"auths":{"myregistry.azurecr.io":{"auth":"{{Auth(zeroUser + ":")}}","identitytoken":"tok"} } }""");

        var auth = Credentials().Resolve("myregistry.azurecr.io", null);

        Assert.Equal(zeroUser, auth!.Username);
        Assert.Equal(string.Empty, auth.Password);
        Assert.Equal("tok", auth.IdentityToken);
    }

    [Fact]
    public void Resolve_AuthWithoutColon_IsRefused()
    {
        WriteConfig($$"""{"auths":{"ghcr.io":{"auth":"{{Auth("justauser")}}"} } }""");

        var error = Assert.Throws<InvalidDataException>(() => Credentials().Resolve("ghcr.io", null));

        Assert.Equal("The docker config's auth entry for ghcr.io is not base64 of user:password.", error.Message);
    }

    [Fact]
    public void Resolve_DockerHubAuthWithoutColon_NamesTheHubKey()
    {
        WriteConfig($$"""{"auths":{"https://index.docker.io/v1/":{"auth":"{{Auth("justauser")}}"} } }""");

        var error = Assert.Throws<InvalidDataException>(() => Credentials().Resolve("docker.io", null));

        Assert.Equal("The docker config's auth entry for https://index.docker.io/v1/ is not base64 of user:password.", error.Message);
    }

    [Fact]
    public void Resolve_MalformedBase64_IsRefused()
    {
        WriteConfig("""{"auths":{"ghcr.io":{"auth":"not base64!"}}}""");

        var error = Assert.Throws<InvalidDataException>(() => Credentials().Resolve("ghcr.io", null));

        Assert.Equal("The docker config's auth entry for ghcr.io is not base64 of user:password.", error.Message);
    }

    // ---- Credential helpers ----

    [Fact]
    public void Resolve_CredHelperForTheRegistry_BeatsCredsStoreAndAuths()
    {
        WriteConfig($$"""
            {"auths":{"ghcr.io":{"auth":"{{Auth("fromauths:x")}}"} },
             "credsStore":"desktop",
             "credHelpers":{"ghcr.io":"gh"} }
            """);
        helperAnswer = (_, _) => """{"ServerURL":"ghcr.io","Username":"fromhelper","Secret":"helpersecret"}""";

        var auth = Credentials().Resolve("ghcr.io", null);

        Assert.Equal(new[] { ("gh", "ghcr.io") }, helperCalls);
        Assert.Equal("fromhelper", auth!.Username);
        Assert.Equal("helpersecret", auth.Password);
        Assert.Equal("ghcr.io", auth.ServerAddress);
        Assert.Null(auth.IdentityToken);
    }

    [Fact]
    public void Resolve_CredsStore_IsUsedWhenNoCredHelperNamesTheRegistry()
    {
        WriteConfig($$"""
            {"auths":{"https://index.docker.io/v1/":{"auth":"{{Auth("fromauths:x")}}"} },
             "credsStore":"desktop",
             "credHelpers":{"ghcr.io":"gh"} }
            """);
        helperAnswer = (_, _) => """{"ServerURL":"https://index.docker.io/v1/","Username":"hubuser","Secret":"hubsecret"}""";

        var auth = Credentials().Resolve("docker.io", null);

        Assert.Equal(new[] { ("desktop", HubKey) }, helperCalls);
        Assert.Equal("hubuser", auth!.Username);
        Assert.Equal("hubsecret", auth.Password);
        Assert.Equal(HubKey, auth.ServerAddress);
    }

    [Fact]
    public void Resolve_CredsStore_IsAskedWithTheRegistryAsServerAddress()
    {
        WriteConfig("""{"credsStore":"pass"}""");
        helperAnswer = (_, _) => """{"Username":"u","Secret":"s"}""";

        var auth = Credentials().Resolve("127.0.0.1:5001", null);

        Assert.Equal(new[] { ("pass", "127.0.0.1:5001") }, helperCalls);
        Assert.Equal("u", auth!.Username);
        Assert.Equal("s", auth.Password);
        Assert.Equal("127.0.0.1:5001", auth.ServerAddress);
    }

    [Theory]
    [InlineData("index.docker.io")]
    [InlineData(HubKey)]
    [InlineData("registry-1.docker.io")]
    public void Resolve_CredHelperKeyedByAHubName_MatchesDockerHub(string key)
    {
        WriteConfig($$"""{"credsStore":"desktop","credHelpers":{"{{key}}":"hubhelper"} }""");
        helperAnswer = (_, _) => """{"Username":"u","Secret":"s"}""";

        Credentials().Resolve("docker.io", null);

        Assert.Equal(new[] { ("hubhelper", HubKey) }, helperCalls);
    }

    [Fact]
    public void Resolve_HelperTokenUser_GivesAnIdentityToken()
    {
        WriteConfig("""{"credsStore":"desktop"}""");
        helperAnswer = (_, _) => """{"ServerURL":"myregistry.azurecr.io","Username":"<token>","Secret":"t"}""";

        var auth = Credentials().Resolve("myregistry.azurecr.io", null);

        Assert.NotNull(auth);
        Assert.Equal("t", auth!.IdentityToken);
        Assert.Null(auth.Username);
        Assert.Null(auth.Password);
        Assert.Equal("myregistry.azurecr.io", auth.ServerAddress);
    }

    [Fact]
    public void Resolve_HelperWithNothingStored_IsAnonymousEvenWithAnAuthsEntry()
    {
        // As the docker CLI: once a helper is configured for the registry, the file's auths entry is not consulted.
        WriteConfig($$"""{"auths":{"ghcr.io":{"auth":"{{Auth("fromauths:x")}}"} },"credsStore":"desktop"}""");
        helperAnswer = (_, _) => null;

        Assert.Null(Credentials().Resolve("ghcr.io", null));
        Assert.Equal(new[] { ("desktop", "ghcr.io") }, helperCalls);
    }

    [Fact]
    public void Resolve_HelperFailure_Propagates()
    {
        WriteConfig("""{"credsStore":"desktop"}""");
        helperAnswer = (_, _) => throw new InvalidOperationException("docker-credential-desktop get failed");

        var error = Assert.Throws<InvalidOperationException>(() => Credentials().Resolve("ghcr.io", null));

        Assert.Equal("docker-credential-desktop get failed", error.Message);
    }

    [Fact]
    public void Resolve_EmptyCredsStore_FallsBackToAuths()
    {
        WriteConfig($$"""{"auths":{"ghcr.io":{"auth":"{{Auth("fromauths:x")}}"} },"credsStore":""}""");

        var auth = Credentials().Resolve("ghcr.io", null);

        Assert.Equal("fromauths", auth!.Username);
        Assert.Empty(helperCalls);
    }

    [Fact]
    public void Resolve_EmptyCredHelperEntry_MeansTheFileStoreNotTheCredsStore()
    {
        // The docker CLI: a credHelpers entry, even empty, replaces credsStore for its registry; empty means the file.
        WriteConfig($$"""{"auths":{"ghcr.io":{"auth":"{{Auth("fromauths:x")}}"} },"credsStore":"desktop","credHelpers":{"ghcr.io":""} }""");

        var auth = Credentials().Resolve("ghcr.io", null);

        Assert.Equal("fromauths", auth!.Username);
        Assert.Empty(helperCalls);
    }

    [Fact]
    public void Resolve_NonStringCredsStore_IsIgnored()
    {
        WriteConfig($$"""{"auths":{"ghcr.io":{"auth":"{{Auth("fromauths:x")}}"} },"credsStore":42}""");

        var auth = Credentials().Resolve("ghcr.io", null);

        Assert.Equal("fromauths", auth!.Username);
        Assert.Empty(helperCalls);
    }

    // ---- DOCKER_CONFIG ----

    [Fact]
    public void Resolve_DockerConfigVariable_MovesTheConfigFolder()
    {
        var elsewhere = Path.Combine(home, "elsewhere");
        Directory.CreateDirectory(elsewhere);
        WriteConfig($$"""{"auths":{"ghcr.io":{"auth":"{{Auth("home:x")}}"} } }""");
        WriteConfig($$"""{"auths":{"ghcr.io":{"auth":"{{Auth("moved:y")}}"} } }""", elsewhere);
        variables["DOCKER_CONFIG"] = elsewhere;

        var auth = Credentials().Resolve("ghcr.io", null);

        Assert.Equal("moved", auth!.Username);
        Assert.Equal("y", auth.Password);
    }

    [Fact]
    public void Resolve_DockerConfigVariableWithoutConfig_IsAnonymous()
    {
        var elsewhere = Path.Combine(home, "empty");
        Directory.CreateDirectory(elsewhere);
        WriteConfig($$"""{"auths":{"ghcr.io":{"auth":"{{Auth("home:x")}}"} } }""");
        variables["DOCKER_CONFIG"] = elsewhere;

        Assert.Null(Credentials().Resolve("ghcr.io", null));
    }

    [Fact]
    public void Resolve_EmptyDockerConfigVariable_MeansHome()
    {
        WriteConfig($$"""{"auths":{"ghcr.io":{"auth":"{{Auth("home:x")}}"} } }""");
        variables["DOCKER_CONFIG"] = string.Empty;

        Assert.Equal("home", Credentials().Resolve("ghcr.io", null)!.Username);
    }

    // ---- HostOf ----

    [Theory]
    [InlineData("https://index.docker.io/v1/", "docker.io")]
    [InlineData("index.docker.io", "docker.io")]
    [InlineData("registry-1.docker.io", "docker.io")]
    [InlineData("https://registry-1.docker.io/v2/", "docker.io")]
    [InlineData("docker.io", "docker.io")]
    [InlineData("https://127.0.0.1:5001/v2/", "127.0.0.1:5001")]
    [InlineData("http://localhost:5000", "localhost:5000")]
    [InlineData("localhost:5000/v2/", "localhost:5000")]
    [InlineData("ghcr.io", "ghcr.io")]
    [InlineData("https://ghcr.io", "ghcr.io")]
    [InlineData("myregistry.azurecr.io/path/deeper", "myregistry.azurecr.io")]
    [InlineData("https://[::1]:5000/v2/", "[::1]:5000")]
    [InlineData("registry-2.docker.io", "registry-2.docker.io")]
    [InlineData("index.docker.io:443", "index.docker.io:443")]
    [InlineData("", "")]
    public void HostOf_DropsSchemeAndPath(string key, string expected)
    {
        Assert.Equal(expected, RegistryCredentials.HostOf(key));
    }

    [Fact]
    public void DockerHubKey_IsTheDockerClisIndexServer()
    {
        Assert.Equal("https://index.docker.io/v1/", RegistryCredentials.DockerHubKey);
    }

    // ---- All, for docker build's X-Registry-Config ----

    [Fact]
    public void All_GivesEveryRegistrysCredentials_FromAuthsAndHelpers_LeavingOutWhatCannotBeRead()
    {
        WriteConfig($$"""
            {
              "auths": {
                "https://index.docker.io/v1/": { "auth": "{{Auth("hubuser:hubpass")}}" },
                "registry.example.com:5000": { "auth": "{{Auth("me:secret")}}" },
                "empty.example.com": {}
              },
              "credHelpers": { "ghcr.io": "gh", "broken.example.com": "broken" }
            }
            """);
        helperAnswer = (helper, server) => helper == "gh"
            ? """{"ServerURL":"ghcr.io","Username":"octo","Secret":"token"}"""
            : throw new InvalidOperationException("docker-credential-broken get failed");

        var all = Credentials().All().OrderBy(c => c.ServerAddress, StringComparer.Ordinal).ToList();

        Assert.Equal(new[] { "ghcr.io", HubKey, "registry.example.com:5000" }, all.Select(c => c.ServerAddress));
        Assert.Equal(new[] { "octo", "hubuser", "me" }, all.Select(c => c.Username));
        Assert.Equal(new[] { "token", "hubpass", "secret" }, all.Select(c => c.Password));
    }

    [Fact]
    public void All_WithoutAConfig_IsEmpty()
    {
        Assert.Empty(Credentials().All());
    }
}
