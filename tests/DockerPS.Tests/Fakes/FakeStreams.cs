using System.Collections.Generic;
using System.IO;
using System.Text;
using Docker.DotNet;

namespace DockerPS.Tests.Fakes;

/// <summary>Streams as the engine sends them: logs and exec output in its multiplexed framing.</summary>
public static class FakeStreams
{
    /// <summary>
    /// Frames each text in the engine's stdout/stderr multiplexing (an 8-byte header: the stream, three zero bytes,
    /// the length big-endian), one frame per text.
    /// </summary>
    public static MultiplexedStream Multiplexed(IEnumerable<(bool IsError, string Text)> frames)
    {
        var buffer = new MemoryStream();
        foreach (var (isError, text) in frames)
        {
            var payload = Encoding.UTF8.GetBytes(text);
            buffer.WriteByte(isError ? (byte)2 : (byte)1);
            buffer.Write(new byte[3]);
            buffer.Write(new[] { (byte)(payload.Length >> 24), (byte)(payload.Length >> 16), (byte)(payload.Length >> 8), (byte)payload.Length });
            buffer.Write(payload);
        }

        buffer.Position = 0;
        return new MultiplexedStream(buffer, multiplexed: true);
    }
}
