using System;
using System.Collections.Generic;
using Docker.DotNet.Models;
using DockerPS.Formatting;
using DockerPS.Mapping;
using DockerPS.Stats;
using DockerPS.Tests.Fakes;
using Xunit;

namespace DockerPS.Tests;

/// <summary>
/// docker stats' arithmetic on the engines' own readings (Samples/Stats): CPU from the deltas between two readings,
/// memory without the inactive page cache on cgroup v1 and v2, network and block I/O summed, and the row docker stats
/// prints for them. The expected figures are worked out by hand from the readings' numbers.
/// </summary>
public sealed class StatsCalculatorTests
{
    private static readonly DockerEndpoint Engine = new(new Uri("unix:///fake/stats.sock"), DockerEndpointSource.HostParameter);

    [Fact]
    public void Dockerd_Cgroup1_BusyLoop_CpuIsTheDeltasRatio_TimesTheOnlineCpus()
    {
        var reading = EngineSamples.Stats("dockerd-20.10-cgroup1-busy");

        // (4028998148 − 3029423576) / (15461810000000 − 15459800000000) × 2 CPUs × 100: a loop keeping one CPU busy.
        var expected = (4028998148.0 - 3029423576.0) / (15461810000000.0 - 15459800000000.0) * 2 * 100;
        Assert.Equal(expected, StatsCalculator.CpuPercent(reading.PreCPUStats, reading.CPUStats), 10);
        Assert.InRange(expected, 99.46, 99.47);
    }

    [Fact]
    public void Dockerd_Cgroup1_PageCache_IsLeftOutOfTheMemory_AsTotalInactiveFile()
    {
        var reading = EngineSamples.Stats("dockerd-20.10-cgroup1-pagecache");

        // 30 MiB written to a file and left alone sit in the cgroup's inactive file cache: 32657408 − 31457280.
        var usage = StatsCalculator.MemoryUsage(reading.MemoryStats);
        Assert.Equal(1200128UL, usage);
        Assert.Equal("1.145MiB", DisplayText.BinarySize((long)usage));
        Assert.Equal(1200128.0 / 25324953600 * 100, StatsCalculator.MemoryPercent(usage, reading.MemoryStats!.Limit!.Value), 12);
        Assert.Equal((612UL, 116UL), StatsCalculator.Network(reading.Networks));
    }

    [Fact]
    public void Dockerd_Cgroup1_WhenTotalInactiveFileIsNotBelowTheUsage_InactiveFileIsTakenAsOnCgroup2()
    {
        var memory = new MemoryStats
        {
            Usage = 1000,
            Stats = new Dictionary<string, ulong> { ["total_inactive_file"] = 1000, ["inactive_file"] = 300 },
        };

        Assert.Equal(700UL, StatsCalculator.MemoryUsage(memory));
    }

    [Fact]
    public void Cgroup2_MemoryIsUsageLessInactiveFile_AndBlockIoSumsReadAndWriteOverTheDevices()
    {
        var reading = EngineSamples.Stats("cgroup2-shape");

        Assert.Equal(52428800UL - 35651584UL, StatsCalculator.MemoryUsage(reading.MemoryStats));
        Assert.Equal(3.125, StatsCalculator.MemoryPercent(StatsCalculator.MemoryUsage(reading.MemoryStats), reading.MemoryStats!.Limit!.Value), 12);
        Assert.Equal((4194304UL + 65536UL, 1048576UL + 8192UL), StatsCalculator.BlockIO(reading.BlkioStats));
        Assert.Equal((1843UL + 150UL, 978UL + 90UL), StatsCalculator.Network(reading.Networks));

        // (7.25 s − 6.75 s) of the container's CPU time in 4 s of the host's, on 4 CPUs: half of one CPU.
        Assert.Equal(50.0, StatsCalculator.CpuPercent(reading.PreCPUStats, reading.CPUStats), 10);
    }

    [Fact]
    public void Cgroup1_BlockIo_CountsReadAndWriteOnly_NotTheirSyncAsyncAndTotalViews()
    {
        var blkio = new BlkioStats
        {
            IoServiceBytesRecursive = new List<BlkioStatEntry>
            {
                new() { Major = 8, Minor = 0, Op = "Read", Value = 2048 },
                new() { Major = 8, Minor = 0, Op = "Write", Value = 512 },
                new() { Major = 8, Minor = 0, Op = "Sync", Value = 512 },
                new() { Major = 8, Minor = 0, Op = "Async", Value = 2048 },
                new() { Major = 8, Minor = 0, Op = "Total", Value = 2560 },
                new() { Major = 8, Minor = 0, Op = string.Empty, Value = 99 },
            },
        };

        Assert.Equal((2048UL, 512UL), StatsCalculator.BlockIO(blkio));
    }

    [Fact]
    public void Podman_GivesNoPreviousReading_SoTwoReadingsAreCompared()
    {
        var first = EngineSamples.Stats("podman-4.3-cgroup1-first");
        var second = EngineSamples.Stats("podman-4.3-cgroup1-second");

        Assert.Null(StatsCalculator.Baseline(first, null));
        var baseline = StatsCalculator.Baseline(second, first);
        Assert.Same(first.CPUStats, baseline);
        var expected = (279844717258.0 - 279410131699.0) / (8737935218602.0 - 8735895175564.0) * 2 * 100;
        Assert.Equal(expected, StatsCalculator.CpuPercent(baseline, second.CPUStats), 10);
    }

