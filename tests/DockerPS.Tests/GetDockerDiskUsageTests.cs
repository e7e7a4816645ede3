using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using DockerPS.Cleanup;
using DockerPS.Formatting;
using DockerPS.Tests.Fakes;
using Xunit;
using static DockerPS.Tests.ContainerTestKit;

namespace DockerPS.Tests;

/// <summary>
/// docker system df's arithmetic (the CLI's, from the records engines before API 1.52 and Podman send; the engine's own
/// totals from 1.52), its sizes in the CLI's words, and Get-DockerDiskUsage against fake engines: the request, the
/// detailed objects, an engine busy counting, a refusal, several engines.
/// </summary>
public sealed class GetDockerDiskUsageTests : IClassFixture<CmdletRunner>, IDisposable
{
    private static readonly DockerEndpoint Somewhere = new(new Uri("unix:///fake/df.sock"), DockerEndpointSource.HostParameter);

    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();

    public GetDockerDiskUsageTests(CmdletRunner runner) => this.runner = runner;

    public void Dispose() => engine.Dispose();

    /// <summary>An answer in the shape of engines before API 1.52: the records at the top level.</summary>
    public static string LegacyAnswer() => JsonSerializer.Serialize(new
    {
        LayersSize = 1000,
        Images = new object[]
        {
            new { Id = "sha256:" + new string('a', 64), RepoTags = new[] { "app:1", "app:latest" }, RepoDigests = (string[]?)null, Created = 1796496127, Size = 100, SharedSize = 40, Containers = 1, Labels = new Dictionary<string, string> { ["tier"] = "web" } },
            new { Id = "sha256:" + new string('b', 64), RepoTags = (string[]?)null, RepoDigests = new[] { "app@sha256:" + new string('f', 64) }, Created = 1796496127, Size = 50, SharedSize = 40, Containers = 0, Labels = new Dictionary<string, string>() },

            // Counted neither as active (its container count is unknown) nor as reclaimable (the CLI takes it for used).
            new { Id = "sha256:" + new string('c', 64), RepoTags = new[] { "<none>:<none>" }, RepoDigests = new[] { "<none>@<none>" }, Created = 1796496127, Size = 30, SharedSize = 10, Containers = -1, Labels = new Dictionary<string, string>() },

            // Active, but what it holds alone is unknown, so it takes nothing from the reclaimable space.
            new { Id = new string('d', 64), RepoTags = new[] { "db:2" }, RepoDigests = (string[]?)null, Created = 1796496127, Size = 80, SharedSize = -1, Containers = 2, Labels = new Dictionary<string, string>() },
        },
        Containers = new object[]
        {
            new { Id = new string('1', 64), Names = new[] { "/web" }, Image = "app:1", Command = "nginx -g 'daemon off;'", Created = 1796496200, State = "running", Status = "Up 2 hours", SizeRw = 10, Labels = new Dictionary<string, string>(), Mounts = new object[] { new { Type = "volume", Name = "v2", Driver = "local" }, new { Type = "bind", Name = string.Empty, Driver = string.Empty } } },
            new { Id = new string('2', 64), Names = new[] { "/job" }, Image = "app:1", Command = "true", Created = 1796496200, State = "exited", Status = "Exited (0) 1 hour ago", SizeRw = 20, Labels = new Dictionary<string, string>(), Mounts = Array.Empty<object>() },
            new { Id = new string('3', 64), Names = new[] { "/held" }, Image = "app:1", Command = "sleep 1d", Created = 1796496200, State = "paused", Status = "Up 1 hour (Paused)", SizeRw = 5, Labels = new Dictionary<string, string>(), Mounts = Array.Empty<object>() },
            new { Id = new string('4', 64), Names = new[] { "/fresh" }, Image = "app:1", Command = "true", Created = 1796496200, State = "created", Status = "Created", Labels = new Dictionary<string, string>(), Mounts = Array.Empty<object>() },
        },
        Volumes = new object[]
        {
            new { Name = "v1", Driver = "local", Mountpoint = "/var/lib/docker/volumes/v1/_data", CreatedAt = "2026-11-28T10:00:00Z", Labels = new Dictionary<string, string>(), Scope = "local", Options = new Dictionary<string, string>(), UsageData = new { Size = 300, RefCount = 0 } },
            new { Name = "v2", Driver = "local", Mountpoint = "/var/lib/docker/volumes/v2/_data", CreatedAt = "2026-11-28T10:00:00Z", Labels = new Dictionary<string, string>(), Scope = "local", Options = new Dictionary<string, string>(), UsageData = new { Size = 700, RefCount = 2 } },
            new { Name = "v3", Driver = "local", Mountpoint = "/var/lib/docker/volumes/v3/_data", CreatedAt = "2026-11-28T10:00:00Z", Labels = new Dictionary<string, string>(), Scope = "local", Options = new Dictionary<string, string>(), UsageData = new { Size = -1, RefCount = 0 } },
            new { Name = "v4", Driver = "local", Mountpoint = "/var/lib/docker/volumes/v4/_data", CreatedAt = "2026-11-28T10:00:00Z", Labels = new Dictionary<string, string>(), Scope = "local", Options = new Dictionary<string, string>() },
        },
        BuildCache = new object[]
        {
            new { ID = "held0000000000000000000000", Parent = "base0000000000000000000000", Type = "regular", Description = "[2/2] RUN make", InUse = true, Shared = false, Size = 100, CreatedAt = "2026-11-28T10:00:00Z", LastUsedAt = "2026-11-28T12:00:00Z", UsageCount = 3 },
            new { ID = "free0000000000000000000000", Parent = string.Empty, Type = "regular", Description = "[1/2] COPY . .", InUse = false, Shared = false, Size = 200, CreatedAt = "2026-11-28T10:00:00Z", LastUsedAt = "2026-11-28T11:00:00Z", UsageCount = 1 },
            new { ID = "base0000000000000000000000", Parent = string.Empty, Type = "source.local", Description = "local source", InUse = true, Shared = true, Size = 400, CreatedAt = "2026-11-28T10:00:00Z", LastUsedAt = (string?)null, UsageCount = 0 },
            new { ID = "most0000000000000000000000", Parent = string.Empty, Type = "regular", Description = "pulled", InUse = false, Shared = true, Size = 50, CreatedAt = "2026-11-28T10:00:00Z", LastUsedAt = "2026-11-28T10:30:00Z", UsageCount = 1 },
        },
    });

