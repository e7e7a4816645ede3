namespace DockerPS.ContainerFiles;

/// <summary>
/// One side of a copy as written: a local PowerShell path, or a path in a container as the docker CLI writes it,
/// CONTAINER:PATH (web:/etc/nginx), or :PATH for the container that came from the pipeline.
/// </summary>
internal sealed class CopyArgument
{
    private CopyArgument(string text, string? container, string path)
    {
        Text = text;
        Container = container;
        Path = path;
    }

    /// <summary>The argument as it was given.</summary>
    public string Text { get; }

    /// <summary>The container named before the colon; empty for :PATH (the piped container); null for a local path.</summary>
    public string? Container { get; }

    /// <summary>The path: in the container when <see cref="Container"/> is not null, else a local PowerShell path.</summary>
    public string Path { get; }

    public bool InContainer => Container is not null;

    /// <summary>
    /// Reads an argument with the docker CLI's rule: an absolute local path (/x, \x, C:\x) is local; otherwise the
    /// text before the first colon names a container, unless it starts with a dot (./file:name is local). One rule of
    /// PowerShell's comes first: text before the colon that names a PowerShell drive (Temp:, TestDrive:, C:) makes a
    /// local path; a container of such a name is given with -Container and :PATH.
    /// </summary>
    public static CopyArgument Parse(string text, Func<string, bool> isDrive)
    {
        if (IsLocalAbsolute(text))
        {
            return new CopyArgument(text, null, text);
        }

        var colon = text.IndexOf(':');
        if (colon < 0 || text.StartsWith(".", StringComparison.Ordinal) || (colon > 0 && isDrive(text.Substring(0, colon))))
        {
            return new CopyArgument(text, null, text);
        }

        var path = text.Substring(colon + 1);
        return path.Length == 0
            ? throw new ArgumentException($"'{text}' names no path in the container: write it as {text}/path, such as {text}/etc/hosts.")
            : new CopyArgument(text, text.Substring(0, colon), path);
    }

    /// <summary>The argument in docker's notation, with the container it stands for: web:/etc/nginx.</summary>
    public string Describe(string container) => InContainer ? $"{container}:{Path}" : Text;

    public override string ToString() => Text;

    private static bool IsLocalAbsolute(string text) =>
        text.StartsWith("/", StringComparison.Ordinal)
        || text.StartsWith("\\", StringComparison.Ordinal)
        || (text.Length >= 3 && char.IsLetter(text[0]) && text[1] == ':' && text[2] is '\\' or '/');
}
