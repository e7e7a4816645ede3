using System.Collections.Concurrent;
using System.Text;
using Docker.DotNet.Models;

namespace DockerPS.Streams;

/// <summary>
/// A running docker exec: stdin written as the pipeline supplies it, stdout and stderr read line by line on a
/// pool thread into a bounded queue that the pipeline thread drains, so output keeps flowing while input is
/// still arriving and memory stays flat whatever the command prints.
/// </summary>
internal sealed class ExecSession : IDisposable
{
    private const int QueueCapacity = 1024;
    private static readonly Encoding Utf8 = new UTF8Encoding(false);

    private readonly MultiplexedStream stream;
    private readonly BlockingCollection<(bool IsError, string Line)> lines = new(new ConcurrentQueue<(bool, string)>(), QueueCapacity);
    private readonly Task reading;

    private ExecSession(DockerEngine engine, string execId, MultiplexedStream stream, CancellationToken cancellation)
    {
        Engine = engine;
        ExecId = execId;
        this.stream = stream;
        reading = Task.Run(() => ReadAsync(cancellation));
    }

    public DockerEngine Engine { get; }

    public string ExecId { get; }

    /// <summary>Creates and starts the exec, attached to its output (and stdin when <paramref name="withStdin"/>).</summary>
    public static async Task<ExecSession> StartAsync(DockerEngine engine, string container, ContainerExecCreateParameters parameters, CancellationToken cancellation)
    {
        var created = await engine.Client.Exec.CreateContainerExecAsync(container, parameters, cancellation).ConfigureAwait(false);
        var stream = await engine.Client.Exec.StartContainerExecAsync(created.ID, new ContainerExecStartParameters { TTY = parameters.TTY }, cancellation).ConfigureAwait(false);
        return new ExecSession(engine, created.ID, stream, cancellation);
    }

    /// <summary>Writes one line to the command's stdin.</summary>
    public Task WriteLineAsync(string line, CancellationToken cancellation)
    {
        var bytes = Utf8.GetBytes(line + "\n");
        return stream.WriteAsync(bytes, 0, bytes.Length, cancellation);
    }

    /// <summary>Ends the command's stdin, so a command reading it sees end of file.</summary>
    public void CloseInput() => stream.CloseWrite();

    /// <summary>Takes the lines read so far without waiting (on the pipeline thread, between inputs).</summary>
    public IEnumerable<(bool IsError, string Line)> TakeAvailable()
    {
        while (lines.TryTake(out var line))
        {
            yield return line;
        }
    }

    /// <summary>Every remaining line, waiting for the command to finish writing.</summary>
    public IEnumerable<(bool IsError, string Line)> TakeAll(CancellationToken cancellation) => lines.GetConsumingEnumerable(cancellation);

    /// <summary>The exit code, once the output has ended; a failure while reading the output is thrown here.</summary>
    public async Task<long> ExitCodeAsync(CancellationToken cancellation)
    {
        await reading.ConfigureAwait(false);
        return (await ExitCodeAsync(Engine, ExecId, Timeout.InfiniteTimeSpan, cancellation).ConfigureAwait(false))!.Value;
    }

    /// <summary>
    /// The exit code of an exec, once the engine has recorded it (a moment after its output ends), or null when it
    /// still runs after <paramref name="wait"/> (<see cref="Timeout.InfiniteTimeSpan"/>: as long as it takes).
    /// </summary>
    public static async Task<long?> ExitCodeAsync(DockerEngine engine, string execId, TimeSpan wait, CancellationToken cancellation)
    {
        var deadline = wait == Timeout.InfiniteTimeSpan ? DateTime.MaxValue : DateTime.UtcNow + wait;
        while (true)
        {
            var inspect = await engine.Client.Exec.InspectContainerExecAsync(execId, cancellation).ConfigureAwait(false);
            if (!inspect.Running && inspect.ExitCode is { } exitCode)
            {
                return exitCode;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return null;
            }

            await Task.Delay(20, cancellation).ConfigureAwait(false);
        }
    }

    // The line queue is left to the collector: the reader may still be finishing with it when a cancelled
    // session is disposed.
    public void Dispose() => stream.Dispose();

    private async Task ReadAsync(CancellationToken cancellation)
    {
        try
        {
            await MultiplexedLines.ReadAsync(
                stream,
                line => lines.Add((false, line), cancellation),
                line => lines.Add((true, line), cancellation),
                cancellation).ConfigureAwait(false);
        }
        finally
        {
            lines.CompleteAdding();
        }
    }
}
