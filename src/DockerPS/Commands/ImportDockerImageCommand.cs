using DockerPS.Archives;
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

    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private ImageReference? repository;

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
            ThrowFailure(DockerErrors.InvalidImageReference(e, Repository));
        }

        if (repository.Digest is not null)
        {
            ThrowFailure(DockerErrors.InvalidImageReference(new ArgumentException($"a new image's name cannot be a digest: {Repository}"), Repository));
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
                    WriteVerbose($"{file} came down the pipeline before; an archive is loaded once.");
                }
                else if (ShouldProcess(file, "Load images"))
                {
                    RunOnEngine(async (engine, cancellation) => Write(await new ImageLoader(engine, EmitProgress).LoadAsync(file, cancellation).ConfigureAwait(false)));
                }
            }
        }
    }

    private void ImportRootFileSystem()
    {
        IReadOnlyList<string> files;
        try
        {
            files = ArchivePaths.ResolveExisting(SessionState, RootFileSystem, literal: true);
        }
        catch (Exception e) when (ArchivePaths.IsPathFailure(e))
        {
            throw new ErrorRecordException(ArchivePaths.Unreadable(e, RootFileSystem));
        }

        var file = files[0];
        if (ShouldProcess(file, $"Create image {repository?.ToString() ?? "(untagged)"} from the root file system"))
        {
            RunOnEngine(async (engine, cancellation) =>
                Write(await new ImageLoader(engine, EmitProgress).ImportAsync(file, repository, Change, Message, cancellation).ConfigureAwait(false)));
        }
    }

    private IReadOnlyList<string> Resolve(string path, bool literal)
    {
        try
        {
            return ArchivePaths.ResolveExisting(SessionState, path, literal);
        }
        catch (Exception e) when (ArchivePaths.IsPathFailure(e))
        {
            WriteError(ArchivePaths.Unreadable(e, path));
            return Array.Empty<string>();
        }
    }

    /// <summary>The engine's remarks, the images, and for a failure what its rollback did and why it failed.</summary>
    private void Write(LoadOutcome outcome)
    {
        outcome.Remarks.ForEach(EmitVerbose);
        outcome.Images.ForEach(Emit);
        foreach (var (warning, text) in outcome.Notes)
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

        if (outcome.Failure is { } failure)
        {
            EmitError(failure);
        }
    }
}
