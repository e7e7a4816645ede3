using System.IO;
using DockerPS.Archives;
using DockerPS.Internal;

namespace DockerPS.ContainerFiles;

/// <summary>
/// Extracts an archive a container sent (docker cp out of a container) into a local directory, as a copy plan says,
/// trusting none of it: an entry whose name is absolute or climbs out with .., that would be written through a
/// symbolic link, a symbolic link whose relative target leaves the destination, or a hard link to a file outside it is
/// refused on its own (UnsafeArchiveEntry) and nothing is written for it. Each file is written to a hidden temporary
/// name beside it and renamed into place once whole, so a failure leaves no half-written file; an existing device,
/// named pipe, socket or symbolic link is never written through or replaced by a file (the rules of
/// <see cref="OutputTarget"/>), and a directory is never replaced by a file, nor a file by a directory.
/// </summary>
internal sealed class ArchiveExtractor
{
    private const int DirectoryWorkingMode = 0x1C0;

    private readonly CopyPlan plan;
    private readonly string root;
    private readonly Action<ErrorRecord> refuse;
    private readonly Func<Exception, Exception> writeFailed;
    private readonly Action<long> progress;
    private readonly List<(string Path, int Mode, DateTime Modified)> directories = new();
    private readonly byte[] buffer = new byte[81920];
    private long written;

    /// <param name="refuse">Reports an entry that is not extracted, as a non-terminating error.</param>
    /// <param name="writeFailed">The error to end with when the local file system fails a step (a full disk, say).</param>
    /// <param name="progress">The bytes of file data written so far.</param>
    public ArchiveExtractor(CopyPlan plan, Action<ErrorRecord> refuse, Func<Exception, Exception> writeFailed, Action<long> progress)
    {
        this.plan = plan;
        root = Path.GetFullPath(plan.Directory);
        this.refuse = refuse;
        this.writeFailed = writeFailed;
        this.progress = progress;
    }

    /// <summary>The local paths written, in the archive's order; the top entry first.</summary>
    public List<string> Written { get; } = new();

    /// <summary>Extracts every entry; directories take their modes and times last, once nothing more is written into them.</summary>
    public async Task ExtractAsync(TarStreamReader archive, CancellationToken cancellation)
    {
        while (await archive.NextAsync(cancellation).ConfigureAwait(false) is { } entry)
        {
            var target = Place(entry.Name);
            if (target is null)
            {
                refuse(Unsafe(entry.Name, "its name is absolute or leads out of the destination with .."));
                continue;
            }

            if (ThroughLink(target) is { } link)
            {
                refuse(Unsafe(entry.Name, $"it would be written through the symbolic link '{link}'"));
                continue;
            }

            await ExtractEntryAsync(archive, entry, target, cancellation).ConfigureAwait(false);
        }

        for (var i = directories.Count - 1; i >= 0; i--)
        {
            var (path, mode, modified) = directories[i];
            Locally(() =>
            {
                UnixFiles.SetMode(path, mode);
                UnixFiles.SetModifiedTime(path, modified);
            });
        }
    }

    /// <summary>
    /// Runs a step on the local file system, its failure made the caller's write failure: the engine's stream failing
    /// is an IOException too, and only here are the two told apart.
    /// </summary>
    private T Locally<T>(Func<T> step)
    {
        try
        {
            return step();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw writeFailed(e);
        }
    }

    private void Locally(Action step) => Locally(() =>
    {
        step();
        return true;
    });

    /// <summary>Where a name lands: its top segment (the source's name) renamed as the plan says, under the destination; null when it would land outside.</summary>
    internal string? Place(string name)
    {
        if (name.StartsWith("/", StringComparison.Ordinal) || name.StartsWith("\\", StringComparison.Ordinal) || IsDriveRooted(name))
        {
            return null;
        }

        var relative = Rebase(name);
        var cleaned = CopyRules.Clean(relative);
        if (cleaned == ".." || cleaned.StartsWith("../", StringComparison.Ordinal) || cleaned.StartsWith("/", StringComparison.Ordinal))
        {
            return null;
        }

        return cleaned == "." ? root : Path.Combine(root, cleaned.Replace('/', Path.DirectorySeparatorChar));
    }

