using System;
using System.Linq;
using System.Management.Automation;
using Docker.DotNet.Models;
using DockerPS.Cmdlets;
using DockerPS.Completion;
using DockerPS.Images;
using DockerPS.Registry;

namespace DockerPS.Commands;

/// <summary>docker push: pushes images to their registry, with a progress bar per layer.</summary>
[Cmdlet(VerbsLifecycle.Submit, "DockerImage", SupportsShouldProcess = true)]
[OutputType(typeof(DockerImage))]
public sealed class SubmitDockerImageCommand : DockerEngineCmdlet
{
    private int nextProgressId = 1;

    /// <summary>host:port/project/name:tag (or any reference the image carries); without a tag, latest.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("ImageName", "Reference")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ImageNameCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>Push every tag of the repository (docker push -a).</summary>
    [Parameter]
    public SwitchParameter AllTags { get; set; }

    /// <summary>Registry credentials; without them, the docker config's (credential helpers or auths).</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Write the pushed images, with the digests the registry gave them, to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var name in Name)
        {
            if (ImageReference.IsImageId(name))
            {
                WriteError(new ErrorRecord(
                    new ArgumentException($"{name} is an image id, which names no repository to push to; give a repository[:tag] (tag the image first with Add-DockerImageTag)."),
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

            if (reference.Digest is not null || AllTags && reference.Tag is not null)
            {
                WriteError(new ErrorRecord(new ArgumentException($"push takes repository[:tag], without a digest{(AllTags ? " or a tag with -AllTags" : string.Empty)}: {name}"), "InvalidPushReference", ErrorCategory.InvalidArgument, name));
                continue;
            }

            var target = AllTags ? $"{reference.Repository} (all tags)" : reference.ToString();
            if (ShouldProcess(target, $"Push to {reference.Registry}"))
            {
                PushOne(name, reference, target);
            }
        }
    }

    private void PushOne(string name, ImageReference reference, string target) => RunAsync(async cancellation =>
    {
        var engine = await ConnectAsync(cancellation).ConfigureAwait(false);
        var progressId = nextProgressId;
        nextProgressId += 1000;
        var progress = new PullProgress($"Pushing {target}", progressId, record => EmitProgress(record));
        try
        {
            var credentials = RegistryCredentials.Current.Resolve(reference.Registry, Credential);
            try
            {
                await engine.Client.Images.PushImageAsync(
                    reference.Repository,
                    new ImagePushParameters { Tag = AllTags ? null : reference.TagOrDigest },
                    credentials,
                    progress,
                    cancellation).ConfigureAwait(false);
            }
            finally
            {
                progress.Complete();
            }

            progress.ThrowIfFailed();
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

        if (PassThru)
        {
            foreach (var image in (await ImageLookup.ByReferenceAsync(engine, AllTags ? reference.Repository : reference.ToString(), cancellation).ConfigureAwait(false))
                .Where(image => AllTags ? reference.HasRepositoryOf(image) : reference.Names(image)))
            {
                Emit(image);
            }
        }
    });
}
