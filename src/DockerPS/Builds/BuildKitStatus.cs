using System.Text;

namespace DockerPS.Builds;

/// <summary>
/// One BuildKit progress record, as dockerd sends it inside a build's stream (the aux of "moby.buildkit.trace"
/// messages: a base64 protocol-buffers StatusResponse of moby/buildkit's control API). Only what a build log needs is
/// read: each vertex's digest, name ("[2/3] RUN make"), whether the cache answered it, whether it has completed and
/// its error; each log chunk's vertex and bytes. Other fields are skipped by their wire type.
/// </summary>
internal sealed class BuildKitStatus
{
    private BuildKitStatus(List<BuildKitVertex> vertexes, List<(string Vertex, string Text)> logs)
    {
        Vertexes = vertexes;
        Logs = logs;
    }

    public IReadOnlyList<BuildKitVertex> Vertexes { get; }

    /// <summary>What the vertexes' processes printed, stdout and stderr alike, in the order it came.</summary>
    public IReadOnlyList<(string Vertex, string Text)> Logs { get; }

    /// <exception cref="FormatException">Bytes that are no such record.</exception>
    public static BuildKitStatus Parse(byte[] bytes)
    {
        var vertexes = new List<BuildKitVertex>();
        var logs = new List<(string, string)>();
        foreach (var (field, value) in Fields(bytes, 0, bytes.Length))
        {
            if (field == 1 && value is Segment vertex)
            {
                vertexes.Add(Vertex(bytes, vertex));
            }
            else if (field == 3 && value is Segment log)
            {
                logs.Add(Log(bytes, log));
            }
        }

        return new BuildKitStatus(vertexes, logs);
    }

    private static BuildKitVertex Vertex(byte[] bytes, Segment segment)
    {
        string digest = string.Empty, name = string.Empty;
        string? error = null;
        var cached = false;
        var completed = false;
        foreach (var (field, value) in Fields(bytes, segment.Start, segment.End))
        {
            switch (field, value)
            {
                case (1, Segment text):
                    digest = Text(bytes, text);
                    break;
                case (3, Segment text):
                    name = Text(bytes, text);
                    break;
                case (4, long flag):
                    cached = flag != 0;
                    break;
                case (6, Segment _):
                    completed = true;
                    break;
                case (7, Segment text):
                    error = Text(bytes, text);
                    break;
            }
        }

        return new BuildKitVertex(digest, name, cached, completed, string.IsNullOrEmpty(error) ? null : error);
    }

    private static (string, string) Log(byte[] bytes, Segment segment)
    {
        string vertex = string.Empty, text = string.Empty;
        foreach (var (field, value) in Fields(bytes, segment.Start, segment.End))
        {
            if (field == 1 && value is Segment digest)
            {
                vertex = Text(bytes, digest);
            }
            else if (field == 4 && value is Segment message)
            {
                text = Text(bytes, message);
            }
        }

        return (vertex, text);
    }

    private static string Text(byte[] bytes, Segment segment) => Encoding.UTF8.GetString(bytes, segment.Start, segment.End - segment.Start);

    /// <summary>The fields between two offsets: a varint's value, or a length-delimited field's bytes; fixed-size fields skipped.</summary>
    private static IEnumerable<(int Field, object Value)> Fields(byte[] bytes, int start, int end)
    {
        var position = start;
        while (position < end)
        {
            var key = Varint(bytes, ref position, end);
            var field = (int)(key >> 3);
            switch (key & 7)
            {
                case 0:
                    yield return (field, (long)Varint(bytes, ref position, end));
                    break;
                case 1:
                    position += 8;
                    break;
                case 2:
                    var length = (int)Varint(bytes, ref position, end);
                    if (length < 0 || position + length > end)
                    {
                        throw new FormatException("A BuildKit progress record ends inside a field.");
                    }

                    yield return (field, new Segment(position, position + length));
                    position += length;
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    throw new FormatException($"A BuildKit progress record has a field of wire type {key & 7}.");
            }
        }

        if (position != end)
        {
            throw new FormatException("A BuildKit progress record ends inside a field.");
        }
    }

    private static ulong Varint(byte[] bytes, ref int position, int end)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= end)
            {
                throw new FormatException("A BuildKit progress record ends inside a number.");
            }

            var b = bytes[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new FormatException("A BuildKit progress record has a number of more than 64 bits.");
    }

    private sealed class Segment
    {
        public Segment(int start, int end)
        {
            Start = start;
            End = end;
        }

        public int Start { get; }

        public int End { get; }
    }
}

/// <summary>One vertex of a BuildKit build: a Dockerfile step ("[2/3] RUN make") or the builder's own work ("[internal] …").</summary>
internal sealed class BuildKitVertex
{
    public BuildKitVertex(string digest, string name, bool cached, bool completed, string? error)
    {
        Digest = digest;
        Name = name;
        Cached = cached;
        Completed = completed;
        Error = error;
    }

    public string Digest { get; }

    public string Name { get; }

    public bool Cached { get; }

    public bool Completed { get; }

    public string? Error { get; }
}
