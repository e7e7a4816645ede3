using System.Globalization;
using System.Text.Json;
using Docker.DotNet.Models;
using DockerPS.Containers;
using DockerPS.Events;
using DockerPS.Images;
using DockerPS.Internal;
using DockerPS.Stats;
using DockerPS.Time;

namespace DockerPS.Mapping;

/// <summary>Builds DockerPS's own output types from the engine's answers.</summary>
internal static class ModelMapper
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    /// <summary>The columns of ps -ef, which docker top runs without ps options.</summary>
    private static readonly string[] DockerTopTitles = { "UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD" };

    /// <summary>The view of processes in docker top's default columns: its table, with each process's container.</summary>
    private const string DockerTopView = "DockerPS.DockerContainerProcess#DockerTop";

    // The inspect document is written back with the engine's property names (the models' JsonPropertyName).
    private static readonly JsonSerializerOptions InspectJsonOptions = new()
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static DockerContainer ToContainer(ContainerListResponse summary, DockerEndpoint endpoint)
    {
        var names = (summary.Names ?? new List<string>()).Select(name => name.TrimStart('/')).ToList();
        var name = names.FirstOrDefault() ?? summary.ID;
        return new(
            endpoint,
            summary.ID,
            names,
            summary.Image,
            summary.ImageID,
            summary.Command,
            summary.Created.ToLocalTime(),
            summary.State,
            summary.Status,
            ContainerHealth.Of(summary),
            (summary.Ports ?? new List<PortSummary>()).Select(port => ToPortBinding(port, name)).ToList(),
            Labels(summary.Labels),
            Networks(summary.NetworkSettings?.Networks, endpoint),
            (summary.Mounts ?? new List<MountPoint>()).Select(mount => ToMount(mount, endpoint)).ToList());
    }

    public static DockerPortBinding ToPortBinding(PortSummary port, string? container = null) =>
        new(port.PrivatePort, port.Type, port.IP, port.PublicPort, container);

    /// <summary>The published ports docker port lists, from inspect's NetworkSettings.Ports, in port order.</summary>
    public static IEnumerable<DockerPortBinding> PublishedPorts(ContainerInspectResponse inspect)
    {
        var container = inspect.Name.TrimStart('/');
        return (inspect.NetworkSettings?.Ports ?? new Dictionary<string, IList<PortBinding>>())
            .Where(pair => pair.Value is not null)
            .SelectMany(pair => DockerPortBinding.TryParseKey(pair.Key, out var port, out var protocol)
                ? pair.Value.Select(binding => new DockerPortBinding(
                    port,
                    protocol,
                    binding.HostIP,
                    int.TryParse(binding.HostPort, NumberStyles.None, CultureInfo.InvariantCulture, out var hostPort) ? hostPort : null,
                    container))
                : Enumerable.Empty<DockerPortBinding>())
            .Where(binding => binding.IsPublished)
            .OrderBy(binding => binding.ContainerPort)
            .ThenBy(binding => binding.Protocol, StringComparer.Ordinal);
    }

    public static DockerMount ToMount(MountPoint mount, DockerEndpoint endpoint) =>
        new(endpoint, mount.Type, mount.Name, mount.Source, mount.Destination, mount.Mode, mount.RW);

    /// <summary>A volume as docker volume ls and inspect show it; sizes come later, from the engine's disk usage (-Size).</summary>
    public static DockerVolume ToVolume(VolumeResponse volume, DockerEndpoint endpoint) =>
        new(
            endpoint,
            volume.Name,
            volume.Driver ?? string.Empty,
            volume.Mountpoint,
            EngineTime.Parse(volume.CreatedAt),
            Labels(volume.Labels),
            volume.Scope ?? string.Empty,
            Labels(volume.Options));

    public static void AddInspectDetails(DockerContainer container, ContainerInspectResponse inspect)
    {
        var state = inspect.State;
        container.AddInspectDetails(
            state?.Pid ?? 0,
            state?.ExitCode ?? 0,
            EngineTime.Parse(state?.StartedAt),
            EngineTime.Parse(state?.FinishedAt),
            inspect.RestartCount,
            string.IsNullOrEmpty(state?.Health?.Status) ? null : state!.Health!.Status,
            InspectDocument(inspect));
    }

    /// <summary>
    /// One object per repository:tag, as docker images lists them; an untagged image is one object with
    /// &lt;none&gt; for both.
    /// </summary>
    public static IEnumerable<DockerImage> ToImages(ImagesListResponse image, DockerEndpoint endpoint, IReadOnlyList<string> containers)
    {
        var repoTags = (image.RepoTags ?? new List<string>()).Where(tag => tag != "<none>:<none>").ToList();
        var repoDigests = (image.RepoDigests ?? new List<string>()).Where(digest => digest != "<none>@<none>").ToList();
        var created = image.Created.ToLocalTime();
        var labels = Labels(image.Labels);
        // Podman names images in full (docker.io/library/nginx) where Docker says nginx; the repository is shown the
        // short way, as docker images shows it on both. Podman's parent ids also lack the sha256: of Docker's.
        DockerImage Make(string repository, string tag) =>
            new(endpoint, image.ID, ImageReference.Normalize(repository), tag, repoTags, repoDigests, created, image.Size, labels, containers, WithAlgorithm(image.ParentID));

        if (repoTags.Count == 0)
        {
            // A dangling image pulled by digest still shows its repository, as docker images does.
            var repository = repoDigests.Count > 0 ? ImageReference.SplitDigest(repoDigests[0]).Repository : DockerImage.None;
            yield return Make(repository, DockerImage.None);
            yield break;
        }

        foreach (var repoTag in repoTags)
        {
            var (repository, tag) = ImageReference.SplitTag(repoTag);
            yield return Make(repository, tag);
        }
    }

    /// <summary>
    /// One row of docker history. Docker says &lt;missing&gt; for a layer with no image of its own here; Podman gives
    /// its ids without the algorithm, as its image list does.
    /// </summary>
    public static DockerImageHistoryEntry ToHistoryEntry(ImageHistoryResponse layer, DockerEndpoint endpoint, string image, string imageId) => new(
        endpoint,
        image,
        imageId,
        layer.ID is null or DockerImageHistoryEntry.Missing ? string.Empty : WithAlgorithm(layer.ID)!,
        layer.Created.ToLocalTime(),
        layer.CreatedBy ?? string.Empty,
        layer.Size,
        layer.Comment ?? string.Empty,
        (layer.Tags ?? new List<string>()).Where(tag => tag != "<none>:<none>").ToList());

    /// <summary>A network as docker network inspect shows it; the list answer is the same shape (dockerd leaves its Containers empty).</summary>
    public static DockerNetwork ToNetwork(NetworkResponse network, DockerEndpoint endpoint) => new(
        endpoint,
        network.ID,
        network.Name,
        network.Driver,
        network.Scope,
        network.Internal,
        network.Attachable,
        network.EnableIPv6,
        (network.IPAM?.Config ?? new List<IPAMConfig>()).Select(pool => new DockerNetworkSubnet(pool.Subnet, pool.Gateway, pool.IPRange)).ToList(),
        (network.Containers ?? new Dictionary<string, EndpointResource>())
            .Select(pair => new DockerNetworkContainer(endpoint, pair.Key, pair.Value.Name, pair.Value.IPv4Address, pair.Value.IPv6Address, pair.Value.MacAddress))
            .OrderBy(container => container.Name, StringComparer.Ordinal)
            .ToList(),
        Labels(network.Labels),
        Labels(network.Options),    // a string map, read as labels are
        EngineTime.Local(network.Created));

    /// <summary>
    /// docker top's processes, each with the columns ps printed as properties named as ps names them. Podman 4 answers
    /// with the header and each row as one string, columns apart by spaces: those are split here, the last column
    /// keeping the rest of the row (the command and its arguments). The columns docker top prints by default (ps -ef)
    /// get its table view; others show as ps printed them.
    /// </summary>
    public static IEnumerable<PSObject> ToProcesses(ContainerProcessesResponse top, DockerEndpoint endpoint, string containerName, string containerId)
    {
        var titles = (top.Titles ?? new List<string>()).ToList();
        var split = titles.Count == 1 && titles[0].Trim().IndexOf(' ') > 0;
        if (split)
        {
            titles = Columns(titles[0], int.MaxValue);
        }

        var dockerTop = titles.SequenceEqual(DockerTopTitles, StringComparer.Ordinal);
        foreach (var row in top.Processes ?? new List<IList<string>>())
        {
            var values = split && row.Count == 1 ? Columns(row[0], titles.Count) : row.ToList();
            var process = new DockerContainerProcess(endpoint, containerName, containerId, titles, values);
            var shown = new PSObject(process);
            foreach (var column in process.Columns.Where(column => shown.Properties[column.Key] is null))
            {
                shown.Properties.Add(new PSNoteProperty(column.Key, column.Value));
            }

            if (dockerTop)
            {
                shown.TypeNames.Insert(0, DockerTopView);
            }
            else
            {
                var display = new[] { nameof(DockerContainerProcess.ContainerName) }.Concat(titles.Distinct(StringComparer.OrdinalIgnoreCase)).ToArray();
                shown.Members.Add(new PSMemberSet("PSStandardMembers", new PSMemberInfo[] { new PSPropertySet("DefaultDisplayPropertySet", display) }));
            }

            yield return shown;
        }
    }

    /// <summary>At most <paramref name="count"/> columns of a line of ps output, apart by blanks; the last keeps the rest of the line.</summary>
    private static List<string> Columns(string line, int count)
    {
        var blanks = new[] { ' ', '\t' };
        var columns = new List<string>();
        var rest = line.Trim();
        for (var gap = rest.IndexOfAny(blanks); columns.Count < count - 1 && gap > 0; gap = rest.IndexOfAny(blanks))
        {
            columns.Add(rest.Substring(0, gap));
            rest = rest.Substring(gap).TrimStart();
        }

        if (rest.Length > 0)
        {
            columns.Add(rest);
        }

        return columns;
    }

    /// <summary>
    /// An event as docker events shows it. Its time is the engine's nanoseconds (its seconds when an old engine gives
    /// no more); Podman's removals read as Docker names them (<see cref="EventCatalog.DockerAction"/>).
    /// </summary>
    public static DockerEvent ToEvent(Message message, DockerEndpoint endpoint, bool podman) => new(
        endpoint,
        message.TimeNano is > 0 ? message.TimeNano.Value : (message.Time ?? 0) * 1_000_000_000,
        message.Type ?? string.Empty,
        EventCatalog.DockerAction(message.Type ?? string.Empty, message.Action ?? string.Empty, podman),
        message.Actor?.ID ?? string.Empty,
        Labels(message.Actor?.Attributes),
        message.Scope);

    /// <summary>A line of docker diff; a kind the engine may add later reads as a change, as the docker CLI prints it.</summary>
    public static DockerContainerChange ToContainerChange(ContainerFileSystemChangeResponse change, string container, DockerEndpoint endpoint) => new(
        endpoint,
        container,
        change.Kind switch
        {
            FileSystemChangeKind.Add => DockerContainerChangeKind.Added,
            FileSystemChangeKind.Delete => DockerContainerChangeKind.Deleted,
            _ => DockerContainerChangeKind.Changed,
        },
        change.Path ?? string.Empty);

    /// <summary>
    /// A row of docker stats for the container, from the engine's reading compared with <paramref name="baseline"/>'s
    /// CPU figures (see <see cref="StatsCalculator"/>). Without a reading (Podman has none for a container that is not
    /// running) every figure is 0, as docker stats shows such a container.
    /// </summary>
    public static DockerContainerStats ToContainerStats(DockerContainer container, ContainerStatsResponse? reading, CPUStats? baseline)
    {
        var memory = StatsCalculator.MemoryUsage(reading?.MemoryStats);
        var limit = reading?.MemoryStats?.Limit ?? 0;
        var (received, sent) = StatsCalculator.Network(reading?.Networks);
        var (read, written) = StatsCalculator.BlockIO(reading?.BlkioStats);
        return new(
            container.Endpoint,
            container.Id,
            container.Name,
            reading is null ? null : EngineTime.Local(reading.Read),
            baseline is null ? 0 : StatsCalculator.CpuPercent(baseline, reading?.CPUStats),
            AsLong(memory),
            AsLong(limit),
            StatsCalculator.MemoryPercent(memory, limit),
            AsLong(received),
            AsLong(sent),
            AsLong(read),
            AsLong(written),
            AsLong(reading?.PidsStats?.Current ?? 0));
    }

    /// <summary>An engine's unsigned count as a long; only "no limit" markers come near long.MaxValue.</summary>
    private static long AsLong(ulong value) => value > long.MaxValue ? long.MaxValue : (long)value;

    private static string? WithAlgorithm(string? id) =>
        id is { Length: 64 } && id.All(Uri.IsHexDigit) ? "sha256:" + id : id;

    private static PSObject InspectDocument(ContainerInspectResponse inspect)
    {
        var json = JsonSerializer.SerializeToElement(inspect, InspectJsonOptions);
        return (PSObject)JsonToPSObject.Convert(json)!;
    }

    internal static IReadOnlyDictionary<string, string> Labels(IDictionary<string, string>? labels) =>
        labels is null || labels.Count == 0
            ? NoLabels
            : new Dictionary<string, string>(labels, StringComparer.Ordinal);

    private static IReadOnlyDictionary<string, DockerNetworkAttachment> Networks(IDictionary<string, EndpointSettings>? networks, DockerEndpoint endpoint) =>
        (networks ?? new Dictionary<string, EndpointSettings>()).ToDictionary(
            pair => pair.Key,
            pair => new DockerNetworkAttachment(
                endpoint,
                pair.Key,
                pair.Value.NetworkID,
                pair.Value.IPAddress,
                (int)pair.Value.IPPrefixLen,
                pair.Value.Gateway,
                pair.Value.MacAddress,
                pair.Value.GlobalIPv6Address),
            StringComparer.Ordinal);
}
