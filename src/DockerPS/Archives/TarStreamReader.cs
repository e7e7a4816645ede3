using System.Globalization;
using System.IO;
using System.Text;

namespace DockerPS.Archives;

/// <summary>
/// Reads a tar archive forward, once: ustar, GNU and PAX headers, sizes in octal or base-256, long names from
/// GNU 'L' entries or PAX records, data padded to 512-byte blocks. Data nobody reads is skipped, by seeking
/// when the stream can. netstandard2.0 has no System.Formats.Tar, and an image archive needs no more than
/// this. Anything malformed or cut short throws <see cref="InvalidDataException"/>.
/// </summary>
internal sealed class TarStreamReader
{
    private const int BlockSize = 512;

    // PAX records and GNU long names are read into memory; real ones are a few hundred bytes.
    private const int MaxMetadataSize = 1024 * 1024;

    // An exbibyte: no archive holds an entry this large, and below it offsets cannot overflow.
    private const long MaxEntrySize = 1L << 60;

    private static readonly Encoding Utf8 = new UTF8Encoding(false, false);

    private static readonly DateTime UnixEpoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly Stream stream;
    private readonly byte[] header = new byte[BlockSize];
    private byte[]? scratch;
    private long position;
    private long remaining;
    private long padding;
    private bool ended;

    public TarStreamReader(Stream stream)
    {
        this.stream = stream;
    }

    /// <summary>The entry whose data <see cref="ReadAsync"/> reads; null before the first and after the last.</summary>
    public TarEntry? Current { get; private set; }

    /// <summary>Moves to the next entry, skipping what is left of the current one's data; null at the end.</summary>
    public async Task<TarEntry?> NextAsync(CancellationToken cancellation)
    {
        if (ended)
        {
            return null;
        }

        await SkipAsync(remaining + padding, Current?.Name, cancellation).ConfigureAwait(false);
        remaining = padding = 0;
        Current = null;

        string? longName = null;
        string? longLink = null;
        Dictionary<string, string>? pax = null;
        while (true)
        {
            var blockStart = position;
            var read = await ReadBlockAsync(cancellation).ConfigureAwait(false);

            if (read == 0 && blockStart == 0)
            {
                throw new InvalidDataException("The archive is empty.");
            }

            if (read is > 0 and < BlockSize)
            {
                throw blockStart == 0 ? NotTar() : Truncated(position, "a tar header");
            }

            // Ending at a block boundary without the two zero blocks is tolerated, as Go's archive/tar does.
            if (read == 0 || IsZero(header))
            {
                if (longName is not null || longLink is not null || pax is not null)
                {
                    throw Truncated(blockStart, "the headers of an entry");
                }

                ended = true;
                return null;
            }

            VerifyChecksum(blockStart);
            var typeFlag = (char)header[156];
            var size = ParseNumber(header, 124, 12) ?? throw Corrupt(blockStart, "its size is not a number");
            switch (typeFlag)
            {
                case 'x':
                    pax = ParsePax(await ReadMetadataAsync(size, blockStart, cancellation).ConfigureAwait(false), pax, blockStart);
                    continue;
                case 'g':
                    // Global PAX records would apply to every later entry; image archives have none worth honouring.
                    await SkipAsync(Plausible(size, blockStart, "a PAX global header") + Padding(size), "a PAX global header", cancellation).ConfigureAwait(false);
                    continue;
                case 'L':
                    longName = CString(await ReadMetadataAsync(size, blockStart, cancellation).ConfigureAwait(false), 0, (int)size);
                    continue;
                case 'K':
                    longLink = CString(await ReadMetadataAsync(size, blockStart, cancellation).ConfigureAwait(false), 0, (int)size);
                    continue;
            }

            if (pax is not null && pax.TryGetValue("size", out var paxSize))
            {
                size = long.TryParse(paxSize, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                    ? parsed
                    : throw Corrupt(blockStart, $"its PAX size '{paxSize}' is not a number");
            }

            var type = typeFlag switch
            {
                '0' or '\0' or '7' => TarEntryType.File,
                '1' => TarEntryType.HardLink,
                '2' => TarEntryType.SymbolicLink,
                '5' => TarEntryType.Directory,
                _ => TarEntryType.Other,
            };

            // Links, devices, directories and FIFOs have no data, whatever their size field says.
            if (typeFlag is >= '1' and <= '6')
            {
                size = 0;
            }

            var name = pax is not null && pax.TryGetValue("path", out var paxPath) ? paxPath : longName ?? HeaderName();
            var link = pax is not null && pax.TryGetValue("linkpath", out var paxLink) ? paxLink : longLink ?? CString(header, 157, 100);
            size = Plausible(size, blockStart, $"'{name}'");
            remaining = size;
            padding = Padding(size);
            var mode = (int)((ParseNumber(header, 100, 8) ?? 0) & 0xFFF);
            Current = new TarEntry(name, type, size, type is TarEntryType.SymbolicLink or TarEntryType.HardLink ? link : null, mode, ModifiedTime(pax));
            return Current;
        }
    }

    /// <summary>Reads the current entry's data; 0 once it is all read.</summary>
    public async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellation)
    {
        if (remaining == 0)
        {
            return 0;
        }

        var read = await stream.ReadAsync(buffer, offset, (int)Math.Min(count, remaining), cancellation).ConfigureAwait(false);
        if (read == 0)
        {
            throw Truncated(position, $"the data of {Current!.Name}");
        }

        remaining -= read;
        position += read;
        return read;
    }

