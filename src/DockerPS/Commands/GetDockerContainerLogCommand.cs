using System.Globalization;
using Docker.DotNet.Models;
using DockerPS.Completion;
using DockerPS.Lookup;
using DockerPS.Streams;
using DockerPS.Time;

namespace DockerPS.Commands;

/// <summary>docker logs: a container's output, line by line as objects, streamed as it is read; or its stdout into a file.</summary>
[Cmdlet(VerbsCommon.Get, "DockerContainerLog")]
[OutputType(typeof(DockerContainerLogLine))]
[OutputType(typeof(byte[]))]
public sealed class GetDockerContainerLogCommand : DockerLookupCmdlet
{
    private readonly List<DockerContainerIdentity> followed = new();
    private ContainerLogsParameters? template;
    private string? outFile;

    /// <summary>Container names or ids (full or a unique prefix), or containers from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("Id", "ContainerId", "ContainerName")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ContainerNameCompleter))]
    public DockerContainerIdentity[] Name { get; set; } = Array.Empty<DockerContainerIdentity>();

    /// <summary>
    /// Keep reading new lines until the containers stop or Ctrl+C (docker logs -f); several containers are followed
    /// at once, their lines interleaved as they come, each naming its container.
    /// </summary>
    [Parameter]
    public SwitchParameter Follow { get; set; }

    /// <summary>Only the last n lines (docker logs --tail).</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int Tail { get; set; } = -1;

    /// <summary>Only lines since then: a DateTime, a TimeSpan or duration (10m, 1h30m) ago, or an RFC 3339 time.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? Since { get; set; }

    /// <summary>Only lines before then; the same forms as -Since.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? Until { get; set; }

    /// <summary>Start each line's text with the engine's timestamp, as docker logs -t does.</summary>
    [Parameter]
    public SwitchParameter Timestamps { get; set; }

    /// <summary>Which output to read: All (the default), Stdout or Stderr.</summary>
    [Parameter]
    public DockerLogStream Stream { get; set; } = DockerLogStream.All;

    /// <summary>The longest line written whole, in characters (1 Mi by default); a longer one comes in pieces of this length.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int MaxLineLength { get; set; } = LineSplitter.DefaultMaxLength;

    /// <summary>Write the log's bytes as they come, in byte[] chunks, untouched: for binary output, or to save it as it is.</summary>
    [Parameter]
    public SwitchParameter AsByteStream { get; set; }

    /// <summary>
    /// Write the container's stdout into this file, byte for byte as docker logs … &gt; file does (with -Timestamps,
    /// each line stamped as docker logs -t stamps it); stderr lines still come to the pipeline. The file appears only
    /// once the log has been read whole. One container.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OutFile { get; set; }

    /// <summary>Replace -OutFile's file if it exists.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void BeginProcessing()
    {
        if (OutFile is not null)
        {
            var conflict = AsByteStream ? "-AsByteStream would take it too" : Stream == DockerLogStream.Stderr ? "-Stream Stderr leaves none to take" : null;
            outFile = conflict is null
                ? OutputFile.Target(SessionState, OutFile, Force)
                : throw new ErrorRecordException(OutputFile.Conflict($"-OutFile takes the container's stdout; {conflict}.", OutFile));
        }

        var now = DateTime.UtcNow;
        string? Timestamp(object? time)
        {
            try
            {
                return time is null ? null : EngineTime.ToEngineTimestamp(time, now);
            }
            catch (ArgumentException e)
            {
                throw new ErrorRecordException(DockerErrors.InvalidTime(e, time));
            }
        }

        template = new ContainerLogsParameters
        {
            ShowStdout = Stream != DockerLogStream.Stderr,
            ShowStderr = Stream != DockerLogStream.Stdout,
            Follow = Follow.IsPresent,
            Tail = Tail >= 0 ? Tail.ToString(CultureInfo.InvariantCulture) : "all",
            Since = Timestamp(Since),
            Until = Timestamp(Until),

            // Asked for lines always, to fill each line's Timestamp (shown in the text only with -Timestamps); bytes are
            // the engine's as they are.
            Timestamps = Timestamps || !AsByteStream && outFile is null,
        };
    }

