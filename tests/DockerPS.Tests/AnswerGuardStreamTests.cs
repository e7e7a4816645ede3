using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DockerPS.Engine;
using Xunit;

namespace DockerPS.Tests;

/// <summary>A connection that ends inside an answer's headers is a lost connection; after them, an end is an end.</summary>
public sealed class AnswerGuardStreamTests
{
    private static async Task<string> ReadAll(string answer, int chunk)
    {
        using var guard = new AnswerGuardStream(new MemoryStream(Encoding.ASCII.GetBytes(answer)), () => { });
        var text = new StringBuilder();
        var buffer = new byte[chunk];
        int read;
        while ((read = await guard.ReadAsync(buffer, 0, buffer.Length, CancellationToken.None)) > 0)
        {
            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return text.ToString();
    }

    [Theory]
    [InlineData("")]
    [InlineData("HTTP/1.1 200 OK")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r")]
    public async Task AnEndInsideTheHeaders_IsAnEndOfStream(string answer)
    {
        foreach (var chunk in new[] { 1, 3, 4096 })
        {
            var error = await Assert.ThrowsAsync<EndOfStreamException>(() => ReadAll(answer, chunk));

            Assert.Equal("The engine closed the connection before the headers of its answer ended.", error.Message);
        }
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")]
    [InlineData("HTTP/1.1 101 UPGRADED\r\nUpgrade: tcp\r\n\r\n\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0002hi")]
    [InlineData("HTTP/1.1 200 OK\r\n\r\r\n\r\nbody")]
    public async Task AnEndAfterTheHeaders_IsTheEnd_AndEveryByteIsPassedOn(string answer)
    {
        foreach (var chunk in new[] { 1, 3, 4096 })
        {
            Assert.Equal(answer, await ReadAll(answer, chunk));
        }
    }

    [Fact]
    public void CloseWrite_EndsTheSendingHalf()
    {
        var closed = false;
        using var guard = new AnswerGuardStream(new MemoryStream(), () => closed = true);

        guard.CloseWrite();

        Assert.True(guard.CanCloseWrite);
        Assert.True(closed);
    }
}
