namespace DockerPS.ContainerFiles;

/// <summary>
/// One side of a copy as docker cp sees it: its path (slash-separated, a trailing / or /. kept), whether it exists,
/// whether it is a directory, and the name its archive's entries take instead of its own when a symbolic link was
/// followed to find it.
/// </summary>
internal sealed class CopyInfo
{
    public CopyInfo(string path, bool exists, bool isDirectory, string? rebaseName = null)
    {
        Path = path;
        Exists = exists;
        IsDirectory = isDirectory;
        RebaseName = rebaseName;
    }

    public string Path { get; }

    public bool Exists { get; }

    public bool IsDirectory { get; }

    public string? RebaseName { get; }
}

/// <summary>Where an archive of the source is extracted, and the name its top entry takes there.</summary>
internal sealed class CopyPlan
{
    public CopyPlan(string directory, string sourceBase, string topName)
    {
        Directory = directory;
        SourceBase = sourceBase;
        TopName = topName;
    }

    /// <summary>The existing directory the archive is extracted into: the destination itself, or its parent.</summary>
    public string Directory { get; }

    /// <summary>The name the archive's entries start with: the source's last segment ("nginx"), "." for its contents, "/" for a root.</summary>
    public string SourceBase { get; }

    /// <summary>The name those entries take in <see cref="Directory"/>; "." when they land in it directly.</summary>
    public string TopName { get; }
}

/// <summary>
/// docker cp's rules for where a copy lands, on slash-separated paths (Go's path package semantics): a trailing / or
/// /. says the path is a directory, /. copies a directory's contents, an existing directory receives the source
/// under its own name, anything else is replaced by (or becomes) the source under the destination's name.
/// </summary>
internal static class CopyRules
{
    /// <summary>The path as Go's path.Clean leaves it: no empty, . or inner .. segments, no trailing slash; "" is ".".</summary>
    public static string Clean(string path)
    {
        var rooted = path.StartsWith("/", StringComparison.Ordinal);
        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == ".." && segments.Count > 0 && segments[segments.Count - 1] != "..")
            {
                segments.RemoveAt(segments.Count - 1);
            }
            else if (segment != ".." || !rooted)
            {
                segments.Add(segment);
            }
        }

        var joined = string.Join("/", segments);
        return rooted ? "/" + joined : joined.Length == 0 ? "." : joined;
    }

    /// <summary>The last segment, trailing slashes aside (Go's path.Base): "/" for the root, "." for "".</summary>
    public static string BaseName(string path)
    {
        var trimmed = path.TrimEnd('/');
        if (trimmed.Length == 0)
        {
            return path.Length == 0 ? "." : "/";
        }

        return trimmed.Substring(trimmed.LastIndexOf('/') + 1);
    }

    /// <summary>Everything before the last segment, cleaned (Go's path.Dir).</summary>
    public static string DirectoryName(string path)
    {
        var slash = path.LastIndexOf('/');
        return Clean(slash < 0 ? string.Empty : path.Substring(0, slash + 1));
    }

    /// <summary>Whether the path names the current directory by its last segment: ".", "x/.".</summary>
    public static bool SpecifiesCurrentDirectory(string path) => BaseName(path) == ".";

    /// <summary>Whether the path says it is a directory: a trailing / or /.</summary>
    public static bool AssertsDirectory(string path) => HasTrailingSeparator(path) || SpecifiesCurrentDirectory(path);

    /// <summary>The directory and the entry in it, the entry "." when the path ends in /. (Go's archive.SplitPathDirEntry).</summary>
    public static (string Directory, string Base) SplitDirectoryEntry(string path)
    {
        var cleaned = Clean(path);
        if (SpecifiesCurrentDirectory(path))
        {
            cleaned += "/.";
        }

        return (DirectoryName(cleaned), BaseName(cleaned));
    }

    /// <summary>A cleaned path given back the trailing /. or / the path it came from had.</summary>
    public static string PreserveTrailingDotOrSeparator(string cleaned, string original)
    {
        if (!SpecifiesCurrentDirectory(cleaned) && SpecifiesCurrentDirectory(original))
        {
            cleaned += HasTrailingSeparator(cleaned) ? "." : "/.";
        }

        if (!HasTrailingSeparator(cleaned) && HasTrailingSeparator(original))
        {
            cleaned += "/";
        }

        return cleaned;
    }

    /// <summary>
    /// Where a followed link leads, with the path's trailing /. or / kept, and the name the copy keeps when the link's
    /// target has another one (the link's own name).
    /// </summary>
    public static (string Path, string? RebaseName) FollowedLink(string path, string resolved)
    {
        if (SpecifiesCurrentDirectory(path) && !SpecifiesCurrentDirectory(resolved))
        {
            resolved += "/.";
        }

        if (HasTrailingSeparator(path) && !HasTrailingSeparator(resolved))
        {
            resolved += "/";
        }

        return (resolved, BaseName(path) == BaseName(resolved) ? null : BaseName(path));
    }

    /// <summary>
    /// Where the archive of <paramref name="source"/> is extracted to land at <paramref name="destination"/>, as docker
    /// cp decides it; null with the reason, in docker cp's words, when it cannot: a directory onto an existing file
    /// ("cannot copy directory"), a file to a directory that does not exist ("no such directory").
    /// </summary>
    public static CopyPlan? Plan(CopyInfo source, CopyInfo destination, out string? refusal)
    {
        refusal = null;
        var (destinationDirectory, destinationBase) = SplitDirectoryEntry(destination.Path);
        var sourceBase = SplitDirectoryEntry(source.Path).Base;
        if (destination.Exists && destination.IsDirectory)
        {
            var top = source.RebaseName ?? sourceBase;
            return new CopyPlan(Clean(destination.Path), sourceBase, top == "/" ? "." : top);
        }

        if (destination.Exists && source.IsDirectory)
        {
            refusal = "cannot copy directory";
            return null;
        }

        if (!destination.Exists && !source.IsDirectory && AssertsDirectory(destination.Path))
        {
            refusal = "no such directory";
            return null;
        }

        return new CopyPlan(destinationDirectory, sourceBase, destinationBase);
    }

    private static bool HasTrailingSeparator(string path) => path.EndsWith("/", StringComparison.Ordinal);
}
