using DockerPS.Completion;
using DockerPS.Mapping;

namespace DockerPS.Commands;

/// <summary>docker history: the layers of images, newest first, each with the instruction that made it.</summary>
[Cmdlet(VerbsCommon.Get, "DockerImageHistory")]
[OutputType(typeof(DockerImageHistoryEntry))]
public sealed class GetDockerImageHistoryCommand : DockerEngineCmdlet
{
    /// <summary>The images: repository[:tag], an id or a unique prefix of one, or images from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("ImageName", "Reference")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ImageNameCompleter))]
    public DockerImageIdentity[] Name { get; set; } = Array.Empty<DockerImageIdentity>();

    protected override void ProcessRecord()
    {
        foreach (var image in Accepted(Name))
        {
            RunOnEngine(image, async (engine, cancellation) =>
            {
                string imageId;
                IList<Docker.DotNet.Models.ImageHistoryResponse> layers;
                try
                {
                    imageId = (await engine.Client.Images.InspectImageAsync(image.Reference, cancellation).ConfigureAwait(false)).ID;
                    layers = await engine.Client.Images.GetImageHistoryAsync(image.Reference, cancellation).ConfigureAwait(false);
                }
                catch (DockerApiException e)
                {
                    // This image's refusal; the next one is still read.
                    EmitError(DockerErrors.Refusal(DockerObjectKind.Image, e, image.Reference));
                    return;
                }

                foreach (var layer in layers)
                {
                    Emit(ModelMapper.ToHistoryEntry(layer, engine.Endpoint, image.Reference, imageId));
                }
            });
        }
    }
}
