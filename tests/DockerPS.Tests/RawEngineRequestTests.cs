using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DockerPS.Engine;
using Xunit;

namespace DockerPS.Tests;

/// <summary>
/// Reading a raw request's answer: the engine sends a wait's body only when the container is done, over a socket stream
/// of the library's that does not heed a token, so a timeout must let the read go rather than wait for it.
/// </summary>
public sealed class RawEngineRequestTests
{
    [Fact]
    public async Task Body_IsReadWhole()
    {
        using var answer = new HttpResponseMessage { Content = new StringContent("""{"StatusCode":6}""", Encoding.UTF8) };

        Assert.Equal("""{"StatusCode":6}""", await RawEngineRequest.ReadBodyAsync(answer, CancellationToken.None));
    }

    [Fact]
    public async Task BodyThatNeverComes_FromAStreamDeafToTokens_IsLetGo_WhenTheTokenFires_AndTheStreamClosed()
    {
        var stream = new SilentStream();
        var answer = new HttpResponseMessage { Content = new StreamContent(stream) };
        using var limit = new CancellationTokenSource();

        var reading = RawEngineRequest.ReadBodyAsync(answer, limit.Token);
        await stream.Asked.Task;
        limit.Cancel();

        // A bound only so that a read left waiting fails the test rather than hanging it.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(stream.Closed);
    }

    /// <summary>A stream whose reads never end, whatever token they are given, until it is closed.</summary>
    private sealed class SilentStream : Stream
    {
        private readonly TaskCompletionSource<int> closing = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<bool> Asked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Closed { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Asked.TrySetResult(true);
            return closing.Task;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Asked.TrySetResult(true);
            return new ValueTask<int>(closing.Task);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            Closed = true;
            closing.TrySetResult(0);
            base.Dispose(disposing);
        }
    }
}
