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
public sealed class RequestDockerImageCommand : DockerEngineCmdlet
{
    private int nextProgressId = 1;

    /// <summary>name, name:tag, name@sha256:…, or host:port/project/name:tag; without a tag, latest.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("ImageName", "Reference")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ImageNameCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>Pull every tag of the repository (docker pull -a).</summary>
    [Parameter]
    public SwitchParameter AllTags { get; set; }

    /// <summary>The platform to pull for a multi-platform image, such as linux/arm64.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Platform { get; set; }

    /// <summary>Registry credentials; without them, the docker config's (credential helpers or auths).</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var name in Name)
        {
            if (ImageReference.IsImageId(name))
            {
                WriteError(new ErrorRecord(
                    new ArgumentException($"{name} is an image id, which names no repository to pull from; give a repository[:tag] (tag the image first with Add-DockerImageTag)."),
                    "ImageIdNotAReference",
                    ErrorCategory.InvalidArgument,
                    name));
                continue;
            }

            ImageReference reference;
            try
            {
                reference = ImageReference.Parse(name);
            }
            catch (ArgumentException e)
            {
                WriteError(new ErrorRecord(e, "InvalidImageReference", ErrorCategory.InvalidArgument, name));
                continue;
            }

            if (AllTags && (reference.Tag is not null || reference.Digest is not null))
            {
                WriteError(new ErrorRecord(new ArgumentException($"tag can't be used with -AllTags: {name}"), "TagWithAllTags", ErrorCategory.InvalidArgument, name));
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
        var progressId = nextProgressId;
        nextProgressId += 1000;
        var progress = new PullProgress($"Pulling {(AllTags ? reference.Repository : reference.ToString())}", progressId, record => EmitProgress(record));
        try
        {
            var credentials = RegistryCredentials.Current.Resolve(reference.Registry, Credential);
            if (AllTags)
            {
                await engine.Client.Images.CreateImageAsync(
                    new ImagesCreateParameters { FromImage = reference.Repository, Tag = string.Empty, Platform = Platform },
                    credentials,
                    progress,
                    cancellation).ConfigureAwait(false);
                progress.Complete();
                progress.ThrowIfFailed();
            }
            else
            {
                await ImagePuller.PullAsync(engine, reference, Platform, credentials, progress, cancellation).ConfigureAwait(false);
            }
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
