using System.IO;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DockerPS.Time;

namespace DockerPS.Archives;

/// <summary>
/// Tells which images an archive made by docker save holds, streaming through it once and extracting
/// nothing: manifest.json names each image's config and layers, the tar headers give the layers' sizes, the
/// configs give ids and diff ids. Reads the classic layout (&lt;id&gt;/layer.tar, &lt;hex&gt;.json) and the
/// OCI one docker 25 and later write (blobs/sha256/&lt;hex&gt;); plain tar or gzip, told apart by the first
/// bytes, not the file name. A damaged archive throws <see cref="InvalidDataException"/>, an archive in a
/// compression this reader lacks <see cref="NotSupportedException"/>.
/// </summary>
internal static class ImageArchiveReader
{
    private const string ManifestName = "manifest.json";
    private const int MaxManifestSize = 16 * 1024 * 1024;

    // Configs are kilobytes; the limit keeps layers that happen to be small out of memory.
    private const int MaxConfigSize = 4 * 1024 * 1024;

    /// <summary>
    /// Reads the images in <paramref name="archive"/>, a seekable stream at its start (the file itself, so
    /// that a plain tar's layers are skipped by seeking). The entries name <paramref name="archivePath"/>.
    /// </summary>
    public static async Task<IReadOnlyList<DockerImageArchiveEntry>> ReadAsync(Stream archive, string archivePath, CancellationToken cancellation)
    {
        var content = await DecompressAsync(archive, cancellation).ConfigureAwait(false);
        using var decompressor = content == archive ? null : content;
        var tar = new TarStreamReader(content);
        var entries = new Dictionary<string, TarEntry>(StringComparer.Ordinal);
        var configs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        byte[]? manifest = null;
        while (await tar.NextAsync(cancellation).ConfigureAwait(false) is { } entry)
        {
            var name = Normalize(entry.Name);
            entries[name] = entry;
            if (entry.Type != TarEntryType.File)
            {
                continue;
            }

            if (name == ManifestName)
            {
                manifest = entry.Size <= MaxManifestSize
                    ? await ReadJsonAsync(tar, entry, cancellation).ConfigureAwait(false)
                    : throw new InvalidDataException($"manifest.json is {entry.Size} bytes long: too long to be docker save's.");
            }
            else if (MayBeConfig(name, entry.Size) && await ReadJsonAsync(tar, entry, cancellation).ConfigureAwait(false) is { } config)
            {
                configs[name] = config;
            }
        }

        if (manifest is null)
        {
            throw new InvalidDataException("The archive has no manifest.json: it is not an image archive made by docker save (Docker 1.10 or later).");
        }

        return ParseManifest(manifest)
            .Select(item => ToEntry(item, entries, configs, archivePath))
            .ToList();
    }

