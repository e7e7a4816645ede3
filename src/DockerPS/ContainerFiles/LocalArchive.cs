using System.IO;
using DockerPS.Archives;
using DockerPS.Internal;

namespace DockerPS.ContainerFiles;

/// <summary>
/// Local files written as a tar for a container (docker cp into a container): a file, or a directory and everything
/// under it, with their modes, times and symbolic links as they are (a link inside the tree is never followed). The
/// top entry takes the name the copy plan gives it; "." puts a directory's contents straight into the destination.
/// Devices, named pipes and sockets are left out with a warning, as nothing can carry them into a container that
/// would mean the same. A file that cannot be read stops the archive with an error that names it.
/// </summary>
internal sealed class LocalArchive
{
    private readonly string source;
    private readonly string topName;
    private readonly Action<string> warn;
    private readonly Action<long> progress;
    private long sent;

    /// <param name="source">The local file or directory, symbolic links already followed where the copy follows them.</param>
    /// <param name="topName">The name the source takes in the archive; "." for a directory's contents.</param>
    public LocalArchive(string source, string topName, Action<string> warn, Action<long> progress)
    {
        this.source = source;
        this.topName = topName;
        this.warn = warn;
        this.progress = progress;
    }

    /// <summary>Writes the archive's entries (<see cref="TarProducerStream"/> ends it).</summary>
    public Task WriteAsync(TarWriter writer, CancellationToken cancellation) => WriteTreeAsync(writer, source, topName, cancellation);

    private async Task WriteTreeAsync(TarWriter writer, string path, string name, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        var facts = UnixFiles.StatusOf(path) ?? throw Unreadable(path, new FileNotFoundException("it no longer exists"));
        switch (facts.Kind)
        {
            case UnixFiles.FileKind.Directory:
                if (name != ".")
                {
                    await writer.WriteEntryAsync(new TarEntry(name, TarEntryType.Directory, 0, null, facts.Mode, facts.Modified), null, cancellation).ConfigureAwait(false);
                }

                string[] children;
                try
                {
                    children = Directory.GetFileSystemEntries(path);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw Unreadable(path, e);
                }

                Array.Sort(children, StringComparer.Ordinal);
                foreach (var child in children)
                {
                    var childName = Path.GetFileName(child);
                    await WriteTreeAsync(writer, child, name == "." ? childName : name + "/" + childName, cancellation).ConfigureAwait(false);
                }

                break;
            case UnixFiles.FileKind.SymbolicLink:
                string target;
                try
                {
                    target = UnixFiles.ReadLink(path) ?? string.Empty;
                }
                catch (IOException e)
                {
                    throw Unreadable(path, e);
                }

                await writer.WriteEntryAsync(new TarEntry(name, TarEntryType.SymbolicLink, 0, target, facts.Mode, facts.Modified), null, cancellation).ConfigureAwait(false);
                break;
            case UnixFiles.FileKind.Regular:
                await WriteFileAsync(writer, path, name, facts, cancellation).ConfigureAwait(false);
                break;
            default:
                warn($"'{path}' is a device, named pipe or socket; it is not copied.");
                break;
        }
    }

    private async Task WriteFileAsync(TarWriter writer, string path, string name, FileFacts facts, CancellationToken cancellation)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 81920, useAsync: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unreadable(path, e);
        }

        using (file)
        {
            var counted = new CountingReadStream(file, path, read =>
            {
                sent += read;
                progress(sent);
            });
            await writer.WriteEntryAsync(new TarEntry(name, TarEntryType.File, facts.Size, null, facts.Mode, facts.Modified), counted, cancellation).ConfigureAwait(false);
        }
    }

    private static ErrorRecordException Unreadable(string path, Exception reason) =>
        new(new ErrorRecord(new IOException($"Cannot read '{path}': {reason.Message}", reason), "CopySourceUnreadable", ErrorCategory.ReadError, path));

    /// <summary>A local file's bytes as the tar writer reads them: counted for progress, a read failure worded as the file's.</summary>
    private sealed class CountingReadStream : ForwardOnlyStream
    {
        private readonly Stream file;
        private readonly string path;
        private readonly Action<int> counted;

        public CountingReadStream(Stream file, string path, Action<int> counted)
        {
            this.file = file;
            this.path = path;
            this.counted = counted;
        }

        public override bool CanRead => true;

        public override bool CanWrite => false;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            int read;
            try
            {
                read = await file.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Unreadable(path, e);
            }

            counted(read);
            return read;
        }

        public override void Flush()
        {
        }

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
