using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Archives;
using DockerPS.Cmdlets;
using DockerPS.Engine;
using DockerPS.Errors;
using DockerPS.Images;

namespace DockerPS.Commands;

/// <summary>
/// docker load: loads every image of archives made by docker save or Save-DockerImage (plain or compressed,
/// streamed from the file) and returns them; a load that fails removes the images it added. With
/// -RootFileSystem, docker import: a root file system tarball becomes a new image.
/// </summary>
[Cmdlet(VerbsData.Import, "DockerImage", SupportsShouldProcess = true, DefaultParameterSetName = LiteralPathSet)]
[OutputType(typeof(DockerImage))]
public sealed class ImportDockerImageCommand : DockerEngineCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const string RootFileSystemSet = "RootFileSystem";
    private const int ProgressId = 1;

    // After Ctrl+C the rollback still gets this long: enough to remove a few images, not enough to seem hung.
    private static readonly TimeSpan RollbackTimeout = TimeSpan.FromSeconds(30);

    // Words of the engine's errors when the archive, not the engine, is at fault: tar, gzip and JSON errors,
    // files the manifest names but the archive lacks, layers that do not match their digest.
    private static readonly string[] ArchiveFaults =
    {
        "tar", "EOF", "gzip", "json", "manifest", "diffid", "invalid", "unexpected", "no such file", "checksum",
    };

    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private ImageReference? repository;

    /// <summary>Archive files, relative to the current location; wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>Archive files taken as they are; bound from the PSPath or FullName of files from Get-ChildItem.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP", "FullName", "ArchivePath")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary>
    /// A tarball of a root file system (docker import), taken as it is; plain or compressed. Pipeline input by
    /// property name only keeps the binder from settling on -Path for piped files: a set with a mandatory
    /// parameter the pipeline cannot fill makes it fall back to the set that takes input by value.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = RootFileSystemSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string RootFileSystem { get; set; } = string.Empty;

    /// <summary>repository[:tag] for the new image (latest when no tag); without it the image is untagged.</summary>
    [Parameter(ParameterSetName = RootFileSystemSet)]
    [ValidateNotNullOrEmpty]
    public string? Repository { get; set; }

    /// <summary>Dockerfile instructions applied to the new image: 'CMD ["/bin/sh"]', 'ENV MODE=prod', 'EXPOSE 80'.</summary>
    [Parameter(ParameterSetName = RootFileSystemSet)]
    [ValidateNotNullOrEmpty]
    public string[]? Change { get; set; }

    /// <summary>The commit message of the new image's history entry.</summary>
    [Parameter(ParameterSetName = RootFileSystemSet)]
    public string? Message { get; set; }

    protected override void BeginProcessing()
    {
        if (Repository is null)
        {
            return;
        }

        try
        {
            repository = ImageReference.Parse(Repository);
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "InvalidImageReference", ErrorCategory.InvalidArgument, Repository));
        }

        if (repository!.Digest is not null)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException($"a new image's name cannot be a digest: {Repository}"), "InvalidImageReference", ErrorCategory.InvalidArgument, Repository));
        }
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == RootFileSystemSet)
        {
            ImportRootFileSystem();
            return;
        }

        var literal = ParameterSetName == LiteralPathSet;
        foreach (var path in literal ? LiteralPath : Path)
        {
            foreach (var file in Resolve(path, literal))
            {
                // Get-DockerImageArchive writes one object per image: an archive of three comes three times.
                if (!seen.Add(file))
                {
                    EmitVerbose($"{file} came down the pipeline before; an archive is loaded once.");
                }
                else if (ShouldProcess(file, "Load images"))
                {
                    RunAsync(cancellation => LoadAsync(file, cancellation));
                }
            }
        }
    }

    private IReadOnlyList<string> Resolve(string path, bool literal)
    {
        try
        {
            return ArchivePaths.ResolveExisting(SessionState, path, literal);
        }
        catch (Exception e) when (e is ArgumentException or SessionStateException)
        {
            EmitError(e, e is ItemNotFoundException ? "ArchiveNotFound" : "InvalidArchivePath", path);
            return Array.Empty<string>();
        }
    }

    private async Task LoadAsync(string file, CancellationToken cancellation)
    {
        if (OpenOrReport(file) is not { } stream)
        {
            return;
        }

        using (stream)
        {
            var engine = await ConnectAsync(cancellation).ConfigureAwait(false);
            var before = await engine.Client.Images.ListImagesAsync(new ImagesListParameters { All = true }, cancellation).ConfigureAwait(false);

            // Read beside the upload, from a second handle: which images the archive holds, and whether it is whole.
            var scan = Task.Run(() => ScanAsync(file, cancellation));
            var messages = new LoadMessages(new PullProgress($"Loading {file}", ProgressId, EmitProgress));
            var sent = new ByteProgress(ProgressId, $"Loading {file}", "Sent", stream.Length, EmitProgress);
            Exception? failure = null;
            try
            {
                await engine.Client.Images.LoadImageAsync(
                    new ImageLoadParameters { Quiet = false },
                    new UploadStream(stream, sent.Report, cancellation),
                    messages,
                    cancellation).ConfigureAwait(false);
                messages.Progress.ThrowIfFailed();
            }
            catch (Exception e)
            {
                failure = e;
            }

            var (images, fault) = await scan.ConfigureAwait(false);
            if (failure is null)
            {
                messages.Progress.Complete();
                foreach (var remark in messages.Remarks)
                {
                    EmitVerbose(remark);
                }

                await EmitLoadedAsync(engine, images, messages, cancellation).ConfigureAwait(false);
                return;
            }

            var notes = await RollBackAsync(engine, before, images, messages, cancellation).ConfigureAwait(false);
            cancellation.ThrowIfCancellationRequested();
            if (failure is DockerEngineUnreachableException)
            {
                throw failure;
            }

            messages.Progress.Complete();
            foreach (var (warning, text) in notes)
            {
                if (warning)
                {
                    EmitWarning(text);
                }
                else
                {
                    EmitVerbose(text);
                }
            }

            EmitError(Explain(failure, fault, file));
        }
    }

    private static async Task<(IReadOnlyList<DockerImageArchiveEntry> Images, Exception? Fault)> ScanAsync(string file, CancellationToken cancellation)
    {
        try
        {
            using var stream = OpenRead(file);
            return (await ImageArchiveReader.ReadAsync(stream, file, cancellation).ConfigureAwait(false), null);
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            return (Array.Empty<DockerImageArchiveEntry>(), e);
        }
    }

    /// <summary>
    /// The loaded images as Get-DockerImage shows them, under the tags the archive gave them. The archive's own
    /// list comes first; the engine's messages cover archives this reader cannot read, and engines whose image
    /// ids are not config digests.
    /// </summary>
    private async Task EmitLoadedAsync(DockerEngine engine, IReadOnlyList<DockerImageArchiveEntry> archived, LoadMessages messages, CancellationToken cancellation)
    {
        var listing = await ImageLookup.ListAsync(engine, all: true, new EngineFilters(), cancellation).ConfigureAwait(false);
        var tags = new HashSet<string>(archived.SelectMany(image => image.RepoTags).Concat(messages.Tags).Select(ReferenceMatcher.Normalize), StringComparer.Ordinal);
        var ids = archived.Select(image => image.ImageId)
            .Concat(messages.Ids)
            .Concat(listing.Where(image => tags.Contains(ReferenceMatcher.Normalize(image.Name))).Select(image => image.Id))
            .Distinct(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var rows = listing.Where(image => image.Id == id).ToList();
            var tagged = rows.Where(image => tags.Contains(ReferenceMatcher.Normalize(image.Name))).ToList();
            foreach (var image in tagged.Count > 0 ? tagged : rows)
            {
                Emit(image);
            }
        }
    }

    /// <summary>
    /// Removes the images a failed load added (new since the load began, and named by the archive or by the
    /// engine's messages, so that nobody else's new image goes), and gives back the tags they took from images
    /// that were there before. Returns what it did, as verbose notes and warnings.
    /// </summary>
    private static async Task<List<(bool Warning, string Text)>> RollBackAsync(
        DockerEngine engine,
        IList<ImagesListResponse> before,
        IReadOnlyList<DockerImageArchiveEntry> archived,
        LoadMessages messages,
        CancellationToken cancellation)
    {
        // After Ctrl+C the pipeline's token is spent, yet what the load added must still go.
        using var timeout = cancellation.IsCancellationRequested ? new CancellationTokenSource(RollbackTimeout) : null;
        var token = timeout?.Token ?? cancellation;
        var notes = new List<(bool Warning, string Text)>();
        var after = await engine.Client.Images.ListImagesAsync(new ImagesListParameters { All = true }, token).ConfigureAwait(false);
        var existed = new HashSet<string>(before.Select(image => image.ID), StringComparer.Ordinal);
        var named = new HashSet<string>(archived.Select(image => image.ImageId).Concat(messages.Ids), StringComparer.Ordinal);
        var reportedTags = new HashSet<string>(messages.Tags.Select(ReferenceMatcher.Normalize), StringComparer.Ordinal);
        var added = after
            .Where(image => !existed.Contains(image.ID)
                && (named.Contains(image.ID) || (image.RepoTags ?? new List<string>()).Any(tag => reportedTags.Contains(ReferenceMatcher.Normalize(tag)))))
            .ToList();

        foreach (var image in added)
        {
            try
            {
                await engine.Client.Images.DeleteImageAsync(image.ID, new ImageDeleteParameters { Force = true }, token).ConfigureAwait(false);
                notes.Add((false, $"Removed {image.ID}, which the failed load had added."));
            }
            catch (DockerApiException e)
            {
                notes.Add((true, $"The failed load added {image.ID}, which could not be removed: {DockerErrorMapper.DaemonMessage(e)}"));
            }
        }

        foreach (var tag in added.SelectMany(image => image.RepoTags ?? new List<string>()).Where(tag => tag != "<none>:<none>"))
        {
            var owner = before.FirstOrDefault(image => (image.RepoTags ?? new List<string>()).Contains(tag) && after.Any(still => still.ID == image.ID));
            if (owner is null)
            {
                continue;
            }

            var (name, tagName) = ModelMapper.SplitTag(tag);
            try
            {
                await engine.Client.Images.TagImageAsync(owner.ID, new ImageTagParameters { RepositoryName = name, Tag = tagName }, token).ConfigureAwait(false);
                notes.Add((false, $"Gave {tag} back to {owner.ID}."));
            }
            catch (DockerApiException e)
            {
                notes.Add((true, $"The failed load took {tag} from {owner.ID}, and it could not be given back: {DockerErrorMapper.DaemonMessage(e)}"));
            }
        }

        return notes;
    }

    /// <summary>A damaged archive is the archive's fault (InvalidData), whether this reader or the engine found it so.</summary>
    private static ErrorRecord Explain(Exception failure, Exception? fault, string file)
    {
        var engineSaid = failure is DockerApiException api ? DockerErrorMapper.DaemonMessage(api) : failure.Message;
        if (fault is InvalidDataException damaged)
        {
            return ArchiveErrors.Invalid(new InvalidDataException($"'{file}' is not an image archive docker load can read: {damaged.Message} (the engine said: {engineSaid})", failure), file);
        }

        if (failure is DockerApiException or DockerStreamException
            && ArchiveFaults.Any(words => engineSaid.IndexOf(words, StringComparison.OrdinalIgnoreCase) >= 0))
        {
            return ArchiveErrors.Invalid(new InvalidDataException($"The engine could not load '{file}': {engineSaid}", failure), file);
        }

        return DockerErrorMapper.ToErrorRecord(failure, null, file);
    }

    private void ImportRootFileSystem()
    {
        IReadOnlyList<string> files;
        try
        {
            files = ArchivePaths.ResolveExisting(SessionState, RootFileSystem, literal: true);
        }
        catch (Exception e) when (e is ArgumentException or SessionStateException)
        {
            ThrowFailure(e, e is ItemNotFoundException ? "ArchiveNotFound" : "InvalidArchivePath", RootFileSystem);
            return;
        }

        var file = files[0];
        if (!ShouldProcess(file, $"Create image {repository?.ToString() ?? "(untagged)"} from the root file system"))
        {
            return;
        }

        RunAsync(async cancellation =>
        {
            if (OpenOrReport(file) is not { } stream)
            {
                return;
            }

            using (stream)
            {
                var engine = await ConnectAsync(cancellation).ConfigureAwait(false);
                var progress = new PullProgress($"Importing {file}", ProgressId, EmitProgress);
                var sent = new ByteProgress(ProgressId, $"Importing {file}", "Sent", stream.Length, EmitProgress);
                try
                {
                    await engine.Client.Images.CreateImageAsync(
                        new ImagesCreateParameters { Repo = repository?.Repository, Tag = repository?.TagOrDigest, Message = Message, Changes = Change },
                        new UploadStream(stream, sent.Report, cancellation),
                        null,
                        progress,
                        cancellation).ConfigureAwait(false);
                    progress.ThrowIfFailed();
                }
                catch (Exception e) when (e is not OperationCanceledException and not DockerEngineUnreachableException && !cancellation.IsCancellationRequested)
                {
                    progress.Complete();
                    EmitError(Explain(e, null, file));
                    return;
                }

                progress.Complete();

                // The engine's last word is the new image's id.
                var id = progress.LastStatus;
                foreach (var image in (await ImageLookup.ListAsync(engine, all: true, new EngineFilters(), cancellation).ConfigureAwait(false)).Where(image => image.Id == id))
                {
                    Emit(image);
                }
            }
        });
    }

    /// <summary>Opens the file to upload; a file that cannot be read is this file's error, not the cmdlet's.</summary>
    private FileStream? OpenOrReport(string file)
    {
        try
        {
            return OpenRead(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            EmitError(ArchiveErrors.ReadFailed(file, e));
            return null;
        }
    }

    private static FileStream OpenRead(string file) =>
        new(file, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan);
}
