using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Mapping;
using DockerPS.Tests.Fakes;
using Xunit;

namespace DockerPS.Tests;

/// <summary>
/// What the container cmdlets' tests share: the engines' refusals in Docker's and Podman's words, one object of
/// every DockerPS output type to pipe in, a log stream fed line by line, and assertions on error records.
/// </summary>
internal static class ContainerTestKit
{
    /// <summary>An address no engine listens on: anything not routed to a fake engine fails to connect at once.</summary>
    public static string NowhereAddress() => $"unix:///nonexistent/dockerps-{Guid.NewGuid():N}.sock";

    /// <summary>The DockerPS output types that stand for no container.</summary>
    public static readonly string[] NotContainers =
    {
        "DockerImage", "DockerContext", "DockerPortBinding", "DockerContainerLogLine", "DockerImageDeletion", "DockerImageSearchResult", "DockerImageArchiveEntry",
        "DockerVolume",
        "DockerNetwork", "DockerNetworkAttachment",
        "DockerEvent",
        "DockerContainerProcess", "DockerInfo", "DockerVersion",
        "DockerContainerChange",
    };

    /// <summary>The DockerPS output types that stand for a container.</summary>
    public static readonly string[] ContainerKinds = { "DockerContainer", "DockerContainerExit", "DockerNetworkContainer", "DockerContainerStats" };

    /// <summary>
    /// One object of a DockerPS output type, from the fake engine, each looking as much as it can like the container
    /// "web" (a context named web, an image web:latest …), so one taken for a look-alike name would reach the engine.
    /// </summary>
    public static object Piped(string kind, FakeEngine engine) => kind switch
    {
        "DockerContainer" => ModelMapper.ToContainer(EngineAnswers.Container("web"), engine.Endpoint),
        "DockerContainerExit" => new DockerContainerExit(engine.Endpoint, "web", 0, null),
        "DockerNetworkContainer" => new DockerNetworkContainer(engine.Endpoint, EngineAnswers.IdOf("web"), "web", "10.77.0.2/24", null, null),
        "DockerImage" => ModelMapper.ToImages(
            new ImagesListResponse { ID = "sha256:" + EngineAnswers.IdOf("web-image"), RepoTags = new List<string> { "web:latest" } },
            engine.Endpoint,
            new[] { "web" }).Single(),
        "DockerContext" => new DockerContext("web", null, engine.Endpoint, isCurrent: false),
        "DockerPortBinding" => new DockerPortBinding(80, "tcp", "0.0.0.0", 8080, "web"),
        "DockerContainerLogLine" => new DockerContainerLogLine("web", "stdout", null, "web", showTimestamp: false),
        "DockerImageDeletion" => new DockerImageDeletion(engine.Endpoint, "web:latest", null),
        "DockerImageSearchResult" => new DockerImageSearchResult(engine.Endpoint, "docker.io", "web", null, 0, false, false),
        "DockerNetwork" => ModelMapper.ToNetwork(new NetworkResponse { ID = EngineAnswers.IdOf("net-web"), Name = "web", Driver = "bridge", Scope = "local" }, engine.Endpoint),
        "DockerNetworkAttachment" => new DockerNetworkAttachment(engine.Endpoint, "web", EngineAnswers.IdOf("net-web"), "10.77.0.2", 24, "10.77.0.1", null, null),
        "DockerImageArchiveEntry" => new DockerImageArchiveEntry(
            "/tmp/web.tar",
            "sha256:" + EngineAnswers.IdOf("web-image"),
            new[] { "web:latest" },
            Array.Empty<DockerImageArchiveLayer>(),
            null,
            "linux",
            "amd64"),
        "DockerVolume" => ModelMapper.ToVolume(new VolumeResponse { Name = "web", Driver = "local" }, engine.Endpoint),
        "DockerContainerProcess" => new DockerContainerProcess(engine.Endpoint, "web", EngineAnswers.IdOf("web"), new[] { "PID", "CMD" }, new[] { "1", "web" }),
        "DockerInfo" => EngineMapper.ToInfo(new SystemInfoResponse { Name = "web" }, engine.Engine),
        "DockerVersion" => EngineMapper.ToVersion(new VersionResponse { Version = "web" }, engine.Engine, "0.1.0"),
        "DockerContainerStats" => ModelMapper.ToContainerStats(ModelMapper.ToContainer(EngineAnswers.Container("web"), engine.Endpoint), null, null),
        "DockerEvent" => WebStarted(engine.Endpoint),
        "DockerContainerChange" => ModelMapper.ToContainerChange(new ContainerFileSystemChangeResponse { Kind = FileSystemChangeKind.Modify, Path = "/etc" }, "web", engine.Endpoint),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>An event about the container "web": it stands for no container all the same.</summary>
    public static DockerEvent WebStarted(DockerEndpoint endpoint) => ModelMapper.ToEvent(
        new Message { Type = "container", Action = "start", Actor = new Actor { ID = EngineAnswers.IdOf("web"), Attributes = new Dictionary<string, string> { ["name"] = "web" } }, TimeNano = 1795860000_000000000 },
        endpoint,
        podman: false);

