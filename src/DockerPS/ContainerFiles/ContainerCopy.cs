using System.IO;
using Docker.DotNet.Models;
using DockerPS.Archives;
using DockerPS.Internal;

namespace DockerPS.ContainerFiles;

/// <summary>
/// docker cp, both ways, streamed: out of a container the engine's archive is extracted as it arrives
/// (<see cref="ArchiveExtractor"/>); into one the local files become a tar as the engine reads it
/// (<see cref="LocalArchive"/> through a <see cref="TarProducerStream"/>). Where the copy lands follows
/// <see cref="CopyRules"/>, as docker cp decides it. A failure of one copy is thrown as an ErrorRecordException.
/// </summary>
internal static class ContainerCopy
{
    // Go's os.FileMode bits in the engine's path stat.
    private const uint GoModeDirectory = 1u << 31;
    private const uint GoModeSymbolicLink = 1u << 27;

    // Device, named pipe, socket, character device, irregular: no place to copy a file to.
    private const uint GoModeIrregular = (1u << 26) | (1u << 25) | (1u << 24) | (1u << 21) | (1u << 19);

    // As many links as docker cp follows at a local destination before it gives up.
    private const int MaxLinks = 10;

    /// <summary>Copies <paramref name="containerPath"/> out of the container to the local <paramref name="destination"/>; the local paths written.</summary>
    public static async Task<List<string>> CopyOutAsync(DockerEngine engine, string container, string containerPath, string destination, bool followLink, Action<ErrorRecord> refuse, ByteProgress progress, CancellationToken cancellation)
    {
        var sourcePath = containerPath;
        string? rebaseName = null;
        if (followLink && await StatAsync(engine, container, containerPath, cancellation).ConfigureAwait(false) is { } linkStat && (linkStat.Mode & GoModeSymbolicLink) != 0)
        {
            var target = linkStat.LinkTarget.StartsWith("/", StringComparison.Ordinal)
                ? linkStat.LinkTarget
                : CopyRules.SplitDirectoryEntry(containerPath).Directory + "/" + linkStat.LinkTarget;
            (sourcePath, rebaseName) = CopyRules.FollowedLink(containerPath, CopyRules.Clean(target));
        }

        var destinationInfo = LocalDestination(destination);
        var response = await EngineCallAsync(container, sourcePath, () => engine.BurstClient.Containers.GetArchiveFromContainerAsync(container, new ContainerPathStatParameters { Path = sourcePath }, false, cancellation)).ConfigureAwait(false);
        using var archive = response.Stream ?? throw new DockerStreamException($"The engine sent no archive of {container}:{sourcePath}.", null);

        // The stream need not honour the token; disposing it ends any read.
        using var abort = cancellation.Register(archive.Dispose);
        var source = new CopyInfo(sourcePath, true, (response.Stat.Mode & GoModeDirectory) != 0, rebaseName);
        var plan = CopyRules.Plan(source, destinationInfo, out var refusal) ?? throw Refused(refusal!, $"{container}:{containerPath}", destination);
        var extractor = new ArchiveExtractor(plan, refuse, e => new ErrorRecordException(ArchiveErrors.WriteFailed(destination, e)), progress.Report);
        try
        {
            await extractor.ExtractAsync(new TarStreamReader(archive), cancellation).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw new DockerStreamException($"The engine's archive of {container}:{sourcePath} is incomplete: {e.Message}", null);
        }

        progress.Complete();
        return extractor.Written;
    }

