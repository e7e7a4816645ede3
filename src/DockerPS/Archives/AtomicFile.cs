using System.IO;
using DockerPS.Internal;

namespace DockerPS.Archives;

/// <summary>
/// A file written under a hidden, unique name beside its target and renamed into place only once complete:
/// a failure or Ctrl+C leaves no partial file, and an existing target as it was. Same directory, so the
/// rename is a rename and never a copy. The file is private to its owner (0600) from its first byte.
/// </summary>
internal sealed class AtomicFile : IDisposable
{
    private readonly string target;
    private readonly string temporary;
    private bool committed;

    private AtomicFile(string target, string temporary, FileStream stream)
    {
        this.target = target;
        this.temporary = temporary;
        Stream = stream;
    }

    /// <summary>Where the content goes until <see cref="Commit"/>.</summary>
    public FileStream Stream { get; }

    /// <summary>
    /// Creates the temporary file; throws as creating a file in the target's directory would, or an
    /// ErrorRecordException when the target is no place for a file (see <see cref="OutputTarget"/>).
    /// </summary>
    public static AtomicFile Create(string target, bool replace)
    {
        RequireWritable(target, replace);

        // The leading dot hides it on Unix, the attribute on Windows.
        var temporary = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.partial");
        var stream = UnixFiles.CreateNewPrivate(temporary, 81920);
        try
        {
            File.SetAttributes(temporary, FileAttributes.Hidden);
        }
        catch
        {
            stream.Dispose();
            File.Delete(temporary);
            throw;
        }

        return new AtomicFile(target, temporary, stream);
    }

    /// <summary>
    /// Closes the content and renames it to the target, replacing the target if <paramref name="replace"/>. The
    /// target is checked again first: something may have taken its name while the content was written.
    /// </summary>
    public void Commit(bool replace)
    {
        Stream.Dispose();
        RequireWritable(target, replace);

        // A renamed file keeps its attributes; the target must not stay hidden.
        File.SetAttributes(temporary, FileAttributes.Normal);
        if (replace && File.Exists(target))
        {
            File.Replace(temporary, target, null);
        }
        else
        {
            File.Move(temporary, target);
        }

        committed = true;
    }

    /// <summary>Removes the temporary file unless it was committed, whatever closing it says (a full disk fails its flush).</summary>
    public void Dispose()
    {
        if (committed)
        {
            return;
        }

        try
        {
            Stream.Dispose();
        }
        catch (IOException)
        {
            // The content is being thrown away; the failure that led here is the one that matters.
        }

        try
        {
            File.Delete(temporary);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The original failure matters more than a leftover hidden file.
        }
    }

    private static void RequireWritable(string target, bool replace)
    {
        if (OutputTarget.Refusal(target, target, replace) is { } refusal)
        {
            throw new ErrorRecordException(refusal);
        }
    }
}
