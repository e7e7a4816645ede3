using System.IO;
using System.IO.Compression;

namespace DockerPS.Archives;

/// <summary>
/// An archive the engine streams (docker save, docker export) written into a file: it streams into a hidden file
/// beside the target (gzip-compressed when the name ends in .gz or .tgz), is checked to be a whole tar, and only then
/// takes the target's name.
/// </summary>
internal static class ImageSaver
{
    public static bool Compresses(string target) =>
        target.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) || target.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase);

    /// <summary>Saves the images into <paramref name="target"/>, replacing it when <paramref name="replace"/>.</summary>
    public static Task SaveAsync(DockerEngine engine, IReadOnlyList<string> names, string target, bool replace, ByteProgress progress, CancellationToken cancellation) =>
        SaveAsync(token => engine.BurstClient.Images.SaveImagesAsync(names.ToArray(), token), target, replace, progress, cancellation);

    /// <summary>Writes the archive <paramref name="open"/> asks the engine for into <paramref name="target"/>, replacing it when <paramref name="replace"/>.</summary>
    public static async Task SaveAsync(Func<CancellationToken, Task<Stream>> open, string target, bool replace, ByteProgress progress, CancellationToken cancellation)
    {
        AtomicFile file;
        try
        {
            file = AtomicFile.Create(target, replace);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ErrorRecordException(ArchiveErrors.NotWritable(Path.GetDirectoryName(target)!, e));
        }

        using (file)
        {
            try
            {
                await WriteArchiveAsync(open, file.Stream, Compresses(target), progress, reason => WriteFailed(target, reason), cancellation).ConfigureAwait(false);
            }
            catch (Exception e) when (cancellation.IsCancellationRequested && e is not OperationCanceledException)
            {
                // Ctrl+C disposed the engine's stream under a pending read.
                throw new OperationCanceledException(cancellation);
            }
            finally
            {
                progress.Complete();
            }

            try
            {
                file.Commit(replace);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw WriteFailed(target, e);
            }
        }
    }

    private static async Task WriteArchiveAsync(Func<CancellationToken, Task<Stream>> open, FileStream file, bool compress, ByteProgress progress, Func<Exception, Exception> writeFailed, CancellationToken cancellation)
    {
        using var archive = await open(cancellation).ConfigureAwait(false);

        // The stream need not honour the token while the engine prepares the export; disposing it ends any read.
        using var abort = cancellation.Register(archive.Dispose);
        var gzip = compress ? new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true) : null;
        try
        {
            await SavedArchiveCheck.ReadToEndAsync(new CopyingReadStream(archive, (Stream?)gzip ?? file, writeFailed, progress.Report), cancellation).ConfigureAwait(false);
            try
            {
                // Closing the gzip stream writes its last block and trailer.
                gzip?.Dispose();
                await file.FlushAsync(cancellation).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw writeFailed(e);
            }
        }
        finally
        {
            try
            {
                gzip?.Dispose();
            }
            catch (IOException)
            {
                // After a failure the file is deleted; the trailer that could not be written does not matter.
            }
        }
    }

    private static Exception WriteFailed(string target, Exception reason) => new ErrorRecordException(ArchiveErrors.WriteFailed(target, reason));
}
