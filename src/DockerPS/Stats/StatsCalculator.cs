using Docker.DotNet.Models;

namespace DockerPS.Stats;

/// <summary>
/// docker stats' arithmetic on the engine's readings, as the docker CLI does it (cli/command/container/stats_helpers.go),
/// so a figure here is the figure docker stats shows for the same reading.
/// </summary>
internal static class StatsCalculator
{
    /// <summary>
    /// CPU used between two readings, in percent of one CPU: the container's CPU time over the host's, times the CPUs
    /// online (from the per-CPU list when the engine leaves that out). 0 when either delta is not positive.
    /// </summary>
    public static double CpuPercent(CPUStats? previous, CPUStats? current)
    {
        if (current is null)
        {
            return 0;
        }

        // Each figure becomes a double before the subtraction, as in the CLI: a counter that went back gives a
        // negative delta, and so 0, rather than a wrapped-around unsigned one.
        var cpuDelta = (double)(current.CPUUsage?.TotalUsage ?? 0) - (previous?.CPUUsage?.TotalUsage ?? 0);
        var systemDelta = (double)(current.SystemUsage ?? 0) - (previous?.SystemUsage ?? 0);
        double onlineCpus = current.OnlineCPUs ?? 0;
        if (onlineCpus == 0)
        {
            onlineCpus = current.CPUUsage?.PercpuUsage?.Count ?? 0;
        }

        return systemDelta > 0 && cpuDelta > 0 ? cpuDelta / systemDelta * onlineCpus * 100 : 0;
    }

    /// <summary>
    /// Memory in use without the page cache the kernel can drop at once: usage less total_inactive_file on cgroup v1,
    /// less inactive_file on cgroup v2 (or on v1 when total_inactive_file is not below the usage), as docker stats counts it.
    /// </summary>
    public static ulong MemoryUsage(MemoryStats? memory)
    {
        var usage = memory?.Usage ?? 0;
        var stats = memory?.Stats;
        if (stats is not null && stats.TryGetValue("total_inactive_file", out var cgroup1Inactive) && cgroup1Inactive < usage)
        {
            return usage - cgroup1Inactive;
        }

        var inactive = stats is not null && stats.TryGetValue("inactive_file", out var cgroup2Inactive) ? cgroup2Inactive : 0;
        return inactive < usage ? usage - inactive : usage;
    }

    /// <summary>Memory in use in percent of the limit; 0 without a limit, which only a container that is not running has.</summary>
    public static double MemoryPercent(ulong usage, ulong limit) => limit == 0 ? 0 : (double)usage / limit * 100;

    /// <summary>Bytes received and sent, summed over the container's network interfaces.</summary>
    public static (ulong Received, ulong Sent) Network(IDictionary<string, NetworkStats>? networks)
    {
        ulong received = 0, sent = 0;
        foreach (var network in networks?.Values ?? Enumerable.Empty<NetworkStats>())
        {
            received += network.RxBytes;
            sent += network.TxBytes;
        }

        return (received, sent);
    }

    /// <summary>
    /// Bytes read from and written to block devices: io_service_bytes_recursive's Read and Write entries (read and write
    /// on cgroup v2), summed over the devices; Sync, Async and Total are other views of the same bytes.
    /// </summary>
    public static (ulong Read, ulong Written) BlockIO(BlkioStats? blkio)
    {
        ulong read = 0, written = 0;
        foreach (var entry in blkio?.IoServiceBytesRecursive ?? Enumerable.Empty<BlkioStatEntry>())
        {
            switch (string.IsNullOrEmpty(entry.Op) ? ' ' : entry.Op[0])
            {
                case 'r' or 'R':
                    read += entry.Value;
                    break;
                case 'w' or 'W':
                    written += entry.Value;
                    break;
            }
        }

        return (read, written);
    }

    /// <summary>Whether a reading has CPU figures to compare with: a running container's has the host's CPU time.</summary>
    public static bool HasCpu(CPUStats? cpu) => cpu?.SystemUsage is > 0;

    /// <summary>
    /// The CPU figures to compare a reading with: the engine's own previous ones (precpu_stats) when it gives them, else
    /// an earlier reading of ours; null when there is neither, and the reading can only be the start of a comparison.
    /// </summary>
    public static CPUStats? Baseline(ContainerStatsResponse reading, ContainerStatsResponse? earlier) =>
        HasCpu(reading.PreCPUStats) ? reading.PreCPUStats
        : HasCpu(earlier?.CPUStats) ? earlier!.CPUStats
        : null;
}
