using System.IO;
using DockerPS.Archives;

namespace DockerPS.Commands;

/// <summary>
/// Lists the images in archives made by docker save or Save-DockerImage without loading them and without
/// extracting anything: tags, id and layers, read in one pass through the (plain or gzip) tar.
/// </summary>
[Cmdlet(VerbsCommon.Get, "DockerImageArchive", DefaultParameterSetName = LiteralPathSet)]
[OutputType(typeof(DockerImageArchiveEntry))]
public sealed class GetDockerImageArchiveCommand : DockerCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    /// <summary>Archive files, relative to the current location; wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [DockerObjectsAsText("an archive path", "DockerImageArchiveEntry.ArchivePath")]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>Archive files taken as they are; bound from the PSPath or FullName of files from Get-ChildItem.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP", "FullName", "ArchivePath")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    protected override void ProcessRecord()
    {
        var literal = ParameterSetName == LiteralPathSet;
        foreach (var path in literal ? LiteralPath : Path)
        {
            IReadOnlyList<string> files;
            try
            {
                files = ArchivePaths.ResolveExisting(SessionState, path, literal);
            }
            catch (Exception e) when (ArchivePaths.IsPathFailure(e))
            {
                EmitError(ArchivePaths.Unreadable(e, path));
                continue;
            }

            foreach (var file in files)
            {
                RunAsync(cancellation => ReadAsync(file, cancellation));
            }
        }
    }

    private async Task ReadAsync(string file, CancellationToken cancellation)
    {
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 65536, FileOptions.SequentialScan);
            foreach (var image in await ImageArchiveReader.ReadAsync(stream, file, cancellation).ConfigureAwait(false))
            {
                Emit(image);
            }
        }
        catch (InvalidDataException e)
        {
            EmitError(ArchiveErrors.Invalid(new InvalidDataException($"'{file}' is not an image archive docker load can read: {e.Message}", e), file));
        }
        catch (NotSupportedException e)
        {
            EmitError(new ErrorRecord(e, "UnsupportedArchiveCompression", ErrorCategory.NotImplemented, file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            EmitError(ArchiveErrors.ReadFailed(file, e));
        }
    }
}
