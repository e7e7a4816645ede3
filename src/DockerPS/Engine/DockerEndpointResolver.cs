using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DockerPS.Engine;

/// <summary>
/// Chooses the engine as the docker CLI does: -HostAddress, -Context, DOCKER_HOST, (the session's context,)
/// DOCKER_CONTEXT, currentContext in config.json, then the platform default.
/// </summary>
internal sealed class DockerEndpointResolver
{
    private static readonly Regex SshUser = new("^[A-Za-z0-9_][A-Za-z0-9._-]*$", RegexOptions.CultureInvariant);

    public const string DefaultContextName = "default";
    private const int DefaultPlainPort = 2375;
    private const int DefaultTlsPort = 2376;

    private readonly DockerCliEnvironment environment;
    private readonly string? sessionContext;

    /// <param name="sessionContext">
    /// The context chosen for this PowerShell session only: it comes before DOCKER_CONTEXT, and DOCKER_HOST still
    /// wins over it, as it wins over DOCKER_CONTEXT.
    /// </param>
    public DockerEndpointResolver(DockerCliEnvironment environment, string? sessionContext = null)
    {
        this.environment = environment;
        this.sessionContext = sessionContext;
    }

    /// <summary>The process's resolver, as the docker CLI would resolve in this process's environment.</summary>
    public static DockerEndpointResolver Current { get; } = new(DockerCliEnvironment.Current);

    /// <summary>
    /// The resolver of the runspace running the command, with the context it chose by Use-DockerContext -Scope
    /// Session. Call it on the pipeline thread.
    /// </summary>
    public static DockerEndpointResolver ForSession() =>
        SessionContext.Name is { } chosen ? new DockerEndpointResolver(DockerCliEnvironment.Current, chosen) : Current;

    /// <param name="tls">
    /// TLS chosen on the command line (-TlsVerify, -CertificatePath); it applies to an engine named by address
    /// (-HostAddress or DOCKER_HOST) and wins over DOCKER_TLS_VERIFY, as the docker CLI's --tlsverify does.
    /// </param>
    public DockerEndpoint Resolve(string? hostAddress = null, string? context = null, DockerTlsSettings? tls = null)
    {
        if (hostAddress is not null && context is not null)
        {
            throw new DockerEndpointException(
                "ConflictingEndpointOptions",
                "Conflicting options: either specify -HostAddress or -Context, not both.");
        }

        if (hostAddress is not null)
        {
            return FromHostAddress(hostAddress, DockerEndpointSource.HostParameter, tls);
        }

        if (context is not null)
        {
            return FromContext(context, DockerEndpointSource.ContextParameter);
        }

        if (environment.Get("DOCKER_HOST") is { } dockerHost)
        {
            return FromHostAddress(dockerHost, DockerEndpointSource.DockerHostVariable, tls);
        }

        if (sessionContext is not null)
        {
            return FromContext(sessionContext, DockerEndpointSource.SessionContext);
        }

        if (environment.Get("DOCKER_CONTEXT") is { } contextVariable)
        {
            return FromContext(contextVariable, DockerEndpointSource.DockerContextVariable);
        }

        if (ReadCurrentContext() is { } currentContext)
        {
            return FromContext(currentContext, DockerEndpointSource.CurrentContext);
        }

        return PlatformDefault();
    }

    /// <summary>
    /// The context the docker CLI would mark current: default while DOCKER_HOST is set, else DOCKER_CONTEXT,
    /// else config.json's, else default.
    /// </summary>
    public string CurrentContextName() =>
        environment.Get("DOCKER_HOST") is not null ? DefaultContextName : SelectedContextName();

    /// <summary>
    /// The context selected for this session, by DOCKER_CONTEXT or by config.json, whether or not DOCKER_HOST
    /// overrides it.
    /// </summary>
    public string SelectedContextName() =>
        sessionContext ?? environment.Get("DOCKER_CONTEXT") ?? ReadCurrentContext() ?? DefaultContextName;

    /// <summary>The current context config.json names, if any.</summary>
    public string? ConfiguredContextName() => ReadCurrentContext();

    /// <summary>The endpoint a context names, without connecting to it.</summary>
    public DockerEndpoint ContextEndpoint(string name) => FromContext(name, DockerEndpointSource.ContextParameter);

    /// <summary>The path of the docker CLI's config.json.</summary>
    public string ConfigFilePath => environment.ConfigFilePath;

    /// <summary>The names of the contexts in the docker CLI's store, with "default" first.</summary>
    public IReadOnlyList<string> ListContextNames()
    {
        var names = new List<string> { DefaultContextName };
        var metaRoot = Path.Combine(environment.ConfigDirectory, "contexts", "meta");
        if (!Directory.Exists(metaRoot))
        {
            return names;
        }

        foreach (var metaPath in Directory.EnumerateFiles(metaRoot, "meta.json", SearchOption.AllDirectories))
        {
            try
            {
                using var meta = JsonDocument.Parse(File.ReadAllText(metaPath));
                if (meta.RootElement.ValueKind == JsonValueKind.Object
                    && meta.RootElement.TryGetProperty("Name", out var name)
                    && name.GetString() is { Length: > 0 } text)
                {
                    names.Add(text);
                }
            }
            catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
            {
                // An unreadable context is left out of the list; using it by name reports why.
            }
        }

        return names;
    }