    protected override void ProcessRecord()
    {
        // Followed logs never end, so the containers are gathered and followed together once all have come; one file
        // takes one container's log, which is known once all have come.
        if (Follow || outFile is not null)
        {
            followed.AddRange(Name);
        }
        else
        {
            RunLookup<DockerContainerLogLine>(Name, DockerObjectKind.Container, ReadLogsAsync);
        }
    }

    protected override void EndProcessing()
    {
        if (outFile is not null && followed.Count > 1)
        {
            ThrowFailure(OutputFile.Conflict($"-OutFile takes one container's log; {followed.Count} containers were given.", OutFile!));
        }

        if (followed.Count > 0)
        {
            RunLookup<DockerContainerLogLine>(followed, DockerObjectKind.Container, ReadLogsAsync);
        }
    }

    /// <summary>
    /// Writes each container's lines as they are read (one container after another, or all at once with -Follow).
    /// A container the engine refuses is its own error, written at once; the others are still read.
    /// </summary>
    private async Task ReadLogsAsync(DockerEngine engine, IReadOnlyList<string> names, EngineAnswer<DockerContainerLogLine> answer, CancellationToken cancellation)
    {
        var batches = new PipelineBatches(OnPipelineThread);
        async Task ReadOneAsync(string reference)
        {
            // Lines and chunks go to the pipeline a read at a time.
            var batch = new List<object>();
            async Task SendAsync(CancellationToken token)
            {
                var sending = batch;
                batch = new List<object>();
                await batches.SendAsync(sending, WriteObject, token).ConfigureAwait(false);
            }

            using var file = outFile is null ? null : OutputFile.Create(outFile, Force);
            try
            {
                using var stream = await engine.StreamClient(waitsBetweenWrites: Follow).Containers.GetContainerLogsAsync(reference, template!, cancellation).ConfigureAwait(false);
                var (stdout, stderr) = Sinks(reference, file, item => batch.Add(item));
                await MultiplexedLines.ReadAsync(stream, stdout, stderr, SendAsync, cancellation).ConfigureAwait(false);
                file?.Commit();
            }
            catch (DockerContainerNotFoundException)
            {
                answer.Lacks(reference);
            }
            catch (DockerApiException e)
            {
                EmitError(DockerErrors.Refusal(DockerObjectKind.Container, e, reference));
            }
        }

        if (Follow)
        {
            await Task.WhenAll(names.Select(ReadOneAsync)).ConfigureAwait(false);
        }
        else
        {
            foreach (var reference in names)
            {
                await ReadOneAsync(reference).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Where a container's stdout and stderr go: lines (or the bytes, both streams in one sink to keep their order) to
    /// <paramref name="add"/>, for the pipeline; with -OutFile stdout into the file, and stderr lines stamped only
    /// when the engine was asked for stamps (-Timestamps).
    /// </summary>
    private (OutputSink Stdout, OutputSink Stderr) Sinks(string container, OutputFile? file, Action<object> add)
    {
        OutputSink Stamped(string stream) =>
            new StampedLineSink((stamp, text) => add(new DockerContainerLogLine(container, stream, stamp, text, Timestamps)), MaxLineLength);

        if (file is not null)
        {
            return (file.Sink, Timestamps ? Stamped("stderr") : OutputSink.Lines(text => add(new DockerContainerLogLine(container, "stderr", null, text, false)), MaxLineLength));
        }

        if (AsByteStream)
        {
            var bytes = OutputSink.Bytes(add);
            return (bytes, bytes);
        }

        return (Stamped("stdout"), Stamped("stderr"));
    }
}
