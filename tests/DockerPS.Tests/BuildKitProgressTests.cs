using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using System.Threading.Tasks;
using DockerPS.Builds;
using DockerPS.Errors;
using Xunit;

namespace DockerPS.Tests;

/// <summary>
/// BuildKit builds' streams as dockerd 20.10 and 26 send them with the context in the request (version=2), captured
/// with curl from the rig for the Dockerfile "FROM busybox / RUN echo hello-bk &amp;&amp; echo err-bk &gt;&amp;2 / RUN exit 3":
/// the trace records decoded, the log written as docker build --progress=plain writes it, the failing step named.
/// </summary>
public sealed class BuildKitProgressTests
{
    private readonly List<ProgressRecord> records = new();
    private readonly List<string> log = new();

    [Theory]
    [InlineData("dockerd-20.10", "executor failed running [/bin/sh -c exit 3]: exit code: 3")]
    [InlineData("dockerd-26", "process \"/bin/sh -c exit 3\" did not complete successfully: exit code: 3")]
    public async Task FailedRun_IsABuildFailure_NamingTheStep_AfterTheLogOfTheStepsBefore(string engine, string message)
    {
        var progress = new BuildProgress("Building app:1", 1, records.Add, log.Add);

        var failure = await Assert.ThrowsAsync<DockerBuildException>(() => progress.FollowAsync(_ =>
        {
            foreach (var line in File.ReadAllLines(Sample(engine)))
            {
                progress.ReportLine(line);
            }

            return Task.CompletedTask;
        }));

        Assert.Equal(3, failure.Step);
        Assert.Equal(3, failure.StepCount);
        Assert.Equal("RUN exit 3", failure.Instruction);
        Assert.Equal(3, failure.ExitCode);
        Assert.Empty(failure.Output);
        Assert.Equal(message, failure.EngineMessage);
        var echo = log.Single(line => line.EndsWith("[2/3] RUN echo hello-bk && echo err-bk >&2", StringComparison.Ordinal));
        var number = echo.Substring(0, echo.IndexOf(' '));
        Assert.Contains(number + " hello-bk", log);
        Assert.Contains(number + " err-bk", log);
        Assert.Contains(log, line => line.Contains(" ERROR: ", StringComparison.Ordinal));
        Assert.Equal(ProgressRecordType.Completed, records.Last().RecordType);
    }

    [Fact]
    public void ImageIdMessage_NamesTheImage_AndStreamLinesAreLogged()
    {
        var progress = new BuildProgress("Building app:1", 1, records.Add, log.Add);

        progress.ReportLine("{\"id\":\"moby.image.id\",\"aux\":{\"ID\":\"sha256:d6ca08d902358679fce5ac599978d97e197cea65020db6dc290e464deee32573\"}}");
        progress.ReportLine("{\"stream\":\"Successfully tagged app:1\\n\"}");
        progress.ReportLine(string.Empty);

        Assert.Equal("sha256:d6ca08d902358679fce5ac599978d97e197cea65020db6dc290e464deee32573", progress.ImageId);
        Assert.Equal(new[] { "Successfully tagged app:1" }, log);
    }

    [Fact]
    public void CachedStep_IsSaidAndCounted_OnceAcrossRecords()
    {
        var progress = new BuildProgress("Building app:1", 1, records.Add, log.Add);
        var vertex = Vertex("sha256:aa", "[2/3] RUN make", cached: true);

        progress.ReportLine(Trace(vertex));
        progress.ReportLine(Trace(vertex));

        Assert.Equal(1, progress.CacheHits);
        Assert.Equal(new[] { "#1 [2/3] RUN make", "#1 CACHED" }, log);
        Assert.Equal("Step 2/3 : RUN make (using cache)", records.Last().StatusDescription);
    }

    [Fact]
    public void BuildKitStatus_ReadsVertexesAndLogs_AndSkipsWhatItDoesNotNeed()
    {
        var status = BuildKitStatus.Parse(Concat(
            Field(1, Concat(Field(1, "sha256:aa"), Field(2, "sha256:parent"), Field(3, "[base 1/2] FROM x"), Varint(4 << 3), Varint(1), Field(6, new byte[] { 8, 1 }), Field(7, "boom"))),
            Field(3, Concat(Field(1, "sha256:aa"), Field(2, new byte[] { 8, 1 }), Varint(3 << 3), Varint(2), Field(4, "line 1\nline 2\n"))),
            Varint((9 << 3) | 5), new byte[4]));

        var vertex = Assert.Single(status.Vertexes);
        Assert.Equal(("sha256:aa", "[base 1/2] FROM x", true, true, "boom"), (vertex.Digest, vertex.Name, vertex.Cached, vertex.Completed, vertex.Error));
        Assert.Equal(("sha256:aa", "line 1\nline 2\n"), Assert.Single(status.Logs));
    }

    [Fact]
    public void BuildKitStatus_RefusesBytesThatEndInsideAField()
    {
        Assert.Throws<FormatException>(() => BuildKitStatus.Parse(new byte[] { 0x0a, 0x05, 0x01 }));
        Assert.Throws<FormatException>(() => BuildKitStatus.Parse(new byte[] { 0x08, 0x80 }));
    }

    private static string Sample(string engine) =>
        Path.Combine(AppContext.BaseDirectory, "Samples", "Builds", engine + "-buildkit-failed-run.jsonl");

    private static string Trace(byte[] vertex) =>
        "{\"id\":\"moby.buildkit.trace\",\"aux\":\"" + Convert.ToBase64String(Field(1, vertex)) + "\"}";

    private static byte[] Vertex(string digest, string name, bool cached) =>
        Concat(Field(1, digest), Field(3, name), cached ? Concat(Varint(4 << 3), Varint(1)) : Array.Empty<byte>());

    private static byte[] Field(int number, string text) => Field(number, Encoding.UTF8.GetBytes(text));

    private static byte[] Field(int number, byte[] value) => Concat(Varint((ulong)(number << 3) | 2), Varint((ulong)value.Length), value);

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return bytes.ToArray();
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(part => part).ToArray();
}
