using System.Globalization;
using Docker.DotNet.Models;
using DockerPS.Completion;
using DockerPS.Lookup;
using DockerPS.Services;
using DockerPS.Streams;
using DockerPS.Time;

namespace DockerPS.Commands;

/// <summary>docker service logs: the lines every task of Swarm services wrote, as objects naming the task, streamed as they are read.</summary>
[Cmdlet(VerbsCommon.Get, "DockerServiceLog")]
[OutputType(typeof(DockerServiceLogLine))]
public sealed class GetDockerServiceLogCommand : DockerLookupCmdlet
{
    private readonly List<DockerServiceIdentity> followed = new();
    private ServiceLogsParameters? template;

    /// <summary>Service names or ids (full or a unique prefix), or services (or their tasks) from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("ServiceName", "Id")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ServiceNameCompleter))]
    public DockerServiceIdentity[] Name { get; set; } = Array.Empty<DockerServiceIdentity>();

    /// <summary>Keep reading new lines until Ctrl+C (docker service logs -f); several services are followed at once.</summary>
    [Parameter]
    public SwitchParameter Follow { get; set; }

    /// <summary>Only the last n lines of each task (docker service logs --tail).</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int Tail { get; set; } = -1;

    /// <summary>Show each line's timestamp in its text form, as docker service logs -t does.</summary>
    [Parameter]
    public SwitchParameter Timestamps { get; set; }

    /// <summary>The longest line written whole, in characters (1 Mi by default); a longer one comes in pieces of this length.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int MaxLineLength { get; set; } = LineSplitter.DefaultMaxLength;

    protected override void BeginProcessing() =>
        template = new ServiceLogsParameters
        {
            ShowStdout = true,
            ShowStderr = true,
            Follow = Follow.IsPresent,
            Tail = Tail >= 0 ? Tail.ToString(CultureInfo.InvariantCulture) : "all",

            // Asked for always: the stamps fill each line's Timestamp, the details name its task and node.
            Timestamps = true,
            Details = true,
        };

    protected override void ProcessRecord()
    {
        // Followed logs never end, so the services are gathered and followed together once all have come.
        if (Follow)
        {
            followed.AddRange(Name);
        }
        else
        {
            RunLookup<DockerServiceLogLine>(Name, DockerObjectKind.Service, ReadLogsAsync);
        }
    }

    protected override void EndProcessing()
    {
        if (followed.Count > 0)
        {
            RunLookup<DockerServiceLogLine>(followed, DockerObjectKind.Service, ReadLogsAsync);
        }
    }

    /// <summary>Writes each service's lines as they are read (one service after another, or all at once with -Follow).</summary>
    private async Task ReadLogsAsync(DockerEngine engine, IReadOnlyList<string> names, EngineAnswer<DockerServiceLogLine> answer, CancellationToken cancellation)
    {
        async Task ReadOneAsync(string reference)
        {
            try
            {
                var (raw, service) = await ServiceLookup.ReadAsync(engine, reference, cancellation).ConfigureAwait(false);
                var tasks = await ServiceLookup.TasksAsync(engine, service, null, cancellation).ConfigureAwait(false);
                var byId = tasks.ToDictionary(task => task.Id, StringComparer.Ordinal);
                var tty = raw.Spec?.TaskTemplate?.ContainerSpec?.TTY == true;
                using var stream = await engine.StreamClient(waitsBetweenWrites: Follow).Swarm.GetServiceLogsAsync(raw.ID!, tty, template!, cancellation).ConfigureAwait(false);
                await MultiplexedLines.ReadAsync(stream, Sink(reference, service, byId, "stdout"), Sink(reference, service, byId, "stderr"), _ => Task.CompletedTask, cancellation).ConfigureAwait(false);
            }
            catch (DockerApiException e) when (ServiceLookup.IsNotFound(e))
            {
                answer.Lacks(reference);
            }
            catch (DockerApiException e)
            {
                EmitError(DockerErrors.Refusal(DockerObjectKind.Service, e, reference));
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

    /// <summary>Lines named by their task: one listed when the logs were asked for by its name, a newer one (-Follow) by the service and its id.</summary>
    private OutputSink Sink(string reference, DockerService service, IReadOnlyDictionary<string, DockerServiceTask> tasks, string stream) =>
        new StampedLineSink(
            (stamp, line) =>
            {
                var (taskId, nodeId, text) = ServiceLogSource.Split(line);
                var task = taskId is not null && tasks.TryGetValue(taskId, out var known) ? known : null;
                Emit(new DockerServiceLogLine(
                    reference,
                    task?.Name ?? service.Name,
                    taskId,
                    task?.Node ?? nodeId,
                    stream,
                    EngineTime.Parse(stamp),
                    stamp,
                    text,
                    Timestamps));
            },
            MaxLineLength);
}
