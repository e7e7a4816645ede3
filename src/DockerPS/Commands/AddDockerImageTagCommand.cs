using Docker.DotNet.Models;
using DockerPS.Completion;
using DockerPS.Images;
using DockerPS.Lookup;

namespace DockerPS.Commands;

/// <summary>docker tag: gives an image another repository:tag.</summary>
[Cmdlet(VerbsCommon.Add, "DockerImageTag", SupportsShouldProcess = true)]
[OutputType(typeof(DockerImage))]
public sealed class AddDockerImageTagCommand : DockerEngineCmdlet
{
    private ImageReference? target;

    /// <summary>The image to tag: repository:tag, an id, or an image from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("ImageName", "Source")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ImageNameCompleter))]
    public DockerImageIdentity Name { get; set; } = null!;

    /// <summary>The new reference: repository[:tag] (latest when no tag), such as 127.0.0.1:5000/team/app:1.2.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [Alias("Target")]
    [ValidateNotNullOrEmpty]
    public string Tag { get; set; } = string.Empty;

    /// <summary>Write the newly tagged image to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        try
        {
            target = ImageReference.Parse(Tag);
        }
        catch (ArgumentException e)
        {
            ThrowFailure(DockerErrors.InvalidImageReference(e, Tag));
        }

        if (target.Digest is not null)
        {
            ThrowFailure(DockerErrors.InvalidImageReference(new ArgumentException($"a tag cannot be a digest: {Tag}"), Tag));
        }
    }

    protected override void ProcessRecord()
    {
        if (!Accepted(new[] { Name }).Any() || !ShouldProcess(Name.Reference, $"Tag as {target}"))
        {
            return;
        }

        RunOnEngine(Name, async (engine, cancellation) =>
        {
            try
            {
                await engine.Client.Images.TagImageAsync(Name.Reference, new ImageTagParameters { RepositoryName = target!.Repository, Tag = target.TagOrDigest }, cancellation).ConfigureAwait(false);
            }
            catch (DockerApiException e)
            {
                // This image's refusal; the next piped image is still tagged.
                EmitError(DockerErrors.Refusal(DockerObjectKind.Image, e, Name.Reference));
                return;
            }

            if (PassThru)
            {
                foreach (var image in (await ImageLookup.ByReferenceAsync(engine, target.ToString(), cancellation).ConfigureAwait(false)).Where(target.Names))
                {
                    Emit(image);
                }
            }
        });
    }
}