    // ---- the CLI's sizes ----

    [Theory]
    [InlineData(0L, "0B")]
    [InlineData(999L, "999B")]
    [InlineData(1000L, "1kB")]
    [InlineData(1234L, "1.234kB")]
    [InlineData(1985599L, "1.986MB")]
    [InlineData(102_600_000L, "102.6MB")]
    [InlineData(5_000_000_000_000L, "5TB")]
    [InlineData(-1234567L, "-1.235e+06B")]
    public void HumanSize_IsGoUnitsHumanSize_FourSignificantDigits(long bytes, string expected) =>
        Assert.Equal(expected, DisplayText.HumanSize(bytes));

    [Fact]
    public void Reclaimable_AddsThePercentageWhereTheCliPrintsOne() =>
        Assert.Equal(("1.986MB (100%)", "200B"), (DisplayText.Reclaimable(1985599, 100), DisplayText.Reclaimable(200, null)));

    // ---- the arithmetic ----

    [Fact]
    public void OlderAnswer_IsAddedUpAsTheDockerCli28Does()
    {
        var lines = DiskUsageSummary.Of(DiskUsageAnswer.Parse(JsonDocument.Parse(LegacyAnswer()).RootElement, Somewhere));

        Assert.Equal(
            new (string, long, long, long, long, long?)[]
            {
                // Images: the layers' total, less what the used images hold alone: 1000 - (100 - 40) - (30 - 10); 920 * 100 / 1000.
                ("Images", 4, 2, 1000, 920, 92),

                // Containers: running and paused are active; only the others' writes are reclaimable, 20 of 35 (57.1%, cut to 57).
                ("Containers", 4, 2, 35, 20, 57),

                // Volumes: a size of -1 counts nowhere, a volume without usage data counts only once.
                ("Local Volumes", 4, 1, 1000, 300, 30),

                // Build cache: shared records are left out of the size; what a build holds is not reclaimable; no percentage.
                ("Build Cache", 4, 2, 300, 200, null),
            },
            lines.Select(line => (line.Type, line.TotalCount, line.ActiveCount, line.Size, line.Reclaimable, line.ReclaimablePercent)));
    }

