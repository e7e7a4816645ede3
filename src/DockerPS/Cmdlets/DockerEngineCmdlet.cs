using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using DockerPS.Completion;
using DockerPS.Engine;

namespace DockerPS.Cmdlets;

/// <summary>
/// A cmdlet that talks to an engine. The engine is the one the piped object came from, else -HostAddress or
/// -Context, else the one the docker CLI would use.
/// </summary>
public abstract class DockerEngineCmdlet : DockerCmdlet
{
    /// <summary>The docker context whose engine to use (see docker context ls).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ContextNameCompleter))]
    public string? Context { get; set; }

    /// <summary>The engine's address: unix:///var/run/docker.sock, tcp://host:2376, npipe:////./pipe/docker_engine.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? HostAddress { get; set; }

    /// <summary>The engine a piped DockerPS object came from; bound from its Endpoint property.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
    public object? Endpoint { get; set; }

    /// <summary>The endpoint for the current pipeline object: the object's own engine wins.</summary>
    protected DockerEndpoint ResolveEndpoint() => Endpoint switch
    {
        DockerEndpoint own => own,
        PSObject { BaseObject: DockerEndpoint own } => own,
        PSObject deserialized when deserialized.Properties["Address"]?.Value is string => FromDeserialized(deserialized),
        _ => DockerEndpointResolver.Current.Resolve(HostAddress, Context),
    };

    /// <summary>
    /// An endpoint that went through serialization (Export-Clixml, a job, remoting) comes back as a property bag;
    /// it still names the engine its object came from.
    /// </summary>
    private static DockerEndpoint FromDeserialized(PSObject endpoint)
    {
        string? Text(PSObject from, string name) => from.Properties[name]?.Value?.ToString();
        var tls = endpoint.Properties["Tls"]?.Value is PSObject tlsBag
            ? new DockerTlsSettings(
                LanguagePrimitives.IsTrue(tlsBag.Properties["Verify"]?.Value),
                Text(tlsBag, nameof(DockerTlsSettings.CertificateAuthorityPath)),
                Text(tlsBag, nameof(DockerTlsSettings.CertificatePath)),
                Text(tlsBag, nameof(DockerTlsSettings.KeyPath)))
            : null;
        var source = Enum.TryParse<DockerEndpointSource>(Text(endpoint, nameof(DockerEndpoint.Source)), out var parsed) ? parsed : DockerEndpointSource.HostParameter;
        return new DockerEndpoint(
            DockerEndpointResolver.ParseHostAddress(Text(endpoint, nameof(DockerEndpoint.Address))!, tls is not null),
            source,
            Text(endpoint, nameof(DockerEndpoint.Context)),
            tls);
    }

    /// <summary>Connects to the endpoint for the current pipeline object, reusing the session's client.</summary>
    private protected async Task<DockerEngine> ConnectAsync(CancellationToken cancellation)
    {
        var engine = await DockerEngines.GetAsync(ResolveEndpoint(), cancellation).ConfigureAwait(false);
        EmitVerbose($"Engine {engine.Endpoint} ({engine.Endpoint.Source}): Docker {engine.EngineVersion} on {engine.OperatingSystem}, API {engine.ApiVersion}.");
        return engine;
    }
}
