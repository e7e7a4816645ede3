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
public sealed class SaveDockerImageCommand : DockerArchiveWriterCmdlet
{
    private const int ProgressId = 1;

    private readonly List<string> names = new();
    private DockerEndpoint? endpoint;
    private bool saved;

    /// <summary>Images: repository (every tag of it), repository:tag, repository@digest or an id; or images from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("ImageName", "Reference")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ImageNameCompleter))]
    public DockerImageIdentity[] Name { get; set; } = Array.Empty<DockerImageIdentity>();

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
        if (names.Count == 0 || !ShouldProcess(Target, $"Save image{(names.Count == 1 ? string.Empty : "s")} {string.Join(", ", names)}"))
        {
            return;
        }

        // The engine of the images gathered, not of whatever object the pipeline bound last.
        RunOnEngine(endpoint!, SaveAsync);
        if (saved)
        {
            WriteArchiveWritten();
        }
    }

    private async Task SaveAsync(DockerEngine engine, CancellationToken cancellation)
    {
        EmitVerbose($"Saving {string.Join(", ", names)} to {Target}{(ImageSaver.Compresses(Target) ? " (gzip)" : string.Empty)}.");

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

        var progress = new ByteProgress(ProgressId, $"Saving to {Target}", "Saved", null, EmitProgress);
        await ImageSaver.SaveAsync(engine, names, Target, Force, progress, cancellation).ConfigureAwait(false);
        saved = true;
    }
}
