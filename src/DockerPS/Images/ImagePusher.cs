using Docker.DotNet.Models;

namespace DockerPS.Images;

/// <summary>docker push, beside <see cref="ImagePuller"/>: the same progress and the same stream errors.</summary>
internal static class ImagePusher
{
    /// <summary>
    /// Pushes the image (every tag of its repository with <paramref name="allTags"/>), reporting per-layer
    /// progress; an error inside the stream is thrown.
    /// </summary>
    public static Task PushAsync(DockerEngine engine, ImageReference reference, AuthConfig? credentials, PullProgress progress, CancellationToken cancellation, bool allTags = false) =>
        progress.FollowAsync(report => engine.Client.Images.PushImageAsync(
            reference.Repository,
            new ImagePushParameters { Tag = allTags ? null : reference.TagOrDigest },
            credentials,
            report,
            cancellation));
}