    /// <summary>
    /// Reads a number field: octal digits padded with spaces or NULs, or base-256 (first byte's high bit set)
    /// for values octal cannot hold, such as sizes of 8 GiB and more. Null when the field is neither.
    /// </summary>
    internal static long? ParseNumber(byte[] block, int offset, int length)
    {
        if ((block[offset] & 0x80) != 0)
        {
            // A negative base-256 number (0xff first) is no size.
            if (block[offset] == 0xff)
            {
                return null;
            }

            long value = block[offset] & 0x7f;
            for (var i = offset + 1; i < offset + length; i++)
            {
                if (value > long.MaxValue >> 8)
                {
                    return null;
                }

                value = (value << 8) | block[i];
            }

            return value;
        }

        var start = offset;
        var end = offset + length;
        while (start < end && block[start] is (byte)' ' or 0)
        {
            start++;
        }

        while (end > start && block[end - 1] is (byte)' ' or 0)
        {
            end--;
        }

        long octal = 0;
        for (var i = start; i < end; i++)
        {
            if (block[i] is < (byte)'0' or > (byte)'7' || octal > long.MaxValue >> 3)
            {
                return null;
            }

            octal = (octal << 3) | (long)(block[i] - '0');
        }

        return octal;
    }

    /// <summary>The PAX mtime record (seconds, with a fraction) when there is one, else the header's whole seconds.</summary>
    private DateTime ModifiedTime(Dictionary<string, string>? pax)
    {
        if (pax is not null && pax.TryGetValue("mtime", out var precise)
            && decimal.TryParse(precise, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)
            && seconds is > -62135596800m and < 253402300800m)
        {
            return UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
        }

        var whole = ParseNumber(header, 136, 12) ?? 0;
        return whole < 253402300800L ? UnixEpoch.AddSeconds(whole) : UnixEpoch;
    }

    private static long Plausible(long size, long offset, string entry) =>
        size <= MaxEntrySize ? size : throw Corrupt(offset, $"it gives {entry} a size of {size} bytes, more than any archive holds");

    private static long Padding(long size) => (BlockSize - (size % BlockSize)) % BlockSize;

    private static bool IsZero(byte[] block)
    {
        foreach (var b in block)
        {
            if (b != 0)
            {
                return false;
            }
        }

        return true;
    }

    private static string CString(byte[] bytes, int offset, int length)
    {
        var end = Array.IndexOf(bytes, (byte)0, offset, length);
        return Utf8.GetString(bytes, offset, (end < 0 ? offset + length : end) - offset);
    }

    private static InvalidDataException NotTar() => new("Not a tar archive: it does not start with a tar header.");

    private static InvalidDataException Corrupt(long offset, string reason) =>
        new($"Corrupt tar header at byte {offset}: {reason}.");

