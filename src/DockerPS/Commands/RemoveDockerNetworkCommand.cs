using DockerPS.Completion;
using DockerPS.Lookup;
using DockerPS.Networks;

namespace DockerPS.Commands;

/// <summary>
/// docker network rm: removes networks, as a concurrent batch. bridge, host and none are refused before the engine is
/// asked; a network containers are attached to is kept, and the error names them. -Force does not ask again.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "DockerNetwork", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveDockerNetworkCommand : DockerBatchCmdlet
{
    /// <summary>Network names or ids (full or a unique prefix), or networks from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("NetworkName", "Id")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(NetworkNameCompleter))]
    public DockerNetworkIdentity[] Name { get; set; } = Array.Empty<DockerNetworkIdentity>();

    /// <summary>Do not ask for confirmation, and take a network already gone as removed (docker network rm -f).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var network in Name)
        {
            if (network.Refusal is null && NetworkLookup.IsPredefined(network.Reference))
            {
                Refuse(network, NetworkErrors.Predefined(network.Reference));
                continue;
            }

            Enqueue(
                network,
                () => ShouldProcessUnlessForced(Force, network.Reference, Force ? "Remove network (force)" : "Remove network"),
                (engine, outcome, cancellation) => RemoveAsync(engine, network.Reference, outcome, cancellation));
        }
    }

    private async Task RemoveAsync(DockerEngine engine, string reference, BatchOutcome outcome, CancellationToken cancellation)
    {
        try
        {
            // Looked up first, so an id that names bridge is refused as its name is, and what is removed is what was found.
            var network = await NetworkLookup.ReadAsync(engine, reference, cancellation).ConfigureAwait(false);
            if (NetworkLookup.IsPredefined(network.Name, engine.IsPodman))
            {
                outcome.Fail(NetworkErrors.Predefined(network.Name));
                return;
            }

            try
            {
                // Podman 4 removes a network given by id even with containers attached (leaving their interfaces
                // behind); given by name, it refuses as Docker does. Docker's names may repeat, its ids may not.
                await engine.Client.Networks.DeleteNetworkAsync(engine.IsPodman ? network.Name : network.Id, cancellation).ConfigureAwait(false);
            }
            catch (DockerApiException e) when (NetworkErrors.SaysInUse(e))
            {
                var attached = (await NetworkLookup.WithContainersAsync(engine, new[] { network }, cancellation).ConfigureAwait(false)).FirstOrDefault();
                outcome.Fail(NetworkErrors.InUse(reference, attached?.Containers ?? network.Containers, e));
            }
        }
        catch (DockerNetworkNotFoundException) when (Force)
        {
            // As docker network rm -f: what is already gone needs no removing.
            outcome.WriteVerbose($"No such network: {reference}");
        }
        catch (DockerApiException e)
        {
            outcome.Fail(NetworkErrors.Refusal(e, reference, DockerObjectKind.Network));
        }
    }
}
