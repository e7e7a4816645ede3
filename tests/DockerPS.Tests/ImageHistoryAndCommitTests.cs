using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Images;
using DockerPS.Tests.Fakes;
using Xunit;
using static DockerPS.Tests.ContainerTestKit;
using static DockerPS.Tests.ImageCmdletFixtures;

namespace DockerPS.Tests;

/// <summary>
/// Get-DockerImageHistory and New-DockerImage against a fake engine: rows as docker history shows them, the commit's
/// parameters, and every refusal before the engine is asked (a tag that is no reference, a change commit does not
/// take, an object that stands for no image or container, -WhatIf).
/// </summary>
public sealed class ImageHistoryAndCommitTests : IDisposable
{
    private static readonly string AppId = ImageId("app");
    private static readonly string BaseId = ImageId("base");

    private readonly CmdletRunner runner = new();
    private readonly FakeEngine engine = new();

    public void Dispose()
    {
        engine.Dispose();
        runner.Dispose();
    }

    [Fact]
    public void History_WritesALayerPerRow_NewestFirst_MissingIdsSaidAsDockerSaysThem()
    {
        AnswerHistory();

        var result = runner.Run("Get-DockerImageHistory", Parameters(engine, ("Name", "app:1")));

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        var layers = result.Output.Select(o => (DockerImageHistoryEntry)o).ToList();
        Assert.Equal(new[] { AppId, "<missing>" }, layers.Select(layer => layer.Id));
        Assert.Equal(new[] { AppId.Substring(7, 12), "<missing>" }, layers.Select(layer => layer.ShortId));
        Assert.Equal("/bin/sh -c #(nop)  LABEL a=b", layers[0].CreatedBy);
        Assert.Equal(new[] { "app:1" }, layers[0].Tags);
        Assert.Empty(layers[1].Tags);
        Assert.Equal(1234, layers[1].Size);
        Assert.Equal("imported", layers[1].Comment);
        Assert.All(layers, layer => Assert.Equal(AppId, layer.ImageId));
        Assert.All(layers, layer => Assert.Equal("app:1", layer.Image));
        Assert.All(layers, layer => Assert.Equal(engine.Endpoint, layer.Endpoint));
    }

    [Fact]
    public void History_OfPodman_GivesIdsTheirAlgorithm()
    {
        engine.Images.On(nameof(IImageOperations.InspectImageAsync), (string name, CancellationToken _) => Task.FromResult(Inspect(AppId)));
        engine.Images.On(nameof(IImageOperations.GetImageHistoryAsync), (string name, CancellationToken _) =>
            EngineAnswers.ListOf(new ImageHistoryResponse { ID = AppId.Substring(7), CreatedBy = "x", Created = DateTime.UtcNow }));

        var result = runner.Run("Get-DockerImageHistory", Parameters(engine, ("Name", "app:1")));

        Assert.Equal(AppId, ((DockerImageHistoryEntry)Assert.Single(result.Output)).Id);
    }

    [Fact]
    public void History_OfAnImageTheEngineLacks_IsThatImagesError_AndTheNextImageIsStillRead()
    {
        AnswerHistory();

        var result = runner.Run("Get-DockerImageHistory", Parameters(engine, ("Name", new[] { "nosuch:1", "app:1" })));

        Assert.Null(result.Terminating);
        AssertError(Assert.Single(result.Errors), "ImageNotFound", ErrorCategory.ObjectNotFound, "nosuch:1");
        Assert.Equal(2, result.Output.Count);
    }

    [Fact]
    public void History_OfAPipedImage_AsksItsOwnEngine()
    {
        AnswerHistory();
        var image = Image(engine, Row(AppId, "app:1"));

        var result = runner.Run("Get-DockerImageHistory", null, new object[] { image });

        Assert.Empty(result.Errors);
        Assert.Equal(2, result.Output.Count);
    }

