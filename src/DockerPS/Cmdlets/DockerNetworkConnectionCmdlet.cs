using DockerPS.Completion;
using DockerPS.Lookup;
using DockerPS.Networks;

namespace DockerPS.Cmdlets;

/// <summary>
/// Connects containers to a network or disconnects them (docker network connect, disconnect), as a batch over the
/// containers from the pipeline. The network is looked up once per engine first, so a missing one is NetworkNotFound
/// whatever the engine would make of it; -PassThru writes each container as it is afterwards.
/// </summary>
public abstract class DockerNetworkConnectionCmdlet : DockerBatchCmdlet
{
    private readonly OncePerEngine<DockerNetwork> networks = new();

    /// <summary>The network: a name, an id (or a unique prefix), a DockerNetwork, or a container's DockerNetworkAttachment.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [Alias("NetworkName")]
    [ValidateNotNull]
    [ArgumentCompleter(typeof(NetworkNameCompleter))]
    public DockerNetworkIdentity Network { get; set; } = null!;

    /// <summary>Container names or ids (full or a unique prefix), or containers from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
    [Alias("ContainerName", "ContainerId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ContainerNameCompleter))]
    public DockerContainerIdentity[] Container { get; set; } = Array.Empty<DockerContainerIdentity>();

    /// <summary>Write the containers to the pipeline, as they are afterwards.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>What ShouldProcess says is about to happen to the container: "Connect to network web-net" …</summary>
    protected abstract string Action { get; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (Network.Refusal is not null)
        {
            ThrowFailure(DockerErrors.WrongObjectType(Network));
        }
    }

    protected override void ProcessRecord()
    {
        foreach (var given in Container)
        {
            // A typed name is looked for where the network is; a piped container must be there too.
            var container = given.OnEngine(Network.Endpoint);
            if (given.Refusal is null && container.Endpoint is { } own && Network.Endpoint is { } theirs && !own.Equals(theirs))
            {
                Refuse(container, NetworkErrors.OtherEngine(container, Network));
                continue;
            }

            Enqueue(container, () => ShouldProcess(container.Reference, Action), (engine, outcome, cancellation) => ActOnAsync(engine, container.Reference, outcome, cancellation));
        }
    }

    /// <summary>Connects or disconnects the container; runs on a pool thread.</summary>
    private protected abstract Task ChangeAsync(DockerEngine engine, string networkId, string container, CancellationToken cancellation);

    private async Task ActOnAsync(DockerEngine engine, string container, BatchOutcome outcome, CancellationToken cancellation)
    {
        DockerNetwork network;
        try
        {
            network = await networks.GetAsync(engine, asked => NetworkLookup.ReadAsync(asked, Network.Reference, Cancellation)).ConfigureAwait(false);
        }
        catch (DockerApiException e)
        {
            outcome.Fail(NetworkErrors.Refusal(e, Network.Reference, DockerObjectKind.Network));
            return;
        }

        try
        {
            await ChangeAsync(engine, network.Id, container, cancellation).ConfigureAwait(false);
        }
        catch (DockerApiException e)
        {
            outcome.Fail(NetworkErrors.ConnectionRefusal(e, Network.Reference, container));
            return;
        }

        if (PassThru)
        {
            outcome.Write(await ContainerLookup.ReadAsync(engine, container, cancellation).ConfigureAwait(false));
        }
    }
}
