namespace DockerPS;

/// <summary>How an endpoint was chosen, in the docker CLI's order of precedence.</summary>
public enum DockerEndpointSource
{
    HostParameter,
    ContextParameter,
    DockerHostVariable,

    /// <summary>Use-DockerContext -Scope Session, in this PowerShell session (runspace) only.</summary>
    SessionContext,
    DockerContextVariable,
    CurrentContext,
    PlatformDefault,
}

/// <summary>TLS material for an engine reached over tcp://.</summary>
public sealed class DockerTlsSettings : IEquatable<DockerTlsSettings>
{
    public DockerTlsSettings(bool verify, string? certificateAuthorityPath, string? certificatePath, string? keyPath)
    {
        Verify = verify;
        CertificateAuthorityPath = certificateAuthorityPath;
        CertificatePath = certificatePath;
        KeyPath = keyPath;
    }

    /// <summary>Whether the engine's certificate is checked against the CA (false: SkipTLSVerify).</summary>
    public bool Verify { get; }

    public string? CertificateAuthorityPath { get; }

    public string? CertificatePath { get; }

    public string? KeyPath { get; }

    public bool Equals(DockerTlsSettings? other) =>
        other is not null
        && Verify == other.Verify
        && string.Equals(CertificateAuthorityPath, other.CertificateAuthorityPath, StringComparison.Ordinal)
        && string.Equals(CertificatePath, other.CertificatePath, StringComparison.Ordinal)
        && string.Equals(KeyPath, other.KeyPath, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as DockerTlsSettings);

    public override int GetHashCode() =>
        (Verify, CertificateAuthorityPath, CertificatePath, KeyPath).GetHashCode();
}

/// <summary>
/// An engine address, resolved as the docker CLI resolves it. Every object DockerPS emits carries the
/// endpoint it came from, so a cmdlet that receives the object acts on the same engine.
/// </summary>
public sealed class DockerEndpoint : IEquatable<DockerEndpoint>
{
    public DockerEndpoint(Uri uri, DockerEndpointSource source, string? context = null, DockerTlsSettings? tls = null)
    {
        Uri = uri ?? throw new ArgumentNullException(nameof(uri));
        Source = source;
        Context = context;
        Tls = tls;
    }

    public Uri Uri { get; }

    /// <summary>The docker context the endpoint came from, if any.</summary>
    public string? Context { get; }

    public DockerTlsSettings? Tls { get; }

    public DockerEndpointSource Source { get; }

    /// <summary>The address in the docker CLI's spelling (unix:///var/run/docker.sock, tcp://host:2376).</summary>
    public string Address => Uri.OriginalString;

    /// <summary>Two endpoints are the same engine when address and TLS identity agree, however they were found.</summary>
    public bool Equals(DockerEndpoint? other) =>
        other is not null
        && string.Equals(Address, other.Address, StringComparison.Ordinal)
        && Equals(Tls, other.Tls);

    public override bool Equals(object? obj) => Equals(obj as DockerEndpoint);

    public override int GetHashCode() => (Address, Tls).GetHashCode();

    public override string ToString() => Context is null || Context == Engine.DockerEndpointResolver.DefaultContextName
        ? Address
        : Context;
}
