using Docker.DotNet.Models;
using DockerPS.Completion;
using DockerPS.Images;
using DockerPS.Lookup;

namespace DockerPS.Commands;

/// <summary>docker commit: a new image from a container's changes, with configuration changes applied.</summary>
[Cmdlet(VerbsCommon.New, "DockerImage", SupportsShouldProcess = true)]
[OutputType(typeof(DockerImage))]
public sealed class NewDockerImageCommand : DockerEngineCmdlet
{
    private ImageReference? target;
    private IList<string>? changes;

    /// <summary>The container to commit: a name, an id or a unique prefix of one, or a container from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("Name", "ContainerName", "ContainerId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ContainerNameCompleter))]
    public DockerContainerIdentity Container { get; set; } = null!;

    /// <summary>repository[:tag] for the new image (latest when no tag); without it the image is untagged.</summary>
    [Parameter(Position = 1)]
    [Alias("Repository")]
    [ValidateNotNullOrEmpty]
    public string? Tag { get; set; }

    /// <summary>The commit message, shown in the COMMENT column of Get-DockerImageHistory (docker commit -m).</summary>
    [Parameter]
    public string? Message { get; set; }

    /// <summary>The author recorded in the image, such as "Jane Doe &lt;jane@example.com&gt;" (docker commit -a).</summary>
    [Parameter]
    public string? Author { get; set; }

    /// <summary>
    /// Dockerfile instructions applied to the new image (docker commit -c): CMD, ENTRYPOINT, ENV, EXPOSE, HEALTHCHECK,
    /// LABEL, ONBUILD, USER, VOLUME, WORKDIR, and STOPSIGNAL where the engine takes it: 'CMD ["/bin/echo","hi"]'.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Change { get; set; }

    /// <summary>Do not pause a running container while it is committed (docker commit --pause=false).</summary>
    [Parameter]
    public SwitchParameter NoPause { get; set; }

    protected override void BeginProcessing()
    {
        if (Tag is not null)
        {
            try
            {
                target = ImageReference.Parse(Tag);
            }
            catch (ArgumentException e)
            {
                ThrowFailure(DockerErrors.InvalidImageReference(e, Tag));
            }

            if (target.Digest is not null)
            {
                ThrowFailure(DockerErrors.InvalidImageReference(new ArgumentException($"a new image's name cannot be a digest: {Tag}"), Tag));
            }
        }

        if (Change is not null)
        {
            changes = Validated("InvalidChange", Change, () => ImageChange.Validate(Change));
        }
    }

    protected override void ProcessRecord()
    {
        if (!Accepted(new[] { Container }).Any() || !ShouldProcess(Container.Reference, $"Commit as image {target?.ToString() ?? "(untagged)"}"))
        {
            return;
        }

        RunOnEngine(Container, async (engine, cancellation) =>
        {
            string id;
            try
            {
                id = (await engine.Client.Images.CommitContainerChangesAsync(
                    new CommitContainerChangesParameters
                    {
                        ContainerID = Container.Reference,
                        RepositoryName = target?.Repository,
                        Tag = target?.TagOrDigest,
                        Comment = Message,
                        Author = Author,
                        Changes = changes,
                        Pause = !NoPause,
                    },
                    cancellation).ConfigureAwait(false)).ID;
            }
            catch (DockerApiException e)
            {
                // This container's refusal; the next piped one is still committed.
                EmitError(DockerErrors.Refusal(DockerObjectKind.Container, e, Container.Reference));
                return;
            }

            var images = await ImageLookup.ByReferenceAsync(engine, id, cancellation).ConfigureAwait(false);
            Emit(images.FirstOrDefault(image => target?.Names(image) ?? false) ?? images.First());
        });
    }
}