    [Theory]
    [MemberData(nameof(ImageCmdletFixtures.NotImages), MemberType = typeof(ImageCmdletFixtures))]
    public void History_OfAnObjectThatIsNoImage_IsRefusedAsWrongObjectType_AndTheEngineIsNotAsked(string type)
    {
        var (value, text) = NotAnImage(type, engine);

        var result = runner.Run("Get-DockerImageHistory", Parameters(engine), new[] { value });

        Assert.Null(result.Terminating);
        AssertError(Assert.Single(result.Errors), "WrongObjectType", ErrorCategory.InvalidType, text);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void History_EntryPipedOn_StandsForNoImage()
    {
        AnswerHistory();
        var entry = runner.Run("Get-DockerImageHistory", Parameters(engine, ("Name", "app:1"))).Output[0];
        var before = engine.CallCount;

        var result = runner.Run("Get-DockerImageHistory", Parameters(engine), new[] { entry });

        AssertError(Assert.Single(result.Errors), "WrongObjectType", ErrorCategory.InvalidType, AppId);
        Assert.Equal(before, engine.CallCount);
    }

    [Fact]
    public void Commit_SendsTheContainerTagMessageAuthorChangesAndPause_AndWritesTheTaggedImage()
    {
        var commits = AnswerCommit();

        var result = runner.Run("New-DockerImage", Parameters(
            engine,
            ("Container", "web"),
            ("Tag", "team/app:2"),
            ("Message", "fixed"),
            ("Author", "me"),
            ("Change", new[] { "CMD [\"/bin/echo\",\"hi\"]", "  env A=1 " })));

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        var commit = Assert.Single(commits);
        Assert.Equal("web", commit.ContainerID);
        Assert.Equal("team/app", commit.RepositoryName);
        Assert.Equal("2", commit.Tag);
        Assert.Equal("fixed", commit.Comment);
        Assert.Equal("me", commit.Author);
        Assert.Equal(new[] { "CMD [\"/bin/echo\",\"hi\"]", "env A=1" }, commit.Changes);
        Assert.True(commit.Pause);
        var image = (DockerImage)Assert.Single(result.Output);
        Assert.Equal("team/app:2", image.Name);
    }

    [Fact]
    public void Commit_WithoutATag_IsUntagged_AndNoPauseSaysSo()
    {
        var commits = AnswerCommit(tagged: false);

        var result = runner.Run("New-DockerImage", Parameters(engine, ("Container", "web"), ("NoPause", true)));

        Assert.Empty(result.Errors);
        var commit = Assert.Single(commits);
        Assert.Null(commit.RepositoryName);
        Assert.Null(commit.Tag);
        Assert.False(commit.Pause);
        Assert.Equal(AppId, ((DockerImage)Assert.Single(result.Output)).Name);
    }

    [Theory]
    [InlineData("RUN make")]
    [InlineData("COPY a /a")]
    [InlineData("FROM busybox")]
    [InlineData("SHELL [\"/bin/bash\"]")]
    [InlineData("CMD")]
    [InlineData("   ")]
    public void Commit_WithAChangeCommitDoesNotTake_StopsAsInvalidChange_BeforeTheEngine(string change)
    {
        AnswerCommit();

        var result = runner.Run("New-DockerImage", Parameters(engine, ("Container", "web"), ("Change", new[] { "ENV A=1", change })));

        Assert.NotNull(result.Terminating);
        AssertError(result.Terminating!, "InvalidChange", ErrorCategory.InvalidArgument, result.Terminating!.TargetObject);
        Assert.Equal(0, engine.CallCount);
    }

    [Theory]
    [InlineData("Team/App")]
    [InlineData("app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("app:")]
    public void Commit_WithATagThatIsNoReference_StopsAsInvalidImageReference_BeforeTheEngine(string tag)
    {
        var result = runner.Run("New-DockerImage", Parameters(engine, ("Container", "web"), ("Tag", tag)));

        AssertError(result.Terminating!, "InvalidImageReference", ErrorCategory.InvalidArgument, tag);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void Commit_OfAContainerTheEngineLacks_IsContainerNotFound()
    {
        engine.Images.On(nameof(IImageOperations.CommitContainerChangesAsync), (CommitContainerChangesParameters p, CancellationToken _) =>
            Task.FromException<CommitContainerChangesResponse>(EngineAnswers.Refusal(HttpStatusCode.NotFound, "No such container: nosuch")));

        var result = runner.Run("New-DockerImage", Parameters(engine, ("Container", "nosuch")));

        Assert.Null(result.Terminating);
        AssertError(Assert.Single(result.Errors), "ContainerNotFound", ErrorCategory.ObjectNotFound, "nosuch");
    }

    [Fact]
    public void Commit_AChangeTheEngineRefuses_IsTheEnginesWords()
    {
        engine.Images.On(nameof(IImageOperations.CommitContainerChangesAsync), (CommitContainerChangesParameters p, CancellationToken _) =>
            Task.FromException<CommitContainerChangesResponse>(EngineAnswers.Refusal(HttpStatusCode.BadRequest, "stopsignal is not a valid change command")));

        var result = runner.Run("New-DockerImage", Parameters(engine, ("Container", "web"), ("Change", new[] { "STOPSIGNAL SIGINT" })));

        var error = AssertError(Assert.Single(result.Errors), "DockerApi.BadRequest", ErrorCategory.InvalidArgument, "web");
        Assert.Contains("stopsignal is not a valid change command", Message(error));
    }

    [Theory]
    [MemberData(nameof(NotContainerKinds))]
    public void Commit_OfAnObjectThatIsNoContainer_IsRefusedAsWrongObjectType_AndTheEngineIsNotAsked(string kind)
    {
        var result = runner.Run("New-DockerImage", Parameters(engine), new[] { Piped(kind, engine) });

        AssertRefusedAsNotAContainer(result, kind, engine);
    }

    [Fact]
    public void Commit_WhatIf_AsksTheEngineNothing()
    {
        var result = runner.Run("New-DockerImage", Parameters(engine, ("Container", "web"), ("Tag", "app:2"), ("WhatIf", true)));

        Assert.Null(result.Terminating);
        Assert.Empty(result.Output);
        Assert.Equal(0, engine.CallCount);
    }

    [Theory]
    [InlineData("CMD [\"sh\"]")]
    [InlineData("entrypoint /run.sh")]
    [InlineData("ENV A=1 B=2")]
    [InlineData("EXPOSE 80/tcp")]
    [InlineData("HEALTHCHECK CMD true")]
    [InlineData("LABEL a=b")]
    [InlineData("ONBUILD RUN make")]
    [InlineData("STOPSIGNAL SIGINT")]
    [InlineData("USER 1000")]
    [InlineData("VOLUME /data")]
    [InlineData("WORKDIR /app")]
    public void ImageChange_TakesTheInstructionsCommitTakes(string change) =>
        Assert.Equal(new[] { change }, ImageChange.Validate(new[] { change }));

    [Theory]
    [InlineData("ADD x /x")]
    [InlineData("ARG V")]
    [InlineData("MAINTAINER me")]
    [InlineData("CMDX [\"sh\"]")]
    [InlineData("WORKDIR   ")]
    public void ImageChange_RefusesTheOthers_NamingWhatItTakes(string change)
    {
        var error = Assert.Throws<ArgumentException>(() => ImageChange.Validate(new[] { change }));

        Assert.Contains(change.Trim().Split(' ')[0], error.Message, StringComparison.OrdinalIgnoreCase);
    }

    public static TheoryData<string> NotContainerKinds()
    {
        var data = new TheoryData<string>();
        foreach (var kind in NotContainers)
        {
            data.Add(kind);
        }

        return data;
    }

    private void AnswerHistory()
    {
        engine.Images.On(nameof(IImageOperations.InspectImageAsync), (string name, CancellationToken _) =>
            name == "nosuch:1" ? Task.FromException<ImageInspectResponse>(EngineAnswers.NoSuchImage(name)) : Task.FromResult(Inspect(AppId, "app:1")));
        engine.Images.On(nameof(IImageOperations.GetImageHistoryAsync), (string name, CancellationToken _) => EngineAnswers.ListOf(
            new ImageHistoryResponse { ID = AppId, Created = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc), CreatedBy = "/bin/sh -c #(nop)  LABEL a=b", Size = 0, Comment = string.Empty, Tags = new List<string> { "app:1" } },
            new ImageHistoryResponse { ID = "<missing>", Created = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc), CreatedBy = string.Empty, Size = 1234, Comment = "imported", Tags = null! }));
    }

    private List<CommitContainerChangesParameters> AnswerCommit(bool tagged = true)
    {
        var commits = new List<CommitContainerChangesParameters>();
        engine.Images.On(nameof(IImageOperations.CommitContainerChangesAsync), (CommitContainerChangesParameters parameters, CancellationToken _) =>
        {
            commits.Add(parameters);
            return Task.FromResult(new CommitContainerChangesResponse { ID = AppId });
        });
        engine.Images.On(nameof(IImageOperations.InspectImageAsync), (string name, CancellationToken _) => Task.FromResult(Inspect(AppId)));
        AnswerListing(engine, tagged ? Row(AppId, "team/app:1", "team/app:2") : Row(AppId), Row(BaseId, "base:1"));
        return commits;
    }
}
