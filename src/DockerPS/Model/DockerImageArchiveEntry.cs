namespace DockerPS;

/// <summary>One image inside an archive made by docker save or Save-DockerImage, read without loading it.</summary>
public sealed class DockerImageArchiveEntry
{
    internal DockerImageArchiveEntry(
        string archivePath,
        string imageId,
        IReadOnlyList<string> repoTags,
        IReadOnlyList<DockerImageArchiveLayer> layers,
        DateTime? created,
        string? os,
        string? architecture)
    {
        ArchivePath = archivePath;
        ImageId = imageId;
        RepoTags = repoTags;
        Layers = layers;
        Created = created;
        Os = os;
        Architecture = architecture;
    }

    /// <summary>The archive file the image is in.</summary>
    public string ArchivePath { get; }

    /// <summary>The image id, sha256:…: the digest of the image's config, the id docker load gives the image.</summary>
    public string ImageId { get; }

    /// <summary>The first 12 hex digits of the id, as docker images shows it.</summary>
    public string ShortId => Formatting.DisplayText.ShortImageId(ImageId);

    /// <summary>The repository:tag names docker load gives the image; empty for an image saved by id.</summary>
    public IReadOnlyList<string> RepoTags { get; }

    /// <summary>The image's layers, base first, as the archive holds them.</summary>
    public IReadOnlyList<DockerImageArchiveLayer> Layers { get; }

    /// <summary>Bytes of layer data in the archive for this image; layers it shares with other images count here too.</summary>
    public long Size => Layers.Sum(layer => layer.Size);

    /// <summary>When the image was built, in local time, from its config.</summary>
    public DateTime? Created { get; }

    public string? Os { get; }

    public string? Architecture { get; }

    public override string ToString() => RepoTags.Count > 0 ? RepoTags[0] : ImageId;
}
