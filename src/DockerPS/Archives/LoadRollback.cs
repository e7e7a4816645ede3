using Docker.DotNet.Models;
using DockerPS.Images;

namespace DockerPS.Archives;

/// <summary>
/// Undoes a failed docker load, comparing the engine's images with those listed before the load began; what it
/// did, and what it could not undo, goes into the outcome's notes.
/// </summary>
internal sealed class LoadRollback
{
    // After Ctrl+C the rollback still gets this long: enough to remove a few images, not enough to seem hung.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly DockerEngine engine;
    private readonly IList<ImagesListResponse> before;
    private readonly LoadOutcome outcome;

    public LoadRollback(DockerEngine engine, IList<ImagesListResponse> before, LoadOutcome outcome)
    {
        this.engine = engine;
        this.before = before;
        this.outcome = outcome;
    }

    /// <summary>
    /// Removes the images the load added (new since it began, and named by the archive or by the engine's
    /// messages, so that nobody else's new image goes), takes the archive's tags off images that were there
    /// before, and gives back the tags it took from them.
    /// </summary>
    public async Task RunAsync(IReadOnlyList<DockerImageArchiveEntry> archived, LoadMessages messages, CancellationToken cancellation)
    {
        // After Ctrl+C the pipeline's token is spent, yet what the load added must still go.
        using var timeout = cancellation.IsCancellationRequested ? new CancellationTokenSource(Timeout) : null;
        var token = timeout?.Token ?? cancellation;
        var after = await engine.Client.Images.ListImagesAsync(new ImagesListParameters { All = true }, token).ConfigureAwait(false);
        var existed = new HashSet<string>(before.Select(image => image.ID), StringComparer.Ordinal);
        var named = new HashSet<string>(archived.Select(image => image.ImageId).Concat(messages.Ids), StringComparer.Ordinal);
        var loadTags = new HashSet<string>(archived.SelectMany(image => image.RepoTags).Concat(messages.Tags).Select(ImageReference.Normalize), StringComparer.Ordinal);
        bool FromTheLoad(string tag) => loadTags.Contains(ImageReference.Normalize(tag));

        var added = after.Where(image => !existed.Contains(image.ID) && (named.Contains(image.ID) || Tags(image).Any(FromTheLoad))).ToList();
        foreach (var image in added)
        {
            try
            {
                await engine.Client.Images.DeleteImageAsync(image.ID, new ImageDeleteParameters { Force = true }, token).ConfigureAwait(false);
                outcome.Notes.Add((false, $"Removed {image.ID}, which the failed load had added."));
            }
            catch (DockerApiException e)
            {
                outcome.Notes.Add((true, $"The failed load added {image.ID}, which could not be removed: {DockerErrorMapper.DaemonMessage(e)}"));
            }
        }

        ImagesListResponse? OwnerBefore(string tag) => before.FirstOrDefault(image => Tags(image).Contains(tag) && after.Any(still => still.ID == image.ID));
        IList<string> Given(ImagesListResponse image) =>
            existed.Contains(image.ID) ? Tags(image).Where(tag => FromTheLoad(tag) && !Tags(before.First(old => old.ID == image.ID)).Contains(tag)).ToList()
            : added.Contains(image) ? Tags(image)
            : new List<string>();

        // The tags the load took from images that were there before go back to them.
        foreach (var tag in after.SelectMany(Given))
        {
            if (OwnerBefore(tag) is { } owner)
            {
                await GiveBackAsync(tag, owner.ID, token).ConfigureAwait(false);
            }
        }

        // New tags on images that were there before come off.
        foreach (var image in after.Where(image => existed.Contains(image.ID)))
        {
            var given = Given(image);
            var strays = given.Where(tag => OwnerBefore(tag) is null).ToList();
            var keepsAName = Tags(image).Count > given.Count;
            for (var i = 0; i < strays.Count; i++)
            {
                if (keepsAName || i < strays.Count - 1)
                {
                    await UntagAsync(strays[i], image.ID, token).ConfigureAwait(false);
                }
                else
                {
                    // docker rmi of an image's last name removes the image, which was there before the load.
                    outcome.Notes.Add((true, $"The failed load tagged {image.ID} as {strays[i]}, its only name; the tag stays, as taking it off would remove the image."));
                }
            }
        }
    }

    private async Task GiveBackAsync(string tag, string owner, CancellationToken token)
    {
        var (name, tagName) = ImageReference.SplitTag(tag);
        try
        {
            await engine.Client.Images.TagImageAsync(owner, new ImageTagParameters { RepositoryName = name, Tag = tagName }, token).ConfigureAwait(false);
            outcome.Notes.Add((false, $"Gave {tag} back to {owner}."));
        }
        catch (DockerApiException e)
        {
            outcome.Notes.Add((true, $"The failed load took {tag} from {owner}, and it could not be given back: {DockerErrorMapper.DaemonMessage(e)}"));
        }
    }

    private async Task UntagAsync(string tag, string holder, CancellationToken token)
    {
        try
        {
            // Not forced: a tag that is not the image's only name comes off and leaves the image.
            await engine.Client.Images.DeleteImageAsync(tag, new ImageDeleteParameters { NoPrune = true }, token).ConfigureAwait(false);
            outcome.Notes.Add((false, $"Untagged {tag}, which the failed load had given {holder}."));
        }
        catch (DockerApiException e)
        {
            outcome.Notes.Add((true, $"The failed load tagged {holder} as {tag}, and the tag could not be taken off: {DockerErrorMapper.DaemonMessage(e)}"));
        }
    }

    private static IList<string> Tags(ImagesListResponse image) =>
        (image.RepoTags ?? new List<string>()).Where(tag => tag != "<none>:<none>").ToList();
}