    private static InvalidDataException Truncated(long offset, string what) =>
        new($"The archive is truncated: it ends at byte {offset}, inside {what}.");

    /// <summary>The ustar prefix field (POSIX magic only: GNU headers keep other data there) joined to the name.</summary>
    private string HeaderName()
    {
        var name = CString(header, 0, 100);
        var posix = header[257] == 'u' && header[258] == 's' && header[259] == 't' && header[260] == 'a' && header[261] == 'r' && header[262] == 0;
        var prefix = posix ? CString(header, 345, 155) : string.Empty;
        return prefix.Length == 0 ? name : prefix + "/" + name;
    }

    /// <summary>The header's checksum covers its bytes with the checksum field read as spaces; old tars summed signed bytes.</summary>
    private void VerifyChecksum(long offset)
    {
        var stored = ParseNumber(header, 148, 8);
        long unsigned = 0;
        long signed = 0;
        for (var i = 0; i < BlockSize; i++)
        {
            var value = i is >= 148 and < 156 ? (byte)' ' : header[i];
            unsigned += value;
            signed += (sbyte)value;
        }

        if (stored is null || (stored != unsigned && stored != signed))
        {
            throw offset == 0 ? NotTar() : Corrupt(offset, "its checksum does not match");
        }
    }

    /// <summary>Fills the header buffer; fewer than 512 bytes only at the end of the stream.</summary>
    private async Task<int> ReadBlockAsync(CancellationToken cancellation)
    {
        var filled = 0;
        while (filled < BlockSize)
        {
            var read = await stream.ReadAsync(header, filled, BlockSize - filled, cancellation).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        position += filled;
        return filled;
    }

    private async Task<byte[]> ReadMetadataAsync(long size, long offset, CancellationToken cancellation)
    {
        if (size > MaxMetadataSize)
        {
            throw Corrupt(offset, $"its extended header of {size} bytes is implausibly large");
        }

        var data = new byte[size];
        var filled = 0;
        while (filled < size)
        {
            var read = await stream.ReadAsync(data, filled, data.Length - filled, cancellation).ConfigureAwait(false);
            if (read == 0)
            {
                throw Truncated(position + filled, "an extended header");
            }

            filled += read;
        }

        position += size;
        await SkipAsync(Padding(size), "an extended header", cancellation).ConfigureAwait(false);
        return data;
    }

    /// <summary>PAX records: "length key=value\n", the length counting the whole record.</summary>
    private static Dictionary<string, string> ParsePax(byte[] data, Dictionary<string, string>? earlier, long offset)
    {
        var records = earlier ?? new Dictionary<string, string>(StringComparer.Ordinal);
        var at = 0;
        while (at < data.Length)
        {
            var space = Array.IndexOf(data, (byte)' ', at);
            if (space < 0
                || !int.TryParse(Encoding.ASCII.GetString(data, at, space - at), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                || length <= space - at + 1
                || at + length > data.Length
                || data[at + length - 1] != '\n')
            {
                throw Corrupt(offset, "its PAX record is malformed");
            }

            var record = Utf8.GetString(data, space + 1, at + length - 1 - (space + 1));
            var equals = record.IndexOf('=');
            if (equals <= 0)
            {
                throw Corrupt(offset, "its PAX record is malformed");
            }

            records[record.Substring(0, equals)] = record.Substring(equals + 1);
            at += length;
        }

        return records;
    }

    private async Task SkipAsync(long count, string? inside, CancellationToken cancellation)
    {
        if (count == 0)
        {
            return;
        }

        if (stream.CanSeek)
        {
            if (count > stream.Length - stream.Position)
            {
                throw Truncated(position + (stream.Length - stream.Position), inside is null ? "the archive's data" : $"the data of {inside}");
            }

            stream.Seek(count, SeekOrigin.Current);
            position += count;
            return;
        }

        scratch ??= new byte[81920];
        while (count > 0)
        {
            var read = await stream.ReadAsync(scratch, 0, (int)Math.Min(scratch.Length, count), cancellation).ConfigureAwait(false);
            if (read == 0)
            {
                throw Truncated(position, inside is null ? "the archive's data" : $"the data of {inside}");
            }

            count -= read;
            position += read;
        }
    }
}
