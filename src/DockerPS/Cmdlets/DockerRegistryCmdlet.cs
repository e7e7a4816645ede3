using Docker.DotNet.Models;
using DockerPS.Completion;
using DockerPS.Images;
using DockerPS.Registry;

namespace DockerPS.Cmdlets;

/// <summary>
/// A transfer between the engine and a registry (pull, push): references, credentials, progress and the images
/// it leaves. Each image's failure is its own non-terminating error; the next one is still transferred.
/// </summary>
public abstract class DockerRegistryCmdlet : DockerEngineCmdlet
{
    // Each image transferred gets its own block of progress activity ids, so their bars never mix.
    private const int ProgressIdsPerImage = 1000;
    private int nextProgressId = 1;

    /// <summary>name, name:tag or host:port/project/name:tag (without a tag, latest), or images from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("ImageName", "Reference")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ImageNameCompleter))]
    public DockerImageIdentity[] Name { get; set; } = Array.Empty<DockerImageIdentity>();

    /// <summary>Every tag of the repository (docker pull -a, docker push -a).</summary>
    [Parameter]
    public SwitchParameter AllTags { get; set; }

    /// <summary>Registry credentials; without them, the docker config's (credential helpers or auths).</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>"pull from" or "push to", for messages.</summary>
    private protected abstract string Direction { get; }

    /// <summary>"Pulling" or "Pushing", for progress.</summary>
    private protected abstract string Activity { get; }

    protected override void ProcessRecord()
    {
        foreach (var image in Accepted(Name))
        {
            // A container's image goes by the name it was run by: the registry knows no engine's image ids.
            var name = image.ImageName ?? image.Reference;
            if (TryParseReference(name, out var reference) && ShouldProcess(Target(reference), Action(reference)))
            {
                RunOnEngine(image, (engine, cancellation) => TransferAsync(engine, name, reference, cancellation));
            }
        }
    }

    /// <summary>What ShouldProcess says is about to happen to the reference.</summary>
    private protected abstract string Action(ImageReference reference);

    /// <summary>Whether the reference suits this transfer; when not, a non-terminating error says why.</summary>
    private protected virtual bool Accepts(string name, ImageReference reference) => true;

    /// <summary>The transfer itself, reporting to the progress it is given; a failure inside the stream is thrown.</summary>
    private protected abstract Task MoveAsync(DockerEngine engine, ImageReference reference, AuthConfig? credentials, PullProgress progress, CancellationToken cancellation);

    /// <summary>The images to write once the transfer has ended.</summary>
    private protected abstract Task<IEnumerable<DockerImage>> ResultAsync(DockerEngine engine, ImageReference reference, CancellationToken cancellation);

    private async Task TransferAsync(DockerEngine engine, string name, ImageReference reference, CancellationToken cancellation)
    {
        var progress = new PullProgress($"{Activity} {Target(reference)}", NextProgressId(), EmitProgress);
        try
        {
            await MoveAsync(engine, reference, RegistryCredentials.Current.Resolve(reference.Registry, Credential), progress, cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException && !EngineConnectionLostException.Describes(e))
        {
            EmitError(e, null, name);
            return;
        }

        if (progress.LastStatus is { } status)
        {
            EmitVerbose(status);
        }

        foreach (var image in await ResultAsync(engine, reference, cancellation).ConfigureAwait(false))
        {
            Emit(image);
        }
    }

    /// <summary>The reference as ShouldProcess and progress name it.</summary>
    private string Target(ImageReference reference) => AllTags ? $"{reference.Repository} (all tags)" : reference.ToString();

    /// <summary>
    /// Reads a name given for a transfer; an image id (which names no repository), a malformed reference or a
    /// tag given with -AllTags is a non-terminating error for that name.
    /// </summary>
    private bool TryParseReference(string name, out ImageReference reference)
    {
        reference = null!;
        if (ImageReference.IsImageId(name))
        {
            WriteError(new ErrorRecord(
                new ArgumentException($"{name} is an image id, which names no repository to {Direction}; give a repository[:tag] (tag the image first with Add-DockerImageTag)."),
                "ImageIdNotAReference",
                ErrorCategory.InvalidArgument,
                name));
            return false;
        }

        try
        {
            reference = ImageReference.Parse(name);
        }
        catch (ArgumentException e)
        {
            WriteError(DockerErrors.InvalidImageReference(e, name));
            return false;
        }

        if (AllTags && (reference.Tag is not null || reference.Digest is not null))
        {
            WriteError(new ErrorRecord(new ArgumentException($"tag can't be used with -AllTags: {name}"), "TagWithAllTags", ErrorCategory.InvalidArgument, name));
            return false;
        }

        return Accepts(name, reference);
    }

    private int NextProgressId()
    {
        var id = nextProgressId;
        nextProgressId += ProgressIdsPerImage;
        return id;
    }
}
