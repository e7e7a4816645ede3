using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DockerPS.Archives;
using Xunit;
using static DockerPS.Tests.TarTestArchives;
using Formats = System.Formats.Tar;

namespace DockerPS.Tests;

public class TarStreamReaderTests
{
    private static async Task<List<(TarEntry Entry, byte[] Data)>> ReadAll(Stream stream)
    {
        var reader = new TarStreamReader(stream);
        var entries = new List<(TarEntry, byte[])>();
        while (await reader.NextAsync(CancellationToken.None) is { } entry)
        {
            var data = new MemoryStream();
            var buffer = new byte[37];
            int read;
            while ((read = await reader.ReadAsync(buffer, 0, buffer.Length, CancellationToken.None)) > 0)
            {
                data.Write(buffer, 0, read);
            }

            entries.Add((entry, data.ToArray()));
        }

        return entries;
    }

    private static Task<List<(TarEntry Entry, byte[] Data)>> ReadAll(byte[] archive) => ReadAll(new MemoryStream(archive));

    public static IEnumerable<object[]> Formats_() =>
        new[] { Formats.TarEntryFormat.V7, Formats.TarEntryFormat.Ustar, Formats.TarEntryFormat.Gnu, Formats.TarEntryFormat.Pax }.Select(f => new object[] { f });

    [Theory]
    [MemberData(nameof(Formats_))]
    public async Task NextAsync_ReadsNamesSizesAndDataInEveryFormat(Formats.TarEntryFormat format)
    {
        var archive = Files(format, ("manifest.json", Bytes("[]")), ("a/layer.tar", new byte[1500]), ("empty", Array.Empty<byte>()), ("b", Bytes("x")));

        var entries = await ReadAll(archive);

        Assert.Equal(new[] { "manifest.json", "a/layer.tar", "empty", "b" }, entries.Select(e => e.Entry.Name));
        Assert.Equal(new long[] { 2, 1500, 0, 1 }, entries.Select(e => e.Entry.Size));
        Assert.All(entries, e => Assert.Equal(TarEntryType.File, e.Entry.Type));
        Assert.Equal("[]", Encoding.UTF8.GetString(entries[0].Data));
        Assert.Equal(1500, entries[1].Data.Length);
        Assert.Equal("x", Encoding.UTF8.GetString(entries[3].Data));
    }

    [Theory]
    [InlineData(Formats.TarEntryFormat.Ustar, 150)] // prefix field + name
    [InlineData(Formats.TarEntryFormat.Gnu, 300)] // 'L' long name entry
    [InlineData(Formats.TarEntryFormat.Pax, 300)] // PAX path record
    public async Task NextAsync_JoinsLongNames(Formats.TarEntryFormat format, int length)
    {
        var name = string.Join("/", Enumerable.Repeat("directory", length / 10)) + "/f";
        var archive = Files(format, (name, Bytes("data")), ("next", Bytes("1")));

        var entries = await ReadAll(archive);

        Assert.Equal(name, entries[0].Entry.Name);
        Assert.Equal("data", Encoding.UTF8.GetString(entries[0].Data));
        Assert.Equal("next", entries[1].Entry.Name);
    }

    [Fact]
    public async Task NextAsync_ReadsNonAsciiNames()
    {
        var entries = await ReadAll(Files(Formats.TarEntryFormat.Pax, ("données/été.txt", Bytes("1"))));

        Assert.Equal("données/été.txt", Assert.Single(entries).Entry.Name);
    }

    [Fact]
    public async Task NextAsync_TellsDirectoriesAndLinksApart()
    {
        var archive = Write(Formats.TarEntryFormat.Pax, writer =>
        {
            writer.WriteEntry(new Formats.PaxTarEntry(Formats.TarEntryType.Directory, "dir/"));
            writer.WriteEntry(File(Formats.TarEntryFormat.Pax, "dir/file", Bytes("content")));
            writer.WriteEntry(new Formats.PaxTarEntry(Formats.TarEntryType.SymbolicLink, "dir/link") { LinkName = "file" });
            writer.WriteEntry(new Formats.PaxTarEntry(Formats.TarEntryType.HardLink, "hard") { LinkName = "dir/file" });
            writer.WriteEntry(new Formats.PaxTarEntry(Formats.TarEntryType.Fifo, "fifo"));
        });

        var entries = (await ReadAll(archive)).Select(e => e.Entry).ToList();

        Assert.Equal(new[] { TarEntryType.Directory, TarEntryType.File, TarEntryType.SymbolicLink, TarEntryType.HardLink, TarEntryType.Other }, entries.Select(e => e.Type));
        Assert.Equal("file", entries[2].LinkName);
        Assert.Equal("dir/file", entries[3].LinkName);
        Assert.Null(entries[1].LinkName);
        Assert.All(entries.Where(e => e.Type != TarEntryType.File), e => Assert.Equal(0, e.Size));
    }

