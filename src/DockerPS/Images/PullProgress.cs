using Docker.DotNet.Models;

namespace DockerPS.Images;

/// <summary>
/// Follows an engine progress stream (pull, push, load): one Write-Progress activity per layer, under one
/// parent activity, and the first errorDetail kept so the caller can fail after the stream ends.
/// Reports arrive on a pool thread; the records go to <c>write</c>, which must carry them to the pipeline thread.
/// </summary>
internal sealed class PullProgress : IProgress<JSONMessage>
{
    private readonly object gate = new();
    private readonly Action<ProgressRecord> write;
    private readonly int parentId;
    private readonly string activity;
    private readonly Dictionary<string, int> layerActivities = new(StringComparer.Ordinal);
    private DockerStreamException? failure;
    private int nextLayerId;

    public PullProgress(string activity, int parentId, Action<ProgressRecord> write)
    {
        this.activity = activity;
        this.parentId = parentId;
        this.write = write;
    }

    /// <summary>The last status line without a layer id ("Digest: …", "Status: Downloaded newer image …").</summary>
    public string? LastStatus { get; private set; }

    public void Report(JSONMessage value)
    {
        ProgressRecord? record;
        lock (gate)
        {
            if (value.Error is { } error)
            {
                failure ??= new DockerStreamException(error.Message ?? "the engine reported an error", error.Code);
                return;
            }

            record = ToRecord(value);
        }

        if (record is not null)
        {
            write(record);
        }
    }

    /// <summary>Completes every activity still open; call when the stream has ended, however it ended.</summary>
    /// <summary>
    /// Runs a transfer that reports to this progress, completes the progress however it ends, and throws the first
    /// error the engine put in the stream after answering 200 OK.
    /// </summary>
    public async Task FollowAsync(Func<IProgress<JSONMessage>, Task> transfer)
    {
        try
        {
            await transfer(this).ConfigureAwait(false);
        }
        finally
        {
            Complete();
        }

        ThrowIfFailed();
    }

    public void Complete()
    {
        List<ProgressRecord> closing;
        lock (gate)
        {
            closing = new List<ProgressRecord>();
            foreach (var pair in layerActivities)
            {
                closing.Add(new ProgressRecord(pair.Value, pair.Key, "Done") { ParentActivityId = parentId, RecordType = ProgressRecordType.Completed });
            }

            layerActivities.Clear();
            closing.Add(new ProgressRecord(parentId, activity, "Done") { RecordType = ProgressRecordType.Completed });
        }

        closing.ForEach(write);
    }

    /// <summary>Throws the first error the stream carried, if any.</summary>
    public void ThrowIfFailed()
    {
        lock (gate)
        {
            if (failure is not null)
            {
                throw failure;
            }
        }
    }

    private ProgressRecord? ToRecord(JSONMessage message)
    {
        var status = message.Status ?? message.Stream?.TrimEnd();
        if (string.IsNullOrEmpty(status))
        {
            return null;
        }

        if (string.IsNullOrEmpty(message.ID) || message.Progress is null && !IsLayerStatus(status!))
        {
            LastStatus = string.IsNullOrEmpty(message.ID) ? status : $"{message.ID}: {status}";
            return new ProgressRecord(parentId, activity, LastStatus!);
        }

        var layer = message.ID!;
        if (!layerActivities.TryGetValue(layer, out var id))
        {
            // Never reused within a stream: a finished layer's id must not become a running layer's.
            id = parentId + 1 + nextLayerId++;
            layerActivities[layer] = id;
        }

        var record = new ProgressRecord(id, $"Layer {layer}", status!) { ParentActivityId = parentId };
        if (message.Progress is { Current: { } current, Total: { } total } && total > 0)
        {
            record.PercentComplete = (int)Math.Min(100, current * 100 / total);
            record.StatusDescription = $"{status} {Formatting.DisplayText.Size(current)}/{Formatting.DisplayText.Size(total)}";
        }

        if (IsLayerDone(status!))
        {
            record.RecordType = ProgressRecordType.Completed;
            layerActivities.Remove(layer);
        }

        return record;
    }

    private static bool IsLayerStatus(string status) =>
        status.StartsWith("Pulling fs layer", StringComparison.Ordinal)
        || status.StartsWith("Waiting", StringComparison.Ordinal)
        || status.StartsWith("Verifying", StringComparison.Ordinal)
        || status.StartsWith("Download complete", StringComparison.Ordinal)
        || status.StartsWith("Preparing", StringComparison.Ordinal)
        || IsLayerDone(status);

    private static bool IsLayerDone(string status) =>
        status.StartsWith("Pull complete", StringComparison.Ordinal)
        || status.StartsWith("Already exists", StringComparison.Ordinal)
        || status.StartsWith("Layer already exists", StringComparison.Ordinal)
        || status.StartsWith("Pushed", StringComparison.Ordinal);
}