    /// <summary>Copies the local <paramref name="source"/> into the container at <paramref name="containerPath"/>.</summary>
    public static async Task CopyInAsync(DockerEngine engine, string container, string source, string containerPath, bool followLink, Action<string> warn, ByteProgress progress, CancellationToken cancellation)
    {
        var destinationPath = containerPath;
        var stat = await StatAsync(engine, container, destinationPath, cancellation).ConfigureAwait(false);
        if (stat is not null && (stat.Mode & GoModeSymbolicLink) != 0)
        {
            var target = stat.LinkTarget.StartsWith("/", StringComparison.Ordinal)
                ? stat.LinkTarget
                : CopyRules.SplitDirectoryEntry(destinationPath).Directory + "/" + stat.LinkTarget;
            destinationPath = CopyRules.Clean(target);
            stat = await StatAsync(engine, container, destinationPath, cancellation).ConfigureAwait(false);
        }

        if (stat is not null && (stat.Mode & GoModeIrregular) != 0)
        {
            throw Refused("destination must be a directory or a regular file", source, $"{container}:{containerPath}");
        }

        var sourceInfo = LocalSource(source, followLink);
        var destinationInfo = new CopyInfo(destinationPath, stat is not null, stat is not null && (stat.Mode & GoModeDirectory) != 0);
        var plan = CopyRules.Plan(sourceInfo, destinationInfo, out var refusal) ?? throw Refused(refusal!, source, $"{container}:{containerPath}");
        var local = new LocalArchive(CopyRules.Clean(sourceInfo.Path), plan.TopName, warn, progress.Report);
        using var body = new TarProducerStream(local.WriteAsync, cancellation);
        try
        {
            await EngineCallAsync(container, plan.Directory, () => engine.Client.Containers.ExtractArchiveToContainerAsync(container, new CopyToContainerParameters { Path = plan.Directory, AllowOverwriteDirWithFile = false }, body, cancellation)).ConfigureAwait(false);
        }
        catch (Exception) when (body.ProducerFailure is { } failure && failure is not OperationCanceledException)
        {
            throw failure is ErrorRecordException
                ? failure
                : new ErrorRecordException(new ErrorRecord(new IOException($"Cannot read '{source}': {failure.Message}", failure), "CopySourceUnreadable", ErrorCategory.ReadError, source));
        }

        progress.Complete();
    }

    /// <summary>
    /// Where a copy out lands, as docker cp reads a local destination: symbolic links at the path itself are followed;
    /// a path that does not exist needs a directory to be created in.
    /// </summary>
    internal static CopyInfo LocalDestination(string path)
    {
        var current = path;
        for (var followed = 0; followed <= MaxLinks; followed++)
        {
            var cleaned = CopyRules.Clean(current);
            var kind = UnixFiles.KindOf(cleaned);
            if (kind == UnixFiles.FileKind.SymbolicLink)
            {
                var target = UnixFiles.ReadLink(cleaned)!;
                var joined = target.StartsWith("/", StringComparison.Ordinal) ? target : CopyRules.DirectoryName(cleaned) + "/" + target;
                current = CopyRules.PreserveTrailingDotOrSeparator(CopyRules.Clean(joined), current);
                continue;
            }

            if (kind == UnixFiles.FileKind.Missing)
            {
                var parent = CopyRules.SplitDirectoryEntry(current).Directory;
                if (!Directory.Exists(parent))
                {
                    throw new ErrorRecordException(new ErrorRecord(new ItemNotFoundException($"Cannot copy to '{path}': the directory '{parent}' does not exist."), "DirectoryNotFound", ErrorCategory.ObjectNotFound, path));
                }

                return new CopyInfo(current, false, false);
            }

            if (kind != UnixFiles.FileKind.Directory && CopyRules.AssertsDirectory(current))
            {
                throw Refused("not a directory", path, path);
            }

            return new CopyInfo(current, true, kind == UnixFiles.FileKind.Directory);
        }

        throw Refused("too many symbolic links", path, path);
    }

    /// <summary>
    /// A local source as docker cp reads it: with -FollowLink a symbolic link is followed to what it names, and the
    /// copy keeps the link's own name; without, a link is copied as a link.
    /// </summary>
    internal static CopyInfo LocalSource(string path, bool followLink)
    {
        var resolved = path;
        string? rebaseName = null;
        if (followLink)
        {
            (resolved, rebaseName) = CopyRules.FollowedLink(path, RealPath(CopyRules.Clean(path)));
        }

        var kind = UnixFiles.KindOf(CopyRules.Clean(resolved));
        return kind == UnixFiles.FileKind.Missing
            ? throw new ErrorRecordException(new ErrorRecord(new ItemNotFoundException($"Cannot find path '{path}' because it does not exist."), "CopySourceNotFound", ErrorCategory.ObjectNotFound, path))
            : new CopyInfo(resolved, true, kind == UnixFiles.FileKind.Directory, rebaseName);
    }

