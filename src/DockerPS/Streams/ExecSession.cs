using System.Text;
using Docker.DotNet.Models;

namespace DockerPS.Streams;

/// <summary>
/// A running docker exec: stdin written as the pipeline supplies it, stdout and stderr read on a pool thread into
/// a bounded queue that the pipeline thread drains, so output keeps flowing while input is still arriving and
/// memory stays flat whatever the command prints. The queue holds a batch each time the reader catches up with the
/// engine's stream (a line at a time cost more than the lines), and waiting on it holds no thread. Stderr comes as
/// lines; stdout as lines, as byte[] chunks, or into a file.
/// </summary>
internal sealed class ExecSession : IDisposable
{
    private const int QueueCapacity = 4;
    private static readonly Encoding Utf8 = new UTF8Encoding(false);

    private readonly MultiplexedStream stream;
    private readonly AsyncQueue<List<(bool IsError, object Item)>> output = new(QueueCapacity);
    private readonly OutputFile? file;
    private readonly Task reading;

    private ExecSession(DockerEngine engine, string execId, MultiplexedStream stream, OutputFile? file, ExecOutput format, CancellationToken cancellation)
    {
        Engine = engine;
        ExecId = execId;
        this.stream = stream;
        this.file = file;
        reading = Task.Run(() => ReadAsync(format, cancellation));
    }

    public DockerEngine Engine { get; }

    public string ExecId { get; }

    /// <summary>
    /// Creates and starts the exec, attached to its output (and to stdin when the parameters say so). An output file
    /// is begun first: a directory that takes no file is found before the command runs.
    /// </summary>
    public static async Task<ExecSession> StartAsync(DockerEngine engine, string container, ContainerExecCreateParameters parameters, ExecOutput format, CancellationToken cancellation)
    {
        var file = format.OutFile is { } target ? OutputFile.Create(target, format.Replace) : null;
        try
        {
            var created = await engine.Client.Exec.CreateContainerExecAsync(container, parameters, cancellation).ConfigureAwait(false);

            // Output for a file is a transfer (a dump, an archive); lines for the pipeline may wait, as a followed log does.
            var stream = await engine.StreamClient(waitsBetweenWrites: file is null).Exec.StartContainerExecAsync(created.ID, new ContainerExecStartParameters { TTY = parameters.TTY }, cancellation).ConfigureAwait(false);
            return new ExecSession(engine, created.ID, stream, file, format, cancellation);
        }
        catch
        {
            file?.Dispose();
            throw;
        }
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

    /// <summary>What docker exec asks the engine for; <paramref name="attach"/> false for -Detach.</summary>
    public static ContainerExecCreateParameters Request(string[] command, string? user, string? workingDirectory, IList<string>? environment, bool privileged, bool tty, bool attach) => new()
    {
        Cmd = command,
        User = user ?? string.Empty,
        WorkingDir = workingDirectory ?? string.Empty,
        Env = environment!,
        Privileged = privileged,
        TTY = tty,
        AttachStdout = attach,
        AttachStderr = attach,
    };

    /// <summary>Writes lines to the command's stdin; a failure ends the session (an output file not yet whole goes with it).</summary>
    public async Task WriteLinesAsync(IEnumerable<string> lines, CancellationToken cancellation)
    {
        try
        {
            foreach (var line in lines)
            {
                var bytes = Utf8.GetBytes(line + "\n");
                await stream.WriteAsync(bytes, 0, bytes.Length, cancellation).ConfigureAwait(false);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Ends the command's stdin, so a command reading it sees end of file.</summary>
    public void CloseInput() => stream.CloseWrite();

    /// <summary>Takes the output read so far without waiting (on the pipeline thread, between inputs).</summary>
    public IEnumerable<(bool IsError, object Item)> TakeAvailable()
    {
        while (output.TryTake(out var batch))
        {
            foreach (var item in batch!)
            {
                yield return item;
            }
        }
    }

    /// <summary>The next batch of lines or chunks, waiting for the command to write it; null once its output has ended.</summary>
    public Task<List<(bool IsError, object Item)>?> TakeAsync(CancellationToken cancellation) => output.TakeAsync(cancellation);

    /// <summary>
    /// The exit code, once the output has ended; a failure while reading the output is thrown here. With -OutFile, the
    /// output having ended whole, the file takes its name (whatever the exit code: a shell's > file keeps it too).
    /// </summary>
    public async Task<long> ExitCodeAsync(CancellationToken cancellation)
    {
        await reading.ConfigureAwait(false);
        file?.Commit();
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
    // session is disposed. An output file not committed is removed.
    public void Dispose()
    {
        stream.Dispose();
        file?.Dispose();
    }

    private async Task ReadAsync(ExecOutput format, CancellationToken cancellation)
    {
        var batch = new List<(bool IsError, object Item)>();
        Task Send(CancellationToken token)
        {
            if (batch.Count == 0)
            {
                return Task.CompletedTask;
            }

            var full = batch;
            batch = new List<(bool IsError, object Item)>();
            return output.AddAsync(full, token);
        }

        try
        {
            await MultiplexedLines.ReadAsync(
                stream,
                file?.Sink ?? (format.AsBytes ? OutputSink.Bytes(chunk => batch.Add((false, chunk))) : OutputSink.Lines(line => batch.Add((false, line)), format.MaxLineLength)),
                OutputSink.Lines(line => batch.Add((true, line)), format.MaxLineLength),
                Send,
                cancellation).ConfigureAwait(false);
        }
        finally
        {
            output.Complete();
        }
    }
}

/// <summary>
/// How an exec's stdout comes back: lines of at most <see cref="MaxLineLength"/> characters, the bytes, or the bytes
/// into the file <see cref="OutFile"/> (replacing one there when <see cref="Replace"/>).
/// </summary>
internal readonly struct ExecOutput
{
    public ExecOutput(bool asBytes, int maxLineLength, string? outFile, bool replace)
    {
        AsBytes = asBytes;
        MaxLineLength = maxLineLength;
        OutFile = outFile;
        Replace = replace;
    }

    public bool AsBytes { get; }

    public int MaxLineLength { get; }

    public string? OutFile { get; }

    public bool Replace { get; }
}
