using System.Globalization;
using System.IO;
using System.Text;

namespace DockerPS.Archives;

/// <summary>
/// Writes a tar archive forward, once, as <see cref="TarStreamReader"/> reads it: ustar headers, with a PAX record
/// for what ustar cannot hold (a name or link target over 100 bytes or not ASCII, a size of 8 GiB or more, a time
/// before 1970 or with a fraction of a second). Owners are root (0:0), as the engine takes them when it is not told to
/// keep them. netstandard2.0 has no System.Formats.Tar.
/// </summary>
internal sealed class TarWriter
{
    private const int BlockSize = 512;

    // The largest size and time an 11-digit octal field holds.
    private const long MaxOctal = (1L << 33) - 1;

    private static readonly Encoding Utf8 = new UTF8Encoding(false, true);
    private static readonly DateTime UnixEpoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly Stream stream;
    private readonly byte[] block = new byte[BlockSize];
    private byte[]? buffer;

    public TarWriter(Stream stream)
    {
        this.stream = stream;
    }

    /// <summary>
    /// Writes one entry: its header, then for a file exactly <see cref="TarEntry.Size"/> bytes of <paramref name="data"/>
    /// and the padding to a whole block. A directory's name gets its trailing slash. Data that ends early throws an
    /// IOException naming the entry (the file changed while it was archived).
    /// </summary>
    public async Task WriteEntryAsync(TarEntry entry, Stream? data, CancellationToken cancellation)
    {
        var name = entry.Type == TarEntryType.Directory && !entry.Name.EndsWith("/", StringComparison.Ordinal) ? entry.Name + "/" : entry.Name;
        var size = entry.Type == TarEntryType.File ? entry.Size : 0;
        var link = entry.LinkName ?? string.Empty;
        var ticks = (entry.Modified == default ? UnixEpoch : entry.Modified.ToUniversalTime()).Ticks - UnixEpoch.Ticks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var fraction);
        if (fraction < 0)
        {
            seconds--;
            fraction += TimeSpan.TicksPerSecond;
        }

        var pax = new List<(string Key, string Value)>();
        if (!FitsUstar(name))
        {
            pax.Add(("path", name));
        }

        if (!FitsUstar(link))
        {
            pax.Add(("linkpath", link));
        }

        if (size > MaxOctal)
        {
            pax.Add(("size", size.ToString(CultureInfo.InvariantCulture)));
        }

        if (fraction != 0 || seconds is < 0 or > MaxOctal)
        {
            var text = (seconds + (fraction / (decimal)TimeSpan.TicksPerSecond)).ToString("0.#######", CultureInfo.InvariantCulture);
            pax.Add(("mtime", text));
        }

        if (pax.Count > 0)
        {
            var records = PaxRecords(pax);
            await WriteHeaderAsync(PaxName(name), 'x', records.Length, 0, 0, string.Empty, cancellation).ConfigureAwait(false);
            await stream.WriteAsync(records, 0, records.Length, cancellation).ConfigureAwait(false);
            await PadAsync(records.Length, cancellation).ConfigureAwait(false);
        }

