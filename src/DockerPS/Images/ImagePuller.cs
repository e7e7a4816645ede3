using Docker.DotNet.Models;
using DockerPS.Registry;

namespace DockerPS.Images;

/// <summary>docker pull, shared by Request-DockerImage and New-DockerContainer -Pull.</summary>
internal static class ImagePuller
{
    /// <summary>
    /// Pulls the image for a new container as <paramref name="policy"/> says: Missing pulls only when the engine
    /// lacks it, Always pulls anyway, Never leaves it to the engine to refuse. A platform (linux/arm64) is pulled for.
    /// </summary>
    public static async Task EnsureAsync(DockerEngine engine, string image, ImageReference reference, string? platform, PullPolicy policy, Func<PullProgress> progress, Action<string> verbose, CancellationToken cancellation)
    {
        if (policy == PullPolicy.Missing)
        {
            try
            {
                await engine.Client.Images.InspectImageAsync(image, cancellation).ConfigureAwait(false);
                return;
            }
            catch (DockerImageNotFoundException)
            {
                verbose($"Unable to find image '{reference}' locally; pulling it.");
            }
        }

        if (policy != PullPolicy.Never)
        {
            await PullAsync(engine, reference, platform, RegistryCredentials.Current.Resolve(reference.Registry, null), progress(), cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Pulls the image (every tag of its repository with <paramref name="allTags"/>), reporting per-layer
    /// progress; an error inside the stream is thrown.
    /// </summary>
    public static Task PullAsync(DockerEngine engine, ImageReference reference, string? platform, AuthConfig? credentials, PullProgress progress, CancellationToken cancellation, bool allTags = false) =>
        progress.FollowAsync(report => engine.Client.Images.CreateImageAsync(
            // The engine reads an empty tag as "every tag".
            new ImagesCreateParameters { FromImage = reference.Repository, Tag = allTags ? string.Empty : reference.TagOrDigest, Platform = platform },
            credentials,
            report,
            cancellation));
}
