using System.IO;
using DockerPS.Archives;
using DockerPS.Completion;
using DockerPS.Lookup;

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

    /// <summary>Images: repository (every tag of it), repository:tag, repository@digest or an id; or images from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("ImageName", "Reference")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ImageNameCompleter))]
    public DockerImageIdentity[] Name { get; set; } = Array.Empty<DockerImageIdentity>();

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
            ThrowFailure(new ErrorRecord(e.ErrorRecord, e));
        }

        if (OutputTarget.Refusal(target, path, Force) is { } refusal)
        {
            ThrowFailure(refusal);
        }
    }

    protected override void ProcessRecord()
    {
        foreach (var image in Accepted(Name))
        {
            var current = EndpointFor(image);
            endpoint ??= current;
            if (!endpoint.Equals(current))
            {
                ThrowFailure(new ArgumentException($"{image} is on the engine at {current}, the images before it on {endpoint}: an archive holds images of one engine."), "ImagesOnSeveralEngines", image.Reference);
            }

            if (!names.Contains(image.Reference))
            {
                names.Add(image.Reference);
            }
        }
    }

    protected override void EndProcessing()
    {
        if (names.Count == 0 || !ShouldProcess(target, $"Save image{(names.Count == 1 ? string.Empty : "s")} {string.Join(", ", names)}"))
        {
            return;
        }

        // The engine of the images gathered, not of whatever object the pipeline bound last.
        RunOnEngine(endpoint!, SaveAsync);
        if (saved && PassThru)
        {
            foreach (var item in InvokeProvider.Item.Get(new[] { target }, false, true))
            {
                WriteObject(item);
            }
        }
    }

    private async Task SaveAsync(DockerEngine engine, CancellationToken cancellation)
    {
        EmitVerbose($"Saving {string.Join(", ", names)} to {target}{(ImageSaver.Compresses(target) ? " (gzip)" : string.Empty)}.");

        // Every name is checked first, so that a missing one writes nothing rather than an archive without it.
        var images = await ImageLookup.ListAsync(engine, all: true, new EngineFilters(), cancellation).ConfigureAwait(false);
        var missing = false;
        foreach (var name in names)
        {
            var match = ReferenceMatcher.Images(name, images);
            if (match.Ambiguity is not null || match.Matches.Count == 0)
            {
                EmitError(match.Ambiguity is null ? DockerErrors.NotFound(DockerObjectKind.Image, name) : DockerErrors.Ambiguous(DockerObjectKind.Image, name, match.Ambiguity));
                missing = true;
            }
        }

        if (missing)
        {
            return;
        }

        var progress = new ByteProgress(ProgressId, $"Saving to {target}", "Saved", null, EmitProgress);
        await ImageSaver.SaveAsync(engine, names, target, Force, progress, cancellation).ConfigureAwait(false);
        saved = true;
    }
}
