using Docker.DotNet.Models;
using DockerPS.Images;
using DockerPS.Lookup;

namespace DockerPS.Commands;

/// <summary>docker push: pushes images to their registry, with a progress bar per layer.</summary>
[Cmdlet(VerbsLifecycle.Submit, "DockerImage", SupportsShouldProcess = true)]
[Alias("Push-DockerImage")]
[OutputType(typeof(DockerImage))]
public sealed class SubmitDockerImageCommand : DockerRegistryCmdlet
{
    /// <summary>Write the pushed images, with the digests the registry gave them, to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private protected override string Direction => "push to";

    private protected override string Activity => "Pushing";

    private protected override string Action(ImageReference reference) => $"Push to {reference.Registry}";

    private protected override bool Accepts(string name, ImageReference reference)
    {
        if (reference.Digest is not null)
        {
            WriteError(new ErrorRecord(new ArgumentException($"push takes repository[:tag], without a digest: {name}"), "InvalidPushReference", ErrorCategory.InvalidArgument, name));
        }

        return reference.Digest is null;
    }

    private protected override Task MoveAsync(DockerEngine engine, ImageReference reference, AuthConfig? credentials, PullProgress progress, CancellationToken cancellation) =>
        ImagePusher.PushAsync(engine, reference, credentials, progress, cancellation, AllTags);

    private protected override async Task<IEnumerable<DockerImage>> ResultAsync(DockerEngine engine, ImageReference reference, CancellationToken cancellation) =>
        PassThru
            ? (await ImageLookup.ByReferenceAsync(engine, AllTags ? reference.Repository : reference.ToString(), cancellation).ConfigureAwait(false))
                .Where(image => AllTags ? reference.HasRepositoryOf(image) : reference.Names(image))
            : Enumerable.Empty<DockerImage>();
}
