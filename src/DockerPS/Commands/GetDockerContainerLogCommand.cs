using System;
using System.Collections.Generic;
using System.Linq;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Cmdlets;
using DockerPS.Completion;
using DockerPS.Engine;
using DockerPS.Streams;

namespace DockerPS.Commands;

/// <summary>docker logs: a container's output, line by line as objects, streamed as it is read.</summary>
[Cmdlet(VerbsCommon.Get, "DockerContainerLog")]
[OutputType(typeof(DockerContainerLogLine))]
public sealed class GetDockerContainerLogCommand : DockerEngineCmdlet
{
    /// <summary>Container names or ids (full or a unique prefix).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Id", "ContainerId", "ContainerName")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ContainerNameCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>Keep reading new lines until the container stops or Ctrl+C (docker logs -f).</summary>
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

    private ContainerLogsParameters? template;

    protected override void BeginProcessing()
    {
        var now = DateTime.UtcNow;
        try
        {
            template = new ContainerLogsParameters
            {
                ShowStdout = Stream != DockerLogStream.Stderr,
                ShowStderr = Stream != DockerLogStream.Stdout,
                Follow = Follow.IsPresent,
                Tail = Tail >= 0 ? Tail.ToString(CultureInfo.InvariantCulture) : "all",
                Since = Since is null ? null : EngineTime.ToEngineTimestamp(Since, now),
                Until = Until is null ? null : EngineTime.ToEngineTimestamp(Until, now),

                // Always asked for, to fill each line's Timestamp; shown in the text only with -Timestamps.
                Timestamps = true,
            };
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "InvalidTime", ErrorCategory.InvalidArgument, null));
        }
    }

    protected override void ProcessRecord() => RunAsync(async cancellation =>
    {
        var answers = await ForEachEngineAsync(
            ResolveEndpoints(),
            async (engine, token) =>
            {
                var missing = new List<string>();
                foreach (var reference in Name)
                {
                    try
                    {
                        await ReadLogAsync(engine, reference, token).ConfigureAwait(false);
                    }
                    catch (DockerContainerNotFoundException)
                    {
                        missing.Add(reference);
                    }
                }

                return missing;
            },
            cancellation).ConfigureAwait(false);

        foreach (var reference in MissingEverywhere(Name, answers, missing => missing))
        {
            EmitError(new ItemNotFoundException($"No such container: {reference}"), "ContainerNotFound", reference);
        }
    });

    private async Task ReadLogAsync(DockerEngine engine, string reference, CancellationToken cancellation)
    {
        using var stream = await engine.Client.Containers.GetContainerLogsAsync(reference, template!, cancellation).ConfigureAwait(false);
        await MultiplexedLines.ReadAsync(
            stream,
            line => Emit(ToLogLine(reference, "stdout", line)),
            line => Emit(ToLogLine(reference, "stderr", line)),
            cancellation).ConfigureAwait(false);
    }

    private DockerContainerLogLine ToLogLine(string container, string stream, string line)
    {
        // The engine puts its RFC 3339 timestamp and one space before each line.
        var space = line.IndexOf(' ');
        var stamp = space > 0 ? line.Substring(0, space) : null;
        var time = ModelMapper.ParseEngineTime(stamp);
        return time is null
            ? new DockerContainerLogLine(container, stream, null, null, line, Timestamps)
            : new DockerContainerLogLine(container, stream, time, stamp, line.Substring(space + 1), Timestamps);
    }
}
