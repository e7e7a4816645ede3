namespace DockerPS;

/// <summary>
/// One reading of a container's resource use, as a row of docker stats: CPU and memory as the docker CLI computes
/// them, network and block I/O since the container started, and its number of processes.
/// </summary>
public sealed class DockerContainerStats
{
    internal DockerContainerStats(
        DockerEndpoint endpoint,
        string id,
        string name,
        DateTime? time,
        double cpuPercent,
        long memoryUsage,
        long memoryLimit,
        double memoryPercent,
        long networkReceived,
        long networkSent,
        long blockRead,
        long blockWritten,
        long pids)
    {
        Endpoint = endpoint;
        Id = id;
        Name = name;
        Time = time;
        CpuPercent = cpuPercent;
        MemoryUsage = memoryUsage;
        MemoryLimit = memoryLimit;
        MemoryPercent = memoryPercent;
        NetworkReceived = networkReceived;
        NetworkSent = networkSent;
        BlockRead = blockRead;
        BlockWritten = blockWritten;
        Pids = pids;
    }

    /// <summary>The engine the container runs on; container cmdlets given this object act on that engine.</summary>
    public DockerEndpoint Endpoint { get; }

    /// <summary>The docker context the engine was named by; null when it was named by address (-HostAddress, DOCKER_HOST).</summary>
    public string? Context => Endpoint.Context;

    /// <summary>The container's full id.</summary>
    public string Id { get; }

    public string ShortId => Id.Length > 12 ? Id.Substring(0, 12) : Id;

    /// <summary>The container's name.</summary>
    public string Name { get; }

    /// <summary>When the engine took the reading, in local time; null for a container that is not running.</summary>
    public DateTime? Time { get; }

    /// <summary>
    /// CPU used since the previous reading, in percent of one CPU (a container busy on two CPUs shows 200), as
    /// docker stats shows it.
    /// </summary>
    public double CpuPercent { get; }

    /// <summary>Memory in use in bytes, without the inactive page cache, as docker stats counts it.</summary>
    public long MemoryUsage { get; }

    /// <summary>The most memory the container may use, in bytes: its limit, else the host's memory.</summary>
    public long MemoryLimit { get; }

    /// <summary>MemoryUsage in percent of MemoryLimit.</summary>
    public double MemoryPercent { get; }

    /// <summary>Bytes received over every network interface since the container started.</summary>
    public long NetworkReceived { get; }

    /// <summary>Bytes sent over every network interface since the container started.</summary>
    public long NetworkSent { get; }

    /// <summary>Bytes read from block devices since the container started.</summary>
    public long BlockRead { get; }

    /// <summary>Bytes written to block devices since the container started.</summary>
    public long BlockWritten { get; }

    /// <summary>How many processes and threads the container runs.</summary>
    public long Pids { get; }

    public override string ToString() => Name;
}
