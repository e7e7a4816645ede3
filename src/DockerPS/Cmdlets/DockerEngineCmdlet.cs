using DockerPS.Completion;

namespace DockerPS.Cmdlets;

/// <summary>
/// A cmdlet that talks to an engine. The engine is the one the piped object came from, else -HostAddress or
/// -Context, else the one the docker CLI would use. Engines are resolved on the pipeline thread (a certificate
/// path is a PowerShell path, read through the session), then the work runs against them.
/// </summary>
public abstract class DockerEngineCmdlet : DockerCmdlet
{
    /// <summary>
    /// The docker context whose engine to use (see Get-DockerContext); the Get- cmdlets take several, or patterns
    /// (prod-*, *), and list every engine at once.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(ContextNameCompleter))]
    public string[]? Context { get; set; }

    /// <summary>The engine's address: unix:///var/run/docker.sock, tcp://host:2376, npipe:////./pipe/docker_engine.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? HostAddress { get; set; }

    /// <summary>Use TLS and check the engine's certificate (docker --tlsverify), for -HostAddress or DOCKER_HOST.</summary>
    [Parameter]
    public SwitchParameter TlsVerify { get; set; }

    /// <summary>
    /// How many seconds an engine may take to answer when first reached in the session (default 2; 30 over ssh, whose
    /// handshake comes first); one that does not is unreachable, and across several engines the others still answer.
    /// </summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int ConnectTimeout { get; set; }

    /// <summary>The folder with ca.pem, cert.pem and key.pem (docker --tlscacert/--tlscert/--tlskey); implies -TlsVerify.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CertificatePath { get; set; }

    /// <summary>Resolves the engine the engine options name, connects, and runs the work.</summary>
    private protected void RunOnEngine(Func<DockerEngine, CancellationToken, Task> work) => RunOnEngine((DockerObjectIdentity?)null, work);

    /// <summary>
    /// Resolves the one engine for <paramref name="item"/> (its own, else the engine options), connects, and runs
    /// the work. A bad engine option or an unreachable engine is a terminating error.
    /// </summary>
    private protected void RunOnEngine(DockerObjectIdentity? item, Func<DockerEngine, CancellationToken, Task> work) =>
        RunOnEngine(EndpointFor(item), work);

    /// <summary>
    /// Connects to an endpoint resolved earlier on the pipeline thread, and runs the work; an engine lost on the way
    /// is one terminating error that names it.
    /// </summary>
    private protected void RunOnEngine(DockerEndpoint endpoint, Func<DockerEngine, CancellationToken, Task> work) =>
        RunAsync(async cancellation =>
        {
            var engine = await ConnectAsync(endpoint, cancellation).ConfigureAwait(false);
            try
            {
                await work(engine, cancellation).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellation.IsCancellationRequested && EngineConnectionLostException.Describes(e))
            {
                throw new EngineConnectionLostException(endpoint, e);
            }
        });

    /// <summary>
    /// The one engine for <paramref name="item"/>; several -Context names are refused here. Call on the pipeline
    /// thread: an option that cannot be used is thrown as the cmdlet's terminating error.
    /// </summary>
    private protected DockerEndpoint EndpointFor(DockerObjectIdentity? item)
    {
        var endpoints = EndpointsFor(item);
        return endpoints.Count == 1
            ? endpoints[0]
            : throw new ErrorRecordException(DockerErrorMapper.ToErrorRecord(
                new DockerEndpointException("MultipleContexts", $"{MyInvocation.MyCommand.Name} works on one engine at a time; give -Context one name."),
                null,
                item?.Reference));
    }

    /// <summary>Every engine <paramref name="item"/> or -Context names: the object's own engine wins.</summary>
    private protected IReadOnlyList<DockerEndpoint> EndpointsFor(DockerObjectIdentity? item)
    {
        if (item?.Endpoint is { } own)
        {
            return new[] { own };
        }

        try
        {
            var resolver = Resolver;
            var tls = ChosenTls(resolver);
            return Context is null
                ? new[] { resolver.Resolve(HostAddress, null, tls) }
                : ContextNames(resolver).Select(name => resolver.Resolve(HostAddress, name, tls)).ToList();
        }
        catch (DockerEndpointException e)
        {
            throw new ErrorRecordException(DockerErrorMapper.ToErrorRecord(e, null, item?.Reference));
        }
    }

    /// <summary>
    /// The contexts -Context names, patterns (prod-*, *) matched against the docker CLI's store in its order. A
    /// pattern that matches no context is an error: a fleet script must not quietly act on no engine.
    /// </summary>
    private IEnumerable<string> ContextNames(DockerEndpointResolver resolver)
    {
        var stored = Context!.Any(WildcardPattern.ContainsWildcardCharacters) ? resolver.ListContextNames() : Array.Empty<string>();
        var names = new List<string>();
        foreach (var name in Context!)
        {
            if (!WildcardPattern.ContainsWildcardCharacters(name))
            {
                names.Add(name);
                continue;
            }

            var pattern = WildcardPattern.Get(name, WildcardOptions.IgnoreCase);
            var matches = stored.Where(pattern.IsMatch).ToList();
            names.AddRange(matches.Count > 0 ? matches : throw new ErrorRecordException(DockerErrors.ContextNotFound(name)));
        }

        return names.Distinct(StringComparer.Ordinal);
    }

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
        wrapped.TypeNames.Insert(0, wrapped.BaseObject.GetType().FullName + "#Engines");
        return wrapped;
    }

    /// <summary>Connects to an endpoint, reusing the process's client, and says in -Verbose which engine it is.</summary>
    private protected async Task<DockerEngine> ConnectAsync(DockerEndpoint endpoint, CancellationToken cancellation)
    {
        var engine = await DockerEngines.GetAsync(endpoint, ChosenConnectTimeout, cancellation).ConfigureAwait(false);
        EmitVerbose($"Engine {engine.Endpoint} ({engine.Endpoint.Source}): {engine.Product} {engine.EngineVersion} on {engine.OperatingSystem}, API {engine.ApiVersion}.");
        return engine;
    }

    /// <summary>
    /// Runs a query against every endpoint concurrently and gives the answers in the order the endpoints were named.
    /// With several engines, one that cannot be reached or is lost is a non-terminating error and the others still
    /// answer; with one, it is the terminating error.
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
                try
                {
                    return (Engine: engine, Result: await query(engine, cancellation).ConfigureAwait(false), Reached: true);
                }
                catch (Exception e) when (!cancellation.IsCancellationRequested && EngineConnectionLostException.Describes(e))
                {
                    throw new EngineConnectionLostException(endpoint, e);
                }
            }
            catch (Exception e) when (endpoints.Count > 1 && e is DockerEngineUnreachableException or EngineConnectionLostException)
            {
                EmitError(e, null, endpoint.ToString());
                return (Engine: null!, Result: default(T)!, Reached: false);
            }
        })).ConfigureAwait(false);
        return answers.Where(a => a.Reached).Select(a => (a.Engine, a.Result)).ToList();
    }

    /// <summary>-ConnectTimeout when given; null leaves each transport its own.</summary>
    private protected TimeSpan? ChosenConnectTimeout => ConnectTimeout > 0 ? TimeSpan.FromSeconds(ConnectTimeout) : null;

    /// <summary>TLS asked for on the command line, with the certificate folder resolved through the provider.</summary>
    private DockerTlsSettings? ChosenTls(DockerEndpointResolver resolver) =>
        TlsVerify || CertificatePath is not null
            ? resolver.VerifiedTls(CertificatePath is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(CertificatePath))
            : null;
}
