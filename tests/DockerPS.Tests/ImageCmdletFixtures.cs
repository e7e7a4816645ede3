using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Mapping;
using DockerPS.Tests.Fakes;

namespace DockerPS.Tests;

/// <summary>
/// What the image cmdlets' tests share: image rows as the engine lists them, the DockerPS objects that can come
/// down a pipeline, and a temporary folder per test.
/// </summary>
internal static class ImageCmdletFixtures
{
    /// <summary>An image id as the engine gives it, sha256: and 64 hex digits, made from a seed.</summary>
    public static string ImageId(string seed) => "sha256:" + EngineAnswers.IdOf(seed);

    /// <summary>An image as GET /images/json lists it.</summary>
    public static ImagesListResponse Row(string id, params string[] tags) => new()
    {
        ID = id,
        RepoTags = tags.Length == 0 ? new List<string> { "<none>:<none>" } : tags.ToList(),
        RepoDigests = new List<string>(),
        Created = new DateTime(2026, 11, 28, 10, 0, 0, DateTimeKind.Utc),
        Size = 1024,
        Labels = new Dictionary<string, string>(),
    };

    /// <summary>An image as GET /images/{name}/json answers it.</summary>
    public static ImageInspectResponse Inspect(string id, params string[] tags) => new()
    {
        ID = id,
        RepoTags = tags.ToList(),
        RepoDigests = new List<string>(),
    };

    /// <summary>The engine lists these images, and no containers.</summary>
    public static void AnswerListing(FakeEngine engine, params ImagesListResponse[] rows)
    {
        engine.Images.On(nameof(IImageOperations.ListImagesAsync), (ImagesListParameters _, CancellationToken __) => EngineAnswers.ListOf(rows));
        engine.Containers.On(nameof(IContainerOperations.ListContainersAsync), (ContainersListParameters _, CancellationToken __) => EngineAnswers.ListOf<ContainerListResponse>());
    }

    /// <summary>The DockerImage objects Get-DockerImage would write for a row of <paramref name="engine"/>.</summary>
    public static DockerImage Image(FakeEngine engine, ImagesListResponse row) =>
        ModelMapper.ToImages(row, engine.Endpoint, Array.Empty<string>()).First();

    /// <summary>A container of <paramref name="engine"/> created from the image <paramref name="imageId"/>.</summary>
    public static DockerContainer Container(FakeEngine engine, string name, string imageId)
    {
        var summary = EngineAnswers.Container(name, "exited");
        summary.ImageID = imageId;
        return ModelMapper.ToContainer(summary, engine.Endpoint);
    }

    public static DockerImageSearchResult SearchResult(FakeEngine engine, string name) =>
        new(engine.Endpoint, "docker.io", name, "an image", 10, true, false);

    public static DockerImageArchiveEntry ArchiveEntry(string archivePath, string imageId, params string[] tags) =>
        new(archivePath, imageId, tags, Array.Empty<DockerImageArchiveLayer>(), null, "linux", "amd64");

    /// <summary>DockerPS output types that stand for no image (nor archive): each is refused where an image is wanted.</summary>
    public static IEnumerable<object[]> NotImages => new[]
    {
        new object[] { nameof(DockerContext) },
        new object[] { nameof(DockerPortBinding) },
        new object[] { nameof(DockerContainerLogLine) },
        new object[] { nameof(DockerContainerExit) },
        new object[] { nameof(DockerImageDeletion) },
        new object[] { nameof(DockerVolume) },
        new object[] { nameof(DockerNetwork) },
        new object[] { nameof(DockerNetworkAttachment) },
        new object[] { nameof(DockerNetworkContainer) },
        new object[] { nameof(DockerContainerProcess) },
        new object[] { nameof(DockerInfo) },
        new object[] { nameof(DockerVersion) },
        new object[] { nameof(DockerContainerStats) },
        new object[] { nameof(DockerEvent) },
    };

    /// <summary>One object of a type <see cref="NotImages"/> names, from <paramref name="engine"/>; its text is what the error targets.</summary>
    public static (object Value, string Text) NotAnImage(string type, FakeEngine engine) => type switch
    {
        nameof(DockerContext) => (new DockerContext("staging", null, engine.Endpoint, false), "staging"),
        nameof(DockerPortBinding) => (new DockerPortBinding(80, "tcp", "0.0.0.0", 8080, "web"), "80/tcp -> 0.0.0.0:8080"),
        nameof(DockerContainerLogLine) => (new DockerContainerLogLine("web", "stdout", null, "listening on :80", false), "listening on :80"),
        nameof(DockerContainerExit) => (new DockerContainerExit(engine.Endpoint, "web", 3, null), "3"),
        nameof(DockerImageDeletion) => (new DockerImageDeletion(engine.Endpoint, "app:1", null), "Untagged: app:1"),
        nameof(DockerVolume) => (ModelMapper.ToVolume(new VolumeResponse { Name = "app", Driver = "local" }, engine.Endpoint), "app"),
        nameof(DockerNetwork) => (ModelMapper.ToNetwork(new NetworkResponse { ID = EngineAnswers.IdOf("net-app"), Name = "app", Driver = "bridge", Scope = "local" }, engine.Endpoint), "app"),
        nameof(DockerNetworkAttachment) => (new DockerNetworkAttachment(engine.Endpoint, "app", null, "10.77.0.2", 24, null, null, null), "app: 10.77.0.2"),
        nameof(DockerNetworkContainer) => (new DockerNetworkContainer(engine.Endpoint, EngineAnswers.IdOf("app"), "app", null, null, null), "app"),
        nameof(DockerContainerProcess) => (new DockerContainerProcess(engine.Endpoint, "app", EngineAnswers.IdOf("app"), new[] { "PID", "CMD" }, new[] { "7", "app" }), "app: 7 app"),
        nameof(DockerInfo) => (EngineMapper.ToInfo(new SystemInfoResponse { Name = "app" }, engine.Engine), "app"),
        nameof(DockerVersion) => (EngineMapper.ToVersion(new VersionResponse { Version = "app" }, engine.Engine, "0.1.0"), "Docker Engine app"),
        nameof(DockerContainerStats) => (ModelMapper.ToContainerStats(ModelMapper.ToContainer(EngineAnswers.Container("app"), engine.Endpoint), null, null), "app"),
        nameof(DockerEvent) => (ContainerTestKit.WebStarted(engine.Endpoint), ContainerTestKit.WebStarted(engine.Endpoint).ToString()),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>A JSON progress message whose errorDetail carries the engine's words, as dockerd writes a failure after 200 OK.</summary>
    public static JSONMessage StreamError(string message, long? code = null) =>
        new() { Error = new JSONError { Message = message, Code = code } };

    public static Hashtable Parameters(FakeEngine engine, params (string Name, object Value)[] parameters)
    {
        var table = new Hashtable { ["HostAddress"] = engine.Address };
        foreach (var (name, value) in parameters)
        {
            table[name] = value;
        }

        return table;
    }
}

/// <summary>A folder of this test's own, deleted with everything in it at the end.</summary>
internal sealed class TemporaryFolder : IDisposable
{
    public TemporaryFolder()
    {
        Path = Directory.CreateTempSubdirectory("dps-images-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, byte[] content)
    {
        var path = File(name);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>Every file in the folder, hidden ones included, by name.</summary>
    public string[] Files() => Directory.GetFiles(Path).Select(System.IO.Path.GetFileName).OrderBy(name => name, StringComparer.Ordinal).ToArray()!;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
