using System.Diagnostics;
using DockerPS.Formatting;

namespace DockerPS.Archives;

/// <summary>
/// Write-Progress for bytes going through a stream: how many so far, of how many when known. At most four
/// records a second, since a stream reports every few kilobytes. Report from one thread at a time.
/// </summary>
internal sealed class ByteProgress
{
    private static readonly long Interval = Stopwatch.Frequency / 4;

    private readonly int activityId;
    private readonly string activity;
    private readonly string verb;
    private readonly long? total;
    private readonly Action<ProgressRecord> write;
    private long lastWritten;

    /// <param name="verb">What happens to the bytes, for the status line: "Written", "Sent".</param>
    public ByteProgress(int activityId, string activity, string verb, long? total, Action<ProgressRecord> write)
    {
        this.activityId = activityId;
        this.activity = activity;
        this.verb = verb;
        this.total = total;
        this.write = write;
    }

    public void Report(long bytes)
    {
        var now = Stopwatch.GetTimestamp();
        if (lastWritten != 0 && now - lastWritten < Interval)
        {
            return;
        }

        lastWritten = now;
        var record = new ProgressRecord(activityId, activity, total is > 0 ? $"{verb} {DisplayText.Size(bytes)} of {DisplayText.Size(total.Value)}" : $"{verb} {DisplayText.Size(bytes)}");
        if (total is > 0)
        {
            record.PercentComplete = (int)Math.Min(100, bytes * 100 / total.Value);
        }

        write(record);
    }

    public void Complete() => write(new ProgressRecord(activityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
}
