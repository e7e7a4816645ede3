using Docker.DotNet.Models;
using DockerPS.Images;
using DockerPS.Lookup;

namespace DockerPS.Commands;

/// <summary>docker pull: pulls images, with a progress bar per layer, and returns the pulled images.</summary>
[Cmdlet(VerbsLifecycle.Request, "DockerImage", SupportsShouldProcess = true)]
[Alias("Pull-DockerImage")]
[OutputType(typeof(DockerImage))]
public sealed class RequestDockerImageCommand : DockerRegistryCmdlet
{
    /// <summary>The platform to pull for a multi-platform image, such as linux/arm64.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Platform { get; set; }

    private protected override string Direction => "pull from";

    private protected override string Activity => "Pulling";

    private protected override string Action(ImageReference reference) => "Pull";

    private protected override Task MoveAsync(DockerEngine engine, ImageReference reference, AuthConfig? credentials, PullProgress progress, CancellationToken cancellation) =>
        ImagePuller.PullAsync(engine, reference, Platform, credentials, progress, cancellation, AllTags);

    /// <summary>
    /// The pulled images as the engine now has them: every tag of the repository, or the one tag, or for a digest
    /// the image under that repository (a single row, tagged or not).
    /// </summary>
    private protected override async Task<IEnumerable<DockerImage>> ResultAsync(DockerEngine engine, ImageReference reference, CancellationToken cancellation) =>
        AllTags
            ? (await ImageLookup.ListAsync(engine, all: false, new EngineFilters().Add("reference", reference.Repository), cancellation).ConfigureAwait(false))
                .Where(reference.HasRepositoryOf)
            : (await ImageLookup.ByReferenceAsync(engine, reference.ToString(), cancellation).ConfigureAwait(false))
                .OrderByDescending(image => reference.Names(image) || reference.HasRepositoryOf(image))
                .Take(1);
}