    [Fact]
    public void NewerAnswer_GivesTheEnginesOwnTotals_AsTheDockerCli29Prints()
    {
        var answer = JsonSerializer.Serialize(new
        {
            ImageUsage = new { TotalCount = 3, ActiveCount = 1, TotalSize = 5000, Reclaimable = 1234 },
            ContainerUsage = new { TotalCount = 2, ActiveCount = 0 },
            VolumeUsage = new { TotalCount = 1, ActiveCount = 1, TotalSize = 10, Reclaimable = 0 },
            BuildCacheUsage = new { TotalCount = 7, ActiveCount = 2, TotalSize = 10, Reclaimable = 5 },
        });

        var lines = DiskUsageSummary.Of(DiskUsageAnswer.Parse(JsonDocument.Parse(answer).RootElement, Somewhere));

        Assert.Equal(
            new (string, long, long, long, long, long?)[]
            {
                ("Images", 3, 1, 5000, 1234, 24),
                ("Containers", 2, 0, 0, 0, null),
                ("Local Volumes", 1, 1, 10, 0, 0),
                ("Build Cache", 7, 2, 10, 5, null),
            },
            lines.Select(line => (line.Type, line.TotalCount, line.ActiveCount, line.Size, line.Reclaimable, line.ReclaimablePercent)));
    }