    /// <summary>The path with every symbolic link on it followed; a dangling link stays where it points.</summary>
    private static string RealPath(string path)
    {
        var segments = path.Split('/');
        var current = path.StartsWith("/", StringComparison.Ordinal) ? "/" : ".";
        var hops = 0;
        var pending = new Stack<string>(Enumerable.Reverse(segments).Where(s => s.Length > 0));
        while (pending.Count > 0)
        {
            var segment = pending.Pop();
            var next = CopyRules.Clean(current + "/" + segment);
            if (UnixFiles.KindOf(next) == UnixFiles.FileKind.SymbolicLink && hops++ < 40)
            {
                var target = UnixFiles.ReadLink(next)!;
                if (target.StartsWith("/", StringComparison.Ordinal))
                {
                    current = "/";
                }

                foreach (var part in Enumerable.Reverse(target.Split('/')).Where(s => s.Length > 0))
                {
                    pending.Push(part);
                }

                continue;
            }

            current = next;
        }

        return current;
    }

    /// <summary>
    /// The engine's stat of a path in the container; null when the engine has none to give (HEAD's 404 has no body to
    /// tell a missing path from a missing container: the copy's own request says which).
    /// </summary>
    private static async Task<ContainerPathStatResponse?> StatAsync(DockerEngine engine, string container, string path, CancellationToken cancellation)
    {
        try
        {
            var response = await engine.Client.Containers.GetArchiveFromContainerAsync(container, new ContainerPathStatParameters { Path = path }, true, cancellation).ConfigureAwait(false);
            response.Stream?.Dispose();
            return response.Stat;
        }
        catch (DockerApiException e) when ((int)e.StatusCode == 404)
        {
            return null;
        }
        catch (DockerApiException e)
        {
            throw new ErrorRecordException(DockerErrors.Refusal(DockerObjectKind.Container, e, container));
        }
    }

    /// <summary>
    /// An engine call about a path in a container; its 404 says which is missing, the container or the path (Docker:
    /// "No such container:path", "Could not find the file"; Podman: "no such file or directory").
    /// </summary>
    private static async Task<T> EngineCallAsync<T>(string container, string path, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (DockerApiException e) when ((int)e.StatusCode == 404 && IsMissingPath(e))
        {
            throw new ErrorRecordException(new ErrorRecord(new ItemNotFoundException($"No such file or directory in the container {container}: {path}", e), "ContainerPathNotFound", ErrorCategory.ObjectNotFound, $"{container}:{path}"));
        }
        catch (DockerApiException e)
        {
            throw new ErrorRecordException(DockerErrors.Refusal(DockerObjectKind.Container, e, container));
        }
    }

    private static async Task EngineCallAsync(string container, string path, Func<Task> call) =>
        await EngineCallAsync(container, path, async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);

    private static bool IsMissingPath(DockerApiException refusal)
    {
        var said = DockerErrorMapper.DaemonMessage(refusal);
        return said.IndexOf("container:path", StringComparison.OrdinalIgnoreCase) >= 0
            || said.IndexOf("could not find the file", StringComparison.OrdinalIgnoreCase) >= 0
            || said.IndexOf("no such file or directory", StringComparison.OrdinalIgnoreCase) >= 0;
    }

    /// <summary>A copy docker cp refuses, in its words ("cannot copy directory", "no such directory").</summary>
    private static ErrorRecordException Refused(string reason, string source, string destination) =>
        new(new ErrorRecord(new InvalidOperationException($"Cannot copy '{source}' to '{destination}': {reason}."), "CopyRefused", ErrorCategory.InvalidOperation, destination));
}
