using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using DockerPS.Archives;
using DockerPS.Cmdlets;
using DockerPS.Completion;
using DockerPS.Engine;
using DockerPS.Errors;
using DockerPS.Images;

namespace DockerPS.Commands;

/// <summary>
/// docker save: writes images, with their tags, into one tar archive, gzip-compressed when the file name ends
/// in .gz or .tgz. Images from the pipeline are gathered and saved together at the end. The archive streams
/// into a hidden file beside the target, is checked to be whole, and only then takes the target's name.
/// </summary>
[Cmdlet(VerbsData.Save, "DockerImage", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
[OutputType(typeof(FileInfo))]
public sealed class SaveDockerImageCommand : DockerEngineCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const int ProgressId = 1;

    private readonly List<string> names = new();
    private DockerEndpoint? endpoint;
    private string target = string.Empty;
    private bool saved;

    /// <summary>Images: repository (every tag of it), repository:tag, repository@digest or an id; DockerImage objects from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("ImageName", "Reference")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ImageNameCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>The archive file to write, relative to the current location; a name ending in .gz or .tgz compresses it.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>The archive file to write, taken as it is: no wildcard characters.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string LiteralPath { get; set; } = string.Empty;

    /// <summary>Replace the file if it exists.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Write the archive's FileInfo to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private bool Compress =>
        target.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) || target.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase);

    /// <summary>Everything wrong with the target is found before any image is gathered.</summary>
    protected override void BeginProcessing()
    {
        var literal = ParameterSetName == LiteralPathSet;
        var path = literal ? LiteralPath : Path;
        try
        {
            target = ArchivePaths.ResolveTarget(SessionState, path, literal);
        }
        catch (ArgumentException e)
        {
            ThrowFailure(e, "InvalidArchivePath", path);
        }
        catch (SessionStateException e)
        {
            ThrowTerminatingError(new ErrorRecord(e.ErrorRecord, e));
        }

        var directory = System.IO.Path.GetDirectoryName(target);
        if (Directory.Exists(target) || directory is null)
        {
            ThrowFailure(new ArgumentException($"'{target}' is a directory; give the path of the archive file to write."), "InvalidArchivePath", path);
        }

        if (!Directory.Exists(directory))
        {
            ThrowFailure(new ItemNotFoundException($"Cannot save to '{target}': the directory '{directory}' does not exist."), "DirectoryNotFound", path);
        }

        if (File.Exists(target) && !Force)
        {
            ThrowTerminatingError(ArchiveErrors.Exists(target));
        }
    }

    protected override void ProcessRecord()
    {
        DockerEndpoint current;
        try
        {
            current = ResolveEndpoint();
        }
        catch (DockerEndpointException e)
        {
            ThrowFailure(e, null, Name);
            return;
        }

        endpoint ??= current;
        if (!endpoint.Equals(current))
        {
            ThrowFailure(new ArgumentException($"{string.Join(", ", Name)} is on the engine at {current}, the images before it on {endpoint}: an archive holds images of one engine."), "ImagesOnSeveralEngines", Name);
        }

        foreach (var name in Name)
        {
            if (!names.Contains(name))
            {
                names.Add(name);
            }
        }
    }

    protected override void EndProcessing()
    {
        if (names.Count == 0 || !ShouldProcess(target, $"Save image{(names.Count == 1 ? string.Empty : "s")} {string.Join(", ", names)}"))
        {
            return;
        }

        RunAsync(SaveAsync);
        if (saved && PassThru)
        {
            foreach (var item in InvokeProvider.Item.Get(new[] { target }, false, true))
            {
                Emit(item);
            }
        }
    }

    private async Task SaveAsync(CancellationToken cancellation)
    {
        // The engine of the images gathered, not of whatever object the pipeline bound last.
        var engine = await ConnectAsync(endpoint!, cancellation).ConfigureAwait(false);
        EmitVerbose($"Saving {string.Join(", ", names)} to {target}{(Compress ? " (gzip)" : string.Empty)}.");

        // Every name is checked first, so that a missing one writes nothing rather than an archive without it.
        var images = await ImageLookup.ListAsync(engine, all: true, new EngineFilters(), cancellation).ConfigureAwait(false);
        var missing = false;
        foreach (var name in names)
        {
            var match = ReferenceMatcher.Images(name, images);
            if (match.Ambiguity is not null)
            {
                EmitError(new ArgumentException(match.Ambiguity), "AmbiguousImageReference", name);
                missing = true;
            }
            else if (match.Matches.Count == 0)
            {
                EmitError(new ItemNotFoundException($"No such image: {name}"), "ImageNotFound", name);
                missing = true;
            }
        }

        if (missing)
        {
            return;
        }

        AtomicFile file;
        try
        {
            file = AtomicFile.Create(target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ErrorRecordException(ArchiveErrors.NotWritable(System.IO.Path.GetDirectoryName(target)!, e));
        }

        using (file)
        {
            var progress = new ByteProgress(ProgressId, $"Saving to {target}", "Saved", null, EmitProgress);
            try
            {
                await WriteArchiveAsync(engine, file.Stream, progress, cancellation).ConfigureAwait(false);
            }
            catch (Exception e) when (cancellation.IsCancellationRequested && e is not OperationCanceledException)
            {
                // Ctrl+C disposed the engine's stream under a pending read.
                throw new OperationCanceledException(cancellation);
            }
            finally
            {
                progress.Complete();
            }

            try
            {
                file.Commit(Force);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw WriteFailed(e);
            }
        }

        saved = true;
    }

    private async Task WriteArchiveAsync(DockerEngine engine, FileStream file, ByteProgress progress, CancellationToken cancellation)
    {
        using var archive = await engine.Client.Images.SaveImagesAsync(names.ToArray(), cancellation).ConfigureAwait(false);

        // The stream need not honour the token while the engine prepares the export; disposing it ends any read.
        using var abort = cancellation.Register(archive.Dispose);
        var gzip = Compress ? new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true) : null;
        try
        {
            await SavedArchiveCheck.ReadToEndAsync(new CopyingReadStream(archive, (Stream?)gzip ?? file, WriteFailed, progress.Report), cancellation).ConfigureAwait(false);
            try
            {
                // Closing the gzip stream writes its last block and trailer.
                gzip?.Dispose();
                await file.FlushAsync(cancellation).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw WriteFailed(e);
            }
        }
        finally
        {
            try
            {
                gzip?.Dispose();
            }
            catch (IOException)
            {
                // After a failure the file is deleted; the trailer that could not be written does not matter.
            }
        }
    }

    private Exception WriteFailed(Exception reason) => new ErrorRecordException(ArchiveErrors.WriteFailed(target, reason));
}
