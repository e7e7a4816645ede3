using System.Text.Json;
using Docker.DotNet.Models;

namespace DockerPS.Volumes;

/// <summary>
/// What docker system df -v says about volumes: each one's size and how many containers refer to it, by name. The
/// engine walks every local volume to answer, so it is asked only for -Size.
/// </summary>
internal static class VolumeUsage
{
    /// <summary>The API version from which /system/df answers in the shape Docker.DotNet models (VolumeUsage.Items).</summary>
    private static readonly System.Version ModeledFrom = new(1, 52);

    /// <summary>Size and reference count by volume name; the engine's -1 stands for "not available".</summary>
    public static async Task<IReadOnlyDictionary<string, (long Size, long RefCount)>> ReadAsync(DockerEngine engine, CancellationToken cancellation)
    {
        if (engine.ApiVersion >= ModeledFrom)
        {
            var answer = await engine.Client.System.GetDataUsageInfoAsync(
                new SytemDataUsageInfoParameters { Type = new List<string> { "volume" }, Verbose = true },
                cancellation).ConfigureAwait(false);
            var usage = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
            foreach (var volume in answer.VolumeUsage?.Items ?? new List<Volume>())
            {
                if (volume.UsageData is { } data)
                {
                    usage[volume.Name] = (data.Size, data.RefCount);
                }
            }

            return usage;
        }

        // type=volume spares newer engines the images and containers; older ones (before API 1.42) ignore it.
        using var legacy = await RawEngineRequest.GetJsonAsync(engine, "system/df?type=volume", cancellation).ConfigureAwait(false);
        return FromLegacyAnswer(legacy.RootElement);
    }

    /// <summary>The answer of engines before API 1.52, and of Podman: {"Volumes": [{"Name": …, "UsageData": {"Size": …, "RefCount": …}}]}.</summary>
    internal static IReadOnlyDictionary<string, (long Size, long RefCount)> FromLegacyAnswer(JsonElement root)
    {
        var usage = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("Volumes", out var volumes) || volumes.ValueKind != JsonValueKind.Array)
        {
            return usage;
        }

        foreach (var volume in volumes.EnumerateArray())
        {
            if (volume.ValueKind == JsonValueKind.Object
                && volume.TryGetProperty("Name", out var name) && name.ValueKind == JsonValueKind.String
                && volume.TryGetProperty("UsageData", out var data) && data.ValueKind == JsonValueKind.Object)
            {
                usage[name.GetString()!] = (Number(data, "Size"), Number(data, "RefCount"));
            }
        }

        return usage;
    }

    private static long Number(JsonElement data, string property) =>
        data.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : -1;
}
