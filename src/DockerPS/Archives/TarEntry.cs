namespace DockerPS.Archives;

/// <summary>What kind of entry a tar header announces; devices, FIFOs and the like are Other.</summary>
internal enum TarEntryType
{
    File,
    Directory,
    SymbolicLink,
    HardLink,
    Other,
}

/// <summary>One entry of a tar archive, as its headers (ustar, GNU and PAX together) describe it.</summary>
internal sealed class TarEntry
{
    public TarEntry(string name, TarEntryType type, long size, string? linkName, int mode = 0, DateTime modified = default)
    {
        Name = name;
        Type = type;
        Size = size;
        LinkName = linkName;
        Mode = mode;
        Modified = modified;
    }

    /// <summary>The path inside the archive, long names and the ustar prefix already joined.</summary>
    public string Name { get; }

    public TarEntryType Type { get; }

    /// <summary>Bytes of data that follow the header; 0 for links and directories.</summary>
    public long Size { get; }

    /// <summary>The target of a symbolic or hard link.</summary>
    public string? LinkName { get; }

    /// <summary>The permission bits, set-id and sticky bits included (07777 at most).</summary>
    public int Mode { get; }

    /// <summary>The modification time, UTC; to the nanosecond's tick when a PAX record gives it.</summary>
    public DateTime Modified { get; }

    public override string ToString() => Name;
}
