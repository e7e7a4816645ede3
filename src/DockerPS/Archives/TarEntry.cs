namespace DockerPS.Archives;

/// <summary>What kind of entry a tar header announces; only the kinds an image archive uses are told apart.</summary>
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
    public TarEntry(string name, TarEntryType type, long size, string? linkName)
    {
        Name = name;
        Type = type;
        Size = size;
        LinkName = linkName;
    }

    /// <summary>The path inside the archive, long names and the ustar prefix already joined.</summary>
    public string Name { get; }

    public TarEntryType Type { get; }

    /// <summary>Bytes of data that follow the header; 0 for links and directories.</summary>
    public long Size { get; }

    /// <summary>The target of a symbolic or hard link.</summary>
    public string? LinkName { get; }

    public override string ToString() => Name;
}
