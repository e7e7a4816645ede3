using System.IO;
using DockerPS.Archives;
using DockerPS.Completion;

namespace DockerPS.Commands;

/// <summary>
/// docker export: writes a container's file system into a tar archive, gzip-compressed when the file name ends in
/// .gz or .tgz. As Save-DockerImage writes, the archive streams into a private hidden file beside the target, is
/// checked to be whole, and only then takes the target's name.
/// </summary>
[Cmdlet(VerbsData.Export, "DockerContainer", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
[OutputType(typeof(FileInfo))]
public sealed class ExportDockerContainerCommand : DockerArchiveWriterCmdlet
{
    private const int ProgressId = 1;

    /// <summary>The container: a name or id (full or a unique prefix), or a container from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("Id", "ContainerId", "ContainerName")]
    [ValidateNotNull]
    [ArgumentCompleter(typeof(ContainerNameCompleter))]
    public DockerContainerIdentity Name { get; set; } = null!;

    /// <summary>One archive holds one container: a second from the pipeline would replace the first's, and is refused.</summary>
    protected override void ProcessRecord()
    {
        if (Accepted(new[] { Name }).FirstOrDefault() is not { } container || !ShouldProcess(Target, $"Export container {container}"))
        {
            return;
        }

        var exported = false;
        RunOnEngine(container, async (engine, cancellation) =>
        {
            EmitVerbose($"Exporting {container} to {Target}{(ImageSaver.Compresses(Target) ? " (gzip)" : string.Empty)}.");
            var progress = new ByteProgress(ProgressId, $"Exporting {container} to {Target}", "Written", null, EmitProgress);
            try
            {
                await ImageSaver.SaveAsync(token => engine.BurstClient.Containers.ExportContainerAsync(container.Reference, token), Target, Force, progress, cancellation).ConfigureAwait(false);
                exported = true;
            }
            catch (DockerContainerNotFoundException e)
            {
                EmitError(DockerErrors.NotFound(DockerObjectKind.Container, container.Reference, e));
            }
            catch (DockerApiException e)
            {
                EmitError(DockerErrors.Refusal(DockerObjectKind.Container, e, container.Reference));
            }
        });

        if (exported)
        {
            WriteArchiveWritten();
        }
    }
}
