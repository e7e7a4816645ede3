using System;
using System.Management.Automation;

namespace DockerPS.Errors;

/// <summary>Carries a fully built error record out of async work, to be thrown as is on the pipeline thread.</summary>
internal sealed class ErrorRecordException : Exception
{
    public ErrorRecordException(ErrorRecord record)
        : base(record.ErrorDetails?.Message ?? record.Exception.Message, record.Exception)
    {
        Record = record;
    }

    public ErrorRecord Record { get; }
}
