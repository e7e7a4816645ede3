using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using Formats = System.Formats.Tar;

namespace DockerPS.Tests;

/// <summary>
/// Tar archives built for the tests: with .NET's own TarWriter (an independent writer of ustar, GNU and PAX)
/// where it can express the case, by hand where it cannot (base-256 sizes, PAX size records, broken headers).
/// </summary>
internal static class TarTestArchives
{
    public static readonly Encoding Utf8 = new UTF8Encoding(false);

    /// <summary>An archive of regular files, written by .NET's TarWriter in the given format.</summary>
    public static byte[] Files(Formats.TarEntryFormat format, params (string Name, byte[] Data)[] files) =>
        Write(format, writer =>
        {
            foreach (var (name, data) in files)
            {
                writer.WriteEntry(File(format, name, data));
            }
        });

    public static byte[] Write(Formats.TarEntryFormat format, Action<Formats.TarWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Formats.TarWriter(buffer, format, leaveOpen: true))
        {
            write(writer);
        }

        return buffer.ToArray();
    }

    public static Formats.TarEntry File(Formats.TarEntryFormat format, string name, byte[] data)
    {
        Formats.TarEntry entry = format switch
        {
            Formats.TarEntryFormat.Ustar => new Formats.UstarTarEntry(Formats.TarEntryType.RegularFile, name),
            Formats.TarEntryFormat.Gnu => new Formats.GnuTarEntry(Formats.TarEntryType.RegularFile, name),
            Formats.TarEntryFormat.V7 => new Formats.V7TarEntry(Formats.TarEntryType.V7RegularFile, name),
            _ => new Formats.PaxTarEntry(Formats.TarEntryType.RegularFile, name),
        };
        entry.DataStream = new MemoryStream(data);
        return entry;
    }

    public static byte[] Bytes(string text) => Utf8.GetBytes(text);

    public static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data, 0, data.Length);
        }

        return buffer.ToArray();
    }

    /// <summary>A hand-made 512-byte header: ustar magic, the given size field, a correct checksum.</summary>
    public static byte[] Header(string name, char type, byte[] sizeField, string linkName = "")
    {
        var header = new byte[512];
        Utf8.GetBytes(name).CopyTo(header, 0);
        Encoding.ASCII.GetBytes("0000644\0").CopyTo(header, 100);
        sizeField.CopyTo(header, 124);
        Encoding.ASCII.GetBytes("00000000000\0").CopyTo(header, 136);
        header[156] = (byte)type;
        Utf8.GetBytes(linkName).CopyTo(header, 157);
        Encoding.ASCII.GetBytes("ustar\0" + "00").CopyTo(header, 257);
        return WithChecksum(header);
    }

    public static byte[] Header(string name, char type, long size, string linkName = "") =>
        Header(name, type, Octal(size, 12), linkName);

    public static byte[] Octal(long value, int length) =>
        Encoding.ASCII.GetBytes(Convert.ToString(value, 8).PadLeft(length - 1, '0') + "\0");

    public static byte[] WithChecksum(byte[] header)
    {
        for (var i = 148; i < 156; i++)
        {
            header[i] = (byte)' ';
        }

        var sum = header.Sum(b => (long)b);
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(header, 148);
        return header;
    }

    /// <summary>Data padded with zeros to whole 512-byte blocks.</summary>
    public static byte[] Padded(byte[] data)
    {
        var padded = new byte[(data.Length + 511) / 512 * 512];
        data.CopyTo(padded, 0);
        return padded;
    }

    /// <summary>PAX extended header data: "length key=value\n" records.</summary>
    public static byte[] PaxRecords(params (string Key, string Value)[] records)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in records)
        {
            var body = $" {key}={value}\n";
            var length = body.Length + 1;
            while ((length.ToString().Length + body.Length) != length)
            {
                length++;
            }

            text.Append(length).Append(body);
        }

        return Bytes(text.ToString());
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(part => part).ToArray();

    public static byte[] EndOfArchive => new byte[1024];

    /// <summary>
    /// A docker save archive of one or more images: configs, layers and manifest.json in the classic layout
    /// (&lt;id&gt;/layer.tar, &lt;hex&gt;.json) or the OCI one (blobs/sha256/&lt;hex&gt;), manifest last as docker writes it.
    /// </summary>
    public static byte[] ImageArchive(bool oci, params ArchiveImage[] images)
    {
        return Write(Formats.TarEntryFormat.Pax, writer =>
        {
            var manifest = new List<object>();
            foreach (var image in images)
            {
                var layerPaths = new List<string>();
                foreach (var layer in image.Layers)
                {
                    var path = oci ? $"blobs/sha256/{Sha256(layer)}" : $"{Sha256(layer).Substring(0, 60)}v1/layer.tar";
                    if (!oci)
                    {
                        writer.WriteEntry(new Formats.PaxTarEntry(Formats.TarEntryType.Directory, path.Substring(0, path.IndexOf('/') + 1)));
                        writer.WriteEntry(File(Formats.TarEntryFormat.Pax, path.Replace("layer.tar", "json"), Bytes("{\"id\":\"v1\"}")));
                    }

                    writer.WriteEntry(File(Formats.TarEntryFormat.Pax, path, layer));
                    layerPaths.Add(path);
                }

                var config = image.Config;
                var configPath = oci ? $"blobs/sha256/{Sha256(config)}" : $"{Sha256(config)}.json";
                writer.WriteEntry(File(Formats.TarEntryFormat.Pax, configPath, config));
                manifest.Add(new { Config = configPath, RepoTags = image.RepoTags, Layers = layerPaths });
            }

            writer.WriteEntry(File(Formats.TarEntryFormat.Pax, "manifest.json", Utf8.GetBytes(System.Text.Json.JsonSerializer.Serialize(manifest))));
        });
    }

    public static string Sha256(byte[] data) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(data)).ToLowerInvariant();

    /// <summary>A stream that cannot seek, as a gzip or network stream is.</summary>
    public sealed class ForwardOnly : Stream
    {
        private readonly Stream inner;

        public ForwardOnly(byte[] data)
        {
            inner = new MemoryStream(data);
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        // Never more than 100 bytes at a time: readers must cope with short reads.
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 100));

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>An image for <see cref="TarTestArchives.ImageArchive"/>: its layers' bytes, tags and a config naming their digests.</summary>
internal sealed class ArchiveImage
{
    public ArchiveImage(string[]? repoTags, params byte[][] layers)
    {
        RepoTags = repoTags;
        Layers = layers;
        Config = TarTestArchives.Bytes(System.Text.Json.JsonSerializer.Serialize(new
        {
            architecture = "amd64",
            os = "linux",
            created = "2024-05-06T07:08:09.123456789Z",
            rootfs = new { type = "layers", diff_ids = layers.Select(layer => "sha256:" + TarTestArchives.Sha256(layer)).ToArray() },
        }));
    }

    public string[]? RepoTags { get; }

    public byte[][] Layers { get; }

    public byte[] Config { get; }

    public string Id => "sha256:" + TarTestArchives.Sha256(Config);
}
