using System.Collections;
using System.Globalization;
using Docker.DotNet.Models;

namespace DockerPS.Volumes;

/// <summary>
/// docker volume create's request from New-DockerVolume's values, and what the engine's answer says about it. Asked
/// for a name that exists, the engine returns that volume as it is, labels and options unchanged, on Docker and
/// Podman alike, as docker volume create does.
/// </summary>
internal static class VolumeCreation
{
    /// <summary>-DriverOption as the request's DriverOpts: each key once, non-empty; a null value is an empty one.</summary>
    public static IDictionary<string, string> DriverOptions(IDictionary options)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in options)
        {
            var key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture);
            if (string.IsNullOrWhiteSpace(key))
            {
                throw new ArgumentException("invalid driver option: the key is empty");
            }

            result[key!] = Convert.ToString(entry.Value, CultureInfo.InvariantCulture) ?? string.Empty;
        }

        return result;
    }

    /// <summary>
    /// What was asked for that the volume returned lacks: the driver, labels and options of a volume that already
    /// existed under the name, which the engine leaves as they were.
    /// </summary>
    public static IReadOnlyList<string> Unapplied(VolumesCreateParameters request, DockerVolume created)
    {
        var unapplied = new List<string>();
        if (!string.IsNullOrEmpty(request.Driver) && request.Driver != created.Driver)
        {
            unapplied.Add($"driver {request.Driver} (it has {created.Driver})");
        }

        unapplied.AddRange(Missing("label", request.Labels, created.Labels));
        unapplied.AddRange(Missing("driver option", request.DriverOpts, created.Options));
        return unapplied;
    }

    private static IEnumerable<string> Missing(string what, IDictionary<string, string>? asked, IReadOnlyDictionary<string, string> got) =>
        (asked ?? new Dictionary<string, string>())
            .Where(pair => !got.TryGetValue(pair.Key, out var value) || value != pair.Value)
            .Select(pair => $"{what} {pair.Key}={pair.Value}");
}