    [Fact]
    public void Podman_Row_ReadsAsDockerStatsPrintedItForTheSameReading()
    {
        var first = EngineSamples.Stats("podman-4.3-cgroup1-first");
        var second = EngineSamples.Stats("podman-4.3-cgroup1-second");
        var container = ModelMapper.ToContainer(EngineAnswers.Container("watch-capture-busy"), Engine);

        var row = ModelMapper.ToContainerStats(container, second, StatsCalculator.Baseline(second, first));

        // docker stats --no-stream printed "252KiB / 23.59GiB" and "936B / 2.76kB" right after this reading (Podman
        // gives no memory breakdown, so the usage is taken as it is); its CPU % is its own one-reading guess.
        Assert.Equal("252KiB / 23.59GiB", DisplayText.BinarySize(row.MemoryUsage) + " / " + DisplayText.BinarySize(row.MemoryLimit));
        Assert.Equal("936B / 2.76kB", DisplayText.Size(row.NetworkReceived) + " / " + DisplayText.Size(row.NetworkSent));
        Assert.Equal(1, row.Pids);
        Assert.Equal("42.61%", DisplayText.Percent(row.CpuPercent));
        Assert.Equal(new DateTime(2026, 12, 5, 20, 55, 34, DateTimeKind.Utc).AddTicks(2026683), row.Time!.Value.ToUniversalTime());
    }

    [Fact]
    public void Dockerd_Row_NamesTheContainerFromItsListing_AndPrintsAsDockerStats()
    {
        var reading = EngineSamples.Stats("dockerd-20.10-cgroup1-busy");
        var container = ModelMapper.ToContainer(EngineAnswers.Container("web"), Engine);

        var row = ModelMapper.ToContainerStats(container, reading, StatsCalculator.Baseline(reading, null));

        Assert.Equal(("web", container.Id, Engine), (row.Name, row.Id, row.Endpoint));
        Assert.Equal("99.46%", DisplayText.Percent(row.CpuPercent));
        Assert.Equal("592KiB / 23.59GiB", DisplayText.BinarySize(row.MemoryUsage) + " / " + DisplayText.BinarySize(row.MemoryLimit));
        Assert.Equal("0.00%", DisplayText.Percent(row.MemoryPercent));
        Assert.Equal("736B / 0B", DisplayText.Size(row.NetworkReceived) + " / " + DisplayText.Size(row.NetworkSent));
        Assert.Equal("0B / 0B", DisplayText.Size(row.BlockRead) + " / " + DisplayText.Size(row.BlockWritten));
    }

    [Fact]
    public void Dockerd_StoppedContainer_HasNoCpuFigures_AndIsARowOfZerosWithoutATime()
    {
        var reading = EngineSamples.Stats("dockerd-20.10-stopped");
        var container = ModelMapper.ToContainer(EngineAnswers.Container("web", "exited"), Engine);

        Assert.False(StatsCalculator.HasCpu(reading.CPUStats));
        var row = ModelMapper.ToContainerStats(container, reading, StatsCalculator.Baseline(reading, null));

        Assert.Null(row.Time);
        Assert.Equal(new double[] { 0, 0, 0, 0, 0, 0, 0, 0, 0 }, new double[] { row.CpuPercent, row.MemoryUsage, row.MemoryLimit, row.MemoryPercent, row.NetworkReceived, row.NetworkSent, row.BlockRead, row.BlockWritten, row.Pids });
        Assert.Equal("0B / 0B", DisplayText.BinarySize(row.MemoryUsage) + " / " + DisplayText.BinarySize(row.MemoryLimit));
    }

    [Fact]
    public void Cpu_WithoutOnlineCpus_CountsThePerCpuFigures()
    {
        var previous = new CPUStats { CPUUsage = new CPUUsage { TotalUsage = 100 }, SystemUsage = 1000 };
        var current = new CPUStats
        {
            CPUUsage = new CPUUsage { TotalUsage = 300, PercpuUsage = new List<ulong> { 1, 2, 3, 4 } },
            SystemUsage = 2000,
            OnlineCPUs = 0,
        };

        Assert.Equal(200.0 / 1000 * 4 * 100, StatsCalculator.CpuPercent(previous, current), 10);
    }

    [Theory]
    [InlineData(300UL, 200UL, 2000UL, 1000UL)]     // the container's counter went back (a restart)
    [InlineData(100UL, 200UL, 1000UL, 1000UL)]     // no host time passed
    [InlineData(100UL, 100UL, 2000UL, 1000UL)]     // nothing used
    public void Cpu_IsZero_UnlessBothDeltasArePositive(ulong previousTotal, ulong currentTotal, ulong currentSystem, ulong previousSystem)
    {
        var previous = new CPUStats { CPUUsage = new CPUUsage { TotalUsage = previousTotal }, SystemUsage = previousSystem };
        var current = new CPUStats { CPUUsage = new CPUUsage { TotalUsage = currentTotal }, SystemUsage = currentSystem, OnlineCPUs = 2 };

        Assert.Equal(0, StatsCalculator.CpuPercent(previous, current));
    }

    [Theory]
    [InlineData(0L, "0B")]
    [InlineData(1023L, "1023B")]
    [InlineData(1024L, "1KiB")]
    [InlineData(516096L, "504KiB")]
    [InlineData(1048575L, "1024KiB")]
    [InlineData(25324953600L, "23.59GiB")]
    public void BinarySize_PrintsAsDockerStatsPrintsMemory(long bytes, string expected) =>
        Assert.Equal(expected, DisplayText.BinarySize(bytes));
}
