using System.Text;
using Docker.DotNet.Models;
using Version = System.Version;

namespace DockerPS.Containers;

/// <summary>
/// Reads -Mount values as docker run --mount does: comma-separated key=value fields (CSV, so a field holding a comma
/// is quoted), type=bind|volume|tmpfs|image (volume by default). It refuses what the docker CLI's parser refuses, in
/// its words, and then what the engine would refuse of the mount as given (a missing target, a bind without a source,
/// a relative path …), in the engine's words, so a bad mount changes nothing.
/// </summary>
internal static class MountSpecParser
{
    private const string Bind = "bind";
    private const string Volume = "volume";
    private const string Tmpfs = "tmpfs";
    private const string Image = "image";

    // The keys that may stand alone, meaning true.
    private static readonly string[] Switches = { "readonly", "ro", "volume-nocopy", "bind-nonrecursive", "bind-create-src" };

    private static readonly string[] Propagations = { "private", "rprivate", "slave", "rslave", "shared", "rshared" };

    /// <summary>The engine API each option first appeared in; an older engine would ignore it without a word.</summary>
    private static readonly (Func<Mount, bool> Uses, Version Api, string Option)[] Newer =
    {
        (mount => mount.Type == Image, new Version(1, 48), "type=image"),
        (mount => mount.VolumeOptions?.Subpath is not null, new Version(1, 45), "volume-subpath"),
        (mount => mount.BindOptions?.ReadOnlyNonRecursive == true, new Version(1, 44), "bind-recursive=writable"),
        (mount => mount.BindOptions?.ReadOnlyForceRecursive == true, new Version(1, 44), "bind-recursive=readonly"),
        (mount => mount.BindOptions?.CreateMountpoint is not null, new Version(1, 42), "bind-create-src"),
    };

