namespace DockerPS.Images;

/// <summary>
/// An image reference as docker pull takes it: name, name:tag, name@digest, host:port/project/name:tag.
/// A reference without tag or digest means :latest.
/// </summary>
internal sealed class ImageReference
{
    private static readonly string[] HubPrefixes = { "docker.io/library/", "index.docker.io/library/", "docker.io/", "index.docker.io/" };

    // The distribution grammar's digest: algorithm:hex, the hex at least 32 digits (a sha256 has 64).
    private static readonly System.Text.RegularExpressions.Regex DigestGrammar = new(
        "^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[a-fA-F0-9]{32,}$",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private ImageReference(string repository, string? tag, string? digest)
    {
        Repository = repository;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>Everything before the tag or digest, registry and port included.</summary>
    public string Repository { get; }

    public string? Tag { get; }

    public string? Digest { get; }

    /// <summary>What the engine's pull takes as "tag": the tag, or the digest, or latest.</summary>
    public string TagOrDigest => Digest ?? Tag ?? "latest";

    /// <summary>The registry host (and port) the image comes from; docker.io when the name has none.</summary>
    public string Registry => RegistryOf(Repository);

    /// <summary>The registry a repository name points at: its first part when that names a host, else Docker Hub.</summary>
    public static string RegistryOf(string repository)
    {
        var slash = repository.IndexOf('/');
        if (slash < 0)
        {
            return "docker.io";
        }

        var first = repository.Substring(0, slash);
        return first.IndexOf('.') >= 0 || first.IndexOf(':') >= 0 || first == "localhost" ? first : "docker.io";
    }

    /// <summary>Splits repository:tag at the tag's colon, not a registry port's (localhost:5000/app:1).</summary>
    public static (string Repository, string Tag) SplitTag(string reference)
    {
        var slash = reference.LastIndexOf('/');
        var colon = reference.LastIndexOf(':');
        return colon > slash
            ? (reference.Substring(0, colon), reference.Substring(colon + 1))
            : (reference, DockerImage.None);
    }

    public static (string Repository, string Digest) SplitDigest(string reference)
    {
        var at = reference.IndexOf('@');
        return at < 0 ? (reference, string.Empty) : (reference.Substring(0, at), reference.Substring(at + 1));
    }

    /// <summary>docker.io/library/nginx and nginx are the same repository; the short form is the one docker shows.</summary>
    public static string Normalize(string reference)
    {
        foreach (var prefix in HubPrefixes)
        {
            if (reference.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return reference.Substring(prefix.Length);
            }
        }

        return reference;
    }

    public static ImageReference Parse(string reference)
    {
        var text = reference?.Trim() ?? string.Empty;
        string? digest = null;
        var at = text.IndexOf('@');
        if (at >= 0)
        {
            digest = text.Substring(at + 1);
            text = text.Substring(0, at);
            if (!DigestGrammar.IsMatch(digest) || digest.StartsWith("sha256:", StringComparison.Ordinal) && digest.Length != 7 + 64)
            {
                throw Invalid(reference, "a digest looks like sha256:<hex>");
            }
        }

        var (repository, tag) = SplitTag(text);
        if (tag.Length == 0)
        {
            // An empty tag would reach the engine as "every tag".
            throw Invalid(reference, "the tag is empty");
        }

        if (tag.IndexOf(' ') >= 0 || digest?.IndexOf(' ') >= 0)
        {
            throw Invalid(reference, "a tag or digest cannot contain spaces");
        }

        if (repository.Length == 0 || repository.StartsWith("/", StringComparison.Ordinal) || repository.EndsWith("/", StringComparison.Ordinal)
            || repository.IndexOf("//", StringComparison.Ordinal) >= 0 || repository.IndexOf(' ') >= 0)
        {
            throw Invalid(reference, "expected name, name:tag, name@digest or host:port/name:tag");
        }

        // An image id in a name's place would be taken for the image of that id.
        if (repository.Length == 64 && repository.All(Uri.IsHexDigit))
        {
            throw new ArgumentException($"invalid repository name ({repository}), cannot specify 64-byte hexadecimal strings");
        }

        if (!string.Equals(repository.Substring(repository.IndexOf('/') + 1), repository.Substring(repository.IndexOf('/') + 1).ToLowerInvariant(), StringComparison.Ordinal))
        {
            throw Invalid(reference, "repository name must be lowercase");
        }

        return new ImageReference(repository, tag == DockerImage.None ? null : tag, digest);
    }

    /// <summary>Whether text is an image id (sha256:… or 64 hex digits) rather than a name.</summary>
    public static bool IsImageId(string text) =>
        text.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase)
        || text.Length == 64 && text.All(Uri.IsHexDigit);

    /// <summary>Whether the image row is this reference's repository:tag (docker.io/library/x is x).</summary>
    public bool Names(DockerImage image) =>
        string.Equals(Normalize(image.Name), Normalize(ToString()), StringComparison.Ordinal);

    /// <summary>Whether the image row belongs to this reference's repository.</summary>
    public bool HasRepositoryOf(DockerImage image) =>
        string.Equals(Normalize(image.Repository), Normalize(Repository), StringComparison.Ordinal);

    /// <summary>The reference as the engine stores a pulled image: repository:tag or repository@digest.</summary>
    public override string ToString() => Digest is not null ? $"{Repository}@{Digest}" : $"{Repository}:{Tag ?? "latest"}";

    private static ArgumentException Invalid(string? reference, string reason) =>
        new($"invalid reference format: '{reference}': {reason}");
}
