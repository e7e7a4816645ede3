using System.IO;

namespace DockerPS.Archives;

/// <summary>
/// Errors about archive files that only the cmdlet can tell apart: the IOException that means a full disk
/// while an archive is written means a lost engine connection elsewhere, and an engine's refusal to load
/// means a damaged archive once the archive itself was found damaged.
/// </summary>
internal static class ArchiveErrors
{
    public static ErrorRecord Invalid(Exception reason, string path) =>
        new(reason, "InvalidImageArchive", ErrorCategory.InvalidData, path);

    public static ErrorRecord Exists(string path) =>
        new(new IOException($"The file '{path}' already exists; use -Force to replace it."), "ArchiveExists", ErrorCategory.ResourceExists, path);

    public static ErrorRecord NotWritable(string directory, Exception reason) =>
        new(new UnauthorizedAccessException($"Cannot write to the directory '{directory}': {reason.Message}", reason), "DirectoryNotWritable", ErrorCategory.PermissionDenied, directory);

    public static ErrorRecord WriteFailed(string path, Exception reason) =>
        new(new IOException($"Writing '{path}' failed: {(IsDiskFull(reason) ? "the disk is full (" + reason.Message + ")" : reason.Message)}", reason), "ArchiveWriteFailed", ErrorCategory.WriteError, path);

    /// <summary>ENOSPC on Unix (.NET gives the errno as the HResult), ERROR_DISK_FULL or ERROR_HANDLE_DISK_FULL on Windows.</summary>
    private static bool IsDiskFull(Exception reason)
    {
        for (Exception? failure = reason; failure is not null; failure = failure.InnerException)
        {
            if (failure is IOException { HResult: 28 or unchecked((int)0x80070070) or unchecked((int)0x80070027) })
            {
                return true;
            }
        }

        return false;
    }

    public static ErrorRecord ReadFailed(string path, Exception reason) =>
        new(new IOException($"Reading '{path}' failed: {reason.Message}", reason), "ArchiveReadFailed", ErrorCategory.ReadError, path);
}