    /// <summary>The folder holding a context's metadata: contexts/meta/&lt;sha256 of the name&gt;.</summary>
    public string ContextMetadataDirectory(string name) =>
        Path.Combine(environment.ConfigDirectory, "contexts", "meta", ContextDigest(name));

    /// <summary>The folder holding a context's TLS material for the docker endpoint.</summary>
    public string ContextTlsDirectory(string name) =>
        Path.Combine(environment.ConfigDirectory, "contexts", "tls", ContextDigest(name), "docker");

    public static string ContextDigest(string name)
    {
        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(name));
        var text = new StringBuilder(hash.Length * 2);
        foreach (var b in hash)
        {
            text.Append(b.ToString("x2"));
        }

        return text.ToString();
    }

    /// <summary>
    /// Normalises a host address as the docker CLI's ParseHost does: a missing scheme means tcp://, a tcp
    /// address without a port takes 2375 (2376 with TLS), and ssh:// is checked as the CLI's ssh helper checks it.
    /// </summary>
    public static Uri ParseHostAddress(string address, bool tls)
    {
        var text = address.Trim();
        if (text.Length == 0)
        {
            throw InvalidHost(address, "the address is empty");
        }

        if (text.IndexOf("://", StringComparison.Ordinal) < 0)
        {
            text = "tcp://" + text;
        }

        var scheme = text.Substring(0, text.IndexOf("://", StringComparison.Ordinal)).ToLowerInvariant();
        switch (scheme)
        {
            case "unix":
            case "npipe":
                var path = text.Substring(scheme.Length + 3);
                if (path.Trim('/').Length == 0)
                {
                    throw InvalidHost(address, $"{scheme}:// needs a path");
                }

                // The CLI writes npipe:////./pipe/name; the transport wants the server as the URI host.
                return new Uri(scheme == "npipe" ? "npipe://" + path.TrimStart('/') : "unix://" + path);
            case "tcp":
            case "http":
            case "https":
                return ParseTcp(address, text, scheme, tls);
            case "ssh":
                return ParseSsh(address, text);
            default:
                throw new DockerEndpointException(
                    "UnsupportedEndpointScheme",
                    $"Cannot use the engine at '{address}': the scheme '{scheme}://' is not supported; use unix://, tcp://, ssh:// or npipe://.");
        }
    }

    /// <summary>ssh://[user@]host[:port], as the docker CLI takes it: no password, no path, no query.</summary>
    private static Uri ParseSsh(string original, string text)
    {
        var rest = text.Substring("ssh://".Length);
        var at = rest.LastIndexOf('@');
        if (at >= 0 && rest.Substring(0, at).IndexOf(':') >= 0)
        {
            throw InvalidHost(original.Replace(rest.Substring(0, at), "***"), "plain-text password is not supported; use ssh keys or the ssh agent");
        }

        // The user and host become ssh's arguments: nothing in them may read as an option or split an argument.
        if (!Uri.TryCreate("ssh://" + rest, UriKind.Absolute, out var parsed) || parsed.Host.Length == 0 || parsed.Host.StartsWith("-", StringComparison.Ordinal)
            || (at >= 0 && !SshUser.IsMatch(rest.Substring(0, at))))
        {
            throw InvalidHost(original, "expected ssh://[user@]host[:port]");
        }

        if (parsed.AbsolutePath.Length > 1)
        {
            throw InvalidHost(original, $"extra path after the host: \"{parsed.AbsolutePath}\"");
        }

        if (parsed.Query.Length > 0 || parsed.Fragment.Length > 0 || rest.IndexOfAny(new[] { '?', '#' }) >= 0)
        {
            throw InvalidHost(original, "an ssh:// address cannot carry a query (?) or a fragment (#)");
        }

        var user = at >= 0 ? rest.Substring(0, at) + "@" : string.Empty;
        var port = parsed.IsDefaultPort || parsed.Port <= 0 ? string.Empty : ":" + parsed.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new Uri($"ssh://{user}{parsed.Host}{port}");
    }

    private static Uri ParseTcp(string original, string text, string scheme, bool tls)
    {
        var rest = text.Substring(scheme.Length + 3);

        // User info would be dropped on the way to the engine, and kept wherever the address is stored: never
        // accepted, and never repeated in the error.
        var at = rest.LastIndexOf('@');
        if (at >= 0 && rest.IndexOf('/') is var slash && (slash < 0 || at < slash))
        {
            throw InvalidHost(
                original.Replace(rest.Substring(0, at), "***"),
                "an engine address cannot carry a user name or password; the engine authenticates clients by TLS certificate (-CertificatePath)");
        }

        if (!Uri.TryCreate("tcp://" + rest, UriKind.Absolute, out var parsed) || parsed.Host.Length == 0)
        {
            throw InvalidHost(original, "expected tcp://host:port");
        }

        if (parsed.AbsolutePath.Length > 1)
        {
            throw InvalidHost(original, "a tcp:// address cannot carry a path");
        }

        if (parsed.Query.Length > 0 || parsed.Fragment.Length > 0 || rest.IndexOfAny(new[] { '?', '#' }) >= 0)
        {
            throw InvalidHost(original, "a tcp:// address cannot carry a query (?) or a fragment (#)");
        }

        var port = parsed.IsDefaultPort || parsed.Port <= 0 ? (tls ? DefaultTlsPort : DefaultPlainPort) : parsed.Port;
        var host = parsed.HostNameType == UriHostNameType.IPv6 ? "[" + parsed.DnsSafeHost.Trim('[', ']') + "]" : parsed.Host;
        return new Uri($"tcp://{host}:{port}");
    }

    private static DockerEndpointException InvalidHost(string address, string reason) =>
        new("InvalidHostAddress", $"Invalid engine address '{address}': {reason}.");

    private DockerEndpoint FromHostAddress(string address, DockerEndpointSource source, DockerTlsSettings? chosen = null)
    {
        var tls = chosen ?? (environment.Get("DOCKER_TLS_VERIFY") is null ? null : VerifiedTls(null));
        return new DockerEndpoint(ParseHostAddress(address, tls is not null), source, tls: tls);
    }

    /// <summary>
    /// Verified TLS with ca.pem, cert.pem and key.pem from <paramref name="certificateDirectory"/>, else from
    /// DOCKER_CERT_PATH, else from the docker configuration folder.
    /// </summary>
    public DockerTlsSettings VerifiedTls(string? certificateDirectory)
    {
        var certificates = certificateDirectory ?? environment.Get("DOCKER_CERT_PATH") ?? environment.ConfigDirectory;
        return new DockerTlsSettings(
            verify: true,
            Path.Combine(certificates, "ca.pem"),
            Path.Combine(certificates, "cert.pem"),
            Path.Combine(certificates, "key.pem"));
    }

    private DockerEndpoint PlatformDefault() =>
        new(
            new Uri(environment.IsWindows ? "npipe://./pipe/docker_engine" : "unix:///var/run/docker.sock"),
            DockerEndpointSource.PlatformDefault,
            DefaultContextName);

    private DockerEndpoint FromContext(string name, DockerEndpointSource source)
    {
        if (name == DefaultContextName)
        {
            // The CLI's default context is whatever DOCKER_HOST says, else the platform's socket.
            var fallback = environment.Get("DOCKER_HOST") is { } dockerHost
                ? FromHostAddress(dockerHost, source)
                : PlatformDefault();
            return new DockerEndpoint(fallback.Uri, source, DefaultContextName, fallback.Tls);
        }

        var metaPath = Path.Combine(ContextMetadataDirectory(name), "meta.json");
        if (!File.Exists(metaPath))
        {
            throw new DockerEndpointException(
                "ContextNotFound",
                $"context \"{name}\" does not exist (looked for {metaPath}). Get the list with 'docker context ls'.");
        }

        string? host;
        bool skipVerify;
        try
        {
            using var meta = JsonDocument.Parse(File.ReadAllText(metaPath));
            if (!meta.RootElement.TryGetProperty("Endpoints", out var endpoints)
                || !endpoints.TryGetProperty("docker", out var docker))
            {
                throw new DockerEndpointException("InvalidContext", $"context \"{name}\" has no docker endpoint ({metaPath}).");
            }

            host = docker.TryGetProperty("Host", out var hostElement) ? hostElement.GetString() : null;
            skipVerify = docker.TryGetProperty("SkipTLSVerify", out var skip) && skip.ValueKind == JsonValueKind.True;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: valid JSON of the wrong shape (an array, a number for Host).
            throw new DockerEndpointException("InvalidContext", $"context \"{name}\": cannot read {metaPath}: {e.Message}", e);
        }

        var tls = TlsFromContext(name, skipVerify);
        var uri = string.IsNullOrEmpty(host) ? PlatformDefault().Uri : ParseHostAddress(host!, tls is not null);
        return new DockerEndpoint(uri, source, name, tls);
    }

    private DockerTlsSettings? TlsFromContext(string name, bool skipVerify)
    {
        var directory = ContextTlsDirectory(name);
        string? Existing(string file)
        {
            var path = Path.Combine(directory, file);
            return File.Exists(path) ? path : null;
        }

        var ca = Existing("ca.pem");
        var cert = Existing("cert.pem");
        var key = Existing("key.pem");
        return ca is null && cert is null && key is null && !skipVerify
            ? null
            : new DockerTlsSettings(!skipVerify, ca, cert, key);
    }

    private string? ReadCurrentContext()
    {
        try
        {
            return environment.ReadConfigString("currentContext");
        }
        catch (JsonException e)
        {
            throw new DockerEndpointException("InvalidDockerConfig", $"Cannot read the docker configuration {ConfigFilePath}: {e.Message}", e);
        }
    }
}
