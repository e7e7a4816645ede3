using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DockerPS.Archives;
using Xunit;
using Formats = System.Formats.Tar;

namespace DockerPS.Tests;

public class TarWriterTests
{
    private static readonly DateTime Fractional = new DateTime(2021, 3, 4, 5, 6, 7, DateTimeKind.Utc).AddTicks(1234567);
    private static readonly DateTime Before1970 = new(1965, 7, 8, 9, 10, 11, DateTimeKind.Utc);
    private static readonly DateTime JustBefore1970 = new DateTime(1969, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(5000000);
    private static readonly DateTime Whole = new(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    private static readonly string LongName = string.Join("/", Enumerable.Repeat("directory", 15)) + "/file.txt";
    private static readonly string LongTarget = "../" + string.Join("/", Enumerable.Repeat("target", 20));

    private static IReadOnlyList<(TarEntry Entry, byte[]? Data)> Sample() => new (TarEntry, byte[]?)[]
    {
        (new TarEntry("empty", TarEntryType.Directory, 0, null, 0x1ED, Whole), null),
        (new TarEntry("tree/", TarEntryType.Directory, 0, null, 0x3FF | 0x200, Fractional), null),
        (new TarEntry("tree/setuid", TarEntryType.File, 5, null, 0x800 | 0x1ED, Whole), Encoding.UTF8.GetBytes("hello")),
        (new TarEntry("tree/setgid-0750", TarEntryType.File, 0, null, 0x400 | 0x1E8, Before1970), Array.Empty<byte>()),
        (new TarEntry(LongName, TarEntryType.File, 1500, null, 0x1A4, JustBefore1970), Enumerable.Range(0, 1500).Select(i => (byte)i).ToArray()),
        (new TarEntry("données/été/ファイル.txt", TarEntryType.File, 3, null, 0x180, Fractional), new byte[] { 1, 2, 3 }),
        (new TarEntry("tree/link", TarEntryType.SymbolicLink, 0, "setuid", 0x1FF, Whole), null),
        (new TarEntry("tree/long-link", TarEntryType.SymbolicLink, 0, LongTarget, 0x1FF, Whole), null),
        (new TarEntry("tree/lien-été", TarEntryType.SymbolicLink, 0, "/absolu/été", 0x1FF, Whole), null),
        (new TarEntry("tree/hard", TarEntryType.HardLink, 0, "tree/setuid", 0x1ED, Whole), null),
    };

    private static async Task<byte[]> WriteAll(IEnumerable<(TarEntry Entry, byte[]? Data)> entries)
    {
        var output = new MemoryStream();
        var writer = new TarWriter(output);
        foreach (var (entry, data) in entries)
        {
            await writer.WriteEntryAsync(entry, data is null ? null : new MemoryStream(data), CancellationToken.None);
        }

        await writer.FinishAsync(CancellationToken.None);
        return output.ToArray();
    }

    internal static async Task<List<(TarEntry Entry, byte[] Data)>> ReadAll(Stream stream)
    {
        var reader = new TarStreamReader(stream);
        var entries = new List<(TarEntry, byte[])>();
        while (await reader.NextAsync(CancellationToken.None) is { } entry)
        {
            var data = new MemoryStream();
            var buffer = new byte[333];
            int read;
            while ((read = await reader.ReadAsync(buffer, 0, buffer.Length, CancellationToken.None)) > 0)
            {
                data.Write(buffer, 0, read);
            }

            entries.Add((entry, data.ToArray()));
        }

        return entries;
    }

    [Fact]
    public async Task WriteEntryAsync_RoundTripsThroughTarStreamReader()
    {
        var written = Sample();

        var read = await ReadAll(new MemoryStream(await WriteAll(written)));

        Assert.Equal(written.Count, read.Count);
        for (var i = 0; i < written.Count; i++)
        {
            var (expected, data) = written[i];
            var actual = read[i].Entry;
            var name = expected.Type == TarEntryType.Directory ? expected.Name.TrimEnd('/') + "/" : expected.Name;
            Assert.Equal(name, actual.Name);
            Assert.Equal(expected.Type, actual.Type);
            Assert.Equal(expected.Mode, actual.Mode);
            Assert.Equal(expected.Modified, actual.Modified);
            Assert.Equal(DateTimeKind.Utc, actual.Modified.Kind);
            Assert.Equal(expected.LinkName, actual.LinkName);
            Assert.Equal(data ?? Array.Empty<byte>(), read[i].Data);
        }
    }

    [Fact]
    public async Task WriteEntryAsync_WritesWhatAnIndependentReaderReads()
    {
        var written = Sample();

        using var reader = new Formats.TarReader(new MemoryStream(await WriteAll(written)));
        var read = new List<Formats.TarEntry>();
        while (reader.GetNextEntry(copyData: true) is { } entry)
        {
            read.Add(entry);
        }

        Assert.Equal(written.Select(w => w.Entry.Type == TarEntryType.Directory ? w.Entry.Name.TrimEnd('/') + "/" : w.Entry.Name), read.Select(r => r.Name));
        Assert.Equal(written.Select(w => w.Entry.Mode), read.Select(r => (int)r.Mode));
        Assert.Equal(written.Select(w => w.Entry.LinkName ?? string.Empty), read.Select(r => r.LinkName));
        Assert.Equal(written.Select(w => new DateTimeOffset(w.Entry.Modified)), read.Select(r => r.ModificationTime));
        Assert.Equal(
            new[] { Formats.TarEntryType.Directory, Formats.TarEntryType.Directory, Formats.TarEntryType.RegularFile, Formats.TarEntryType.RegularFile, Formats.TarEntryType.RegularFile, Formats.TarEntryType.RegularFile, Formats.TarEntryType.SymbolicLink, Formats.TarEntryType.SymbolicLink, Formats.TarEntryType.SymbolicLink, Formats.TarEntryType.HardLink },
            read.Select(r => r.EntryType));
        Assert.All(read, r => Assert.Equal(0, r.Uid));
        var copy = new MemoryStream();
        read[4].DataStream!.CopyTo(copy);
        Assert.Equal(written[4].Data, copy.ToArray());
    }

    [Fact]
    public async Task WriteEntryAsync_AnnouncesSizesOver8GiBInAPaxRecord()
    {
        const long size = (10L << 30) + 3;
        var output = new MemoryStream();
        var writer = new TarWriter(output);

        // The data is not written: a source that ends at once stops the writer after the headers.
        var error = await Assert.ThrowsAsync<IOException>(() => writer.WriteEntryAsync(new TarEntry("huge.img", TarEntryType.File, size, null, 0x1A4, Whole), new MemoryStream(), CancellationToken.None));

        Assert.Contains("huge.img", error.Message);
        var entry = await new TarStreamReader(new MemoryStream(output.ToArray())).NextAsync(CancellationToken.None);
        Assert.Equal("huge.img", entry!.Name);
        Assert.Equal(size, entry.Size);
        Assert.Equal(Whole, entry.Modified);
    }

    [Fact]
    public async Task WriteEntryAsync_NamesTheFileThatEndedEarly()
    {
        var writer = new TarWriter(new MemoryStream());

        var error = await Assert.ThrowsAsync<IOException>(() => writer.WriteEntryAsync(new TarEntry("shrunk.log", TarEntryType.File, 10, null, 0x1A4, Whole), new MemoryStream(new byte[4]), CancellationToken.None));

        Assert.Contains("'shrunk.log' ended after 4 of its 10 bytes", error.Message);
    }

    [Fact]
    public async Task WriteEntryAsync_RefusesKindsItCannotWrite()
    {
        var writer = new TarWriter(new MemoryStream());

        await Assert.ThrowsAsync<ArgumentException>(() => writer.WriteEntryAsync(new TarEntry("fifo", TarEntryType.Other, 0, null), null, CancellationToken.None));
    }

    [Fact]
    public async Task FinishAsync_EndsTheArchiveWithTwoZeroBlocks()
    {
        var bytes = await WriteAll(new (TarEntry, byte[]?)[] { (new TarEntry("a", TarEntryType.File, 1, null, 0x1A4, Whole), new byte[] { 7 }) });

        Assert.Equal(512 * 4, bytes.Length);
        Assert.All(bytes.Skip(1024), b => Assert.Equal(0, b));
    }
}
