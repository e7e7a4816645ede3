namespace DockerPS.Errors;

/// <summary>
/// Carries a fully built error record: out of async work to the pipeline thread, or up from a helper that needs a
/// throw expression. Thrown on the pipeline thread it is the cmdlet's terminating error, that record as it is
/// (PowerShell reports an IContainsErrorRecord exception by its record, as ThrowTerminatingError would).
/// </summary>
internal sealed class ErrorRecordException : Exception, IContainsErrorRecord
{
    public ErrorRecordException(ErrorRecord record)
        : base(record.ErrorDetails?.Message ?? record.Exception.Message, record.Exception)
    {
        ErrorRecord = record;
    }

    public ErrorRecord ErrorRecord { get; }
}
