using DockerPS.Archives;

namespace DockerPS.Cmdlets;

/// <summary>
/// A cmdlet that writes an archive the engine streams into one file (docker save, docker export): -Path or
/// -LiteralPath resolved on the pipeline thread and checked as a place for a file before the engine is asked,
/// -Force to replace it, -PassThru to write the file written.
/// </summary>
public abstract class DockerArchiveWriterCmdlet : DockerEngineCmdlet
{
    internal const string PathSet = "Path";
    internal const string LiteralPathSet = "LiteralPath";

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

    /// <summary>The file system path of the archive to write, resolved in <see cref="BeginProcessing"/>.</summary>
    private protected string Target { get; private set; } = string.Empty;

    /// <summary>Everything wrong with the target is found before the engine is asked.</summary>
    protected override void BeginProcessing()
    {
        var literal = ParameterSetName == LiteralPathSet;
        var path = literal ? LiteralPath : Path;
        try
        {
            Target = ArchivePaths.ResolveTarget(SessionState, path, literal);
        }
        catch (ArgumentException e)
        {
            ThrowFailure(e, "InvalidArchivePath", path);
        }
        catch (SessionStateException e)
        {
            ThrowFailure(new ErrorRecord(e.ErrorRecord, e));
        }

        if (OutputTarget.Refusal(Target, path, Force) is { } refusal)
        {
            ThrowFailure(refusal);
        }
    }

    /// <summary>With -PassThru, the archive written, as the file system provider gives it.</summary>
    private protected void WriteArchiveWritten()
    {
        if (PassThru)
        {
            foreach (var item in InvokeProvider.Item.Get(new[] { Target }, false, true))
            {
                WriteObject(item);
            }
        }
    }
}
