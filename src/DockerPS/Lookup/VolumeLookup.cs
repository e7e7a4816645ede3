using System.Text.RegularExpressions;
using Docker.DotNet.Models;
using DockerPS.Mapping;
using DockerPS.Volumes;

namespace DockerPS.Lookup;

/// <summary>
/// Reads volumes as DockerVolume objects: listed with the engine's filters, matched by the names users type, sized
/// from the engine's disk usage; and reads the engine's refusal to remove one that containers use.
/// </summary>
internal static class VolumeLookup
{
    // The container ids in the engine's in-use refusals: Docker's "remove NAME: volume is in use - [id, …]", Podman's
    // "volume NAME is being used by the following container(s): id, …". Only there: a volume's name may hold hex too.
    private static readonly Regex UserIds = new(@"(?:in use - \[|container\(s\): )(?<ids>[0-9a-f]{12,64}(?:[, ]+[0-9a-f]{12,64})*)", RegexOptions.CultureInvariant);

    /// <summary>
    /// The engine's volumes, by name as docker volume ls sorts them, that pass every filter given: no container refers
    /// to them (<paramref name="dangling"/>), the label terms admit them and they are of the driver. The engine's list
    /// filters take only the positive label terms; the negated ones (prune's label!=) are matched here. Podman 4 joins
    /// a volume listing's filters with OR, so there only the dangling filter is the engine's and labels and driver are
    /// matched here, as Docker matches them.
    /// </summary>
    public static async Task<List<DockerVolume>> ListAsync(DockerEngine engine, bool dangling, LabelFilter labels, string? driver, CancellationToken cancellation)
    {
        var filters = new EngineFilters();
        if (dangling)
        {
            filters.Add("dangling", "true");
        }

        if (!engine.IsPodman)
        {
            labels.AddTo(filters);
            if (driver is not null)
            {
                filters.Add("driver", driver);
            }
        }

        var answer = await engine.Client.Volumes.ListAsync(new VolumesListParameters { Filters = filters.ToParameter() }, cancellation).ConfigureAwait(false);
        return (answer.Volumes ?? new List<VolumeResponse>())
            .Select(volume => ModelMapper.ToVolume(volume, engine.Endpoint))
            .Where(volume => (!engine.IsPodman && !labels.HasLocalTerms || labels.Admits(volume.Labels)) && (!engine.IsPodman || driver is null || volume.Driver == driver))
            .OrderBy(volume => volume.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// A volume by its exact name (an anonymous volume's 64 hex digits are its name: volumes have no ids to shorten),
    /// or the volumes a wildcard pattern fits, without regard to case.
    /// </summary>
    public static ReferenceMatch<DockerVolume> Match(string reference, IReadOnlyList<DockerVolume> volumes)
    {
        if (WildcardPattern.ContainsWildcardCharacters(reference))
        {
            var pattern = WildcardPattern.Get(reference, WildcardOptions.IgnoreCase);
            return new ReferenceMatch<DockerVolume>(reference, true, volumes.Where(volume => pattern.IsMatch(volume.Name)).ToList());
        }

        return new ReferenceMatch<DockerVolume>(reference, false, volumes.Where(volume => volume.Name == reference).ToList());
    }

    /// <summary>Adds each volume's size and reference count, as docker system df -v shows them; one the answer lacks keeps null.</summary>
    public static async Task<List<DockerVolume>> AddUsageAsync(DockerEngine engine, IReadOnlyList<DockerVolume> volumes, CancellationToken cancellation)
    {
        if (volumes.Count > 0)
        {
            var usage = await VolumeUsage.ReadAsync(engine, cancellation).ConfigureAwait(false);
            foreach (var volume in volumes)
            {
                if (usage.TryGetValue(volume.Name, out var figures))
                {
                    volume.AddUsage(figures.Size, figures.RefCount);
                }
            }
        }

        return volumes.ToList();
    }

    /// <summary>
    /// The engine's refusal to remove a volume that containers use, naming them by name: a 409 (Podman's 500 with that
    /// cause counts as one) whose words say the volume is in use. Null for any other refusal.
    /// </summary>
    public static async Task<VolumeInUseException?> InUseAsync(DockerEngine engine, string volume, DockerApiException refusal, CancellationToken cancellation)
    {
        var said = DockerErrorMapper.DaemonMessage(refusal);
        if ((int)DockerErrorMapper.Status(refusal) != 409
            || (said.IndexOf("in use", StringComparison.OrdinalIgnoreCase) < 0 && said.IndexOf("being used", StringComparison.OrdinalIgnoreCase) < 0))
        {
            return null;
        }

        var listed = UserIds.Match(said);
        var ids = listed.Success ? listed.Groups["ids"].Value.Split(new[] { ',', ' ' }, StringSplitOptions.RemoveEmptyEntries) : Array.Empty<string>();
        var users = ids.Length == 0 ? Array.Empty<string>() : await ContainerLookup.NamesAsync(engine, ids, cancellation).ConfigureAwait(false);
        return new VolumeInUseException(volume, users, said, refusal);
    }
}
