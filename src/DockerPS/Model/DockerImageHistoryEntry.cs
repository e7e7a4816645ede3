namespace DockerPS;

/// <summary>
/// One layer of an image's history, as docker history lists it, newest first: the instruction that made it, when,
/// and what it added. Layers made elsewhere (pulled, loaded) have no image of their own here: their Id is &lt;missing&gt;.
/// </summary>
public sealed class DockerImageHistoryEntry
{
    internal const string Missing = "<missing>";

    internal DockerImageHistoryEntry(
        DockerEndpoint endpoint,
        string image,
        string imageId,
        string id,
        DateTime created,
        string createdBy,
        long size,
        string comment,
        IReadOnlyList<string> tags)
    {
        Endpoint = endpoint;
        Image = image;
        ImageId = imageId;
        Id = string.IsNullOrEmpty(id) ? Missing : id;
        Created = created;
        CreatedBy = createdBy;
        Size = size;
        Comment = comment;
        Tags = tags;
    }

    /// <summary>The engine the image lives on.</summary>
    public DockerEndpoint Endpoint { get; }

    /// <summary>The docker context the engine was named by; null when it was named by address (-HostAddress, DOCKER_HOST).</summary>
    public string? Context => Endpoint.Context;

    /// <summary>The image whose history this is, as it was named.</summary>
    public string Image { get; }

    /// <summary>The full id of the image whose history this is.</summary>
    public string ImageId { get; }

    /// <summary>The id of the image this layer made (sha256:…), or &lt;missing&gt; when the engine has no such image.</summary>
    public string Id { get; }

    /// <summary>The IMAGE column: 12 hex digits of the id, or &lt;missing&gt;.</summary>
    public string ShortId => Id == Missing ? Missing : Formatting.DisplayText.ShortImageId(Id);

    /// <summary>When the layer was made, in local time.</summary>
    public DateTime Created { get; }

    /// <summary>The instruction that made the layer, in full: /bin/sh -c #(nop)  CMD ["sh"].</summary>
    public string CreatedBy { get; }

    /// <summary>What the layer added, in bytes.</summary>
    public long Size { get; }

    /// <summary>The commit message, or what the engine says of the layer (buildkit.dockerfile.v0).</summary>
    public string Comment { get; }

    /// <summary>The repository:tag names of the layer's image.</summary>
    public IReadOnlyList<string> Tags { get; }

    public override string ToString() => Id;
}