    [Fact]
    public void Records_AreReadWithTheEnginesMeanings()
    {
        var answer = DiskUsageAnswer.Parse(JsonDocument.Parse(LegacyAnswer()).RootElement, Somewhere);

        var first = answer.Images[0];
        Assert.Equal(("app", "1", "app:1"), (first.Repository, first.Tag, first.ToString()));
        Assert.Equal((100L, 40L, 60L, 1L), (first.Size, first.SharedSize, first.UniqueSize, first.Containers));
        Assert.Equal("web", first.Labels["tier"]);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1796496127).LocalDateTime, first.Created);

        // Untagged, with a digest: <none> as docker system df -v shows it; unknown figures are null (N/A).
        Assert.Equal((DockerImage.None, DockerImage.None), (answer.Images[1].Repository, answer.Images[1].Tag));
        Assert.Empty(answer.Images[2].RepoTags);
        Assert.Null(answer.Images[2].Containers);
        Assert.Null(answer.Images[3].SharedSize);
        Assert.Null(answer.Images[3].UniqueSize);

        // Podman's answer names image ids without the algorithm.
        Assert.Equal("sha256:" + new string('d', 64), answer.Images[3].Id);

        var web = answer.Containers[0];
        Assert.Equal(("web", 10L, 1, "running"), (web.Name, web.Size, web.LocalVolumes, web.State));
        Assert.Equal(0L, answer.Containers[3].Size);

        Assert.Equal((300L, 0L), (answer.Volumes[0].Size!.Value, answer.Volumes[0].RefCount!.Value));
        Assert.Null(answer.Volumes[2].Size);
        Assert.Null(answer.Volumes[3].RefCount);

        var held = answer.BuildCache[0];
        Assert.Equal(new[] { "base0000000000000000000000" }, held.Parents);
        Assert.True(held.InUse);
        Assert.Null(answer.BuildCache[2].LastUsed);
    }

    [Fact]
    public void BuildCacheParents_AreReadUnderEachNameTheEngineHasUsed()
    {
        var answer = JsonSerializer.Serialize(new
        {
            BuildCacheUsage = new
            {
                Items = new object[]
                {
                    new Dictionary<string, object> { ["ID"] = "a", ["Parents"] = new[] { "p1" } },
                    new Dictionary<string, object> { ["ID"] = "b", [" Parents"] = new[] { "p2", "p3" } },
                },
            },
        });

        var records = DiskUsageAnswer.Parse(JsonDocument.Parse(answer).RootElement, Somewhere).BuildCache;

        Assert.Equal(new[] { new[] { "p1" }, new[] { "p2", "p3" } }, records.Select(record => record.Parents.ToArray()));
    }

    // ---- the cmdlet ----

    [Fact]
    public void Get_WritesDockerSystemDfsFourLines_AskingOnlyForTheDiskUsage()
    {
        engine.OnRaw((method, path) => (HttpStatusCode.OK, LegacyAnswer()));

        var result = runner.Run("Get-DockerDiskUsage", new Hashtable { ["HostAddress"] = engine.Address });

        Assert.Empty(result.ErrorIds);
        var lines = result.Output.Cast<DockerDiskUsage>().ToList();
        Assert.Equal(new[] { "Images", "Containers", "Local Volumes", "Build Cache" }, lines.Select(line => line.Type));
        Assert.All(lines, line => Assert.Equal(engine.Endpoint, line.Endpoint));
        Assert.Equal(new[] { "GET system/df" }, engine.RawCalls);
        Assert.Equal(engine.RawCalls.Count, engine.CallCount);
    }

    [Fact]
    public void Detailed_AsksInDetail_AndWritesTheRecordsAsDockerSystemDfVListsThem()
    {
        engine.OnRaw((method, path) => (HttpStatusCode.OK, LegacyAnswer()));

        var result = runner.Run("Get-DockerDiskUsage", new Hashtable { ["HostAddress"] = engine.Address, ["Detailed"] = true });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "GET system/df?verbose=1" }, engine.RawCalls);
        Assert.Equal(
            Enumerable.Repeat(typeof(DockerImageDiskUsage), 4).Concat(Enumerable.Repeat(typeof(DockerContainerDiskUsage), 4)).Concat(Enumerable.Repeat(typeof(DockerVolume), 4)).Concat(Enumerable.Repeat(typeof(DockerBuildCacheRecord), 4)),
            result.Output.Select(value => value.GetType()));

        // The build cache least recently used first, never used before all; the volumes in docker system df -v's view.
        Assert.Equal(new[] { "base", "most", "free", "held" }, result.Output.OfType<DockerBuildCacheRecord>().Select(record => record.Id.Substring(0, 4)));
        var typeNames = runner.RunScript($"Get-DockerDiskUsage -HostAddress '{engine.Address}' -Detailed | Where-Object {{ $_ -is [DockerPS.DockerVolume] }} | ForEach-Object {{ $_.PSObject.TypeNames[0] }}");
        Assert.Equal(Enumerable.Repeat<object>("DockerPS.DockerVolume#DiskUsage", 4), typeNames.Output);
    }

    [Fact]
    public void EngineCountingForAnotherCaller_IsWaitedFor_NotAnError()
    {
        // dockerd before 23.0 counts for one caller at a time and refuses the others with a 500.
        var asked = 0;
        engine.OnRaw((method, path) => ++asked < 3
            ? (HttpStatusCode.InternalServerError, JsonSerializer.Serialize(new { message = "a disk usage operation is already running" }))
            : (HttpStatusCode.OK, LegacyAnswer()));

        var result = runner.Run("Get-DockerDiskUsage", new Hashtable { ["HostAddress"] = engine.Address });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(4, result.Output.Count);
        Assert.Equal(3, engine.RawCalls.Count);
    }

    [Fact]
    public void EnginesRefusal_IsTerminating_InItsWords()
    {
        engine.OnRaw((method, path) => (HttpStatusCode.InternalServerError, JsonSerializer.Serialize(new { message = "failed to retrieve image list: boom" })));

        var result = runner.Run("Get-DockerDiskUsage", new Hashtable { ["HostAddress"] = engine.Address });

        Assert.Empty(result.Output);
        AssertError(result.Terminating!, "DockerApi.InternalServerError", ErrorCategory.InvalidOperation, null);
        Assert.Equal("Error response from daemon: failed to retrieve image list: boom", Message(result.Terminating!));
    }

    [Fact]
    public void EngineUnreachable_IsTerminatingEngineUnreachable()
    {
        var result = runner.Run("Get-DockerDiskUsage", new Hashtable { ["HostAddress"] = NowhereAddress() });

        Assert.Equal("EngineUnreachable", Assert.Single(result.ErrorIds));
        Assert.NotNull(result.Terminating);
    }
}

