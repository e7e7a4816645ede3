namespace DockerPS;

/// <summary>One layer of an image in an archive: where it is, what it is, how big.</summary>
public sealed class DockerImageArchiveLayer
{
    internal DockerImageArchiveLayer(string path, string? digest, string? diffId, long size)
    {
        Path = path;
        Digest = digest;
        DiffId = diffId;
        Size = size;
    }

    /// <summary>The layer's path inside the archive: &lt;id&gt;/layer.tar, or blobs/sha256/&lt;hex&gt; in the OCI layout.</summary>
    public string Path { get; }

    /// <summary>
    /// sha256:… of the layer's bytes as the archive stores them: the blob's name in the OCI layout; in the
    /// classic layout, where layer.tar is always uncompressed, the diff id.
    /// </summary>
    public string? Digest { get; }

    /// <summary>sha256:… of the uncompressed layer, from the image's config: what docker inspect lists as RootFS.Layers.</summary>
    public string? DiffId { get; }

    /// <summary>The layer's size in the archive, in bytes.</summary>
    public long Size { get; }

    public override string ToString() => $"{Digest ?? Path} ({Formatting.DisplayText.Size(Size)})";
}