    [Fact]
    public async Task NextAsync_SkipsPaxGlobalHeaders()
    {
        var archive = Write(Formats.TarEntryFormat.Pax, writer =>
        {
            writer.WriteEntry(new Formats.PaxGlobalExtendedAttributesTarEntry(new Dictionary<string, string> { ["comment"] = new string('c', 700) }));
            writer.WriteEntry(File(Formats.TarEntryFormat.Pax, "after", Bytes("1")));
        });

        Assert.Equal("after", Assert.Single(await ReadAll(archive)).Entry.Name);
    }

    [Fact]
    public async Task NextAsync_TakesThePaxSizeOverTheHeaderField()
    {
        var pax = PaxRecords(("size", "5"), ("path", "from-pax"));
        var archive = Concat(
            Header("PaxHeaders/x", 'x', pax.Length), Padded(pax),
            Header("ignored", '0', 0), Padded(Bytes("hello")),
            Header("next", '0', 1), Padded(Bytes("!")),
            EndOfArchive);

        var entries = await ReadAll(archive);

        Assert.Equal(new[] { "from-pax", "next" }, entries.Select(e => e.Entry.Name));
        Assert.Equal("hello", Encoding.UTF8.GetString(entries[0].Data));
    }

    [Fact]
    public async Task NextAsync_ReadsBase256Sizes()
    {
        var size = new byte[12];
        size[0] = 0x80;
        size[11] = 3;
        var archive = Concat(Header("big", '0', size), Padded(Bytes("abc")), Header("next", '0', 0), EndOfArchive);

        var entries = await ReadAll(archive);

        Assert.Equal(3, entries[0].Entry.Size);
        Assert.Equal("abc", Encoding.UTF8.GetString(entries[0].Data));
        Assert.Equal("next", entries[1].Entry.Name);
    }

    [Theory]
    [InlineData("00000001750\0", 1000L)]
    [InlineData("1750 \0\0\0\0\0\0\0", 1000L)] // old tars end the digits with a space
    [InlineData("   1750\0    ", 1000L)] // leading spaces
    [InlineData("\0\0\0\0\0\0\0\0\0\0\0\0", 0L)] // empty means 0
    [InlineData("77777777777\0", 8589934591L)] // the largest octal size, 8 GiB - 1
    public void ParseNumber_ReadsOctal(string field, long expected)
    {
        Assert.Equal(expected, TarStreamReader.ParseNumber(Encoding.ASCII.GetBytes(field), 0, 12));
    }

    [Fact]
    public void ParseNumber_ReadsBase256BeyondOctal()
    {
        var field = new byte[12];
        field[0] = 0x80;
        var tenGiB = 10L * 1024 * 1024 * 1024;
        for (var i = 0; i < 8; i++)
        {
            field[11 - i] = (byte)(tenGiB >> (8 * i));
        }

        Assert.Equal(tenGiB, TarStreamReader.ParseNumber(field, 0, 12));
    }

    [Theory]
    [InlineData(new byte[] { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe })] // negative base-256
    [InlineData(new byte[] { 0x80, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff })] // beyond a long
    [InlineData(new byte[] { (byte)'1', (byte)'8', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })] // 8 is no octal digit
    [InlineData(new byte[] { (byte)'1', (byte)' ', (byte)'2', 0, 0, 0, 0, 0, 0, 0, 0, 0 })] // a space inside the digits
    public void ParseNumber_RefusesWhatIsNoSize(byte[] field)
    {
        Assert.Null(TarStreamReader.ParseNumber(field, 0, 12));
    }

