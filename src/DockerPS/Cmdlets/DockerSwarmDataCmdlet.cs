using System.IO;
using DockerPS.Archives;
using DockerPS.Containers;
using DockerPS.Swarm;

namespace DockerPS.Cmdlets;

/// <summary>
/// A cmdlet that creates a swarm object from data (docker secret create, docker config create): the data from -Value,
/// a file (-Path, -LiteralPath) or the pipeline, labels, and the object created once the input has ended. The data is
/// never put into a message, a -WhatIf line or an error.
/// </summary>
public abstract class DockerSwarmDataCmdlet : DockerEngineCmdlet
{
    internal const string ValueSet = "Value";
    internal const string PathSet = "Path";
    internal const string LiteralPathSet = "LiteralPath";
    internal const string PipelineSet = "Pipeline";

    private readonly SwarmData piped = new();
    private IDictionary<string, string>? labels;

    /// <summary>The name services refer to it by.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    /// <summary>A file holding the data, relative to the current location; a wildcard must name one file.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>A file holding the data, taken as it is.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string? LiteralPath { get; set; }

    /// <summary>The data from the pipeline: bytes or byte arrays as they are (Get-Content -AsByteStream), strings as UTF-8 lines joined by newlines.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PipelineSet, ValueFromPipeline = true)]
    [AllowEmptyString]
    public object? InputObject { get; set; }

    /// <summary>Labels: a hashtable or key=value strings.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? Label { get; set; }

    /// <summary>What is created, as errors and messages name it.</summary>
    private protected abstract DockerObjectKind Kind { get; }

    /// <summary>The data -Value gave, in the derived cmdlet's own type of value.</summary>
    private protected abstract byte[] ValueData();

    /// <summary>Creates the object on the engine and reads it back.</summary>
    private protected abstract Task<object> CreateAsync(DockerEngine engine, string name, byte[] data, IDictionary<string, string> labels, CancellationToken cancellation);

    protected override void BeginProcessing() =>
        labels = Label is null ? new Dictionary<string, string>() : Validated("InvalidLabel", Label, () => LabelParser.Parse(Label));

    protected override void ProcessRecord()
    {
        if (ParameterSetName != PipelineSet)
        {
            return;
        }

        try
        {
            piped.Add(InputObject);
        }
        catch (ArgumentException e)
        {
            ThrowFailure(SwarmErrors.InvalidData(Kind, e, Name));
        }
    }

    protected override void EndProcessing()
    {
        var data = ParameterSetName switch
        {
            ValueSet => ValueData(),
            PipelineSet when piped.IsEmpty => throw new ErrorRecordException(SwarmErrors.NoData(Kind, Name)),
            PipelineSet => piped.ToArray(),
            _ => FileData(),
        };

        if (!ShouldProcess(Name, $"Create {Kind.Noun}"))
        {
            return;
        }

        RunOnEngine(async (engine, cancellation) =>
        {
            try
            {
                Emit(await CreateAsync(engine, Name, data, labels!, cancellation).ConfigureAwait(false));
            }
            catch (DockerApiException e)
            {
                EmitError(SwarmErrors.Refusal(Kind, e, Name));
            }
        });
    }

    /// <summary>The file's bytes, read on the pipeline thread: a path is a PowerShell path.</summary>
    private byte[] FileData()
    {
        var literal = ParameterSetName == LiteralPathSet;
        var path = (literal ? LiteralPath : Path)!;
        try
        {
            var files = ArchivePaths.ResolveExisting(SessionState, path, literal);
            return files.Count == 1
                ? File.ReadAllBytes(files[0])
                : throw new ArgumentException($"'{path}' names {files.Count} files; the {Kind.Noun}'s data comes from one.");
        }
        catch (Exception e) when (ArchivePaths.IsPathFailure(e) || e is IOException or UnauthorizedAccessException)
        {
            throw new ErrorRecordException(SwarmErrors.DataFileUnreadable(Kind, e, path));
        }
    }
}
