using DockerPS.Formatting;
using DockerPS.Lookup;

namespace DockerPS.Cleanup;

/// <summary>The kinds Clear-DockerSystem removes, in the order it removes them: users before what they use.</summary>
internal enum CleanupKind
{
    Container,
    Network,
    Volume,
    Image,
    BuildCache,
}

/// <summary>What docker system prune's filters select, as Clear-DockerSystem's parameters give them.</summary>
internal sealed class CleanupRules
{
    public CleanupRules(bool all, bool volumes, bool buildCache, DateTime? createdBefore, LabelFilter labels)
    {
        All = all;
        Volumes = volumes;
        BuildCache = buildCache;
        CreatedBefore = createdBefore;
        Labels = labels;
    }

    /// <summary>Every unused image, not only dangling ones, and every unused build cache record (docker system prune -a).</summary>
    public bool All { get; }

    /// <summary>Volumes too (--volumes).</summary>
    public bool Volumes { get; }

    /// <summary>The build cache too.</summary>
    public bool BuildCache { get; }

    /// <summary>Only what was created before then, in UTC (until=); for the build cache, what no build used since.</summary>
    public DateTime? CreatedBefore { get; }

    /// <summary>label= and label!= terms.</summary>
    public LabelFilter Labels { get; }

    /// <summary>Whether an object with these labels, created then, passes the filters; an unknown time passes no time filter.</summary>
    public bool Admits(IReadOnlyDictionary<string, string> labels, DateTime? created) =>
        Labels.Admits(labels) && (CreatedBefore is null || created?.ToUniversalTime() <= CreatedBefore);
}

/// <summary>One object Clear-DockerSystem gathered for removal.</summary>
internal sealed class CleanupCandidate
{
    public CleanupCandidate(CleanupKind kind, string id, string name, long? size, IReadOnlyList<string>? tags = null)
    {
        Kind = kind;
        Id = id;
        Name = name;
        Size = size;
        Tags = tags ?? Array.Empty<string>();
    }

    public CleanupKind Kind { get; }

    /// <summary>The id it is removed by: a container's, network's, image's or record's id, a volume's name.</summary>
    public string Id { get; }

    /// <summary>How users know it: a name, an image's tags, a short id.</summary>
    public string Name { get; }

    /// <summary>The bytes its removal frees as the engine counted them before; null for networks, which hold none.</summary>
    public long? Size { get; }

    /// <summary>What errors name as their target, that other cmdlets take back: an image's or record's id, else the name.</summary>
    public string Reference => Kind is CleanupKind.Image or CleanupKind.BuildCache ? Id : Name;

    /// <summary>An image's repository:tag names, each taken off in turn; empty for an untagged image, deleted by id.</summary>
    public IReadOnlyList<string> Tags { get; }

    /// <summary>The kind in words, for messages and DockerCleanupKept.Kind.</summary>
    public string Noun => Kind == CleanupKind.BuildCache ? "build cache" : Kind.ToString().ToLowerInvariant();

    /// <summary>What ShouldProcess and -WhatIf say is about to happen.</summary>
    public string Action => Kind == CleanupKind.BuildCache ? "Remove build cache record" : "Remove " + Noun;

    /// <summary>What ShouldProcess and -WhatIf name: the object, its short id, and its size.</summary>
    public string Target
    {
        get
        {
            var shortId = Kind == CleanupKind.Image ? DisplayText.ShortImageId(Id) : Id.Length > 12 ? Id.Substring(0, 12) : Id;
            var named = Name == Id || Name == shortId || Kind == CleanupKind.Volume ? Name : $"{Name} ({shortId})";
            return Size is { } bytes ? $"{named}, {DisplayText.HumanSize(bytes)}" : named;
        }
    }

    public override string ToString() => $"{Noun} {Name}";
}

/// <summary>What Clear-DockerSystem gathered on one engine, in the order it removes it.</summary>
internal sealed class CleanupPlan
{
    public CleanupPlan(DockerEngine engine, CleanupRules rules, IReadOnlyList<CleanupCandidate> candidates)
    {
        Engine = engine;
        Rules = rules;
        Candidates = candidates;
    }

    public DockerEngine Engine { get; }

    /// <summary>The rules the candidates were chosen by; the engine applies some again as it removes (the build cache's).</summary>
    public CleanupRules Rules { get; }

    /// <summary>Containers, then networks, volumes, images (each before the images it is built on) and build cache records (each before its parents).</summary>
    public IReadOnlyList<CleanupCandidate> Candidates { get; }

    /// <summary>The bytes removing everything would free, as gathered.</summary>
    public long TotalSize => Candidates.Sum(candidate => candidate.Size ?? 0);

    /// <summary>-WhatIf's last line: the space and how many of each kind.</summary>
    public string Summary
    {
        get
        {
            var counts = Enum.GetValues(typeof(CleanupKind)).Cast<CleanupKind>()
                .Select(kind => (Kind: kind, Count: Candidates.Count(candidate => candidate.Kind == kind)))
                .Where(count => count.Count > 0)
                .Select(count => $"{count.Count} {Plural(count.Kind, count.Count)}");
            var listed = string.Join(", ", counts);
            return $"Reclaim {DisplayText.HumanSize(TotalSize)} in all{(listed.Length == 0 ? ": nothing to remove" : ": " + listed)}";
        }
    }

    private static string Plural(CleanupKind kind, int count) => kind switch
    {
        CleanupKind.BuildCache => count == 1 ? "build cache record" : "build cache records",
        _ => kind.ToString().ToLowerInvariant() + (count == 1 ? string.Empty : "s"),
    };
}
