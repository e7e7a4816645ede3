using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DockerPS.Archives;
using DockerPS.Errors;
using Xunit;
using static DockerPS.Tests.TarTestArchives;
using Formats = System.Formats.Tar;

namespace DockerPS.Tests;

public class SavedArchiveCheckTests
{
    private static readonly byte[] Archive = Files(Formats.TarEntryFormat.Pax, ("layer.tar", new byte[2000]), ("manifest.json", Bytes("[]")));

    private static Task Check(byte[] stream) => SavedArchiveCheck.ReadToEndAsync(new ForwardOnly(stream), CancellationToken.None);

    [Fact]
    public async Task ReadToEndAsync_AcceptsAWholeArchiveAndTheZerosAfterIt()
    {
        await Check(Archive);
        await Check(Concat(Archive, new byte[10240]));
    }

    [Fact]
    public async Task ReadToEndAsync_ReadsEverything()
    {
        var stream = new MemoryStream(Concat(Archive, new byte[3000]));

        await SavedArchiveCheck.ReadToEndAsync(stream, CancellationToken.None);

        Assert.Equal(stream.Length, stream.Position);
    }

    [Fact]
    public async Task ReadToEndAsync_ReportsTheErrorTheEngineWroteAfterTheArchive()
    {
        var trailer = Bytes("{\"errorDetail\":{\"message\":\"write /var/lib/docker/tmp/x: no space left on device\"},\"error\":\"write …\"}\r\n");

        var error = await Assert.ThrowsAsync<DockerStreamException>(() => Check(Concat(Archive, trailer)));

        Assert.Equal("write /var/lib/docker/tmp/x: no space left on device", error.Message);
    }

    [Fact]
    public async Task ReadToEndAsync_RefusesOtherDataAfterTheArchive()
    {
        var error = await Assert.ThrowsAsync<DockerStreamException>(() => Check(Concat(Archive, Bytes("garbage"))));

        Assert.Contains("unexpected data", error.Message);
    }

    [Fact]
    public async Task ReadToEndAsync_RefusesAnArchiveThatStopsEarly()
    {
        var error = await Assert.ThrowsAsync<DockerStreamException>(() => Check(Archive.Take(1500).ToArray()));

        Assert.Contains("incomplete", error.Message);
        Assert.Contains("truncated", error.Message);
    }
}
