using System.IO;
using System.Text;
using DockerPS.Archives;
using DockerPS.Internal;

namespace DockerPS.Builds;

/// <summary>
/// A build context as the docker CLI sends it: the files under a directory, walked in name order, less what its
/// .dockerignore leaves out (the Dockerfile and .dockerignore themselves always go); directories, regular files and
/// symbolic links (as links) with their modes and times, owned by root. A Dockerfile outside the directory goes at
/// the end under a generated name (.dockerfile.&lt;20 hex digits&gt;), which the .dockerignore sent with it names, so
/// COPY . leaves it out, as the docker CLI does. Sockets, pipes and devices are not sent.
/// </summary>
internal sealed class BuildContext
{
    private const string IgnoreFileName = ".dockerignore";
    private const int GeneratedFileMode = 0x180;

    private readonly DockerIgnore ignore;
    private readonly byte[]? outsideDockerfile;
    private readonly byte[]? ignoreFileContent;

    private BuildContext(string directory, string dockerfilePath, string dockerfileName, DockerIgnore ignore, byte[]? outsideDockerfile, byte[]? ignoreFileContent)
    {
        Directory = directory;
        DockerfilePath = dockerfilePath;
        DockerfileName = dockerfileName;
        this.ignore = ignore;
        this.outsideDockerfile = outsideDockerfile;
        this.ignoreFileContent = ignoreFileContent;
    }

    /// <summary>The context directory, in full.</summary>
    public string Directory { get; }

    /// <summary>The Dockerfile on this machine, in full.</summary>
    public string DockerfilePath { get; }

    /// <summary>The Dockerfile's name inside the context, as the engine's dockerfile parameter takes it.</summary>
    public string DockerfileName { get; }

    /// <summary>
    /// Reads the context's .dockerignore and checks the directory and the Dockerfile (the context's own Dockerfile when
    /// <paramref name="dockerfile"/> is null).
    /// </summary>
    /// <exception cref="ItemNotFoundException">The directory or the Dockerfile does not exist.</exception>
    /// <exception cref="ArgumentException">The .dockerignore has a pattern that is no pattern.</exception>
    public static BuildContext Prepare(string directory, string? dockerfile)
    {
        directory = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(directory))
        {
            throw new ItemNotFoundException($"unable to prepare context: path \"{directory}\" not found");
        }

        var dockerfilePath = Path.GetFullPath(dockerfile ?? Path.Combine(directory, "Dockerfile"));
        if (!System.IO.File.Exists(dockerfilePath))
        {
            throw new ItemNotFoundException($"unable to prepare context: cannot find the Dockerfile \"{dockerfilePath}\"");
        }

        var ignorePath = Path.Combine(directory, IgnoreFileName);
        var ignoreText = System.IO.File.Exists(ignorePath) ? System.IO.File.ReadAllText(ignorePath) : null;
        var patterns = DockerIgnore.ReadPatterns(ignoreText ?? string.Empty).ToList();
        var relative = RelativeName(directory, dockerfilePath);
        if (relative is null)
        {
            // The name the CLI gives it: random, so it cannot meet a file of the context.
            var name = ".dockerfile." + Guid.NewGuid().ToString("N").Substring(0, 20);
            var ignoreContent = Encoding.UTF8.GetBytes((ignoreText ?? string.Empty) + "\n" + name + "\n");
            return new BuildContext(directory, dockerfilePath, name, Matcher(KeepingBuildFiles(patterns, name)), System.IO.File.ReadAllBytes(dockerfilePath), ignoreContent);
        }

