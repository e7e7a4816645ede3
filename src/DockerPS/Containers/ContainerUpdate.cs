using System.Globalization;
using System.Text.RegularExpressions;
using Docker.DotNet.Models;

namespace DockerPS.Containers;

/// <summary>
/// What docker update changes on a running or stopped container: its restart policy and its resource limits.
/// The limits are checked together as the engine checks them, before any container is touched, so a batch the
/// engine would refuse changes none of its containers. Ports, image, mounts and networks are fixed at create.
/// </summary>
internal sealed class ContainerUpdate
{
    // The engine's smallest memory limit and reservation.
    private const long MinimumMemory = 6 * 1024 * 1024;

    private static readonly Regex CpuList = new(@"^\d+(-\d+)?(,\d+(-\d+)?)*\z", RegexOptions.CultureInvariant);

    public RestartPolicy? RestartPolicy { get; set; }

    public long? Memory { get; set; }

    public long? MemoryReservation { get; set; }

    /// <summary>Memory and swap together; -1 lets the container swap without limit.</summary>
    public long? MemorySwap { get; set; }

    public long? NanoCpus { get; set; }

    public long? CpuShares { get; set; }

    public string? CpusetCpus { get; set; }

    /// <summary>The most processes the container may run; -1 (or 0) for no limit.</summary>
    public long? PidsLimit { get; set; }

    /// <summary>Whether nothing would change: docker update refuses to run without a flag.</summary>
    public bool IsEmpty =>
        RestartPolicy is null && Memory is null && MemoryReservation is null && MemorySwap is null
        && NanoCpus is null && CpuShares is null && CpusetCpus is null && PidsLimit is null;

    /// <summary>Whether a Podman of this version takes docker update: its Docker-compatible endpoint came with 5.1.</summary>
    public static bool PodmanCanUpdate(string engineVersion)
    {
        var numbers = Regex.Match(engineVersion, @"^(\d+)\.(\d+)");
        return numbers.Success && new System.Version(int.Parse(numbers.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(numbers.Groups[2].Value, CultureInfo.InvariantCulture)) >= new System.Version(5, 1);
    }

    /// <summary>The -MemorySwap value: a size as -Memory takes it, or -1 for unlimited swap.</summary>
    public static long ParseMemorySwap(string swap) => swap.Trim() == "-1" ? -1 : MemorySizeParser.Parse(swap);

    /// <summary>A list of CPU numbers and ranges, such as 0-2,4, as the kernel's cpuset takes it.</summary>
    public static string CheckCpuList(string cpus) =>
        CpuList.IsMatch(cpus) ? cpus : throw new ArgumentException($"invalid value {cpus} for cpuset cpus: a list of CPU numbers and ranges such as 0-3 or 0,2");

    /// <summary>Throws what the engine would answer to limits that cannot go together, in its words.</summary>
    public void CheckMemory()
    {
        if (Memory is { } memory && memory < MinimumMemory)
        {
            throw new ArgumentException("Minimum memory limit allowed is 6MB");
        }

        if (MemoryReservation is { } reservation && reservation < MinimumMemory)
        {
            throw new ArgumentException("Minimum memory reservation allowed is 6MB");
        }

        if (Memory is { } limit && MemorySwap is { } swap and > 0 && swap < limit)
        {
            throw new ArgumentException("Minimum memoryswap limit should be larger than memory limit, see usage");
        }

        if (Memory is { } most && MemoryReservation is { } least && most < least)
        {
            throw new ArgumentException("Minimum memory limit can not be less than memory reservation limit, see usage");
        }
    }

    /// <summary>The request body: what is not to change is left out (0 or absent), as the engine reads it.</summary>
    public ContainerUpdateParameters ToParameters() => new()
    {
        RestartPolicy = RestartPolicy!,
        Memory = Memory ?? 0,
        MemoryReservation = MemoryReservation ?? 0,
        MemorySwap = MemorySwap ?? 0,
        NanoCPUs = NanoCpus ?? 0,
        CPUShares = CpuShares ?? 0,
        CpusetCpus = CpusetCpus!,
        PidsLimit = PidsLimit,
    };
}
