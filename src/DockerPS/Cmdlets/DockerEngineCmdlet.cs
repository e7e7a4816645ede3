using System;
using System.Collections.Generic;
using System.Linq;
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
    /// <summary>
    /// The docker context whose engine to use (see Get-DockerContext); the Get- cmdlets take several and list
    /// every engine.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ContextNameCompleter))]
    public string[]? Context { get; set; }

    /// <summary>The engine's address: unix:///var/run/docker.sock, tcp://host:2376, npipe:////./pipe/docker_engine.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? HostAddress { get; set; }

    /// <summary>Use TLS and check the engine's certificate (docker --tlsverify), for -HostAddress or DOCKER_HOST.</summary>
    [Parameter]
    public SwitchParameter TlsVerify { get; set; }

    /// <summary>The folder with ca.pem, cert.pem and key.pem (docker --tlscacert/--tlscert/--tlskey); implies -TlsVerify.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CertificatePath { get; set; }

    /// <summary>The engine a piped DockerPS object came from; bound from its Endpoint property.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
    public object? Endpoint { get; set; }

    /// <summary>The endpoint for the current pipeline object: the object's own engine wins.</summary>
    protected DockerEndpoint ResolveEndpoint()
    {
        var endpoints = ResolveEndpoints();
        return endpoints.Count == 1
            ? endpoints[0]
            : throw new DockerEndpointException("MultipleContexts", $"{MyInvocation.MyCommand.Name} works on one engine at a time; give -Context one name.");
    }

    /// <summary>Every engine the current pipeline object or -Context names, in the order given.</summary>
    protected IReadOnlyList<DockerEndpoint> ResolveEndpoints() => Endpoint switch
    {
        DockerEndpoint own => new[] { own },
        PSObject { BaseObject: DockerEndpoint own } => new[] { own },
        PSObject deserialized when deserialized.Properties["Address"]?.Value is string => new[] { FromDeserialized(deserialized) },
        _ when Context is { Length: > 1 } => Context.Distinct(StringComparer.Ordinal).Select(name => DockerEndpointResolver.Current.Resolve(HostAddress, name, ChosenTls())).ToList(),
        _ => new[] { DockerEndpointResolver.Current.Resolve(HostAddress, Context?[0], ChosenTls()) },
    };

    /// <summary>TLS asked for on the command line, with the certificate folder resolved through the provider.</summary>
    private DockerTlsSettings? ChosenTls() =>
        TlsVerify || CertificatePath is not null
            ? DockerEndpointResolver.Current.VerifiedTls(CertificatePath is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(CertificatePath))
            : null;

    /// <summary>
    /// Runs a query against every engine the current pipeline object or -Context names, concurrently, and gives
    /// the answers in the order the engines were named. With several engines, one that cannot be reached is a
    /// non-terminating error and the others still answer.
    /// </summary>
    private protected async Task<IReadOnlyList<(DockerEngine Engine, T Result)>> ForEachEngineAsync<T>(
        IReadOnlyList<DockerEndpoint> endpoints,
        Func<DockerEngine, CancellationToken, Task<T>> query,
        CancellationToken cancellation)
    {
        var answers = await Task.WhenAll(endpoints.Select(async endpoint =>
        {
            try
            {
                var engine = await ConnectAsync(endpoint, cancellation).ConfigureAwait(false);
                return (Engine: engine, Result: await query(engine, cancellation).ConfigureAwait(false), Reached: true);
            }
            catch (DockerEngineUnreachableException e) when (endpoints.Count > 1)
            {
                EmitError(e, null, endpoint.ToString());
                return (Engine: null!, Result: default(T)!, Reached: false);
            }
        })).ConfigureAwait(false);
        return answers.Where(a => a.Reached).Select(a => (a.Engine, a.Result)).ToList();
    }

    /// <summary>
    /// The names no engine that answered has: across several engines (-Context a,b), a name is missing only when
    /// every engine lacks it.
    /// </summary>
    private protected static IEnumerable<string> MissingEverywhere<T>(
        IEnumerable<string> names,
        IReadOnlyList<(DockerEngine Engine, T Result)> answers,
        Func<T, ICollection<string>> missing) =>
        names.Where(name => answers.Count > 0 && answers.All(answer => missing(answer.Result).Contains(name)));

    /// <summary>
    /// Output from several engines is marked so the format file picks the view with an ENGINE column; output
    /// from one engine keeps the docker CLI's columns.
    /// </summary>
    protected static object WithEngineColumn(object item, bool severalEngines)
    {
        if (!severalEngines)
        {
            return item;
        }

        var wrapped = PSObject.AsPSObject(item);
        wrapped.TypeNames.Insert(0, item.GetType().FullName + "#Engines");
        return wrapped;
    }

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
    private protected Task<DockerEngine> ConnectAsync(CancellationToken cancellation) => ConnectAsync(ResolveEndpoint(), cancellation);

    /// <summary>Connects to an endpoint, reusing the session's client, and says in -Verbose which engine it is.</summary>
    private protected async Task<DockerEngine> ConnectAsync(DockerEndpoint endpoint, CancellationToken cancellation)
    {
        var engine = await DockerEngines.GetAsync(endpoint, cancellation).ConfigureAwait(false);
        EmitVerbose($"Engine {engine.Endpoint} ({engine.Endpoint.Source}): {engine.Product} {engine.EngineVersion} on {engine.OperatingSystem}, API {engine.ApiVersion}.");
        return engine;
    }
}
