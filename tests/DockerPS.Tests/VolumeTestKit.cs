using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Mapping;
using DockerPS.Tests.Fakes;

namespace DockerPS.Tests;

/// <summary>
/// What the volume cmdlets' tests share: volumes as the engine answers them, the engines' refusals of a volume in
/// use in Docker's and Podman's words, and the DockerPS objects that stand for no volume.
/// </summary>
internal static class VolumeTestKit
{
    /// <summary>The container the in-use refusals name: jovial_curie, 0123456789ab….</summary>
    public const string UserId = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    /// <summary>A second container using the volume: quirky_noether, fedcba987654….</summary>
    public const string OtherUserId = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

    /// <summary>DockerPS output types that stand for no volume, each looking like the volume "web" as much as it can.</summary>
    public static readonly string[] NotVolumes = ContainerTestKit.NotContainers
        .Where(kind => kind != "DockerVolume")
        .Concat(ContainerTestKit.ContainerKinds)
        .Concat(new[] { "BindMount", "TmpfsMount" })
        .ToArray();

    /// <summary>A volume as GET /volumes lists it and GET /volumes/{name} answers it.</summary>
    public static VolumeResponse Volume(string name, string driver = "local", IDictionary<string, string>? labels = null) => new()
    {
        Name = name,
        Driver = driver,
        Mountpoint = $"/var/lib/docker/volumes/{name}/_data",
        CreatedAt = "2026-11-28T10:00:00.123456789Z",
        Labels = labels ?? new Dictionary<string, string>(),
        Scope = "local",
        Options = new Dictionary<string, string>(),
    };

    /// <summary>The engine lists these volumes, whatever the filters (<see cref="ListingFilters"/> says which were asked for).</summary>
    public static void AnswerList(FakeEngine engine, params VolumeResponse[] volumes) =>
        engine.Volumes.On(nameof(IVolumeOperations.ListAsync), (VolumesListParameters _, CancellationToken __) =>
            Task.FromResult(new VolumesListResponse { Volumes = volumes.ToList() }));

    /// <summary>The filters each listing asked the engine for, as name=value strings (none: an empty list).</summary>
    public static IReadOnlyList<string[]> ListingFilters(FakeEngine engine) => engine.Volumes.Calls
        .Where(call => call.Method == nameof(IVolumeOperations.ListAsync))
        .Select(call => ((VolumesListParameters?)call.Arguments[0])?.Filters is { } filters
            ? filters.SelectMany(filter => filter.Value.Keys.Select(value => $"{filter.Key}={value}")).OrderBy(text => text, StringComparer.Ordinal).ToArray()
            : Array.Empty<string>())
        .ToList();

    /// <summary>The engine's containers: the two the in-use refusals name, and one more.</summary>
    public static void AnswerContainers(FakeEngine engine)
    {
        var user = EngineAnswers.Container("jovial_curie", "exited");
        user.ID = UserId;
        var other = EngineAnswers.Container("quirky_noether");
        other.ID = OtherUserId;
        engine.Containers.On(nameof(IContainerOperations.ListContainersAsync), (ContainersListParameters _, CancellationToken __) =>
            EngineAnswers.ListOf(EngineAnswers.Container("bystander"), user, other));
    }

    /// <summary>dockerd's refusal: 409, "remove data: volume is in use - [id, …]".</summary>
    public static DockerApiException DockerInUse(string volume, params string[] containerIds) =>
        EngineAnswers.Refusal(HttpStatusCode.Conflict, $"remove {volume}: volume is in use - [{string.Join(", ", containerIds)}]");

    /// <summary>Podman's refusal, with its cause: a 409 (Podman 4), or a 500 as other versions answer Docker's conflicts.</summary>
    public static DockerApiException PodmanInUse(string volume, HttpStatusCode status, params string[] containerIds) =>
        new(status, JsonSerializer.Serialize(new
        {
            cause = "volume is being used",
            message = $"volume {volume} is being used by the following container(s): {string.Join(", ", containerIds)}: volume is being used",
            response = (int)status,
        }));

    /// <summary>The engine's 404 for a volume: Docker.DotNet has no exception of its own for it.</summary>
    public static DockerApiException NoSuchVolume(string name) =>
        EngineAnswers.Refusal(HttpStatusCode.NotFound, $"get {name}: no such volume");

    /// <summary>One object of a kind <see cref="NotVolumes"/> names, or a volume or volume mount, from the fake engine.</summary>
    public static object PipedObject(string kind, FakeEngine engine) => kind switch
    {
        "DockerVolume" => ModelMapper.ToVolume(Volume("web"), engine.Endpoint),
        "VolumeMount" => new DockerMount(engine.Endpoint, "volume", "web", "/var/lib/docker/volumes/web/_data", "/data", "z", true),
        "BindMount" => new DockerMount(engine.Endpoint, "bind", null, "/srv/web", "/data", string.Empty, true),
        "TmpfsMount" => new DockerMount(engine.Endpoint, "tmpfs", null, null, "/web", string.Empty, true),
        _ => ContainerTestKit.Piped(kind, engine),
    };

    /// <summary>The text a refusal of <see cref="PipedObject"/>'s object targets.</summary>
    public static string RefusalTarget(string kind) => kind switch
    {
        "BindMount" => "/srv/web:/data",
        "TmpfsMount" => ":/web",
        "DockerContainerExit" => "0",
        _ => ContainerTestKit.TargetOf(kind),
    };
}