    /// <param name="spec">One --mount value.</param>
    /// <param name="resolveRelativePath">Makes a source starting with . absolute, as the CLI does against its working folder.</param>
    public static Mount Parse(string spec, Func<string, string> resolveRelativePath)
    {
        try
        {
            var mount = Read(spec, resolveRelativePath);
            CheckAsTheEngineWould(mount);
            return mount;
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"invalid mount specification '{spec}': {e.Message}", e);
        }
    }

    /// <summary>The first option of <paramref name="mounts"/> that an engine speaking <paramref name="api"/> would ignore, and the API it needs.</summary>
    public static (string Option, Version Api)? NeedsNewerApi(IEnumerable<Mount>? mounts, Version api) =>
        (mounts ?? Enumerable.Empty<Mount>())
            .SelectMany(mount => Newer.Where(feature => feature.Uses(mount) && api < feature.Api))
            .Select(feature => ((string Option, Version Api)?)(feature.Option, feature.Api))
            .FirstOrDefault();

    /// <summary>The docker CLI's reading (opts.MountOpt.Set), with its errors.</summary>
    private static Mount Read(string spec, Func<string, string> resolveRelativePath)
    {
        var value = spec.Trim();
        if (value.Length == 0)
        {
            throw new FormatException("value is empty");
        }

        var mount = new Mount { Type = Volume };
        foreach (var field in CsvFields(value))
        {
            var equals = field.IndexOf('=');
            var hasValue = equals >= 0;
            var key = hasValue ? field.Substring(0, equals) : field;
            var text = hasValue ? field.Substring(equals + 1) : string.Empty;
            if (key.Trim() != key)
            {
                throw new FormatException($"invalid option '{key.Trim()}' in '{field}': option should not have whitespace");
            }

            if (hasValue && text.Trim().Length == 0)
            {
                throw new FormatException($"invalid value for '{key}': value is empty");
            }

            if (hasValue && text.Trim() != text)
            {
                throw new FormatException($"invalid value for '{key}' in '{field}': value should not have whitespace");
            }

            // The CLI takes keys in any case.
            key = key.ToLowerInvariant();
            if (!hasValue && Array.IndexOf(Switches, key) < 0)
            {
                throw new FormatException($"invalid field '{field}' must be a key=value pair");
            }

            Apply(mount, key, text, hasValue, field, resolveRelativePath);
        }

        CheckOptionsFitTheType(mount);
        return mount;
    }

    private static void Apply(Mount mount, string key, string value, bool hasValue, string field, Func<string, string> resolveRelativePath)
    {
        switch (key)
        {
            case "type":
                mount.Type = value.ToLowerInvariant();
                break;
            case "source":
            case "src":
                mount.Source = value.StartsWith(".", StringComparison.Ordinal) ? resolveRelativePath(value) : value;
                break;
            case "target":
            case "dst":
            case "destination":
                mount.Target = value;
                break;
            case "readonly":
            case "ro":
                mount.ReadOnly = Boolean(key, value, hasValue);
                break;
            case "consistency":
                // Only Docker Desktop for Mac ever acted on it; the CLI passes it and Linux engines ignore it.
                mount.Consistency = value.ToLowerInvariant();
                break;
            case "bind-propagation":
                BindOptions(mount).Propagation = value.ToLowerInvariant();
                break;
            case "bind-nonrecursive":
                throw new FormatException("bind-nonrecursive is deprecated, use bind-recursive=disabled instead");
            case "bind-recursive":
                ApplyRecursion(mount, value);
                break;
            case "bind-create-src":
                BindOptions(mount).CreateMountpoint = Boolean(key, value, hasValue);
                break;
            case "volume-subpath":
                VolumeOptions(mount).Subpath = value;
                break;
            case "volume-nocopy":
                VolumeOptions(mount).NoCopy = Boolean(key, value, hasValue);
                break;
            case "volume-label":
                VolumeOptions(mount).Labels = WithPair(VolumeOptions(mount).Labels, value);
                break;
            case "volume-driver":
                Driver(mount).Name = value;
                break;
            case "volume-opt":
                Driver(mount).Options = WithPair(Driver(mount).Options, value);
                break;
            case "image-subpath":
                mount.ImageOptions ??= new ImageOptions();
                mount.ImageOptions.Subpath = value;
                break;
            case "tmpfs-size":
                TmpfsOptions(mount).SizeBytes = Size(value);
                break;
            case "tmpfs-mode":
                TmpfsOptions(mount).Mode = Mode(value);
                break;
            default:
                throw new FormatException($"unknown option '{key}' in '{field}'");
        }
    }

    private static void ApplyRecursion(Mount mount, string value)
    {
        switch (value)
        {
            case "enabled":
                // The default: the CLI records nothing.
                break;
            case "disabled":
                BindOptions(mount).NonRecursive = true;
                break;
            case "writable":
                BindOptions(mount).ReadOnlyNonRecursive = true;
                break;
            case "readonly":
                BindOptions(mount).ReadOnlyForceRecursive = true;
                break;
            default:
                throw new FormatException($"invalid value for bind-recursive: {value} (must be \"enabled\", \"disabled\", \"writable\", or \"readonly\")");
        }
    }

    /// <summary>The CLI's own checks once every field is read: each type's options with that type only.</summary>
    private static void CheckOptionsFitTheType(Mount mount)
    {
        foreach (var (present, prefix, type) in new[]
        {
            (mount.BindOptions is not null, "bind", Bind),
            (mount.VolumeOptions is not null, "volume", Volume),
            (mount.ImageOptions is not null, "image", Image),
            (mount.TmpfsOptions is not null, "tmpfs", Tmpfs),
        })
        {
            if (present && mount.Type != type)
            {
                throw new FormatException($"cannot mix '{prefix}-*' options with mount type '{mount.Type}'");
            }
        }

        if (mount.BindOptions is { } bind)
        {
            if (bind.ReadOnlyNonRecursive == true && mount.ReadOnly != true)
            {
                throw new FormatException("option 'bind-recursive=writable' requires 'readonly' to be specified in conjunction");
            }

            if (bind.ReadOnlyForceRecursive == true && mount.ReadOnly != true)
            {
                throw new FormatException("option 'bind-recursive=readonly' requires 'readonly' to be specified in conjunction");
            }

            if (bind.ReadOnlyForceRecursive == true && bind.Propagation != "rprivate")
            {
                throw new FormatException("option 'bind-recursive=readonly' requires 'bind-propagation=rprivate' to be specified in conjunction");
            }
        }
    }

    /// <summary>What the engine checks of a mount before it creates anything (its Linux parser), in its words.</summary>
    private static void CheckAsTheEngineWould(Mount mount)
    {
        var source = mount.Source is { Length: > 0 } given ? given : null;
        var problem = mount.Target is not { Length: > 0 } target ? "field Target must not be empty"
            : ContainerPath.Problem(target) ?? mount.Type switch
            {
                Bind => source is null ? "field Source must not be empty"
                    : mount.BindOptions?.Propagation is { Length: > 0 } propagation && Array.IndexOf(Propagations, propagation) < 0 ? $"invalid propagation mode: {propagation}"
                    : !ContainerPath.IsAbsolute(source) ? $"invalid mount path: '{source}' mount path must be absolute"
                    : null,
                Volume => mount.VolumeOptions?.Subpath is not { } subpath ? null
                    : source is null ? "must not set Subpath when using anonymous volumes"
                    : !ContainerPath.IsLocal(subpath) ? "subpath must be a relative path within the volume"
                    : null,
                Tmpfs => source is null ? null : "field Source must not be specified",
                Image => source is null ? "field Source must not be empty"
                    : mount.ImageOptions?.Subpath is { } imageSubpath && !ContainerPath.IsLocal(imageSubpath) ? "subpath must be a relative path within the volume"
                    : null,
                _ => "mount type unknown",
            };
        if (problem is not null)
        {
            throw new FormatException($"invalid mount config for type \"{mount.Type}\": {problem}");
        }
    }

    /// <summary>
    /// The one record Go's encoding/csv reads from the value: fields split at commas, a field that starts with a quote
    /// runs to its closing quote ("" inside it is one quote). Unlike the CLI, which reads only the first line, a line
    /// break outside quotes is refused rather than silently ending the mount.
    /// </summary>
    private static List<string> CsvFields(string value)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (true)
        {
            field.Clear();
            if (i < value.Length && value[i] == '"')
            {
                var column = i + 1;
                i++;
                while (true)
                {
                    if (i >= value.Length)
                    {
                        throw new FormatException($"extraneous or missing \" in quoted-field (column {column})");
                    }

                    if (value[i] == '"')
                    {
                        if (i + 1 < value.Length && value[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(value[i++]);
                }

                if (i < value.Length && value[i] != ',')
                {
                    throw new FormatException($"extraneous or missing \" in quoted-field (column {i + 1})");
                }
            }
            else
            {
                while (i < value.Length && value[i] != ',')
                {
                    switch (value[i])
                    {
                        case '"':
                            throw new FormatException($"bare \" in non-quoted field (column {i + 1})");
                        case '\r':
                        case '\n':
                            throw new FormatException("a mount is one line: the line break ends it");
                    }

                    field.Append(value[i++]);
                }
            }

            fields.Add(field.ToString());
            if (i >= value.Length)
            {
                return fields;
            }

            i++;
        }
    }

    /// <summary>The CLI's booleans: bare (true), 1, true, 0 or false, nothing else.</summary>
    private static bool Boolean(string key, string value, bool hasValue) =>
        !hasValue || value switch
        {
            "1" or "true" => true,
            "0" or "false" => false,
            _ => throw new FormatException($"invalid value for '{key}': invalid boolean value (\"{value}\"): must be one of \"true\", \"1\", \"false\", or \"0\" (default \"true\")"),
        };

    private static long Size(string value)
    {
        try
        {
            return MemorySizeParser.Parse(value);
        }
        catch (ArgumentException)
        {
            throw new FormatException($"invalid value for tmpfs-size: {value}");
        }
    }

    /// <summary>Octal, as strconv.ParseUint(value, 8, 32) reads it.</summary>
    private static uint Mode(string value)
    {
        ulong mode = 0;
        foreach (var digit in value)
        {
            mode = digit is >= '0' and <= '7' ? mode * 8 + (ulong)(digit - '0') : ulong.MaxValue;
            if (mode > uint.MaxValue)
            {
                throw new FormatException($"invalid value for tmpfs-mode: {value}");
            }
        }

        return (uint)mode;
    }

    /// <summary>key=value into the map; the CLI drops a pair without a key, and a key alone has an empty value.</summary>
    private static IDictionary<string, string>? WithPair(IDictionary<string, string>? map, string pair)
    {
        var equals = pair.IndexOf('=');
        var key = equals < 0 ? pair : pair.Substring(0, equals);
        if (key.Length == 0)
        {
            return map;
        }

        map ??= new Dictionary<string, string>(StringComparer.Ordinal);
        map[key] = equals < 0 ? string.Empty : pair.Substring(equals + 1);
        return map;
    }

    private static BindOptions BindOptions(Mount mount) => mount.BindOptions ??= new BindOptions();

    private static VolumeOptions VolumeOptions(Mount mount) => mount.VolumeOptions ??= new VolumeOptions();

    private static Driver Driver(Mount mount) => VolumeOptions(mount).DriverConfig ??= new Driver();

    private static TmpfsOptions TmpfsOptions(Mount mount) => mount.TmpfsOptions ??= new TmpfsOptions();
}
