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
        ImageName = NameRunBy(container.Image, container.ImageId);
    }

    /// <summary>Any other object from the pipeline or the command line; see the class summary for what it stands for.</summary>
    public DockerImageIdentity(object value)
        : this(PSObject.AsPSObject(value))
    {
    }

    private DockerImageIdentity(PSObject value)
        : this(Read(value)) => ContextEngine = PipelineObject.ContextEngine(value);

    private DockerImageIdentity((string Reference, DockerEndpoint? Endpoint, string? Refusal, string? ImageName) read)
        : base(read.Reference, read.Endpoint, read.Refusal)
    {
        ImageName = read.ImageName;
    }

    /// <summary>
    /// For a container, the name its image was run by (nginx:latest): what a registry knows the image as, where
    /// <see cref="DockerObjectIdentity.Reference"/> is the image's id, exact on the engine. Null for a container
    /// run by image id, which names no repository.
    /// </summary>
    internal string? ImageName { get; }

    /// <summary>The name a container's image was run by, unless that is its id or a prefix of it (docker run 4f2c0e2ecd5c).</summary>
    private static string? NameRunBy(string? image, string? imageId)
    {
        if (image is null || imageId is null)
        {
            return image;
        }

        static string Hex(string id) => id.StartsWith("sha256:", StringComparison.Ordinal) ? id.Substring(7) : id;
        var hex = Hex(image);
        return hex.Length > 0 && hex.All(Uri.IsHexDigit) && Hex(imageId).StartsWith(hex, StringComparison.OrdinalIgnoreCase) ? null : image;
    }

    private static (string, DockerEndpoint?, string?, string?) Read(PSObject value) => PipelineObject.DockerTypeName(value) switch
    {
        nameof(DockerImage) or nameof(DockerImageSearchResult) => (PipelineObject.Text(value, "Name", "Id") ?? value.ToString(), PipelineObject.Endpoint(value), null, null),
        nameof(DockerContainer) => (PipelineObject.Text(value, "ImageId", "Image") ?? value.ToString(), PipelineObject.Endpoint(value), null, NameRunBy(PipelineObject.Text(value, "Image"), PipelineObject.Text(value, "ImageId"))),
        nameof(DockerImageArchiveEntry) => (PipelineObject.Text(value, "ImageId") ?? value.ToString(), null, null, null),
        nameof(DockerContext) => (value.ToString(), null, $"The DockerContext '{value}' is an engine, not an image: pipe it to a Get- cmdlet, or give it to -Context, to act on its images.", null),
        { } other => (value.ToString(), null, $"The {other} '{value}' is not an image.", null),
        // An image property says more than a Name, which may be a container's (docker ps --format json has both).
        null => (PipelineObject.Text(value, "ImageName", "Image", "Reference", "Name", "ImageId", "Id") ?? value.ToString(), null, null, null),
    };
}