    private static bool IsDriveRooted(string name) => name.Length >= 2 && name[1] == ':' && char.IsLetter(name[0]);

    private static ErrorRecord Unsafe(string name, string reason) =>
        new(new InvalidDataException($"The archive's entry '{name}' is not extracted: {reason}."), "UnsafeArchiveEntry", ErrorCategory.SecurityError, name);

    private static ErrorRecord Conflict(string name, string path, string reason) =>
        new(new IOException($"The archive's entry '{name}' is not extracted: '{path}' {reason}."), "CopyTargetConflict", ErrorCategory.WriteError, path);

    private static string TemporaryBeside(string path) =>
        Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.partial");

    /// <summary>
    /// The entry's name with its first segment, the source's own name, replaced by the name it takes at the destination.
    /// A directory's contents (/.) come as ./x from Docker and as x from Podman: every entry is then contents.
    /// </summary>
    private string Rebase(string name)
    {
        if (plan.SourceBase == ".")
        {
            var contents = name == "." || name == "./" ? string.Empty : name.StartsWith("./", StringComparison.Ordinal) ? name.Substring(2) : name;
            return plan.TopName == "." ? (contents.Length == 0 ? "." : contents) : (contents.Length == 0 ? plan.TopName : plan.TopName + "/" + contents);
        }

        var slash = name.IndexOf('/');
        var first = slash < 0 ? name : name.Substring(0, slash);
        if (first != plan.SourceBase)
        {
            return name;
        }

        var rest = slash < 0 ? string.Empty : name.Substring(slash + 1);
        return plan.TopName == "." ? (rest.Length == 0 ? "." : rest) : (rest.Length == 0 ? plan.TopName : plan.TopName + "/" + rest);
    }

    /// <summary>The first directory between the destination and <paramref name="target"/> that is a symbolic link (or no directory at all); null when there is none.</summary>
    private string? ThroughLink(string target)
    {
        var relative = target.Length > root.Length ? target.Substring(root.Length).TrimStart(Path.DirectorySeparatorChar) : string.Empty;
        var segments = relative.Split(new[] { Path.DirectorySeparatorChar }, StringSplitOptions.RemoveEmptyEntries);
        var current = root;
        for (var i = 0; i < segments.Length - 1; i++)
        {
            current = Path.Combine(current, segments[i]);
            var kind = UnixFiles.KindOf(current);
            if (kind == UnixFiles.FileKind.Missing)
            {
                return null;
            }

            if (kind != UnixFiles.FileKind.Directory)
            {
                return current;
            }
        }

        return null;
    }

    private async Task ExtractEntryAsync(TarStreamReader archive, TarEntry entry, string target, CancellationToken cancellation)
    {
        var existing = UnixFiles.KindOf(target);
        if (entry.Type == TarEntryType.Directory)
        {
            if (existing is not (UnixFiles.FileKind.Missing or UnixFiles.FileKind.Directory))
            {
                refuse(Conflict(entry.Name, target, "exists and is not a directory"));
                return;
            }

            if (target == root && existing == UnixFiles.FileKind.Directory)
            {
                // The destination itself keeps its own mode, as docker cp leaves it.
                return;
            }

            Locally(() =>
            {
                CreateParents(target);
                UnixFiles.CreateDirectory(target, entry.Mode | DirectoryWorkingMode);
            });
            directories.Add((target, entry.Mode, entry.Modified));
            Written.Add(target);
            return;
        }

        if (entry.Type == TarEntryType.Other)
        {
            refuse(new ErrorRecord(new NotSupportedException($"The archive's entry '{entry.Name}' is a device, named pipe or socket; it is not copied."), "UnsupportedArchiveEntry", ErrorCategory.NotImplemented, entry.Name));
            return;
        }

        if (existing is not (UnixFiles.FileKind.Missing or UnixFiles.FileKind.Regular) && !(existing == UnixFiles.FileKind.SymbolicLink && entry.Type == TarEntryType.SymbolicLink))
        {
            var what = existing switch
            {
                UnixFiles.FileKind.Directory => "is a directory",
                UnixFiles.FileKind.SymbolicLink => "is a symbolic link, which is not written through or replaced by a file",
                _ => "is a device, named pipe or socket",
            };
            refuse(Conflict(entry.Name, target, what));
            return;
        }

        switch (entry.Type)
        {
            case TarEntryType.SymbolicLink:
                if (LeavesDestination(target, entry.LinkName!))
                {
                    refuse(Unsafe(entry.Name, $"its link to '{entry.LinkName}' leads out of the destination"));
                    return;
                }

                Locally(() =>
                {
                    CreateParents(target);
                    Replace(target, temporary => UnixFiles.CreateSymbolicLink(temporary, entry.LinkName!));
                });
                break;
            case TarEntryType.HardLink:
                var linked = Place(entry.LinkName!);
                if (linked is null || ThroughLink(linked) is not null || UnixFiles.KindOf(linked) != UnixFiles.FileKind.Regular)
                {
                    refuse(Unsafe(entry.Name, $"its hard link to '{entry.LinkName}' names no regular file inside the destination"));
                    return;
                }

                Locally(() =>
                {
                    CreateParents(target);
                    Replace(target, temporary => UnixFiles.CreateHardLink(linked, temporary));
                });
                break;
            default:
                Locally(() => CreateParents(target));
                await WriteFileAsync(archive, entry, target, cancellation).ConfigureAwait(false);
                break;
        }

        Written.Add(target);
    }

