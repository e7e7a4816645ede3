using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Handler.Abstractions;
using Docker.DotNet.Models;
using DockerPS.Mapping;
using DockerPS.Tests.Fakes;

namespace DockerPS.Tests;

/// <summary>One object of each DockerPS output type, as cmdlets write them for an engine, to pipe where they do not belong.</summary>
internal static class EveryOutputType
{
    public static readonly string ImageId = "sha256:" + EngineAnswers.IdOf("busybox");

    public static DockerContainer Container(DockerEndpoint endpoint, string name = "web") => ModelMapper.ToContainer(EngineAnswers.Container(name), endpoint);

    public static DockerImage Image(DockerEndpoint endpoint) =>
        ModelMapper.ToImages(new ImagesListResponse { ID = ImageId, RepoTags = new List<string> { "nginx:latest" } }, endpoint, Array.Empty<string>()).Single();

    public static DockerContext Context(DockerEndpoint endpoint) => new("ctx-one", null, endpoint, false);

    public static DockerPortBinding PortBinding() => new(80, "tcp", "0.0.0.0", 8080, "web");

    public static DockerContainerLogLine LogLine() => new("web", "stdout", null, "hello", false);

    public static DockerContainerExit Exit(DockerEndpoint endpoint) => new(endpoint, "web", 0, null);

    public static DockerImageDeletion Deletion(DockerEndpoint endpoint) => new(endpoint, "nginx:latest", null);

    public static DockerImageSearchResult SearchResult(DockerEndpoint endpoint) => new(endpoint, "docker.io", "nginx", "Official build of Nginx.", 20000, true, false);

    public static DockerImageArchiveEntry ArchiveEntry() =>
        new("/tmp/images.tar", ImageId, new[] { "nginx:latest" }, Array.Empty<DockerImageArchiveLayer>(), null, "linux", "amd64");

    /// <summary>Each type by name, for theories.</summary>
    public static object Of(string type, DockerEndpoint endpoint) => type switch
    {
        nameof(DockerContainer) => Container(endpoint),
        nameof(DockerImage) => Image(endpoint),
        nameof(DockerContext) => Context(endpoint),
        nameof(DockerPortBinding) => PortBinding(),
        nameof(DockerContainerLogLine) => LogLine(),
        nameof(DockerContainerExit) => Exit(endpoint),
        nameof(DockerImageDeletion) => Deletion(endpoint),
        nameof(DockerImageSearchResult) => SearchResult(endpoint),
        nameof(DockerImageArchiveEntry) => ArchiveEntry(),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}

/// <summary>Streams an attach or exec hands back, beyond FakeStreams' ready-made output.</summary>
internal static class ExecStreams
{
    /// <summary>A stream that has nothing to say until the token is cancelled (a container that runs on); <paramref name="reading"/> is set at the first read.</summary>
    public static MultiplexedStream Silent(ManualResetEventSlim reading) => new(new SilentStream(reading), multiplexed: true);

    /// <summary>What a writable exec stream received, and whether its input was closed.</summary>
    public sealed class Stdin
    {
        private readonly StringBuilder written = new();
        private readonly TaskCompletionSource<bool> closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Written
        {
            get
            {
                lock (written)
                {
                    return written.ToString();
                }
            }
        }

        public bool Closed => closed.Task.IsCompleted;

        internal Task WhenClosed => closed.Task;

        internal void Append(string text)
        {
            lock (written)
            {
                written.Append(text);
            }
        }

        internal void Close() => closed.TrySetResult(true);
    }

    /// <summary>
    /// An exec of a command that reads its stdin to the end and then writes it back to stdout, as cat does: the output
    /// comes only once the input is closed.
    /// </summary>
    public static MultiplexedStream Cat(Stdin stdin) => new(new CatStream(stdin), multiplexed: true);

    private sealed class SilentStream : Stream
    {
        private readonly ManualResetEventSlim reading;

        public SilentStream(ManualResetEventSlim reading) => this.reading = reading;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            reading.Set();
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            return 0;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("read asynchronously");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class CatStream : WriteClosableStream
    {
        private readonly Stdin stdin;
        private MemoryStream? output;

        public CatStream(Stdin stdin) => this.stdin = stdin;

        public override bool CanCloseWrite => true;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void CloseWrite() => stdin.Close();

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            await stdin.WhenClosed.WaitAsync(cancellationToken).ConfigureAwait(false);
            output ??= Frame(stdin.Written);
            return output.Read(buffer, offset, count);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            stdin.Append(Encoding.UTF8.GetString(buffer, offset, count));
            return Task.CompletedTask;
        }

        public override void Write(byte[] buffer, int offset, int count) => stdin.Append(Encoding.UTF8.GetString(buffer, offset, count));

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("read asynchronously");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        /// <summary>The text as one stdout frame of the engine's multiplexing.</summary>
        private static MemoryStream Frame(string text)
        {
            var frames = new MemoryStream();
            var payload = Encoding.UTF8.GetBytes(text);
            if (payload.Length > 0)
            {
                frames.WriteByte(1);
                frames.Write(new byte[3]);
                frames.Write(new[] { (byte)(payload.Length >> 24), (byte)(payload.Length >> 16), (byte)(payload.Length >> 8), (byte)payload.Length });
                frames.Write(payload);
            }

            frames.Position = 0;
            return frames;
        }
    }
}

internal static class FakeOperationsCounts
{
    /// <summary>How many calls of any method reached these operations.</summary>
    public static int CallCount<T>(this FakeOperations<T> operations)
        where T : class => operations.Calls.Count;
}
