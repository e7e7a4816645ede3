using DockerPS.Mapping;

namespace DockerPS;

/// <summary>
/// An image, as repository[:tag], repository@digest, an id (or a unique prefix of one) or a pattern, or from the
/// pipeline: a DockerImage, a DockerContainer (its image), a DockerImageArchiveEntry (the image by id) or a
/// DockerImageSearchResult (the repository). Other objects name an image by an ImageName, Image, Reference, Name,
/// ImageId or Id property, the first they have; other DockerPS objects are refused.
/// </summary>
public sealed class DockerImageIdentity : DockerObjectIdentity
{
    public DockerImageIdentity(string reference)
        : base(reference, null, null)
    {
    }

    public DockerImageIdentity(DockerImage image)
        : base(image.Name, image.Endpoint, null)
    {
    }

    public DockerImageIdentity(DockerContainer container)
        : base(container.ImageId, container.Endpoint, null)
    {
        ImageName = container.Image;
    }

    /// <summary>Any other object from the pipeline or the command line; see the class summary for what it stands for.</summary>
    public DockerImageIdentity(object value)
        : this(Read(PSObject.AsPSObject(value)))
    {
    }

    private DockerImageIdentity((string Reference, DockerEndpoint? Endpoint, string? Refusal, string? ImageName) read)
        : base(read.Reference, read.Endpoint, read.Refusal)
    {
        ImageName = read.ImageName;
    }

    /// <summary>
    /// For a container, the name its image was run by (nginx:latest): what a registry knows the image as, where
    /// <see cref="DockerObjectIdentity.Reference"/> is the image's id, exact on the engine.
    /// </summary>
    internal string? ImageName { get; }

    private static (string, DockerEndpoint?, string?, string?) Read(PSObject value) => PipelineObject.DockerTypeName(value) switch
    {
        nameof(DockerImage) or nameof(DockerImageSearchResult) => (PipelineObject.Text(value, "Name", "Id") ?? value.ToString(), PipelineObject.Endpoint(value), null, null),
        nameof(DockerContainer) => (PipelineObject.Text(value, "ImageId", "Image") ?? value.ToString(), PipelineObject.Endpoint(value), null, PipelineObject.Text(value, "Image")),
        nameof(DockerImageArchiveEntry) => (PipelineObject.Text(value, "ImageId") ?? value.ToString(), null, null, null),
        nameof(DockerContext) => (value.ToString(), null, $"The DockerContext '{value}' is an engine, not an image: give it to -Context to act on its images.", null),
        { } other => (value.ToString(), null, $"The {other} '{value}' is not an image.", null),
        // An image property says more than a Name, which may be a container's (docker ps --format json has both).
        null => (PipelineObject.Text(value, "ImageName", "Image", "Reference", "Name", "ImageId", "Id") ?? value.ToString(), null, null, null),
    };
}
