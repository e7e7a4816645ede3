using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Tests.Fakes;
using Xunit;
using static DockerPS.Tests.ImageCmdletFixtures;

namespace DockerPS.Tests;

/// <summary>
/// Remove-DockerImage against a fake engine: names it lacks, images containers use (named by container, on Docker
/// and on Podman), the batch's input order, removals of one image taking turns, -WhatIf, and piped objects.
/// </summary>
public sealed class RemoveDockerImageTests : IDisposable
{
    private const string UserId = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static readonly string AppId = ImageId("app");

    private readonly CmdletRunner runner = new();
    private readonly FakeEngine engine = new();

    public void Dispose()
    {
        engine.Dispose();
        runner.Dispose();
    }

    [Fact]
    public void NameTheEngineLacks_IsANonTerminatingImageNotFound_AndTheOthersAreRemoved()
    {
        AnswerInspect();
        AnswerDelete();

        var result = runner.Run("Remove-DockerImage", Parameters(engine, ("Name", new[] { "app:1", "nosuch:1", "web:1" }), ("Confirm", false)));

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("ImageNotFound,DockerPS.Commands.RemoveDockerImageCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("nosuch:1", error.TargetObject);
        Assert.Contains("No such image: nosuch:1", error.ToString());
        Assert.Equal(new[] { "app:1", "web:1" }, Deleted());
    }

    [Fact]
    public void NameGoneBetweenInspectAndDelete_IsImageNotFound_Too()
    {
        AnswerInspect();
        engine.Images.On(nameof(IImageOperations.DeleteImageAsync), (string name, ImageDeleteParameters _, CancellationToken __) =>
            Task.FromException<IList<IDictionary<string, string>>>(EngineAnswers.NoSuchImage(name)));

        var result = runner.Run("Remove-DockerImage", Parameters(engine, ("Name", new[] { "app:1" }), ("Confirm", false)));

        var error = Assert.Single(result.Errors);
        Assert.Equal("ImageNotFound", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("app:1", error.TargetObject);
    }

    [Theory]
    [InlineData("conflict: unable to delete app:1 (must be forced) - image is being used by stopped container 0123456789ab", "remove the container first, or use -Force to untag the image anyway")]
    [InlineData("conflict: unable to delete 4f2c0e2ecd5c (cannot be forced) - image is being used by running container 0123456789ab", "stop and remove the container first")]
    [InlineData("conflict: unable to remove repository reference \"app:1\" (must force) - container 0123456789ab is using its referenced image 4f2c0e2ecd5c", "remove the container first, or use -Force to untag the image anyway")]
    public void ImageAContainerUses_IsANonTerminatingImageInUse_NamingTheContainerByName(string words, string advice)
    {
        AnswerInspect();
        AnswerDelete(refusing: ("app:1", EngineAnswers.Refusal(HttpStatusCode.Conflict, words)));
        AnswerContainers();

        var result = runner.Run("Remove-DockerImage", Parameters(engine, ("Name", new[] { "app:1", "web:1" }), ("Confirm", false)));

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("ImageInUse,DockerPS.Commands.RemoveDockerImageCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceBusy, error.CategoryInfo.Category);
        Assert.Equal("app:1", error.TargetObject);
        Assert.StartsWith("Image app:1 is in use by container jovial_curie (0123456789ab); " + advice, error.ToString());
        Assert.EndsWith($"({words})", error.ToString());
        Assert.Equal(new[] { "app:1", "web:1" }, Deleted());
    }

    [Fact]
    public void PodmansImageInUse500_IsImageInUse_NamingTheContainerByName()
    {
        AnswerInspect();
        AnswerDelete(refusing: ("app:1", new DockerApiException(
            HttpStatusCode.InternalServerError,
            $"{{\"cause\":\"image is in use by a container\",\"message\":\"image used by {UserId}: image is in use by a container\",\"response\":500}}")));
        AnswerContainers();

        var result = runner.Run("Remove-DockerImage", Parameters(engine, ("Name", new[] { "app:1" }), ("Confirm", false)));

        var error = Assert.Single(result.Errors);
        Assert.Equal("ImageInUse", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.ResourceBusy, error.CategoryInfo.Category);
        Assert.Equal("app:1", error.TargetObject);
        Assert.Contains("in use by container jovial_curie (0123456789ab)", error.ToString());
    }

    [Fact]
    public void PodmansStateImproper500_CountsAsTheConflictItIs_AndNamingAContainerIsImageInUse()
    {
        // Podman answers Docker's 409s with a 500 and a "cause"; "container state improper" is one of them.
        AnswerInspect();
        AnswerDelete(refusing: ("app:1", new DockerApiException(
            HttpStatusCode.InternalServerError,
            $"{{\"cause\":\"container state improper\",\"message\":\"container {UserId} is running: container state improper\",\"response\":500}}")));
        AnswerContainers();

        var result = runner.Run("Remove-DockerImage", Parameters(engine, ("Name", new[] { "app:1" }), ("Confirm", false)));

        var error = Assert.Single(result.Errors);
        Assert.Equal("ImageInUse", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.ResourceBusy, error.CategoryInfo.Category);
        Assert.Equal("app:1", error.TargetObject);
        Assert.Contains("in use by container jovial_curie (0123456789ab)", error.ToString());
    }

    [Fact]
    public void PodmansStateImproper500_NamingNoContainer_IsTheEnginesConflict_NotAnInternalError()
    {
        AnswerInspect();
        AnswerDelete(refusing: ("app:1", new DockerApiException(
            HttpStatusCode.InternalServerError,
            "{\"cause\":\"container state improper\",\"message\":\"image app:1 is in an invalid state: container state improper\",\"response\":500}")));

        var result = runner.Run("Remove-DockerImage", Parameters(engine, ("Name", new[] { "app:1" }), ("Confirm", false)));

        var error = Assert.Single(result.Errors);
        Assert.Equal("DockerApi.Conflict", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.InvalidOperation, error.CategoryInfo.Category);
        Assert.Equal("app:1", error.TargetObject);
        Assert.Equal("Error response from daemon: image app:1 is in an invalid state: container state improper", error.ToString());
    }

    [Fact]
    public void Batch_WritesMessagesOutputAndErrorsInInputOrder_WhateverOrderTheRemovalsFinishIn()
    {
        // The first name finishes last; the second fails at once.
        var names = new[] { "a:1", "nosuch:1", "c:1", "d:1" };
        var firstMayFinish = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var othersDone = new CountdownEvent(2);
        AnswerInspect();
        engine.Images.On(nameof(IImageOperations.DeleteImageAsync), async (string name, ImageDeleteParameters _, CancellationToken __) =>
        {
            if (name == "a:1")
            {
                await firstMayFinish.Task;
            }
            else if (othersDone.Signal())
            {
                firstMayFinish.SetResult(true);
            }

            return Untagged(name);
        });

        var result = runner.Run("Remove-DockerImage", Parameters(engine, ("Name", names), ("Confirm", false), ("PassThru", true), ("Verbose", true)));

        Assert.Null(result.Terminating);
        Assert.Equal(new object[] { "nosuch:1" }, result.Errors.Select(error => error.TargetObject));
        Assert.Equal(new[] { "a:1", "c:1", "d:1" }, result.Output.Cast<DockerImageDeletion>().Select(deletion => deletion.Untagged));
        Assert.Equal(new[] { "Untagged: a:1", "Untagged: c:1", "Untagged: d:1" }, result.Verbose.Where(line => line.StartsWith("Untagged", StringComparison.Ordinal)));
    }

    [Fact]
    public void TwoTagsOfOneImage_AreRemovedOneAfterTheOther_SoTheLastToGoDeletesIt()
    {
        // Each name's removal starts as it arrives: app:1 takes its turn and stays in flight; app:2 (the same image)
        // comes next; other:1 (another image) comes last and lets app:1 finish. By then app:2 has either waited
        // for its turn or, if nothing stopped it, started its own removal while app:1's was still running.
        var firstMayFinish = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var deletes = new ConcurrentQueue<(string Name, bool FirstStillRunning)>();
        engine.Images.On(nameof(IImageOperations.InspectImageAsync), (string name, CancellationToken _) =>
            Task.FromResult(name == "other:1" ? Inspect(ImageId("other"), name) : Inspect(AppId, "app:1", "app:2")));
        engine.Images.On(nameof(IImageOperations.DeleteImageAsync), async (string name, ImageDeleteParameters _, CancellationToken __) =>
        {
            deletes.Enqueue((name, !firstMayFinish.Task.IsCompleted));
            switch (name)
            {
                case "app:1":
                    await firstMayFinish.Task.WaitAsync(TimeSpan.FromSeconds(10));
                    return Untagged(name);
                case "other:1":
                    firstMayFinish.SetResult(true);
                    return Untagged(name);
                default:
                    return new List<IDictionary<string, string>>
                    {
                        new Dictionary<string, string> { ["Untagged"] = name },
                        new Dictionary<string, string> { ["Deleted"] = AppId },
                    };
            }
        });

        var result = runner.Run("Remove-DockerImage", Parameters(engine, ("Name", new[] { "app:1", "app:2", "other:1" }), ("Confirm", false), ("PassThru", true)));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { ("app:1", true), ("other:1", true), ("app:2", false) }, deletes);
        Assert.Equal(
            new[] { "Untagged: app:1", "Untagged: app:2", "Deleted: " + AppId, "Untagged: other:1" },
            result.Output.Cast<DockerImageDeletion>().Select(deletion => deletion.ToString()));
    }

    [Fact]
    public void WhatIfWithForce_AsksTheEngineNothing()
    {
        var result = runner.Run("Remove-DockerImage", Parameters(engine, ("Name", new[] { "app:1", "web:1" }), ("WhatIf", true), ("Force", true)));

        Assert.Empty(result.ErrorIds);
        Assert.Empty(result.Output);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void WhatIf_SaysTheRefusalAnImageAContainerUsesWillMeet_AndNamesOnlyWhatARealRunRemoves()
    {
        // docker image prune leaves a dangling image a stopped container uses; so must Get-DockerImage -Dangling | Remove-DockerImage.
        var host = new RecordingHost();
        using var recorded = CmdletRunner.WithHost(host);
        var usedId = ImageId("used");
        var freeId = ImageId("free");
        engine.Images.On(nameof(IImageOperations.InspectImageAsync), (string name, CancellationToken _) => Task.FromResult(Inspect(name)));
        var user = EngineAnswers.Container("jovial_curie", "exited");
        user.ID = UserId;
        user.ImageID = usedId;
        engine.Containers.On(nameof(IContainerOperations.ListContainersAsync), (ContainersListParameters _, CancellationToken __) => EngineAnswers.ListOf(user));

        var result = recorded.Run("Remove-DockerImage", Parameters(engine, ("Name", new[] { usedId, freeId }), ("WhatIf", true)));

        var error = Assert.Single(result.Errors);
        Assert.Equal("ImageInUse,DockerPS.Commands.RemoveDockerImageCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceBusy, error.CategoryInfo.Category);
        Assert.Equal(usedId, error.TargetObject);
        Assert.Equal($"Image {usedId} is in use by container jovial_curie (0123456789ab); remove the container first, or use -Force to untag the image anyway.", error.ToString());
        var whatIf = Assert.Single(host.Lines, line => line.StartsWith("What if:", StringComparison.Ordinal));
        Assert.Contains(freeId, whatIf);
        Assert.Equal(0, engine.Images.CountOf(nameof(IImageOperations.DeleteImageAsync)));
    }

    [Fact]
    public void WhatIf_ATagThatIsOneOfSeveralNamesOfAUsedImage_OnlyUntags_AndIsNoRefusal()
    {
        engine.Images.On(nameof(IImageOperations.InspectImageAsync), (string name, CancellationToken _) => Task.FromResult(Inspect(AppId, "app:1", "app:2")));
        AnswerContainers();

        var result = runner.Run("Remove-DockerImage", Parameters(engine, ("Name", new[] { "app:1" }), ("WhatIf", true)));

        Assert.Empty(result.ErrorIds);
        Assert.Empty(engine.Containers.Calls);
        Assert.Equal(0, engine.Images.CountOf(nameof(IImageOperations.DeleteImageAsync)));
    }

    [Fact]
    public void EngineThatCannotBeReached_StopsTheBatchWithATerminatingEngineUnreachable()
    {
        var result = runner.Run("Remove-DockerImage", new Hashtable
        {
            ["HostAddress"] = "unix:///nonexistent/dockerps-" + Guid.NewGuid().ToString("N") + ".sock",
            ["Name"] = new[] { "app:1", "web:1" },
            ["Confirm"] = false,
        });

        Assert.Empty(result.Errors);
        Assert.NotNull(result.Terminating);
        Assert.Equal("EngineUnreachable", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.ConnectionError, result.Terminating!.CategoryInfo.Category);
    }

    [Fact]
    public void PipedImage_IsRemovedByItsNameOnItsOwnEngine()
    {
        AnswerInspect();
        AnswerDelete();
        var image = Image(engine, Row(AppId, "app:1"));

        var result = runner.Run("Remove-DockerImage", new Hashtable { ["HostAddress"] = "unix:///nonexistent/dockerps.sock", ["Confirm"] = false }, new object[] { image });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "app:1" }, Deleted());
    }

    [Fact]
    public void PipedContainerOrArchiveEntry_StandsForItsImageById()
    {
        var nginxId = ImageId("nginx");
        AnswerInspect();
        AnswerDelete();

        var result = runner.Run(
            "Remove-DockerImage",
            Parameters(engine, ("Confirm", false)),
            new object[] { Container(engine, "web", AppId), ArchiveEntry("/tmp/nginx.tar", nginxId, "nginx:latest") });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { AppId, nginxId }, engine.Images.Calls.Where(call => call.Method == nameof(IImageOperations.InspectImageAsync)).Select(call => (string)call.Arguments[0]!));
        Assert.Equal(new[] { AppId, nginxId }, Deleted());
    }

    [Theory]
    [MemberData(nameof(ImageCmdletFixtures.NotImages), MemberType = typeof(ImageCmdletFixtures))]
    public void PipedObjectThatIsNoImage_IsRefusedAsWrongObjectType_AndTheEngineIsNotAsked(string type)
    {
        var (value, text) = NotAnImage(type, engine);

        var result = runner.Run("Remove-DockerImage", Parameters(engine, ("Confirm", false)), new[] { value });

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("WrongObjectType,DockerPS.Commands.RemoveDockerImageCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidType, error.CategoryInfo.Category);
        Assert.Equal(text, error.TargetObject);
        Assert.Equal(0, engine.CallCount);
    }

    private static IList<IDictionary<string, string>> Untagged(string name) =>
        new List<IDictionary<string, string>> { new Dictionary<string, string> { ["Untagged"] = name } };

    /// <summary>Every image but nosuch:1 exists, each under an id of its own.</summary>
    private void AnswerInspect() =>
        engine.Images.On(nameof(IImageOperations.InspectImageAsync), (string name, CancellationToken _) =>
            name == "nosuch:1" ? Task.FromException<ImageInspectResponse>(EngineAnswers.NoSuchImage(name)) : Task.FromResult(Inspect(name.StartsWith("sha256:", StringComparison.Ordinal) ? name : ImageId(name), name)));

    private void AnswerDelete((string Name, Exception Refusal)? refusing = null) =>
        engine.Images.On(nameof(IImageOperations.DeleteImageAsync), (string name, ImageDeleteParameters _, CancellationToken __) =>
            refusing is { } refusal && name == refusal.Name
                ? Task.FromException<IList<IDictionary<string, string>>>(refusal.Refusal)
                : Task.FromResult(Untagged(name)));

    /// <summary>The container the engine's refusals name, 0123456789ab, is jovial_curie.</summary>
    private void AnswerContainers()
    {
        var user = EngineAnswers.Container("jovial_curie", "exited");
        user.ID = UserId;
        engine.Containers.On(nameof(IContainerOperations.ListContainersAsync), (ContainersListParameters _, CancellationToken __) =>
            EngineAnswers.ListOf(EngineAnswers.Container("other", "running"), user));
    }

    private string[] Deleted() => engine.Images.Calls
        .Where(call => call.Method == nameof(IImageOperations.DeleteImageAsync))
        .Select(call => (string)call.Arguments[0]!)
        .ToArray();
}
