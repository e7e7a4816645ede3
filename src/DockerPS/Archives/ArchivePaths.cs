using System.IO;
using Microsoft.PowerShell.Commands;
using DriveNotFoundException = System.Management.Automation.DriveNotFoundException;

namespace DockerPS.Archives;

/// <summary>
/// Archive paths, resolved by the PowerShell provider relative to the current location (not the process's
/// working directory). Only the FileSystem provider has files an archive can be read from or written to.
/// Call on the pipeline thread: session state belongs to it.
/// </summary>
internal static class ArchivePaths
{
    /// <summary>
    /// Existing archive files: -Path expands wildcards (a pattern that matches nothing gives nothing, as with
    /// Get-Content; a plain path that does not exist is an ItemNotFoundException), -LiteralPath is taken as it is.
    /// </summary>
    public static IReadOnlyList<string> ResolveExisting(SessionState state, string path, bool literal)
    {
        ProviderInfo provider;
        var paths = literal
            ? new List<string> { state.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _) }
            : state.Path.GetResolvedProviderPathFromPSPath(path, out provider).ToList();
        RequireFileSystem(provider, path);
        foreach (var resolved in paths)
        {
            if (Directory.Exists(resolved))
            {
                throw new ArgumentException($"'{resolved}' is a directory, not an archive file.");
            }

            if (!File.Exists(resolved))
            {
                throw new ItemNotFoundException($"Cannot find path '{resolved}' because it does not exist.");
            }
        }

        return paths;
    }

    /// <summary>Whether resolving failed on the path itself: not found, not a file, not on a FileSystem drive.</summary>
    public static bool IsPathFailure(Exception exception) => exception is ArgumentException or SessionStateException;

    /// <summary>The error for an archive path <see cref="ResolveExisting"/> refused: missing, or no archive file.</summary>
    public static ErrorRecord Unreadable(Exception exception, string path) =>
        DockerErrorMapper.ToErrorRecord(exception, exception is ItemNotFoundException or DriveNotFoundException ? "ArchiveNotFound" : "InvalidArchivePath", path);

    /// <summary>
    /// The file to write, as Out-File finds it: -Path may be a pattern that names one existing file, and is
    /// otherwise the path of a new file; -LiteralPath is taken as it is.
    /// </summary>
    public static string ResolveTarget(SessionState state, string path, bool literal)
    {
        if (!literal && WildcardPattern.ContainsWildcardCharacters(path))
        {
            var matches = state.Path.GetResolvedProviderPathFromPSPath(path, out var matchProvider);
            if (matches.Count > 1)
            {
                throw new ArgumentException($"'{path}' names {matches.Count} files; an archive is written to one.");
            }

            if (matches.Count == 1)
            {
                RequireFileSystem(matchProvider, path);
                return matches[0];
            }
        }

        var target = state.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
        RequireFileSystem(provider, path);
        return target;
    }

    private static void RequireFileSystem(ProviderInfo provider, string path)
    {
        if (provider.ImplementingType != typeof(FileSystemProvider))
        {
            throw new ArgumentException($"'{path}' is a {provider.Name} path; image archives are files, on a FileSystem drive.");
        }
    }
}