    /// <summary>Whether a relative link target climbs out of the destination, seen from the link's directory; an absolute one is kept as docker cp keeps it.</summary>
    private bool LeavesDestination(string link, string linkTarget)
    {
        if (linkTarget.StartsWith("/", StringComparison.Ordinal))
        {
            return false;
        }

        var directory = Path.GetDirectoryName(link)!;
        var fromRoot = directory.Length > root.Length ? directory.Substring(root.Length).TrimStart(Path.DirectorySeparatorChar).Replace(Path.DirectorySeparatorChar, '/') : string.Empty;
        var joined = CopyRules.Clean(fromRoot.Length == 0 ? linkTarget : fromRoot + "/" + linkTarget);
        return joined == ".." || joined.StartsWith("../", StringComparison.Ordinal);
    }

    /// <summary>Directories an archive leaves out before an entry are made as docker cp makes them: 0755.</summary>
    private void CreateParents(string target)
    {
        var parent = Path.GetDirectoryName(target)!;
        if (UnixFiles.KindOf(parent) == UnixFiles.FileKind.Missing)
        {
            CreateParents(parent);
            UnixFiles.CreateDirectory(parent, 0x1ED);
        }
    }

    /// <summary>Makes a link under a temporary name and renames it over <paramref name="target"/> in one step.</summary>
    private static void Replace(string target, Action<string> create)
    {
        var temporary = TemporaryBeside(target);
        create(temporary);
        try
        {
            UnixFiles.Rename(temporary, target);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private async Task WriteFileAsync(TarStreamReader archive, TarEntry entry, string target, CancellationToken cancellation)
    {
        var temporary = TemporaryBeside(target);
        var complete = false;
        try
        {
            // Unbuffered, as each read is written whole at once: a write that fails then leaves nothing for the close
            // to try again and fail with in its place.
            using (var file = Locally(() => UnixFiles.CreateNewPrivate(temporary, bufferSize: 1)))
            {
                int read;
                while ((read = await archive.ReadAsync(buffer, 0, buffer.Length, cancellation).ConfigureAwait(false)) > 0)
                {
                    // Written at once: an asynchronous write to a file is a hop to a pool thread on Unix, for every read.
                    Locally(() => file.Write(buffer, 0, read));
                    written += read;
                    progress(written);
                }

                Locally(() =>
                {
                    file.Flush();
                    UnixFiles.SetModeAndTime(file, target, entry.Mode, entry.Modified);
                });
            }

            Locally(() => UnixFiles.Rename(temporary, target));
            complete = true;
        }
        finally
        {
            if (!complete)
            {
                try
                {
                    File.Delete(temporary);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // The failure that led here matters more than a hidden leftover.
                }
            }
        }
    }
}
