using System;
using System.Linq;
using System.Management.Automation;
using Docker.DotNet.Models;
using DockerPS.Cmdlets;
using DockerPS.Completion;
using DockerPS.Images;

namespace DockerPS.Commands;

/// <summary>docker tag: gives an image another repository:tag.</summary>
[Cmdlet(VerbsCommon.Add, "DockerImageTag", SupportsShouldProcess = true)]
[OutputType(typeof(DockerImage))]
public sealed class AddDockerImageTagCommand : DockerEngineCmdlet
{
    /// <summary>The image to tag: repository:tag, an id, or a DockerImage from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("ImageName", "Source")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ImageNameCompleter))]
    public string Name { get; set; } = string.Empty;

    /// <summary>The new reference: repository[:tag] (latest when no tag), such as 127.0.0.1:5000/team/app:1.2.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [Alias("Target")]
    [ValidateNotNullOrEmpty]
    public string Tag { get; set; } = string.Empty;

    /// <summary>Write the newly tagged image to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        ImageReference target;
        try
        {
            target = ImageReference.Parse(Tag);
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "InvalidImageReference", ErrorCategory.InvalidArgument, Tag));
            return;
        }

        if (target.Digest is not null)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException($"a tag cannot be a digest: {Tag}"), "InvalidImageReference", ErrorCategory.InvalidArgument, Tag));
        }

        if (!ShouldProcess(Name, $"Tag as {target}"))
        {
            return;
        }

        RunAsync(async cancellation =>
        {
            var engine = await ConnectAsync(cancellation).ConfigureAwait(false);
            try
            {
                await engine.Client.Images.TagImageAsync(Name, new ImageTagParameters { RepositoryName = target.Repository, Tag = target.TagOrDigest }, cancellation).ConfigureAwait(false);
            }
            catch (Docker.DotNet.DockerImageNotFoundException e)
            {
                EmitError(e, "ImageNotFound", Name);
                return;
            }

            if (PassThru)
            {
                foreach (var image in (await ImageLookup.ByReferenceAsync(engine, target.ToString(), cancellation).ConfigureAwait(false)).Where(target.Names))
                {
                    Emit(image);
                }
            }
        });
    }
}
