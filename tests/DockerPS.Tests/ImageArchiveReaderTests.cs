using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DockerPS.Archives;
using Xunit;
using static DockerPS.Tests.TarTestArchives;
using Formats = System.Formats.Tar;

namespace DockerPS.Tests;

public class ImageArchiveReaderTests
{
    private const string ArchivePath = "/archives/images.tar";

    private static readonly ArchiveImage Web = new(new[] { "web:1", "registry.local:5000/team/web:latest" }, Bytes("base layer"), new byte[3000]);
    private static readonly ArchiveImage Untagged = new(null, Bytes("only layer"));

    private static Task<System.Collections.Generic.IReadOnlyList<DockerImageArchiveEntry>> Read(byte[] archive) =>
        ImageArchiveReader.ReadAsync(new MemoryStream(archive), ArchivePath, CancellationToken.None);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReadAsync_ListsEveryImageWithItsTagsIdAndLayers(bool oci)
    {
        var images = await Read(ImageArchive(oci, Web, Untagged));

        Assert.Equal(2, images.Count);
        var web = images[0];
        Assert.Equal(ArchivePath, web.ArchivePath);
        Assert.Equal(Web.Id, web.ImageId);
        Assert.Equal(Web.Id.Substring(7, 12), web.ShortId);
        Assert.Equal(new[] { "web:1", "registry.local:5000/team/web:latest" }, web.RepoTags);
        Assert.Equal(new long[] { 10, 3000 }, web.Layers.Select(layer => layer.Size));
        Assert.Equal(3010, web.Size);
        Assert.Equal(Web.Layers.Select(layer => "sha256:" + Sha256(layer)), web.Layers.Select(layer => layer.DiffId));
        Assert.Equal(Web.Layers.Select(layer => "sha256:" + Sha256(layer)), web.Layers.Select(layer => layer.Digest));
        Assert.Equal(oci ? "blobs/sha256/" + Sha256(Web.Layers[0]) : Sha256(Web.Layers[0]).Substring(0, 60) + "v1/layer.tar", web.Layers[0].Path);
        Assert.Equal("linux", web.Os);
        Assert.Equal("amd64", web.Architecture);
        Assert.Equal(new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc).AddTicks(1234567), web.Created!.Value.ToUniversalTime());
        Assert.Equal("web:1", web.ToString());

