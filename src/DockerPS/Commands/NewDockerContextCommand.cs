using System.IO;

namespace DockerPS.Commands;

/// <summary>docker context create: a named engine address, written to the docker CLI's own store.</summary>
[Cmdlet(VerbsCommon.New, "DockerContext", SupportsShouldProcess = true)]
[OutputType(typeof(DockerContext))]
public sealed class NewDockerContextCommand : DockerCmdlet
{
    /// <summary>The context's name: letters, digits, _ . + -, starting with a letter or digit.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    /// <summary>The engine's address: unix:///path, tcp://host:port or npipe:////./pipe/name.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string HostAddress { get; set; } = string.Empty;

    /// <summary>A description shown by Get-DockerContext and docker context ls.</summary>
    [Parameter]
    public string? Description { get; set; }

    /// <summary>A folder with ca.pem, cert.pem and key.pem for a TLS engine (as DOCKER_CERT_PATH holds them); they are copied into the store.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CertificatePath { get; set; }

    /// <summary>Use TLS without checking the engine's certificate.</summary>
    [Parameter]
    public SwitchParameter SkipTlsVerify { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            DockerContextStore.ValidateName(Name);
            var tls = CertificatePath is not null || SkipTlsVerify;
            var host = DockerEndpointResolver.ParseHostAddress(HostAddress, tls).OriginalString;
            var certificates = CertificatePath is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(CertificatePath);
            string? Existing(string file) =>
                certificates is null ? null
                : File.Exists(Path.Combine(certificates, file)) ? Path.Combine(certificates, file)
                : throw new FileNotFoundException($"{file} is missing from {certificates}", Path.Combine(certificates, file));

            var ca = Existing("ca.pem");
            var cert = Existing("cert.pem");
            var key = Existing("key.pem");
            var store = DockerContextStore.Current;
            if (store.Exists(Name))
            {
                WriteError(new ErrorRecord(new InvalidOperationException($"context \"{Name}\" already exists"), "ContextExists", ErrorCategory.ResourceExists, Name));
                return;
            }

            if (!ShouldProcess(Name, $"Create context for {host}"))
            {
                return;
            }

            store.Create(Name, host, Description, SkipTlsVerify, ca, cert, key);
            var resolver = Resolver;
            WriteObject(new DockerContext(Name, Description, resolver.ContextEndpoint(Name), resolver.CurrentContextName() == Name));
        }
        catch (Exception e) when (e is ArgumentException or DockerEndpointException or IOException or UnauthorizedAccessException)
        {
            WriteError(DockerErrorMapper.ToErrorRecord(e, e is ArgumentException ? "InvalidContext" : null, Name));
        }
    }
}
