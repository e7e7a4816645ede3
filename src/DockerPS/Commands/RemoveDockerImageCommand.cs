using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Cmdlets;
using DockerPS.Completion;
using DockerPS.Engine;
using DockerPS.Errors;

namespace DockerPS.Commands;

/// <summary>
/// docker rmi: untags images and deletes those left without tags. An image a container uses is refused,
/// naming the container, and nothing is removed. -Force does not ask again; -WhatIf and -Confirm still apply.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "DockerImage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(DockerImageDeletion))]
public sealed class RemoveDockerImageCommand : DockerEngineCmdlet
{
    private static readonly Regex ContainerId = new("container ([0-9a-f]{12,64})", RegexOptions.CultureInvariant);

    /// <summary>repository:tag, repository@digest or an image id; DockerImage objects from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("ImageName", "Reference")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ImageNameCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

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
        foreach (var name in Name)
        {
            if (ShouldProcessUnlessForced(Force, name, Force ? "Remove image (force)" : "Remove image"))
            {
                RunAsync(cancellation => RemoveAsync(name, cancellation));
            }
        }
    }

    private async Task RemoveAsync(string name, CancellationToken cancellation)
    {
        var engine = await ConnectAsync(cancellation).ConfigureAwait(false);
        IList<IDictionary<string, string>> removed;
        try
        {
            removed = await engine.Client.Images.DeleteImageAsync(
                name,
                new ImageDeleteParameters { Force = Force.IsPresent, NoPrune = NoPrune.IsPresent },
                cancellation).ConfigureAwait(false);
        }
        catch (DockerImageNotFoundException e)
        {
            EmitError(e, "ImageNotFound", name);
            return;
        }
        catch (DockerApiException e) when ((int)e.StatusCode == 409 && ContainerId.IsMatch(DockerErrorMapper.DaemonMessage(e)))
        {
            var daemonMessage = DockerErrorMapper.DaemonMessage(e);
            var names = await ContainerNamesAsync(engine, ContainerId.Matches(daemonMessage).Cast<Match>().Select(m => m.Groups[1].Value), cancellation).ConfigureAwait(false);
            EmitError(new ImageInUseException(name, names, daemonMessage, e), null, name);
            return;
        }
        catch (DockerApiException e)
        {
            EmitError(e, null, name);
            return;
        }

        foreach (var line in removed)
        {
            var deletion = new DockerImageDeletion(
                engine.Endpoint,
                line.TryGetValue("Untagged", out var untagged) ? untagged : null,
                line.TryGetValue("Deleted", out var deleted) ? deleted : null);
            EmitVerbose(deletion.ToString());
            if (PassThru)
            {
                Emit(deletion);
            }
        }
    }

    /// <summary>The engine names containers by short id; users know them by name.</summary>
    private static async Task<IReadOnlyList<string>> ContainerNamesAsync(DockerEngine engine, IEnumerable<string> ids, CancellationToken cancellation)
    {
        var all = await engine.Client.Containers.ListContainersAsync(new ContainersListParameters { All = true }, cancellation).ConfigureAwait(false);
        return ids.Distinct()
            .Select(id => all.FirstOrDefault(c => c.ID.StartsWith(id, StringComparison.Ordinal)) is { } container
                ? $"{container.Names.FirstOrDefault()?.TrimStart('/') ?? id} ({container.ID.Substring(0, 12)})"
                : id)
            .ToList();
    }
}
