using DockerPS.Cleanup;

namespace DockerPS.Commands;

/// <summary>
/// docker system df: one line per kind of object (images, containers, local volumes, build cache) with how many there
/// are, how many are in use, their size and what a prune could reclaim; -Detailed (docker system df -v) lists the
/// objects themselves with their sizes.
/// </summary>
[Cmdlet(VerbsCommon.Get, "DockerDiskUsage")]
[OutputType(typeof(DockerDiskUsage))]
[OutputType(typeof(DockerImageDiskUsage), typeof(DockerContainerDiskUsage), typeof(DockerVolume), typeof(DockerBuildCacheRecord))]
public sealed class GetDockerDiskUsageCommand : DockerEngineWideCmdlet
{
    /// <summary>The view of each volume in docker system df -v's terms: LINKS and SIZE.</summary>
    private const string VolumeUsageView = "DockerPS.DockerVolume#DiskUsage";

    /// <summary>The images, containers, volumes and build cache records themselves, with their sizes (docker system df -v).</summary>
    [Parameter]
    public SwitchParameter Detailed { get; set; }

    private protected override void AskEngines(IReadOnlyList<DockerEndpoint> endpoints)
    {
        RunAsync(async cancellation =>
        {
            var answers = await ForEachEngineAsync(endpoints, (engine, token) => DiskUsageAnswer.ReadAsync(engine, Detailed, token), cancellation).ConfigureAwait(false);
            foreach (var (_, answer) in answers)
            {
                foreach (var value in Detailed ? Details(answer) : DiskUsageSummary.Of(answer).Select(line => WithEngineColumn(line, endpoints.Count > 1)))
                {
                    Emit(value);
                }
            }
        });
    }

    /// <summary>docker system df -v's four tables, in its order: images, containers, volumes, then the build cache, least recently used first.</summary>
    private static IEnumerable<object> Details(DiskUsageAnswer answer)
    {
        foreach (var image in answer.Images)
        {
            yield return image;
        }

        foreach (var container in answer.Containers)
        {
            yield return container;
        }

        foreach (var volume in answer.Volumes)
        {
            var shown = PSObject.AsPSObject(volume);
            shown.TypeNames.Insert(0, VolumeUsageView);
            yield return shown;
        }

        var never = DateTime.MinValue;
        foreach (var record in answer.BuildCache.OrderBy(record => record.LastUsed ?? never).ThenBy(record => record.Id, StringComparer.Ordinal))
        {
            yield return record;
        }
    }
}
