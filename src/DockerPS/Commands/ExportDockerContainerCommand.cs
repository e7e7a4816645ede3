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
public sealed class ExportDockerContainerCommand : DockerEngineCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const int ProgressId = 1;

    private string target = string.Empty;

    /// <summary>The container: a name or id (full or a unique prefix), or a container from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("Id", "ContainerId", "ContainerName")]
    [ValidateNotNull]
    [ArgumentCompleter(typeof(ContainerNameCompleter))]
    public DockerContainerIdentity Name { get; set; } = null!;

    /// <summary>The archive file to write, relative to the current location; a name ending in .gz or .tgz compresses it.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>The archive file to write, taken as it is: no wildcard characters.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string LiteralPath { get; set; } = string.Empty;

    /// <summary>Replace the file if it exists.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Write the archive's FileInfo to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Everything wrong with the target is found before the engine is asked.</summary>
    protected override void BeginProcessing()
    {
        var literal = ParameterSetName == LiteralPathSet;
        var path = literal ? LiteralPath : Path;
        try
        {
            target = ArchivePaths.ResolveTarget(SessionState, path, literal);
        }
        catch (ArgumentException e)
        {
            ThrowFailure(e, "InvalidArchivePath", path);
        }
        catch (SessionStateException e)
        {
            ThrowFailure(new ErrorRecord(e.ErrorRecord, e));
        }

        if (OutputTarget.Refusal(target, path, Force) is { } refusal)
        {
            ThrowFailure(refusal);
        }
    }

    /// <summary>One archive holds one container: a second from the pipeline would replace the first's, and is refused.</summary>
    protected override void ProcessRecord()
    {
        if (Accepted(new[] { Name }).FirstOrDefault() is not { } container || !ShouldProcess(target, $"Export container {container}"))
        {
            return;
        }

        var exported = false;
        RunOnEngine(container, async (engine, cancellation) =>
        {
            EmitVerbose($"Exporting {container} to {target}{(ImageSaver.Compresses(target) ? " (gzip)" : string.Empty)}.");
            var progress = new ByteProgress(ProgressId, $"Exporting {container} to {target}", "Written", null, EmitProgress);
            try
            {
                await ImageSaver.SaveAsync(token => engine.Client.Containers.ExportContainerAsync(container.Reference, token), target, Force, progress, cancellation).ConfigureAwait(false);
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

        if (exported && PassThru)
        {
            foreach (var item in InvokeProvider.Item.Get(new[] { target }, false, true))
            {
                WriteObject(item);
            }
        }
    }
}
