using System;
using System.Linq;
using System.Management.Automation;
using Docker.DotNet.Models;
using DockerPS.Cmdlets;
using DockerPS.Completion;
using DockerPS.Images;
using DockerPS.Registry;

namespace DockerPS.Commands;

/// <summary>docker push: pushes images to their registry, with a progress bar per layer.</summary>
[Cmdlet(VerbsLifecycle.Submit, "DockerImage", SupportsShouldProcess = true)]
[OutputType(typeof(DockerImage))]
public sealed class SubmitDockerImageCommand : DockerRegistryCmdlet
{
    /// <summary>Write the pushed images, with the digests the registry gave them, to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private protected override string Direction => "push to";

    protected override void ProcessRecord()
    {
        foreach (var name in Name)
        {
            if (!TryParseReference(name, out var reference))
            {
                continue;
            }

            if (reference.Digest is not null)
            {
                WriteError(new ErrorRecord(new ArgumentException($"push takes repository[:tag], without a digest: {name}"), "InvalidPushReference", ErrorCategory.InvalidArgument, name));
                continue;
            }

            var target = AllTags ? $"{reference.Repository} (all tags)" : reference.ToString();
            if (ShouldProcess(target, $"Push to {reference.Registry}"))
            {
                PushOne(name, reference, target);
            }
        }
    }

    private void PushOne(string name, ImageReference reference, string target) => RunAsync(async cancellation =>
    {
        var engine = await ConnectAsync(cancellation).ConfigureAwait(false);
        var progress = new PullProgress($"Pushing {target}", NextProgressId(), record => EmitProgress(record));
        try
        {
            var credentials = RegistryCredentials.Current.Resolve(reference.Registry, Credential);
            try
            {
                await engine.Client.Images.PushImageAsync(
                    reference.Repository,
                    new ImagePushParameters { Tag = AllTags ? null : reference.TagOrDigest },
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
        catch (Exception e) when (e is not OperationCanceledException)
        {
            EmitError(e, null, name);
            return;
        }

        if (progress.LastStatus is { } status)
        {
            EmitVerbose(status);
        }

        if (PassThru)
        {
            foreach (var image in (await ImageLookup.ByReferenceAsync(engine, AllTags ? reference.Repository : reference.ToString(), cancellation).ConfigureAwait(false))
                .Where(image => AllTags ? reference.HasRepositoryOf(image) : reference.Names(image)))
            {
                Emit(image);
            }
        }
    });
}
