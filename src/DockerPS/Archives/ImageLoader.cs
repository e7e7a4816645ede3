using System.IO;
using Docker.DotNet.Models;
using DockerPS.Images;
using DockerPS.Lookup;

namespace DockerPS.Archives;

/// <summary>
/// docker load and docker import from files, streamed. A load that fails is rolled back (the images it added
/// removed, the tags it took given back) and its failure classified: a damaged archive is the archive's fault,
/// whether this reader or the engine found it so.
/// </summary>
internal sealed class ImageLoader
{
    private const int ProgressId = 1;

    // Words of the engine's errors when the archive, not the engine, is at fault: tar, gzip and JSON errors,
    // files the manifest names but the archive lacks, layers that do not match their digest.
    private static readonly string[] ArchiveFaults =
    {
        "tar", "EOF", "gzip", "json", "manifest", "diffid", "invalid", "unexpected", "no such file", "checksum",
    };

    private readonly DockerEngine engine;
    private readonly Action<ProgressRecord> progress;

    public ImageLoader(DockerEngine engine, Action<ProgressRecord> progress)
    {
        this.engine = engine;
        this.progress = progress;
    }

    /// <summary>Loads every image of an archive made by docker save (plain or compressed) and reads them back.</summary>
    public async Task<LoadOutcome> LoadAsync(string file, CancellationToken cancellation)
    {
        var outcome = new LoadOutcome();
        using var stream = OpenOrReport(file, outcome);
        if (stream is null)
        {
            return outcome;
        }

        var before = await engine.Client.Images.ListImagesAsync(new ImagesListParameters { All = true }, cancellation).ConfigureAwait(false);

        // Read beside the upload, from a second handle: which images the archive holds, and whether it is whole.
        var scan = Task.Run(() => ScanAsync(file, cancellation));
        var messages = new LoadMessages(new PullProgress($"Loading {file}", ProgressId, progress));
        var sent = new ByteProgress(ProgressId, $"Loading {file}", "Sent", stream.Length, progress);
        Exception? failure = null;
        try
        {
            await engine.BurstClient.Images.LoadImageAsync(
                new ImageLoadParameters { Quiet = false },
                new UploadStream(stream, file, sent.Report, cancellation),
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
            outcome.Remarks.AddRange(messages.Remarks);
            outcome.Images.AddRange(await LoadedAsync(images, messages, cancellation).ConfigureAwait(false));
            return outcome;
        }

        try
        {
            await new LoadRollback(engine, before, outcome).RunAsync(images, messages, cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DockerEngineUnreachableException || EngineConnectionLostException.Describes(e))
        {
            outcome.Notes.Add((true, $"The failed load could not be undone: the engine stopped answering ({e.Message}). Check the images it may have added with Get-DockerImage."));
        }

        cancellation.ThrowIfCancellationRequested();

        // A damaged archive is the archive's fault even when the engine hung up on it.
        if (failure is DockerEngineUnreachableException || EngineConnectionLostException.Describes(failure) && fault is not InvalidDataException)
        {
            throw failure;
        }

        messages.Progress.Complete();
        outcome.Failure = Explain(failure, fault, file, "load");
        return outcome;
    }

    /// <summary>docker import: a root file system tarball (plain or compressed) becomes a new image.</summary>
    public async Task<LoadOutcome> ImportAsync(string file, ImageReference? repository, IList<string>? changes, string? message, CancellationToken cancellation)
    {
        var outcome = new LoadOutcome();
        using var stream = OpenOrReport(file, outcome);
        if (stream is null)
        {
            return outcome;
        }

        var import = new PullProgress($"Importing {file}", ProgressId, progress);
        var sent = new ByteProgress(ProgressId, $"Importing {file}", "Sent", stream.Length, progress);
        try
        {
            await engine.BurstClient.Images.CreateImageAsync(
                new ImagesCreateParameters { Repo = repository?.Repository, Tag = repository?.TagOrDigest, Message = message, Changes = changes },
                new UploadStream(stream, file, sent.Report, cancellation),
                null,
                import,
                cancellation).ConfigureAwait(false);
            import.ThrowIfFailed();
        }
        catch (Exception e) when (e is not OperationCanceledException and not DockerEngineUnreachableException && !EngineConnectionLostException.Describes(e) && !cancellation.IsCancellationRequested)
        {
            import.Complete();
            outcome.Failure = Explain(e, null, file, "import");
            return outcome;
        }

        import.Complete();

        // The engine's last word is the new image's id.
        var id = import.LastStatus;
        outcome.Images.AddRange((await ImageLookup.ListAsync(engine, all: true, new EngineFilters(), cancellation).ConfigureAwait(false)).Where(image => image.Id == id));
        return outcome;
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
    private async Task<IEnumerable<DockerImage>> LoadedAsync(IReadOnlyList<DockerImageArchiveEntry> archived, LoadMessages messages, CancellationToken cancellation)
    {
        var listing = await ImageLookup.ListAsync(engine, all: true, new EngineFilters(), cancellation).ConfigureAwait(false);
        var tags = new HashSet<string>(archived.SelectMany(image => image.RepoTags).Concat(messages.Tags).Select(ImageReference.Normalize), StringComparer.Ordinal);
        bool Tagged(DockerImage image) => tags.Contains(ImageReference.Normalize(image.Name));
        var ids = archived.Select(image => image.ImageId)
            .Concat(messages.Ids)
            .Concat(listing.Where(Tagged).Select(image => image.Id))
            .Distinct(StringComparer.Ordinal);
        return ids.SelectMany(id =>
        {
            var rows = listing.Where(image => image.Id == id).ToList();
            var tagged = rows.Where(Tagged).ToList();
            return tagged.Count > 0 ? tagged : rows;
        }).ToList();
    }

    /// <summary>A damaged archive is the archive's fault (InvalidData), whether this reader or the engine found it so.</summary>
    private static ErrorRecord Explain(Exception failure, Exception? fault, string file, string doing)
    {
        var engineSaid = failure is DockerApiException api ? DockerErrorMapper.DaemonMessage(api) : failure.Message;
        if (fault is InvalidDataException damaged)
        {
            return ArchiveErrors.Invalid(new InvalidDataException($"'{file}' is not an image archive docker load can read: {damaged.Message} (the engine said: {engineSaid})", failure), file);
        }

        if (failure is DockerApiException or DockerStreamException
            && ArchiveFaults.Any(words => engineSaid.IndexOf(words, StringComparison.OrdinalIgnoreCase) >= 0))
        {
            return ArchiveErrors.Invalid(new InvalidDataException($"The engine could not {doing} '{file}': {engineSaid}", failure), file);
        }

        return DockerErrorMapper.ToErrorRecord(failure, null, file);
    }

    /// <summary>Opens the file to upload; a file that cannot be read is this file's failure, not the cmdlet's.</summary>
    private static FileStream? OpenOrReport(string file, LoadOutcome outcome)
    {
        try
        {
            return OpenRead(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            outcome.Failure = ArchiveErrors.ReadFailed(file, e);
            return null;
        }
    }

    private static FileStream OpenRead(string file) =>
        new(file, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan);
}

/// <summary>What a load or import did: the images it made, the engine's remarks, and on failure the error and what the rollback did.</summary>
internal sealed class LoadOutcome
{
    public List<DockerImage> Images { get; } = new();

    /// <summary>The engine's other lines, for -Verbose.</summary>
    public List<string> Remarks { get; } = new();

    /// <summary>What the rollback of a failed load did: warnings where it could not undo something.</summary>
    public List<(bool Warning, string Text)> Notes { get; } = new();

    public ErrorRecord? Failure { get; set; }
}