/// <summary>Get-DockerDiskUsage -Context a,b: contexts live in the docker CLI's configuration, which these tests point elsewhere.</summary>
[Collection(DockerCliEnvironmentCollection.Name)]
public sealed class GetDockerDiskUsageContextTests : IDisposable
{
    private readonly DockerCliEnvironmentScope store = new(DockerCliEnvironmentScope.Nowhere);
    private readonly CmdletRunner runner = new();
    private readonly FakeEngine first = new();
    private readonly FakeEngine second = new(apiVersion: new System.Version(1, 52));

    public void Dispose()
    {
        second.Dispose();
        first.Dispose();
        runner.Dispose();
        store.Dispose();
    }

    [Fact]
    public void SeveralEngines_EachCountsItsOwn_AndEachLineIsMarkedForTheEngineColumn()
    {
        store.WriteContext("one", first.Address);
        store.WriteContext("two", second.Address);
        first.OnRaw((method, path) => (HttpStatusCode.OK, GetDockerDiskUsageTests.LegacyAnswer()));
        second.OnRaw((method, path) => (HttpStatusCode.OK, JsonSerializer.Serialize(new { ImageUsage = new { TotalCount = 9, ActiveCount = 9, TotalSize = 9, Reclaimable = 0 } })));

        var result = runner.Run("Get-DockerDiskUsage", new Hashtable { ["Context"] = new[] { "one", "two" } });

        Assert.Empty(result.ErrorIds);
        var lines = result.Output.Cast<DockerDiskUsage>().ToList();
        Assert.Equal(new[] { "one", "one", "one", "one", "two", "two", "two", "two" }, lines.Select(line => line.Endpoint.Context));
        Assert.Equal((4L, 9L), (lines[0].TotalCount, lines[4].TotalCount));
        var typeNames = runner.RunScript("Get-DockerDiskUsage -Context one, two | ForEach-Object { $_.PSObject.TypeNames[0] }");
        Assert.All(typeNames.Output, name => Assert.Equal("DockerPS.DockerDiskUsage#Engines", name));
    }

    [Fact]
    public void SeveralEngines_OneOutOfReach_IsItsError_AndTheOtherStillCounts()
    {
        store.WriteContext("one", first.Address);
        store.WriteContext("gone", ContainerTestKit.NowhereAddress());
        first.OnRaw((method, path) => (HttpStatusCode.OK, GetDockerDiskUsageTests.LegacyAnswer()));

        var result = runner.Run("Get-DockerDiskUsage", new Hashtable { ["Context"] = new[] { "one", "gone" } });

        Assert.Null(result.Terminating);
        Assert.Equal("EngineUnreachable", Assert.Single(result.ErrorIds));
        Assert.Equal(4, result.Output.Count);
    }
}