    /// <summary>Podman's answer to a container in the wrong state: a 500 whose "cause" names the conflict.</summary>
    public static DockerApiException PodmanStateImproper(string message) =>
        new(HttpStatusCode.InternalServerError, JsonSerializer.Serialize(new { cause = "container state improper", message = message + ": container state improper", response = 500 }));

    /// <summary>The words the user sees: the engine's as the docker CLI prints them, else the exception's.</summary>
    public static string Message(ErrorRecord error) => error.ErrorDetails?.Message ?? error.Exception.Message;

    /// <summary>One non-terminating error with this id (the command's suffix aside), category and target.</summary>
    public static ErrorRecord AssertError(ErrorRecord error, string id, ErrorCategory category, object? target)
    {
        Assert.Equal(id, error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(category, error.CategoryInfo.Category);
        Assert.Equal(target, error.TargetObject);
        return error;
    }

    /// <summary>The refusal of a piped object that stands for no container; nothing may have reached an engine.</summary>
    public static void AssertRefusedAsNotAContainer(RunResult result, string kind, FakeEngine engine)
    {
        Assert.Null(result.Terminating);
        Assert.Empty(result.Output);
        var error = AssertError(Assert.Single(result.Errors), "WrongObjectType", ErrorCategory.InvalidType, TargetOf(kind));
        Assert.Contains(kind == "DockerContext" ? "is an engine, not a container" : "is not a container", Message(error));
        Assert.Equal(0, engine.CallCount);
    }

    /// <summary>The object's text form, which a refusal names as its target.</summary>
    public static string TargetOf(string kind) => kind switch
    {
        "DockerImage" => "web:latest",
        "DockerPortBinding" => "80/tcp -> 0.0.0.0:8080",
        "DockerImageDeletion" => "Untagged: web:latest",
        "DockerImageArchiveEntry" => "web:latest",
        "DockerNetworkAttachment" => "web: 10.77.0.2",
        "DockerContainerProcess" => "web: 1 web",
        "DockerVersion" => "Docker Engine web",
        "DockerContainerChange" => "C /etc",
        "DockerEvent" => WebStarted(new DockerEndpoint(new Uri("unix:///fake/any.sock"), DockerEndpointSource.HostParameter)).ToString(),
        _ => "web",
    };

    public static Hashtable With(this Hashtable parameters, string name, object value)
    {
        parameters[name] = value;
        return parameters;
    }

    /// <summary>A log line as the engine sends it with timestamps on.</summary>
    public static string Stamped(string text, int second = 0) => $"2026-11-28T10:00:{second:00}.000000000Z {text}\n";
}

/// <summary>
/// A log stream the test writes to while the cmdlet reads it, as -Follow reads a running container's output: each
/// frame is delivered when the test writes it, and the stream ends when the test says so.
/// </summary>
internal sealed class FeedStream : Stream
{
    private readonly Channel<byte[]> frames = Channel.CreateUnbounded<byte[]>();
    private byte[] current = Array.Empty<byte>();
    private int position;

    private readonly TaskCompletionSource<bool> readCancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once a read has been cancelled: the reader gave up on the stream.</summary>
    public Task ReadCancelled => readCancelled.Task;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public MultiplexedStream AsMultiplexed() => new(this, multiplexed: true);

    /// <summary>Sends one frame of stdout (or stderr) in the engine's multiplexed framing.</summary>
    public void Send(string text, bool isError = false)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        var frame = new byte[8 + payload.Length];
        frame[0] = isError ? (byte)2 : (byte)1;
        frame[4] = (byte)(payload.Length >> 24);
        frame[5] = (byte)(payload.Length >> 16);
        frame[6] = (byte)(payload.Length >> 8);
        frame[7] = (byte)payload.Length;
        payload.CopyTo(frame, 8);
        frames.Writer.TryWrite(frame);
    }

    /// <summary>The container stops: the reader sees the end of the stream once it has read what was sent.</summary>
    public void End() => frames.Writer.TryComplete();

    /// <summary>The connection is lost: the reader gets <paramref name="failure"/> once it has read what was sent.</summary>
    public void Fail(Exception failure) => frames.Writer.TryComplete(failure);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (position == current.Length)
        {
            try
            {
                if (!await frames.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return 0;
                }
            }
            catch (OperationCanceledException)
            {
                readCancelled.TrySetResult(true);
                throw;
            }

            frames.Reader.TryRead(out var next);
            current = next!;
            position = 0;
        }

        var count = Math.Min(buffer.Length, current.Length - position);
        current.AsMemory(position, count).CopyTo(buffer);
        position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
