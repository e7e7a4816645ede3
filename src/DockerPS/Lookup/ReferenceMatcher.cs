using DockerPS.Images;

namespace DockerPS.Lookup;

/// <summary>The outcome of looking up one name: what matched, or why nothing (or too much) did.</summary>
internal sealed class ReferenceMatch<T>
{
    public ReferenceMatch(string reference, bool isPattern, IReadOnlyList<T> matches, string? ambiguity = null)
    {
        Reference = reference;
        IsPattern = isPattern;
        Matches = matches;
        Ambiguity = ambiguity;
    }

    public string Reference { get; }

    /// <summary>A wildcard pattern that matches nothing is not an error, as with Get-ChildItem.</summary>
    public bool IsPattern { get; }

    public IReadOnlyList<T> Matches { get; }

    /// <summary>Set when an id prefix fits more than one object.</summary>
    public string? Ambiguity { get; }

    public bool IsMissing => !IsPattern && Matches.Count == 0 && Ambiguity is null;
}

/// <summary>Finds containers, images, networks and services by the names users type, the way the docker CLI resolves them.</summary>
internal static class ReferenceMatcher
{
    /// <summary>
    /// A container by full id, then exact name, then unique id prefix (docker inspect's order); a wildcard
    /// pattern matches names, case-insensitively.
    /// </summary>
    public static ReferenceMatch<DockerContainer> Containers(string reference, IReadOnlyList<DockerContainer> containers)
    {
        var name = reference.TrimStart('/');
        if (WildcardPattern.ContainsWildcardCharacters(name))
        {
            var pattern = WildcardPattern.Get(name, WildcardOptions.IgnoreCase);
            return new ReferenceMatch<DockerContainer>(reference, true, containers.Where(c => c.Names.Any(pattern.IsMatch)).ToList());
        }

        var byId = containers.Where(c => string.Equals(c.Id, name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (byId.Count > 0)
        {
            return new ReferenceMatch<DockerContainer>(reference, false, byId);
        }

        var byName = containers.Where(c => c.Names.Contains(name, StringComparer.Ordinal)).ToList();
        if (byName.Count > 0)
        {
            return new ReferenceMatch<DockerContainer>(reference, false, byName);
        }

        return ByIdPrefix(reference, name, containers, c => c.Id, "container");
    }

    /// <summary>
    /// A network by full id, then exact name, then unique id prefix (the engine's order); a wildcard pattern matches
    /// names, case-insensitively.
    /// </summary>
    public static ReferenceMatch<DockerNetwork> Networks(string reference, IReadOnlyList<DockerNetwork> networks)
    {
        if (WildcardPattern.ContainsWildcardCharacters(reference))
        {
            var pattern = WildcardPattern.Get(reference, WildcardOptions.IgnoreCase);
            return new ReferenceMatch<DockerNetwork>(reference, true, networks.Where(n => pattern.IsMatch(n.Name)).ToList());
        }

        var byId = networks.Where(n => string.Equals(n.Id, reference, StringComparison.OrdinalIgnoreCase)).ToList();
        if (byId.Count > 0)
        {
            return new ReferenceMatch<DockerNetwork>(reference, false, byId);
        }

        var byName = networks.Where(n => n.Name == reference).ToList();
        return byName.Count > 0
            ? new ReferenceMatch<DockerNetwork>(reference, false, byName)
            : ByIdPrefix(reference, reference, networks, n => n.Id, "network");
    }

    /// <summary>
    /// A Swarm service by full id, then exact name, then unique id prefix (the engine's order); a wildcard pattern
    /// matches names, case-insensitively. Swarm ids are not hex: any prefix of one counts.
    /// </summary>
    public static ReferenceMatch<DockerService> Services(string reference, IReadOnlyList<DockerService> services)
    {
        if (WildcardPattern.ContainsWildcardCharacters(reference))
        {
            var pattern = WildcardPattern.Get(reference, WildcardOptions.IgnoreCase);
            return new ReferenceMatch<DockerService>(reference, true, services.Where(s => pattern.IsMatch(s.Name)).ToList());
        }

        var exact = services.Where(s => s.Id == reference).ToList();
        if (exact.Count == 0)
        {
            exact = services.Where(s => s.Name == reference).ToList();
        }

        if (exact.Count > 0)
        {
            return new ReferenceMatch<DockerService>(reference, false, exact);
        }

        var byPrefix = services.Where(s => s.Id.StartsWith(reference, StringComparison.Ordinal)).ToList();
        return byPrefix.Count > 1
            ? new ReferenceMatch<DockerService>(reference, false, Array.Empty<DockerService>(), $"multiple services found with provided prefix: {reference}")
            : new ReferenceMatch<DockerService>(reference, false, byPrefix);
    }

    /// <summary>
    /// Images whose repository (name), repository:tag (name:tag) or repository@digest (name@sha256:…) fits the
    /// reference, wildcards allowed; a plain reference that names nothing may still be an image id or its prefix.
    /// </summary>
    public static ReferenceMatch<DockerImage> Images(string reference, IReadOnlyList<DockerImage> images)
    {
        var isPattern = WildcardPattern.ContainsWildcardCharacters(reference);

        // Tags are case-sensitive: only a pattern, typed to search, matches regardless of case.
        var pattern = WildcardPattern.Get(ImageReference.Normalize(reference), isPattern ? WildcardOptions.IgnoreCase : WildcardOptions.None);
        Func<DockerImage, bool> fits;
        if (reference.IndexOf('@') >= 0)
        {
            fits = image => image.RepoDigests.Any(digest => pattern.IsMatch(ImageReference.Normalize(digest)));
        }
        else if (ImageReference.SplitTag(reference).Tag != DockerImage.None)
        {
            fits = image => image.Tag != DockerImage.None && pattern.IsMatch(ImageReference.Normalize(image.Repository + ":" + image.Tag));
        }
        else
        {
            fits = image => image.Repository != DockerImage.None && pattern.IsMatch(ImageReference.Normalize(image.Repository));
        }

        var matches = images.Where(fits).ToList();
        if (matches.Count > 0 || isPattern)
        {
            return new ReferenceMatch<DockerImage>(reference, isPattern, matches);
        }

        return ImagesById(reference, images);
    }

    /// <summary>
    /// Images by id: the full id with or without sha256:, a unique prefix, or a wildcard pattern over the id;
    /// every repository:tag of the matching image.
    /// </summary>
    public static ReferenceMatch<DockerImage> ImagesById(string reference, IReadOnlyList<DockerImage> images)
    {
        var hex = reference.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) ? reference.Substring(7) : reference;
        if (WildcardPattern.ContainsWildcardCharacters(hex))
        {
            var pattern = WildcardPattern.Get(hex, WildcardOptions.IgnoreCase);
            return new ReferenceMatch<DockerImage>(reference, true, images.Where(i => pattern.IsMatch(HexOf(i.Id))).ToList());
        }

        var byId = ByIdPrefix(reference, hex, images.GroupBy(i => i.Id).Select(g => g.First()).ToList(), i => HexOf(i.Id), "image");
        return byId.Matches.Count == 1
            ? new ReferenceMatch<DockerImage>(reference, false, images.Where(i => i.Id == byId.Matches[0].Id).ToList())
            : byId;
    }

    private static string HexOf(string id) => id.Substring(id.IndexOf(':') + 1);

    private static ReferenceMatch<T> ByIdPrefix<T>(string reference, string prefix, IReadOnlyList<T> items, Func<T, string> id, string kind)
    {
        if (prefix.Length == 0 || !prefix.All(Uri.IsHexDigit))
        {
            return new ReferenceMatch<T>(reference, false, Array.Empty<T>());
        }

        var matches = items.Where(item => id(item).StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count > 1
            ? new ReferenceMatch<T>(reference, false, Array.Empty<T>(), $"multiple {kind}s found with provided prefix: {reference}")
            : new ReferenceMatch<T>(reference, false, matches);
    }
}
