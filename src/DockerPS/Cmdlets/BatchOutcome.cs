namespace DockerPS.Cmdlets;

/// <summary>
/// What one item of a batch produced, gathered while it runs on a pool thread and written later, in input
/// order, from the pipeline thread.
/// </summary>
internal sealed class BatchOutcome
{
    private readonly List<object> output = new();
    private readonly List<string> verbose = new();
    private readonly List<string> warnings = new();

    public BatchOutcome(object target)
    {
        Target = target;
    }

    /// <summary>The item as the user named it; the target of its error.</summary>
    public object Target { get; }

    public IReadOnlyList<object> Output => output;

    public IReadOnlyList<string> Verbose => verbose;

    public IReadOnlyList<string> Warnings => warnings;

    public Exception? Failure { get; private set; }

    public string? FailureId { get; private set; }

    public void Write(object value) => output.Add(value);

    public void WriteVerbose(string message) => verbose.Add(message);

    public void WriteWarning(string message) => warnings.Add(message);

    public void Fail(Exception failure, string? errorId = null)
    {
        Failure = failure;
        FailureId = errorId;
    }

    /// <summary>Fails with an error already worded, such as one from <see cref="Errors.DockerErrors"/>.</summary>
    public void Fail(ErrorRecord record) => Fail(new Errors.ErrorRecordException(record));
}
