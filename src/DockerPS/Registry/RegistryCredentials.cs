using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.Json;
using Docker.DotNet.Models;

namespace DockerPS.Registry;

/// <summary>
/// Registry credentials as the docker CLI finds them: -Credential first, then the docker config's credHelpers
/// for that registry, its credsStore, and its auths entries.
/// </summary>
internal sealed class RegistryCredentials
{
    /// <summary>The key Docker Hub's credentials are stored under in config.json.</summary>
    public const string DockerHubKey = "https://index.docker.io/v1/";

    private readonly DockerCliEnvironment environment;
    private readonly Func<string, string, string?> runHelper;

    /// <param name="runHelper">Runs docker-credential-&lt;name&gt; get with the server on stdin; null when it has nothing.</param>
    public RegistryCredentials(DockerCliEnvironment environment, Func<string, string, string?> runHelper)
    {
        this.environment = environment;
        this.runHelper = runHelper;
    }

    public static RegistryCredentials Current { get; } = new(DockerCliEnvironment.Current, RunCredentialHelper);

    /// <summary>The credentials for <paramref name="registry"/>, or null to go anonymous.</summary>
    public AuthConfig? Resolve(string registry, PSCredential? credential)
    {
        var serverAddress = registry == "docker.io" ? DockerHubKey : registry;
        if (credential is not null)
        {
            return new AuthConfig
            {
                Username = credential.UserName,
                Password = credential.GetNetworkCredential().Password,
                ServerAddress = serverAddress,
            };
        }

        var configPath = environment.ConfigFilePath;
        if (!File.Exists(configPath))
        {
            return null;
        }

        using var config = JsonDocument.Parse(File.ReadAllText(configPath));
        var root = config.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var helper = FindByRegistry(root, "credHelpers", registry) is { ValueKind: JsonValueKind.String } named
            ? named.GetString()
            : root.TryGetProperty("credsStore", out var store) && store.ValueKind == JsonValueKind.String ? store.GetString() : null;
        if (!string.IsNullOrEmpty(helper))
        {
            return FromHelper(helper!, serverAddress);
        }

        return FindByRegistry(root, "auths", registry) is { ValueKind: JsonValueKind.Object } entry ? FromAuthsEntry(entry, serverAddress) : null;
    }

    /// <summary>
    /// Every registry's credentials the docker config names (its auths and credHelpers entries), for docker build's
    /// X-Registry-Config: the engine picks those of the registries the Dockerfile's images come from. As in the docker
    /// CLI, credentials that cannot be read are left out rather than failing the build.
    /// </summary>
    public IReadOnlyList<AuthConfig> All()
    {
        var configPath = environment.ConfigFilePath;
        if (!File.Exists(configPath))
        {
            return Array.Empty<AuthConfig>();
        }

        var registries = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            using var config = JsonDocument.Parse(File.ReadAllText(configPath));
            foreach (var section in new[] { "auths", "credHelpers" })
            {
                if (config.RootElement.ValueKind == JsonValueKind.Object
                    && config.RootElement.TryGetProperty(section, out var entries)
                    && entries.ValueKind == JsonValueKind.Object)
                {
                    registries.UnionWith(entries.EnumerateObject().Select(entry => HostOf(entry.Name)));
                }
            }
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return Array.Empty<AuthConfig>();
        }

        var result = new List<AuthConfig>();
        foreach (var registry in registries)
        {
            try
            {
                if (Resolve(registry, null) is { } credentials)
                {
                    result.Add(credentials);
                }
            }
            catch (Exception e) when (e is JsonException or IOException or InvalidDataException or InvalidOperationException or UnauthorizedAccessException)
            {
                // A helper that fails or an entry that cannot be read: the build goes on without these credentials.
            }
        }

        return result;
    }

    /// <summary>Looks a registry up in a config section whose keys may carry a scheme or path (https://host/v1/).</summary>
    private static JsonElement? FindByRegistry(JsonElement root, string section, string registry)
    {
        if (!root.TryGetProperty(section, out var entries) || entries.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var entry in entries.EnumerateObject())
        {
            if (string.Equals(HostOf(entry.Name), registry, StringComparison.OrdinalIgnoreCase))
            {
                return entry.Value;
            }
        }

        return null;
    }

    /// <summary>The host part of a config key; Docker Hub's keys name index.docker.io, which is docker.io.</summary>
    internal static string HostOf(string key)
    {
        var host = key;
        var scheme = host.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            host = host.Substring(scheme + 3);
        }

        var slash = host.IndexOf('/');
        if (slash >= 0)
        {
            host = host.Substring(0, slash);
        }

        return host is "index.docker.io" or "registry-1.docker.io" ? "docker.io" : host;
    }

    private AuthConfig? FromHelper(string helper, string serverAddress)
    {
        var answer = runHelper(helper, serverAddress);
        if (answer is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(answer);
        var user = document.RootElement.TryGetProperty("Username", out var u) ? u.GetString() : null;
        var secret = document.RootElement.TryGetProperty("Secret", out var s) ? s.GetString() : null;

        // Helpers hand identity tokens back under the user name <token>.
        return user == "<token>"
            ? new AuthConfig { IdentityToken = secret, ServerAddress = serverAddress }
            : new AuthConfig { Username = user, Password = secret, ServerAddress = serverAddress };
    }

    private static AuthConfig? FromAuthsEntry(JsonElement entry, string serverAddress)
    {
        var result = new AuthConfig { ServerAddress = serverAddress };
        if (entry.TryGetProperty("identitytoken", out var token) && token.GetString() is { Length: > 0 } identity)
        {
            result.IdentityToken = identity;
        }

        if (entry.TryGetProperty("auth", out var auth) && auth.GetString() is { Length: > 0 } encoded)
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            }
            catch (FormatException e)
            {
                throw new InvalidDataException($"The docker config's auth entry for {serverAddress} is not base64 of user:password.", e);
            }

            var colon = decoded.IndexOf(':');
            if (colon < 0)
            {
                throw new InvalidDataException($"The docker config's auth entry for {serverAddress} is not base64 of user:password.");
            }

            result.Username = decoded.Substring(0, colon);
            result.Password = decoded.Substring(colon + 1);
        }

        return result.Username is null && result.IdentityToken is null ? null : result;
    }

    /// <summary>The credential helper protocol: "get", the server URL on stdin, JSON on stdout.</summary>
    private static string? RunCredentialHelper(string helper, string serverAddress)
    {
        var start = new ProcessStartInfo("docker-credential-" + helper, "get")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new InvalidOperationException($"The docker config names the credential helper docker-credential-{helper}, which cannot be run: {e.Message}", e);
        }

        using (process)
        {
            process.StandardInput.Write(serverAddress);
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode == 0)
            {
                return output;
            }

            // The protocol's way of saying "nothing stored for this server".
            if ((output + error).IndexOf("credentials not found", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return null;
            }

            throw new InvalidOperationException($"docker-credential-{helper} get failed for {serverAddress}: {(output + error).Trim()}");
        }
    }
}
