using System.Reflection;

namespace DockerPS.Streams;

/// <summary>
/// Where the engine's frames end in a multiplexed stream. Docker.DotNet's MultiplexedStream reads them but does not
/// say; its count of the current frame's bytes still to come does. A log message is a frame, so a frame that does
/// not end a line is a piece of a longer one, wherever the engine cut it (Podman cuts where the container's writes
/// end). Null where the stream has no frames (a container with a terminal) or the library keeps its count elsewhere.
/// </summary>
internal sealed class Frames
{
    private static readonly FieldInfo? Multiplexed = typeof(MultiplexedStream).GetField("_multiplexed", BindingFlags.NonPublic | BindingFlags.Instance);
    private static readonly FieldInfo? Remaining = typeof(MultiplexedStream).GetField("_remaining", BindingFlags.NonPublic | BindingFlags.Instance);

    private readonly MultiplexedStream stream;

    private Frames(MultiplexedStream stream) => this.stream = stream;

    public static Frames? Of(MultiplexedStream stream) =>
        Remaining?.FieldType == typeof(int) && Multiplexed?.GetValue(stream) is true ? new Frames(stream) : null;

    /// <summary>Whether the last read took the last bytes of a frame.</summary>
    public bool Ended => (int)Remaining!.GetValue(stream)! == 0;
}