        return new BuildContext(directory, dockerfilePath, relative, Matcher(KeepingBuildFiles(patterns, relative)), null, null);
    }

    /// <summary>
    /// The context's entries in the order they are sent, each with where its data comes from; read lazily, so a
    /// large context is never listed whole.
    /// </summary>
    public IEnumerable<BuildContextEntry> Entries()
    {
        var ignoreFileSent = false;
        foreach (var entry in Walk(Directory, string.Empty, null))
        {
            if (ignoreFileContent is not null && entry.Entry.Name == IgnoreFileName && entry.Entry.Type == TarEntryType.File)
            {
                ignoreFileSent = true;
                yield return new BuildContextEntry(Rewritten(entry.Entry, ignoreFileContent), null, ignoreFileContent);
            }
            else
            {
                yield return entry;
            }
        }

        if (outsideDockerfile is not null)
        {
            if (!ignoreFileSent)
            {
                yield return Generated(IgnoreFileName, ignoreFileContent!);
            }

            yield return Generated(DockerfileName, outsideDockerfile);
        }
    }

    /// <summary>The context as a tar made while the request body is read.</summary>
    public TarProducerStream OpenTar(CancellationToken cancellation) => new(WriteAsync, cancellation);

    /// <summary>What the context's producer threw, as the build's error: a file that could not be read, named.</summary>
    public ErrorRecord Unreadable(Exception failure) =>
        failure as ErrorRecordException is { } recorded
            ? recorded.ErrorRecord
            : new ErrorRecord(new IOException($"error checking context: {failure.Message}", failure), "BuildContextUnreadable", ErrorCategory.ReadError, Directory);

    private async Task WriteAsync(TarWriter writer, CancellationToken cancellation)
    {
        foreach (var item in Entries())
        {
            cancellation.ThrowIfCancellationRequested();
            if (item.Content is not null)
            {
                using var memory = new MemoryStream(item.Content, writable: false);
                await writer.WriteEntryAsync(item.Entry, memory, cancellation).ConfigureAwait(false);
            }
            else if (item.SourcePath is not null && item.Entry.Type == TarEntryType.File)
            {
                using var file = OpenForReading(item.SourcePath);
                await writer.WriteEntryAsync(item.Entry, file, cancellation).ConfigureAwait(false);
            }
            else
            {
                await writer.WriteEntryAsync(item.Entry, null, cancellation).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A context file, opened for the upload; one that cannot be read fails the build naming it, as the docker CLI does.</summary>
    private static FileStream OpenForReading(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 81920, useAsync: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ErrorRecordException(new ErrorRecord(new IOException($"error checking context: can't read '{path}': {e.Message}", e), "BuildContextUnreadable", ErrorCategory.ReadError, path));
        }
    }

    /// <summary>
    /// One directory's entries, depth first in ordinal name order (Go's WalkDir), as docker's archive walk decides:
    /// an excluded file is left out; an excluded directory too, and what is in it unless an exception's pattern
    /// starts with the directory.
    /// </summary>
    private IEnumerable<BuildContextEntry> Walk(string directory, string prefix, IReadOnlyList<bool>? parentMatches)
    {
        var names = System.IO.Directory.EnumerateFileSystemEntries(directory)
            .Select(Path.GetFileName)
            .OrderBy(name => name, StringComparer.Ordinal)
            .ToList();
        foreach (var name in names)
        {
            var path = Path.Combine(directory, name);
            var relative = prefix + name;
            var facts = UnixFiles.StatusOf(path);
            if (facts is null)
            {
                // Gone since the directory was listed.
                continue;
            }

            var isDirectory = facts.Kind == UnixFiles.FileKind.Directory;
            var modified = WholeSeconds(facts.Modified);
            var excluded = ignore.Excludes(relative, parentMatches, out var matches);
            if (excluded && !(isDirectory && ignore.HasExceptions && ignore.MayKeepInside(relative)))
            {
                continue;
            }

            switch (facts.Kind)
            {
                case UnixFiles.FileKind.Directory:
                    if (!excluded)
                    {
                        yield return new BuildContextEntry(new TarEntry(relative, TarEntryType.Directory, 0, null, facts.Mode, modified), null, null);
                    }

                    foreach (var inner in Walk(path, relative + "/", matches))
                    {
                        yield return inner;
                    }

                    break;
                case UnixFiles.FileKind.SymbolicLink:
                    yield return new BuildContextEntry(new TarEntry(relative, TarEntryType.SymbolicLink, 0, UnixFiles.ReadLink(path), facts.Mode, modified), null, null);
                    break;
                case UnixFiles.FileKind.Regular:
                    yield return new BuildContextEntry(new TarEntry(relative, TarEntryType.File, facts.Size, null, facts.Mode, modified), path, null);
                    break;
            }
        }
    }

    /// <summary>The Dockerfile and .dockerignore always go: an exception for each that the patterns would leave out (the CLI's TrimBuildFilesFromExcludes).</summary>
    private static List<string> KeepingBuildFiles(List<string> patterns, string dockerfile)
    {
        var matcher = Matcher(patterns);
        if (matcher.Excludes(IgnoreFileName))
        {
            patterns.Add("!" + IgnoreFileName);
        }

        if (matcher.Excludes(dockerfile))
        {
            patterns.Add("!" + dockerfile);
        }

        return patterns;
    }

    private static DockerIgnore Matcher(IEnumerable<string> patterns) => new(patterns);

    /// <summary>The Dockerfile's name inside the context, with forward slashes; null when it is outside.</summary>
    private static string? RelativeName(string directory, string file)
    {
        var root = directory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return file.StartsWith(root, StringComparison.Ordinal) ? file.Substring(root.Length).Replace(Path.DirectorySeparatorChar, '/') : null;
    }

    /// <summary>The docker CLI sends times to the second: a PAX record for the fraction would be the only difference.</summary>
    private static DateTime WholeSeconds(DateTime time) => new(time.Ticks - (time.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    private static TarEntry Rewritten(TarEntry entry, byte[] content) =>
        new(entry.Name, TarEntryType.File, content.Length, null, entry.Mode, entry.Modified);

    private static BuildContextEntry Generated(string name, byte[] content) =>
        new(new TarEntry(name, TarEntryType.File, content.Length, null, GeneratedFileMode, WholeSeconds(DateTime.UtcNow)), null, content);
}
