using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Docker.DotNet.Models;
using DockerPS.Completion;
using DockerPS.Lookup;

namespace DockerPS.Commands;

/// <summary>
/// docker rmi: untags images and deletes those left without tags, as a concurrent batch. An image a container
/// uses is refused, naming the container, and nothing is removed. -Force does not ask again; -WhatIf and
/// -Confirm still apply.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "DockerImage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(DockerImageDeletion))]
public sealed class RemoveDockerImageCommand : DockerBatchCmdlet
{
    // Docker names the container ("… is being used by stopped container 0123456789ab"), Podman the user ("… used by
    // <id>").
    private static readonly Regex ContainerId = new("(?:container|used by) ([0-9a-f]{12,64})", RegexOptions.CultureInvariant);

    // Two tags of one image removed at once would each see the other still there and only untag, leaving the image
    // behind; removals of one image take turns, so the last tag to go deletes it.
    private readonly ConcurrentDictionary<(DockerEndpoint, string), SemaphoreSlim> turns = new();

    /// <summary>repository:tag, repository@digest or an image id, or images from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("ImageName", "Reference")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ImageNameCompleter))]
    public DockerImageIdentity[] Name { get; set; } = Array.Empty<DockerImageIdentity>();

    /// <summary>Remove even an image stopped containers use, or one tagged several times by id (docker rmi -f).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Keep untagged parent images (docker rmi --no-prune).</summary>
    [Parameter]
    public SwitchParameter NoPrune { get; set; }

    /// <summary>Write what was untagged and deleted to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var image in Name)
        {
            if (!Force && WhatIfInEffect() && ForeseenRefusal(image) is { } refusal)
            {
                Refuse(image, refusal);
                continue;
            }

            Enqueue(
                image,
                () => ShouldProcessUnlessForced(Force, image.Reference, Force ? "Remove image (force)" : "Remove image"),
                (engine, outcome, cancellation) => RemoveAsync(engine, image.Reference, outcome, cancellation));
        }
    }

    /// <summary>
    /// Under -WhatIf, a removal the engine will refuse because a container uses the image is said as the error it will
    /// be, so that -WhatIf names exactly what a real run removes (Get-DockerImage -Dangling | Remove-DockerImage is
    /// docker image prune, which leaves such images be).
    /// </summary>
    private ErrorRecord? ForeseenRefusal(DockerImageIdentity image)
    {
        ErrorRecord? refusal = null;
        RunOnEngine(image, async (engine, cancellation) =>
        {
            try
            {
                var (users, cannotBeForced) = await ImageLookup.BlockersOfRemovalAsync(engine, image.Reference, cancellation).ConfigureAwait(false);
                refusal = users.Count > 0 ? DockerErrorMapper.ToErrorRecord(new ImageInUseException(image.Reference, users, cannotBeForced), null, image.Reference) : null;
            }
            catch (DockerImageNotFoundException e)
            {
                refusal = DockerErrors.NotFound(DockerObjectKind.Image, image.Reference, e);
            }
            catch (DockerApiException)
            {
                // Nothing foreseen: what the engine says to the real removal is that removal's to report.
            }
        });
        return refusal;
    }

    private async Task RemoveAsync(DockerEngine engine, string name, BatchOutcome outcome, CancellationToken cancellation)
    {
        IList<IDictionary<string, string>> removed;
        try
        {
            var id = (await engine.Client.Images.InspectImageAsync(name, cancellation).ConfigureAwait(false)).ID;
            var turn = turns.GetOrAdd((engine.Endpoint, id), _ => new SemaphoreSlim(1));
            await turn.WaitAsync(cancellation).ConfigureAwait(false);
            try
            {
                removed = await engine.Client.Images.DeleteImageAsync(
                    name,
                    new ImageDeleteParameters { Force = Force.IsPresent, NoPrune = NoPrune.IsPresent },
                    cancellation).ConfigureAwait(false);
            }
            finally
            {
                turn.Release();
            }
        }
        catch (DockerImageNotFoundException e)
        {
            outcome.Fail(DockerErrors.NotFound(DockerObjectKind.Image, name, e));
            return;
        }
        catch (DockerApiException e) when ((int)DockerErrorMapper.Status(e) == 409 && ContainerId.IsMatch(DockerErrorMapper.DaemonMessage(e)))
        {
            var daemonMessage = DockerErrorMapper.DaemonMessage(e);
            var users = await ContainerLookup.NamesAsync(engine, ContainerId.Matches(daemonMessage).Cast<Match>().Select(m => m.Groups[1].Value), cancellation).ConfigureAwait(false);
            outcome.Fail(new ImageInUseException(name, users, daemonMessage, e));
            return;
        }

        foreach (var line in removed)
        {
            var deletion = new DockerImageDeletion(
                engine.Endpoint,
                line.TryGetValue("Untagged", out var untagged) ? untagged : null,
                line.TryGetValue("Deleted", out var deleted) ? deleted : null);
            outcome.WriteVerbose(deletion.ToString());
            if (PassThru)
            {
                outcome.Write(deletion);
            }
        }
    }
}
