using System;
using System.Linq;
using System.Management.Automation;
using Docker.DotNet.Models;
using DockerPS.Cmdlets;
using DockerPS.Completion;
using DockerPS.Engine;
using DockerPS.Images;
using DockerPS.Registry;

namespace DockerPS.Commands;

/// <summary>docker pull: pulls images, with a progress bar per layer, and returns the pulled images.</summary>
[Cmdlet(VerbsLifecycle.Request, "DockerImage", SupportsShouldProcess = true)]
[OutputType(typeof(DockerImage))]
public sealed class RequestDockerImageCommand : DockerRegistryCmdlet
{
    /// <summary>The platform to pull for a multi-platform image, such as linux/arm64.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Platform { get; set; }

    private protected override string Direction => "pull from";

    protected override void ProcessRecord()
    {
        foreach (var name in Name)
        {
            if (!TryParseReference(name, out var reference))
            {
                continue;
            }

            if (ShouldProcess(AllTags ? $"{reference.Repository} (all tags)" : reference.ToString(), "Pull"))
            {
                PullOne(name, reference);
            }
        }
    }

    private void PullOne(string name, ImageReference reference) => RunAsync(async cancellation =>
    {
        var engine = await ConnectAsync(cancellation).ConfigureAwait(false);
        var progress = new PullProgress($"Pulling {(AllTags ? reference.Repository : reference.ToString())}", NextProgressId(), record => EmitProgress(record));
        try
        {
            var credentials = RegistryCredentials.Current.Resolve(reference.Registry, Credential);
            await ImagePuller.PullAsync(engine, reference, Platform, credentials, progress, cancellation, AllTags).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            EmitError(e, null, name);
            return;
        }

        if (progress.LastStatus is { } status)
        {
            EmitVerbose(status);
        }

        // The pulled images as the engine now has them: every tag of the repository, or the one tag, or for a
        // digest the image under that repository (a single row, tagged or not).
        var pulled = AllTags
            ? (await ImageLookup.ListAsync(engine, all: false, new EngineFilters().Add("reference", reference.Repository), cancellation).ConfigureAwait(false))
                .Where(reference.HasRepositoryOf)
            : (await ImageLookup.ByReferenceAsync(engine, reference.ToString(), cancellation).ConfigureAwait(false))
                .OrderByDescending(image => reference.Names(image) || reference.HasRepositoryOf(image))
                .Take(1);
        foreach (var image in pulled)
        {
            Emit(image);
        }
    });
}