    /// <summary>The name a path has once "./" and "/" prefixes and "." and ".." segments are resolved.</summary>
    internal static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (part.Length > 0 && part != ".")
            {
                parts.Add(part);
            }
        }

        return string.Join("/", parts);
    }

    private static async Task<Stream> DecompressAsync(Stream archive, CancellationToken cancellation)
    {
        var magic = new byte[6];
        var read = 0;
        while (read < magic.Length)
        {
            var count = await archive.ReadAsync(magic, read, magic.Length - read, cancellation).ConfigureAwait(false);
            if (count == 0)
            {
                break;
            }

            read += count;
        }

        archive.Seek(-read, SeekOrigin.Current);
        bool Starts(params byte[] prefix) => read >= prefix.Length && prefix.Select((b, i) => magic[i] == b).All(same => same);
        if (Starts(0x1f, 0x8b))
        {
            return new GZipStream(archive, CompressionMode.Decompress, leaveOpen: true);
        }

        var unsupported = Starts(0x42, 0x5a, 0x68) ? "bzip2"
            : Starts(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00) ? "xz"
            : Starts(0x28, 0xb5, 0x2f, 0xfd) ? "zstd"
            : null;
        return unsupported is null
            ? archive
            : throw new NotSupportedException($"The archive is compressed with {unsupported}; only plain tar and gzip archives can be read. Decompress it first.");
    }

    /// <summary>Configs are JSON files: classic ones at the top as &lt;hex&gt;.json, OCI ones among the blobs.</summary>
    private static bool MayBeConfig(string name, long size) =>
        size <= MaxConfigSize
        && (name.StartsWith("blobs/", StringComparison.Ordinal)
            || name.EndsWith(".json", StringComparison.Ordinal) && name.IndexOf('/') < 0);

    /// <summary>The entry's data when it is a JSON object, judged by its first byte; null (and left unread) otherwise.</summary>
    private static async Task<byte[]?> ReadJsonAsync(TarStreamReader tar, TarEntry entry, CancellationToken cancellation)
    {
        var first = new byte[1];
        if (entry.Size == 0 || await tar.ReadAsync(first, 0, 1, cancellation).ConfigureAwait(false) == 0 || first[0] != '{' && first[0] != '[')
        {
            return null;
        }

        var data = new byte[entry.Size];
        data[0] = first[0];
        var filled = 1;
        while (filled < data.Length)
        {
            filled += await tar.ReadAsync(data, filled, data.Length - filled, cancellation).ConfigureAwait(false);
        }

        return data;
    }

    private static List<ManifestItem> ParseManifest(byte[] manifest)
    {
        try
        {
            using var document = JsonDocument.Parse(manifest);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException("manifest.json is not a list of images.");
            }

            return document.RootElement.EnumerateArray().Select(item => new ManifestItem(
                item.TryGetProperty("Config", out var config) && config.ValueKind == JsonValueKind.String
                    ? config.GetString()!
                    : throw new InvalidDataException("manifest.json lists an image without a Config."),
                Strings(item, "RepoTags"),
                Strings(item, "Layers"))).ToList();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new InvalidDataException($"manifest.json is not what docker save writes: {e.Message}", e);
        }
    }

    private static IReadOnlyList<string> Strings(JsonElement item, string property) =>
        item.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(element => element.GetString() ?? string.Empty).ToList()
            : Array.Empty<string>();

    private static DockerImageArchiveEntry ToEntry(ManifestItem item, Dictionary<string, TarEntry> entries, Dictionary<string, byte[]> configs, string archivePath)
    {
        var configName = Resolve(item.Config, entries);
        var config = configs.TryGetValue(configName, out var bytes) ? ParseConfig(bytes, configName) : null;
        var imageId = bytes is not null
            ? "sha256:" + Sha256Hex(bytes)
            : BlobDigest(configName) ?? ClassicConfigDigest(configName)
                ?? throw new InvalidDataException($"Cannot tell the id of the image whose config is {item.Config}.");

        var diffIds = config?.DiffIds.Count == item.Layers.Count ? config.DiffIds : null;
        var layers = item.Layers.Select((path, index) =>
        {
            var name = Resolve(path, entries);
            var diffId = diffIds?[index];
            var digest = BlobDigest(name) ?? (name.EndsWith("/layer.tar", StringComparison.Ordinal) ? diffId : null);
            return new DockerImageArchiveLayer(path, digest, diffId, entries[name].Size);
        }).ToList();

        return new DockerImageArchiveEntry(archivePath, imageId, item.RepoTags, layers, config?.Created, config?.Os, config?.Architecture);
    }

    /// <summary>The regular file a manifest path names, following symbolic and hard links inside the archive.</summary>
    private static string Resolve(string path, Dictionary<string, TarEntry> entries)
    {
        var name = Normalize(path);
        for (var hops = 0; hops < 16; hops++)
        {
            if (!entries.TryGetValue(name, out var entry))
            {
                break;
            }

            switch (entry.Type)
            {
                case TarEntryType.File:
                    return name;
                case TarEntryType.SymbolicLink:
                    var slash = name.LastIndexOf('/');
                    name = Normalize(entry.LinkName!.StartsWith("/", StringComparison.Ordinal) || slash < 0 ? entry.LinkName : name.Substring(0, slash + 1) + entry.LinkName);
                    continue;
                case TarEntryType.HardLink:
                    name = Normalize(entry.LinkName!);
                    continue;
            }

            break;
        }

        throw new InvalidDataException($"manifest.json names {path}, which the archive does not hold as a file.");
    }

    private static ImageConfig ParseConfig(byte[] config, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(config);
            var root = document.RootElement;
            string? Text(string property) =>
                root.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            var diffIds = root.TryGetProperty("rootfs", out var rootfs) && rootfs.ValueKind == JsonValueKind.Object
                ? Strings(rootfs, "diff_ids")
                : Array.Empty<string>();
            return new ImageConfig(EngineTime.Parse(Text("created")), Text("os"), Text("architecture"), diffIds);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The image config {name} is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>blobs/sha256/&lt;hex&gt; names its content's digest.</summary>
    private static string? BlobDigest(string name)
    {
        var parts = name.Split('/');
        return parts.Length == 3 && parts[0] == "blobs" && parts[1].Length > 0 && parts[2].Length > 0 ? parts[1] + ":" + parts[2] : null;
    }

    /// <summary>A classic config is &lt;hex&gt;.json, named after its digest.</summary>
    private static string? ClassicConfigDigest(string name) =>
        name.IndexOf('/') < 0 && name.EndsWith(".json", StringComparison.Ordinal) && name.Length == 64 + 5
            ? "sha256:" + name.Substring(0, 64)
            : null;

    private static string Sha256Hex(byte[] data)
    {
        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(data);
        var text = new StringBuilder(hash.Length * 2);
        foreach (var b in hash)
        {
            text.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    private sealed class ManifestItem
    {
        public ManifestItem(string config, IReadOnlyList<string> repoTags, IReadOnlyList<string> layers)
        {
            Config = config;
            RepoTags = repoTags;
            Layers = layers;
        }

        public string Config { get; }

        public IReadOnlyList<string> RepoTags { get; }

        public IReadOnlyList<string> Layers { get; }
    }

    private sealed class ImageConfig
    {
        public ImageConfig(DateTime? created, string? os, string? architecture, IReadOnlyList<string> diffIds)
        {
            Created = created;
            Os = os;
            Architecture = architecture;
            DiffIds = diffIds;
        }

        public DateTime? Created { get; }

        public string? Os { get; }

        public string? Architecture { get; }

        public IReadOnlyList<string> DiffIds { get; }
    }
}