        Assert.Empty(images[1].RepoTags);
        Assert.Equal(Untagged.Id, images[1].ImageId);
        Assert.Equal(Untagged.Id, images[1].ToString());
    }

    [Fact]
    public async Task ReadAsync_DetectsGzipByItsMagicBytesNotItsName()
    {
        var images = await Read(Gzip(ImageArchive(false, Web)));

        Assert.Equal(Web.Id, Assert.Single(images).ImageId);
    }

    [Fact]
    public async Task ReadAsync_SkipsLayersBySeekingAPlainTar()
    {
        var big = new ArchiveImage(new[] { "big:1" }, new byte[5_000_000]);
        var stream = new CountingStream(ImageArchive(false, big));

        var image = Assert.Single(await ImageArchiveReader.ReadAsync(stream, ArchivePath, CancellationToken.None));

        Assert.Equal(5_000_000, image.Size);
        Assert.True(stream.BytesRead < 100_000, $"read {stream.BytesRead} bytes");
    }

    [Fact]
    public async Task ReadAsync_ReadsAManifestThatComesFirst()
    {
        var config = Web.Config;
        var layer = Web.Layers[0];
        var manifest = $"[{{\"Config\":\"{Sha256(config)}.json\",\"RepoTags\":[\"first:1\"],\"Layers\":[\"l/layer.tar\"]}}]";
        var archive = Files(Formats.TarEntryFormat.Ustar, ("manifest.json", Bytes(manifest)), ("l/layer.tar", layer), ($"{Sha256(config)}.json", config));

        var image = Assert.Single(await Read(archive));

        Assert.Equal(new[] { "first:1" }, image.RepoTags);
        Assert.Equal(layer.Length, image.Layers[0].Size);
        Assert.Null(image.Layers[0].DiffId); // the config lists two diff ids for one layer
    }

    [Fact]
    public async Task ReadAsync_FollowsLinksFromClassicPathsToBlobs()
    {
        var layer = Bytes("layer data");
        var config = new ArchiveImage(null, layer).Config;
        var manifest = $"[{{\"Config\":\"blobs/sha256/{Sha256(config)}\",\"RepoTags\":[\"linked:1\"],\"Layers\":[\"v1id/layer.tar\"]}}]";
        var archive = Write(Formats.TarEntryFormat.Pax, writer =>
        {
            writer.WriteEntry(File(Formats.TarEntryFormat.Pax, $"blobs/sha256/{Sha256(layer)}", layer));
            writer.WriteEntry(File(Formats.TarEntryFormat.Pax, $"blobs/sha256/{Sha256(config)}", config));
            writer.WriteEntry(new Formats.PaxTarEntry(Formats.TarEntryType.SymbolicLink, "v1id/layer.tar") { LinkName = $"../blobs/sha256/{Sha256(layer)}" });
            writer.WriteEntry(File(Formats.TarEntryFormat.Pax, "./manifest.json", Bytes(manifest)));
        });

        var image = Assert.Single(await Read(archive));

        Assert.Equal("v1id/layer.tar", image.Layers[0].Path);
        Assert.Equal(layer.Length, image.Layers[0].Size);
        Assert.Equal("sha256:" + Sha256(layer), image.Layers[0].Digest);
        Assert.Equal("sha256:" + Sha256(config), image.ImageId);
    }

    [Fact]
    public async Task ReadAsync_RefusesAnArchiveWithoutManifest()
    {
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Read(Files(Formats.TarEntryFormat.Ustar, ("repositories", Bytes("{}")))));

        Assert.Contains("manifest.json", error.Message);
    }

    [Fact]
    public async Task ReadAsync_RefusesAManifestNamingAMissingLayer()
    {
        var manifest = $"[{{\"Config\":\"{Sha256(Web.Config)}.json\",\"RepoTags\":null,\"Layers\":[\"gone/layer.tar\"]}}]";
        var archive = Files(Formats.TarEntryFormat.Ustar, ($"{Sha256(Web.Config)}.json", Web.Config), ("manifest.json", Bytes(manifest)));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Read(archive));

        Assert.Contains("gone/layer.tar", error.Message);
    }

    [Theory]
    [InlineData("{\"not\":\"a list\"}")]
    [InlineData("[{\"RepoTags\":[]}]")]
    [InlineData("[{\"Config\":5}]")]
    [InlineData("[{\"Config\":\"c.json\",\"RepoTags\":[1]}]")]
    [InlineData("[{")]
    public async Task ReadAsync_RefusesAManifestDockerDidNotWrite(string manifest)
    {
        var archive = Files(Formats.TarEntryFormat.Ustar, ("c.json", Bytes("{}")), ("manifest.json", Bytes(manifest)));

        await Assert.ThrowsAsync<InvalidDataException>(() => Read(archive));
    }

    [Fact]
    public async Task ReadAsync_RefusesATruncatedArchive()
    {
        var archive = ImageArchive(false, Web);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Read(archive.Take(archive.Length / 2).ToArray()));

        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public async Task ReadAsync_RefusesATruncatedGzipArchive()
    {
        var noise = new byte[20_000];
        new Random(7).NextBytes(noise);
        var archive = Gzip(ImageArchive(false, new ArchiveImage(new[] { "noise:1" }, noise)));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Read(archive.Take(archive.Length / 2).ToArray()));

        Assert.Contains("truncated", error.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0x42, 0x5a, 0x68, 0x39 }, "bzip2")]
    [InlineData(new byte[] { 0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00 }, "xz")]
    [InlineData(new byte[] { 0x28, 0xb5, 0x2f, 0xfd }, "zstd")]
    public async Task ReadAsync_NamesCompressionsItCannotRead(byte[] magic, string name)
    {
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => Read(magic.Concat(new byte[600]).ToArray()));

        Assert.Contains(name, error.Message);
    }

    [Theory]
    [InlineData("./manifest.json", "manifest.json")]
    [InlineData("/abs/x", "abs/x")]
    [InlineData("a/b/../c", "a/c")]
    [InlineData("a/./b//c/", "a/b/c")]
    [InlineData("../../x", "x")]
    public void Normalize_ResolvesDotsAndSlashes(string path, string expected)
    {
        Assert.Equal(expected, ImageArchiveReader.Normalize(path));
    }

    /// <summary>A seekable stream that counts the bytes read from it.</summary>
    private sealed class CountingStream : MemoryStream
    {
        public CountingStream(byte[] data)
            : base(data)
        {
        }

        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = base.Read(buffer, offset, count);
            BytesRead += read;
            return read;
        }

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            var read = await base.ReadAsync(buffer, offset, count, cancellationToken);
            BytesRead += read;
            return read;
        }
    }
}