    [Fact]
    public async Task NextAsync_SkipsUnreadDataOnStreamsThatCannotSeek()
    {
        var archive = Files(Formats.TarEntryFormat.Ustar, ("first", new byte[100_000]), ("second", Bytes("2")));
        var reader = new TarStreamReader(new ForwardOnly(archive));

        var first = await reader.NextAsync(CancellationToken.None);
        var partial = new byte[10];
        await reader.ReadAsync(partial, 0, partial.Length, CancellationToken.None);
        var second = await reader.NextAsync(CancellationToken.None);
        var data = new byte[5];
        var read = await reader.ReadAsync(data, 0, data.Length, CancellationToken.None);

        Assert.Equal("first", first!.Name);
        Assert.Equal("second", second!.Name);
        Assert.Equal(1, read);
        Assert.Equal((byte)'2', data[0]);
        Assert.Null(await reader.NextAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task NextAsync_RefusesAnAbsurdSize_AsACorruptHeaderNamingTheEntry(bool seekable)
    {
        // base-256: 2^63 - 1 bytes, which no offset arithmetic survives.
        var size = new byte[] { 0x80, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
        var archive = Concat(Header("layer.tar", '0', size), Padded(Bytes("1")), EndOfArchive);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAll(seekable ? new MemoryStream(archive) : new ForwardOnly(archive)));

        Assert.Equal("Corrupt tar header at byte 0: it gives 'layer.tar' a size of 9223372036854775807 bytes, more than any archive holds.", error.Message);
    }

    [Fact]
    public async Task NextAsync_IgnoresTheSizeOfADirectory_AsTarReadersDo()
    {
        var size = new byte[] { 0x80, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
        var archive = Concat(Header("layers/", '5', size), Header("b", '0', 1), Padded(Bytes("1")), EndOfArchive);

        var entries = await ReadAll(archive);

        Assert.Equal(new[] { ("layers/", 0L), ("b", 1L) }, entries.Select(e => (e.Entry.Name, e.Entry.Size)));
    }

    [Fact]
    public async Task NextAsync_RefusesAnAbsurdPaxSize_NamingTheEntry()
    {
        var record = Bytes("28 size=9223372036854775807\n");
        var archive = Concat(Header("PaxHeaders/x", 'x', record.Length), Padded(record), Header("layer.tar", '0', 1), Padded(Bytes("1")), EndOfArchive);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAll(archive));

        Assert.Contains("it gives 'layer.tar' a size of 9223372036854775807 bytes, more than any archive holds", error.Message);
    }

    [Fact]
    public async Task NextAsync_SaysAnArchiveIsTruncated_WhenAnEntryIsLargerThanTheRestOfIt()
    {
        var archive = Concat(Header("layer.tar", '0', 1L << 40), Padded(Bytes("1")), EndOfArchive);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAll(archive));

        Assert.StartsWith("The archive is truncated", error.Message);
        Assert.Contains("layer.tar", error.Message);
    }

    [Fact]
    public async Task NextAsync_AcceptsAnArchiveWithoutItsEndBlocks()
    {
        var archive = Concat(Header("only", '0', 1), Padded(Bytes("1")));

        Assert.Equal("only", Assert.Single(await ReadAll(archive)).Entry.Name);
    }

    [Fact]
    public async Task NextAsync_AcceptsAnEmptyArchive()
    {
        Assert.Empty(await ReadAll(EndOfArchive));
    }

    [Fact]
    public async Task NextAsync_RefusesAnEmptyFile()
    {
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAll(Array.Empty<byte>()));

        Assert.Contains("empty", error.Message);
    }

    [Fact]
    public async Task NextAsync_RefusesWhatIsNoTar()
    {
        var garbage = Enumerable.Range(0, 4096).Select(i => (byte)(i * 7 + 1)).ToArray();

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAll(garbage));

        Assert.Contains("Not a tar archive", error.Message);
    }

    [Fact]
    public async Task NextAsync_RefusesAHeaderWithAWrongChecksum()
    {
        var broken = Header("second", '0', 1);
        broken[0] ^= 1;
        var archive = Concat(Header("first", '0', 1), Padded(Bytes("1")), broken, Padded(Bytes("2")), EndOfArchive);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAll(archive));

        Assert.Contains("byte 1024", error.Message);
        Assert.Contains("checksum", error.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task NextAsync_RefusesAnArchiveCutInsideData(bool seekable)
    {
        var archive = Files(Formats.TarEntryFormat.Pax, ("layer.tar", new byte[10_000]), ("manifest.json", Bytes("[]")));
        var cut = archive.Take(5_000).ToArray();

        // Skipping the data (nobody reads it) must notice the end as surely as reading it would.
        var reader = new TarStreamReader(seekable ? new MemoryStream(cut) : new ForwardOnly(cut));
        await reader.NextAsync(CancellationToken.None);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => reader.NextAsync(CancellationToken.None));

        Assert.Contains("truncated", error.Message);
        Assert.Contains("layer.tar", error.Message);
    }

    [Fact]
    public async Task ReadAsync_RefusesDataThatEndsEarly()
    {
        var archive = Concat(Header("short", '0', 1000), Bytes("only this"));
        var reader = new TarStreamReader(new MemoryStream(archive));
        await reader.NextAsync(CancellationToken.None);
        var buffer = new byte[2000];

        await reader.ReadAsync(buffer, 0, buffer.Length, CancellationToken.None);
        await Assert.ThrowsAsync<InvalidDataException>(() => reader.ReadAsync(buffer, 0, buffer.Length, CancellationToken.None));
    }

    [Fact]
    public async Task NextAsync_RefusesAnArchiveCutInsideAHeader()
    {
        var archive = Concat(Header("first", '0', 1), Padded(Bytes("1")), Header("second", '0', 1).Take(300).ToArray());

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAll(archive));

        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public async Task NextAsync_RefusesALongNameWithoutItsEntry()
    {
        var name = Bytes(new string('n', 200) + "\0");
        var archive = Concat(Header("././@LongLink", 'L', name.Length), Padded(name), EndOfArchive);

        await Assert.ThrowsAsync<InvalidDataException>(() => ReadAll(archive));
    }

    [Fact]
    public async Task NextAsync_RefusesMalformedPaxRecords()
    {
        var pax = Bytes("99 path=x\n");
        var archive = Concat(Header("PaxHeaders/x", 'x', pax.Length), Padded(pax), Header("f", '0', 0), EndOfArchive);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAll(archive));

        Assert.Contains("PAX", error.Message);
    }

    [Fact]
    public async Task NextAsync_RefusesImplausiblyLargeExtendedHeaders()
    {
        var archive = Concat(Header("PaxHeaders/x", 'x', 64L * 1024 * 1024), new byte[512]);

        await Assert.ThrowsAsync<InvalidDataException>(() => ReadAll(archive));
    }
}