        var typeFlag = entry.Type switch
        {
            TarEntryType.Directory => '5',
            TarEntryType.SymbolicLink => '2',
            TarEntryType.HardLink => '1',
            TarEntryType.File => '0',
            _ => throw new ArgumentException($"A tar entry of kind {entry.Type} is not written.", nameof(entry)),
        };
        await WriteHeaderAsync(name, typeFlag, Math.Min(size, MaxOctal), entry.Mode & 0xFFF, Math.Max(0, Math.Min(seconds, MaxOctal)), link, cancellation).ConfigureAwait(false);
        if (size > 0)
        {
            await CopyDataAsync(entry.Name, data ?? throw new ArgumentNullException(nameof(data)), size, cancellation).ConfigureAwait(false);
            await PadAsync(size, cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the two zero blocks that end an archive.</summary>
    public async Task FinishAsync(CancellationToken cancellation)
    {
        Array.Clear(block, 0, BlockSize);
        await stream.WriteAsync(block, 0, BlockSize, cancellation).ConfigureAwait(false);
        await stream.WriteAsync(block, 0, BlockSize, cancellation).ConfigureAwait(false);
        await stream.FlushAsync(cancellation).ConfigureAwait(false);
    }

    /// <summary>Whether ustar's 100-byte field holds the text as it is: ASCII, no NUL, short enough.</summary>
    private static bool FitsUstar(string text) => text.Length <= 100 && text.All(c => c is > '\0' and < '\u0080');

    /// <summary>The PAX header's own name: the entry's last segment under PaxHeader/, cut to ASCII and the field.</summary>
    private static string PaxName(string name)
    {
        var last = name.TrimEnd('/');
        last = last.Substring(last.LastIndexOf('/') + 1);
        var ascii = new string(last.Select(c => c is > '\u001f' and < '\u007f' ? c : '_').ToArray());
        return ("PaxHeader/" + ascii).Substring(0, Math.Min(100, 10 + ascii.Length));
    }

    /// <summary>"length key=value\n" records, the length counting its own digits.</summary>
    private static byte[] PaxRecords(IEnumerable<(string Key, string Value)> records)
    {
        var all = new MemoryStream();
        foreach (var (key, value) in records)
        {
            var body = Utf8.GetByteCount($" {key}={value}\n");
            var length = body + body.ToString(CultureInfo.InvariantCulture).Length;
            if (length.ToString(CultureInfo.InvariantCulture).Length + body != length)
            {
                length++;
            }

            var bytes = Utf8.GetBytes($"{length.ToString(CultureInfo.InvariantCulture)} {key}={value}\n");
            all.Write(bytes, 0, bytes.Length);
        }

        return all.ToArray();
    }

    private async Task WriteHeaderAsync(string name, char typeFlag, long size, int mode, long seconds, string link, CancellationToken cancellation)
    {
        Array.Clear(block, 0, BlockSize);
        PutText(name, 0, 100);
        PutOctal(mode, 100, 8);
        PutOctal(0, 108, 8);
        PutOctal(0, 116, 8);
        PutOctal(size, 124, 12);
        PutOctal(seconds, 136, 12);
        block[156] = (byte)typeFlag;
        PutText(link, 157, 100);
        Encoding.ASCII.GetBytes("ustar\0" + "00").CopyTo(block, 257);

        // The checksum is summed with its own field read as spaces, and written as six digits, a NUL and a space.
        for (var i = 148; i < 156; i++)
        {
            block[i] = (byte)' ';
        }

        var sum = block.Sum(b => (long)b);
        PutOctal(sum, 148, 7);
        block[155] = (byte)' ';
        await stream.WriteAsync(block, 0, BlockSize, cancellation).ConfigureAwait(false);
    }

    /// <summary>What fits of the text (a PAX record carries the whole of it), NUL-padded.</summary>
    private void PutText(string text, int offset, int length)
    {
        var ascii = new string(text.Take(length).Select(c => c is > '\0' and < '\u0080' ? c : '_').ToArray());
        Encoding.ASCII.GetBytes(ascii).CopyTo(block, offset);
    }

    /// <summary>Octal digits, zero-padded to fill the field but its last byte, which is NUL.</summary>
    private void PutOctal(long value, int offset, int length)
    {
        var digits = Convert.ToString(value, 8).PadLeft(length - 1, '0');
        Encoding.ASCII.GetBytes(digits).CopyTo(block, offset);
        block[offset + length - 1] = 0;
    }

    private async Task CopyDataAsync(string name, Stream data, long size, CancellationToken cancellation)
    {
        buffer ??= new byte[81920];
        var left = size;
        while (left > 0)
        {
            var read = await data.ReadAsync(buffer, 0, (int)Math.Min(buffer.Length, left), cancellation).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException($"'{name}' ended after {size - left} of its {size} bytes: it changed while it was being copied.");
            }

            await stream.WriteAsync(buffer, 0, read, cancellation).ConfigureAwait(false);
            left -= read;
        }
    }

    private async Task PadAsync(long size, CancellationToken cancellation)
    {
        var padding = (int)((BlockSize - (size % BlockSize)) % BlockSize);
        if (padding > 0)
        {
            Array.Clear(block, 0, BlockSize);
            await stream.WriteAsync(block, 0, padding, cancellation).ConfigureAwait(false);
        }
    }
}
