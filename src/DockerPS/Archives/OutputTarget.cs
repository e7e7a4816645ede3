using System.IO;
using DockerPS.Internal;

namespace DockerPS.Archives;

/// <summary>
/// The rule for every file DockerPS writes, as docker save -o keeps it: the target is a new name in a directory
/// that exists, or a regular file that -Force replaces. A device, a named pipe, a socket, a symbolic link or a
/// directory is refused, -Force or not: the file is renamed into place, which would put it instead of them.
/// </summary>
internal static class OutputTarget
{
    /// <summary>Why nothing may be written at <paramref name="target"/>, or null; <paramref name="given"/> is the path as the user gave it.</summary>
    public static ErrorRecord? Refusal(string target, string given, bool force)
    {
        var kind = UnixFiles.KindOf(target);
        if (kind == UnixFiles.FileKind.Missing)
        {
            var directory = Path.GetDirectoryName(target);
            return directory is null || Directory.Exists(directory)
                ? null
                : new ErrorRecord(new ItemNotFoundException($"Cannot write '{target}': the directory '{directory}' does not exist."), "DirectoryNotFound", ErrorCategory.ObjectNotFound, given);
        }

        if (kind == UnixFiles.FileKind.Regular)
        {
            return force ? null : ArchiveErrors.Exists(target);
        }

        var what = kind switch
        {
            UnixFiles.FileKind.Directory => "a directory",
            UnixFiles.FileKind.CharacterDevice => "a character device file",
            UnixFiles.FileKind.BlockDevice => "a block device file",
            UnixFiles.FileKind.NamedPipe => "a named pipe (FIFO)",
            UnixFiles.FileKind.Socket => "a socket",
            _ => "a symbolic link, which is not written through directly",
        };
        return new ErrorRecord(
            new ArgumentException($"Cannot write to '{target}': it is {what}; give the path of a regular file or a new name."),
            "InvalidArchivePath",
            ErrorCategory.InvalidArgument,
            given);
    }
}
