using System.Text;
using Docker.DotNet.Models;

namespace DockerPS.Containers;

/// <summary>
/// Reads -Volume values as docker run -v does: /container/path (an anonymous volume), name:/container/path and
/// /host/path:/container/path, each with an optional :mode. Splitting follows the CLI (a drive letter's colon, as in
/// C:\data, is part of the path); the checks the engine would make on the result are made here, in its words.
/// </summary>
internal static class VolumeSpecParser
{
    internal enum VolumeKind
    {
        /// <summary>A new volume the engine names; it goes to Config.Volumes.</summary>
        Anonymous,

        /// <summary>A named volume; it goes to HostConfig.Binds.</summary>
        Named,

        /// <summary>A host file or folder; it goes to HostConfig.Binds.</summary>
        Bind,
    }

    internal sealed class VolumeSpec
    {
        public VolumeSpec(VolumeKind kind, string? source, string target, string? mode)
        {
            Kind = kind;
            Source = source;
            Target = target;
            Mode = mode;
        }

        public VolumeKind Kind { get; }

        /// <summary>The volume name or host path (relative paths resolved); null for an anonymous volume.</summary>
        public string? Source { get; }

        public string Target { get; }

        /// <summary>The options after the second colon as given, such as ro or ro,z; null when there are none.</summary>
        public string? Mode { get; }

        /// <summary>The HostConfig.Binds entry: source:target[:mode]; null for an anonymous volume.</summary>
        public string? Bind => Source is null ? null : Source + ":" + Target + (Mode is null ? string.Empty : ":" + Mode);
    }

    /// <summary>The create-container shapes: HostConfig.Binds and Config.Volumes.</summary>
    internal sealed class ParsedVolumes
    {
        public IList<string> Binds { get; } = new List<string>();

        public IDictionary<string, EmptyStruct> Volumes { get; } = new Dictionary<string, EmptyStruct>(StringComparer.Ordinal);
    }

    // The engine's option groups; a mode may hold at most one option of each.
    private static readonly string[][] ModeGroups =
    {
        new[] { "rw", "ro" },
        new[] { "z", "Z" },
        new[] { "shared", "rshared", "slave", "rslave", "private", "rprivate" },
        new[] { "nocopy" },
        new[] { "consistent", "cached", "delegated" },
    };

    private const int PropagationGroup = 2;
    private const int CopyGroup = 3;

    /// <summary>Sorts many specs into binds and anonymous volumes; see <see cref="Parse"/> for the resolver.</summary>
    public static ParsedVolumes Merge(IEnumerable<string> specs, Func<string, string> resolveRelativePath)
    {
        var result = new ParsedVolumes();
        foreach (var spec in specs)
        {
            var volume = Parse(spec, resolveRelativePath);
            if (volume.Bind is { } bind)
            {
                result.Binds.Add(bind);
            }
            else
            {
                result.Volumes[volume.Target] = default;
            }
        }

        return result;
    }

    /// <param name="spec">One -v value.</param>
    /// <param name="resolveRelativePath">
    /// Makes a host path starting with . or ~ absolute. The CLI resolves ./ against its working folder and leaves ~ to
    /// the shell; PowerShell does neither for a cmdlet's argument, so the caller resolves both against its location.
    /// </param>
    public static VolumeSpec Parse(string spec, Func<string, string> resolveRelativePath)
    {
        if (spec.Length == 0)
        {
            throw new ArgumentException("invalid empty volume spec");
        }

        var parts = Split(spec);
        if (parts.Count == 1)
        {
            var anonymous = new VolumeSpec(VolumeKind.Anonymous, null, parts[0], null);
            ValidateTarget(spec, anonymous);
            return anonymous;
        }

        var source = parts[0];
        var kind = IsHostPath(source) ? VolumeKind.Bind : VolumeKind.Named;
        if (kind == VolumeKind.Bind && (source[0] == '.' || IsHomeRelative(source)))
        {
            source = resolveRelativePath(source);
        }

        var volume = new VolumeSpec(kind, source, parts[1], parts.Count == 3 ? parts[2] : null);
        ValidateTarget(spec, volume);
        if (volume.Mode is { } mode)
        {
            ValidateMode(spec, kind, mode);
        }

        return volume;
    }

    /// <summary>The CLI's volumespec split: on colons, except the one after a lone drive letter.</summary>
    private static List<string> Split(string spec)
    {
        var parts = new List<string>(3);
        var buffer = new StringBuilder();
        for (var i = 0; i <= spec.Length; i++)
        {
            var end = i == spec.Length;
            var c = end ? '\0' : spec[i];
            if (c == ':' && buffer.Length == 1 && char.IsLetter(buffer[0]))
            {
                buffer.Append(c);
            }
            else if (end || c == ':')
            {
                if (parts.Count == 3)
                {
                    throw Invalid(spec, "too many colons");
                }

                if (buffer.Length == 0)
                {
                    throw Invalid(spec, "empty section between colons");
                }

                parts.Add(buffer.ToString());
                buffer.Clear();
            }
            else
            {
                buffer.Append(c);
            }
        }

        return parts;
    }

    /// <summary>What the CLI takes for a host path rather than a volume name: ./x, /x, ~/x, \\server\x, C:x.</summary>
    private static bool IsHostPath(string source) =>
        source[0] is '.' or '/' or '~'
        || source.StartsWith(@"\\", StringComparison.Ordinal)
        || (source.Length > 1 && char.IsLetter(source[0]) && source[1] == ':');

    private static bool IsHomeRelative(string source) =>
        source == "~" || source.StartsWith("~/", StringComparison.Ordinal) || source.StartsWith(@"~\", StringComparison.Ordinal);

    private static void ValidateTarget(string spec, VolumeSpec volume)
    {
        if (ContainerPath.Problem(volume.Target) is { } problem)
        {
            throw Invalid(spec, problem);
        }
    }

    private static void ValidateMode(string spec, VolumeKind kind, string mode)
    {
        var seen = new bool[ModeGroups.Length];
        foreach (var option in mode.Split(','))
        {
            var group = Array.FindIndex(ModeGroups, options => Array.IndexOf(options, option) >= 0);
            if (group < 0)
            {
                throw Invalid(spec, $"invalid mode: {mode} (unknown option '{option}')");
            }

            if (seen[group])
            {
                throw Invalid(spec, $"invalid mode: {mode} (more than one of {string.Join(", ", ModeGroups[group])})");
            }

            seen[group] = true;
            if (group == PropagationGroup && kind != VolumeKind.Bind)
            {
                throw Invalid(spec, $"invalid mode: {mode} (propagation '{option}' applies only to a host path)");
            }

            if (group == CopyGroup && kind != VolumeKind.Named)
            {
                throw Invalid(spec, $"invalid mode: {mode} (nocopy applies only to a named volume)");
            }
        }
    }

    private static ArgumentException Invalid(string spec, string reason) =>
        new($"invalid volume specification: '{spec}': {reason}");
}
