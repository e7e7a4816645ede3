using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet.Models;
using DockerPS.Engine;

namespace DockerPS.Images;

/// <summary>docker pull, shared by Request-DockerImage and New-DockerContainer -Pull.</summary>
internal static class ImagePuller
{
    /// <summary>
    /// Pulls the image (every tag of its repository with <paramref name="allTags"/>), reporting per-layer
    /// progress; an error inside the stream is thrown.
    /// </summary>
    public static async Task PullAsync(DockerEngine engine, ImageReference reference, string? platform, AuthConfig? credentials, PullProgress progress, CancellationToken cancellation, bool allTags = false)
    {
        try
        {
            await engine.Client.Images.CreateImageAsync(
                // The engine reads an empty tag as "every tag".
                new ImagesCreateParameters { FromImage = reference.Repository, Tag = allTags ? string.Empty : reference.TagOrDigest, Platform = platform },
                credentials,
                progress,
                cancellation).ConfigureAwait(false);
        }
        finally
        {
            progress.Complete();
        }

        progress.ThrowIfFailed();
    }
}
