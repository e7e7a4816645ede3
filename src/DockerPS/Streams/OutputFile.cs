using System.IO;
using DockerPS.Archives;

namespace DockerPS.Streams;

/// <summary>
/// -OutFile: a command's stdout as a shell's <c>&gt; file</c> takes it, the bytes exactly as the program wrote them,
/// under the rules of every file DockerPS writes (<see cref="OutputTarget"/>): written aside and renamed into place
/// only once the stream has ended whole (<see cref="AtomicFile"/>), so a stream cut short leaves no file and an
/// existing one as it was.
/// </summary>
internal sealed class OutputFile : IDisposable
{
    private readonly AtomicFile file;
    private readonly string target;
    private readonly bool replace;

    private OutputFile(AtomicFile file, string target, bool replace)
    {
        this.file = file;
        this.target = target;
        this.replace = replace;
        Sink = OutputSink.File(file.Stream, WriteFailed);
    }

    /// <summary>Where the bytes go.</summary>
    public OutputSink Sink { get; }

    /// <summary>
    /// The file system path <paramref name="path"/> names, taken as it is (no wildcards). What is wrong with it is
    /// thrown as the cmdlet's terminating error (ErrorRecordException): a directory, a device, a link, a file that
    /// exists without -Force, a directory that does not exist, a path on no file system drive. Call on the pipeline
    /// thread, before the engine is asked.
    /// </summary>
    public static string Target(SessionState state, string path, bool force)
    {
        string target;
        try
        {
            target = ArchivePaths.ResolveTarget(state, path, literal: true);
        }
        catch (ArgumentException e)
        {
            // Resolved as it is, the path fails only on a drive that holds no files.
            throw new ErrorRecordException(DockerErrorMapper.ToErrorRecord(new ArgumentException($"Cannot write '{path}': -OutFile writes a file, on a FileSystem drive.", e), "InvalidArchivePath", path));
        }
        catch (SessionStateException e)
        {
            throw new ErrorRecordException(new ErrorRecord(e.ErrorRecord, e));
        }

        return OutputTarget.Refusal(target, path, force) is { } refusal ? throw new ErrorRecordException(refusal) : target;
    }

    /// <summary>-OutFile given with what leaves it nothing to take: refused before the engine is asked.</summary>
    public static ErrorRecord Conflict(string message, object target) =>
        new(new ArgumentException(message), "OutFileConflict", ErrorCategory.InvalidArgument, target);

    /// <summary>Starts the hidden file beside <paramref name="target"/>.</summary>
    public static OutputFile Create(string target, bool replace)
    {
        try
        {
            return new OutputFile(AtomicFile.Create(target, replace), target, replace);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ErrorRecordException(ArchiveErrors.NotWritable(Path.GetDirectoryName(target)!, e));
        }
    }

    /// <summary>The stream has ended whole: the file takes the target's name.</summary>
    public void Commit()
    {
        try
        {
            file.Stream.Flush();
            file.Commit(replace);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw WriteFailed(e);
        }
    }

    /// <summary>Unless committed, the hidden file is removed.</summary>
    public void Dispose() => file.Dispose();

    private Exception WriteFailed(Exception reason) => new ErrorRecordException(ArchiveErrors.WriteFailed(target, reason));
}
