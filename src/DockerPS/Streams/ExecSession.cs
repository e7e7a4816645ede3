using System.Collections.Concurrent;
using System.Text;
using Docker.DotNet.Models;

namespace DockerPS.Streams;

/// <summary>
/// A running docker exec: stdin written as the pipeline supplies it, stdout and stderr read on a pool thread into
/// a bounded queue that the pipeline thread drains, so output keeps flowing while input is still arriving and
/// memory stays flat whatever the command prints. Stderr comes as lines; stdout as lines, or as byte[] chunks.
/// </summary>
internal sealed class ExecSession : IDisposable
{
    private const int QueueCapacity = 1024;
    private static readonly Encoding Utf8 = new UTF8Encoding(false);

    private readonly MultiplexedStream stream;
    private readonly BlockingCollection<(bool IsError, object Item)> output = new(new ConcurrentQueue<(bool, object)>(), QueueCapacity);
    private readonly Task reading;

    private ExecSession(DockerEngine engine, string execId, MultiplexedStream stream, ExecOutput format, CancellationToken cancellation)
    {
        Engine = engine;
        ExecId = execId;
        this.stream = stream;
        reading = Task.Run(() => ReadAsync(format, cancellation));
    }

    public DockerEngine Engine { get; }

    public string ExecId { get; }

    /// <summary>Creates and starts the exec, attached to its output (and to stdin when the parameters say so).</summary>
    public static async Task<ExecSession> StartAsync(DockerEngine engine, string container, ContainerExecCreateParameters parameters, ExecOutput format, CancellationToken cancellation)
    {
        var created = await engine.Client.Exec.CreateContainerExecAsync(container, parameters, cancellation).ConfigureAwait(false);
        var stream = await engine.Client.Exec.StartContainerExecAsync(created.ID, new ContainerExecStartParameters { TTY = parameters.TTY }, cancellation).ConfigureAwait(false);
        return new ExecSession(engine, created.ID, stream, format, cancellation);
    }

    /// <summary>Starts the exec and leaves it running, as docker exec -d does; returns its id.</summary>
    public static async Task<string> StartDetachedAsync(DockerEngine engine, string container, ContainerExecCreateParameters parameters, CancellationToken cancellation)
    {
        // Started with Detach (Podman refuses an attached start with nothing attached). The engine then answers 200
        // and leaves the command running; the client library, which always expects an upgraded connection, says so
        // by failing to take over the response.
        var created = await engine.Client.Exec.CreateContainerExecAsync(container, parameters, cancellation).ConfigureAwait(false);
        try
        {
            using (await engine.Client.Exec.StartContainerExecAsync(created.ID, new ContainerExecStartParameters { Detach = true }, cancellation).ConfigureAwait(false))
            {
            }
        }
        catch (InvalidOperationException e) when (e.Message.IndexOf("hijack", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            // Started.
        }

        return created.ID;
    }

    /// <summary>Writes one line to the command's stdin.</summary>
    public Task WriteLineAsync(string line, CancellationToken cancellation)
    {
        var bytes = Utf8.GetBytes(line + "\n");
        return stream.WriteAsync(bytes, 0, bytes.Length, cancellation);
    }

    /// <summary>Ends the command's stdin, so a command reading it sees end of file.</summary>
    public void CloseInput() => stream.CloseWrite();

    /// <summary>Takes the output read so far without waiting (on the pipeline thread, between inputs).</summary>
    public IEnumerable<(bool IsError, object Item)> TakeAvailable()
    {
        while (output.TryTake(out var item))
        {
            yield return item;
        }
    }

    /// <summary>Every remaining line or chunk, waiting for the command to finish writing.</summary>
    public IEnumerable<(bool IsError, object Item)> TakeAll(CancellationToken cancellation) => output.GetConsumingEnumerable(cancellation);

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

    // The output queue is left to the collector: the reader may still be finishing with it when a cancelled
    // session is disposed.
    public void Dispose() => stream.Dispose();

    private async Task ReadAsync(ExecOutput format, CancellationToken cancellation)
    {
        try
        {
            await MultiplexedLines.ReadAsync(
                stream,
                format.AsBytes ? OutputSink.Bytes(chunk => output.Add((false, chunk), cancellation)) : OutputSink.Lines(line => output.Add((false, line), cancellation), format.MaxLineLength),
                OutputSink.Lines(line => output.Add((true, line), cancellation), format.MaxLineLength),
                cancellation).ConfigureAwait(false);
        }
        finally
        {
            output.CompleteAdding();
        }
    }
}

/// <summary>How an exec's stdout comes back: lines of at most <see cref="MaxLineLength"/> characters, or the bytes.</summary>
internal readonly struct ExecOutput
{
    public ExecOutput(bool asBytes, int maxLineLength)
    {
        AsBytes = asBytes;
        MaxLineLength = maxLineLength;
    }

    public bool AsBytes { get; }

    public int MaxLineLength { get; }
}
