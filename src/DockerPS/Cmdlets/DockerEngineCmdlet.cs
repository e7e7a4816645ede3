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
        _ => DockerEndpointResolver.Current.Resolve(HostAddress, Context),
    };

    /// <summary>Connects to the endpoint for the current pipeline object, reusing the session's client.</summary>
    private protected async Task<DockerEngine> ConnectAsync(CancellationToken cancellation)
    {
        var engine = await DockerEngines.GetAsync(ResolveEndpoint(), cancellation).ConfigureAwait(false);
        EmitVerbose($"Engine {engine.Endpoint} ({engine.Endpoint.Source}): Docker {engine.EngineVersion} on {engine.OperatingSystem}, API {engine.ApiVersion}.");
        return engine;
    }
}
