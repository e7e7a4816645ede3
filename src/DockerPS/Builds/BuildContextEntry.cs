using DockerPS.Archives;

namespace DockerPS.Builds;

/// <summary>One entry of a build context: its tar header, and where its data comes from (a file here, or bytes made here).</summary>
internal sealed class BuildContextEntry
{
    public BuildContextEntry(TarEntry entry, string? sourcePath, byte[]? content)
    {
        Entry = entry;
        SourcePath = sourcePath;
        Content = content;
    }

    public TarEntry Entry { get; }

    /// <summary>The file whose bytes follow the header.</summary>
    public string? SourcePath { get; }

    /// <summary>The bytes that follow the header, when they are made here rather than read from a file.</summary>
    public byte[]? Content { get; }

    public override string ToString() => Entry.Name;
}
