using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Tests.Fakes;
using Xunit;
using static DockerPS.Tests.ImageCmdletFixtures;

namespace DockerPS.Tests;

/// <summary>
/// Add-DockerImageTag against a fake engine: a target that cannot be a tag stops the cmdlet before the engine is
/// asked; a source the engine lacks is that image's error; piped objects stand for their image or are refused.
/// </summary>
public sealed class AddDockerImageTagTests : IDisposable
{
    private static readonly string AppId = ImageId("app");
    private static readonly string NginxId = ImageId("nginx");

    private readonly CmdletRunner runner = new();
    private readonly FakeEngine engine = new();

    public void Dispose()
    {
        engine.Dispose();
        runner.Dispose();
    }

    [Theory]
    [InlineData("Registry.example.com:5000/Team/App:1", "repository name must be lowercase")]
    [InlineData("app:", "the tag is empty")]
    [InlineData("app:1 2", "cannot contain spaces")]
    [InlineData("team//app", "expected name, name:tag, name@digest or host:port/name:tag")]
    public void MalformedTarget_StopsTheCmdletWithATerminatingInvalidImageReference_BeforeAnyImageReachesTheEngine(string target, string reason)
    {
        var piped = new object[] { "app:1", Image(engine, Row(NginxId, "nginx:latest")) };

        var result = runner.Run("Add-DockerImageTag", Parameters(engine, ("Tag", target)), piped);

        Assert.Empty(result.Errors);
        Assert.NotNull(result.Terminating);
        Assert.Equal("InvalidImageReference,DockerPS.Commands.AddDockerImageTagCommand", result.Terminating!.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, result.Terminating.CategoryInfo.Category);
        Assert.Equal(target, result.Terminating.TargetObject);
        Assert.Contains("invalid reference format", result.Terminating.ToString());
        Assert.Contains(reason, result.Terminating.ToString());
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void TargetRepositoryThatIsAnImageId_StopsTheCmdletWithATerminatingInvalidImageReference_BeforeTheEngine()
    {
        const string target = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef:1";

        var result = runner.Run("Add-DockerImageTag", Parameters(engine, ("Name", "app:1"), ("Tag", target)));

        Assert.NotNull(result.Terminating);
        Assert.Equal("InvalidImageReference", result.ErrorIds.Single());
        Assert.Equal(target, result.Terminating!.TargetObject);
        Assert.Contains("cannot specify 64-byte hexadecimal strings", result.Terminating.ToString());
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void DigestTarget_StopsTheCmdletWithATerminatingInvalidImageReference_BeforeTheEngine()
    {
        const string target = "registry.example.com/team/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

        var result = runner.Run("Add-DockerImageTag", Parameters(engine, ("Name", "app:1"), ("Tag", target)));

        Assert.NotNull(result.Terminating);
        Assert.Equal("InvalidImageReference", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.InvalidArgument, result.Terminating!.CategoryInfo.Category);
        Assert.Equal(target, result.Terminating.TargetObject);
        Assert.Contains("a tag cannot be a digest", result.Terminating.ToString());
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void SourceTheEngineLacks_IsANonTerminatingImageNotFound_AndTheNextPipedImageIsTagged()
    {
        AnswerTag();

        var result = runner.Run("Add-DockerImageTag", Parameters(engine, ("Tag", "registry.example.com/team/app:2")), new object[] { "nosuch:1", "app:1" });

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("ImageNotFound,DockerPS.Commands.AddDockerImageTagCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("nosuch:1", error.TargetObject);
        Assert.Contains("No such image: nosuch:1", error.ToString());
        Assert.Equal(new[] { "nosuch:1", "app:1" }, Tagged().Select(call => call.Source));
    }

    [Fact]
    public void OtherEngineRefusal_IsThatImagesNonTerminatingError_WithTheEnginesWords_AndTheNextPipedImageIsTagged()
    {
        const string words = "Error parsing reference: \"app:1\" is not a valid repository/tag";
        engine.Images.On(nameof(IImageOperations.TagImageAsync), (string name, ImageTagParameters _, CancellationToken __) =>
            name == "refused:1" ? Task.FromException(EngineAnswers.Refusal(System.Net.HttpStatusCode.InternalServerError, words)) : Task.CompletedTask);

        var result = runner.Run("Add-DockerImageTag", Parameters(engine, ("Tag", "registry.example.com/team/app:2")), new object[] { "refused:1", "app:1" });

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("DockerApi.InternalServerError", result.ErrorIds.Single());
        Assert.Equal("refused:1", error.TargetObject);
        Assert.Contains(words, error.ToString());
        Assert.Equal(new[] { "refused:1", "app:1" }, Tagged().Select(call => call.Source));
    }

    [Fact]
    public void Target_WithoutATag_IsTaggedLatest_AndPassThruWritesTheImageUnderItsNewName()
    {
        AnswerTag();
        AnswerReadBack(Row(AppId, "app:1", "registry.example.com/team/app:latest"));

        var result = runner.Run("Add-DockerImageTag", Parameters(engine, ("Name", "app:1"), ("Tag", "registry.example.com/team/app"), ("PassThru", true)));

        Assert.Empty(result.ErrorIds);
        var tag = Assert.Single(Tagged());
        Assert.Equal(("app:1", "registry.example.com/team/app", "latest"), (tag.Source, tag.Parameters.RepositoryName, tag.Parameters.Tag));
        var image = Assert.IsType<DockerImage>(Assert.Single(result.Output));
        Assert.Equal("registry.example.com/team/app:latest", image.Name);
    }

    [Fact]
    public void WithoutPassThru_NothingIsWrittenOrReadBack()
    {
        AnswerTag();

        var result = runner.Run("Add-DockerImageTag", Parameters(engine, ("Name", "app:1"), ("Tag", "app:2")));

        Assert.Empty(result.ErrorIds);
        Assert.Empty(result.Output);
        Assert.Equal(new[] { nameof(IImageOperations.TagImageAsync) }, engine.Images.Calls.Select(call => call.Method));
    }

    [Fact]
    public void WhatIf_AsksTheEngineNothing()
    {
        var result = runner.Run("Add-DockerImageTag", Parameters(engine, ("Name", "app:1"), ("Tag", "app:2"), ("WhatIf", true)));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void PipedImage_IsTaggedByItsNameOnItsOwnEngine()
    {
        AnswerTag();
        var image = Image(engine, Row(NginxId, "nginx:1.25"));

        var result = runner.Run("Add-DockerImageTag", new Hashtable { ["HostAddress"] = "unix:///nonexistent/dockerps.sock", ["Tag"] = "web:1" }, new object[] { image });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "nginx:1.25" }, Tagged().Select(call => call.Source));
    }

    [Fact]
    public void PipedUntaggedImage_IsTaggedByItsId()
    {
        AnswerTag();
        var image = Image(engine, Row(NginxId));

        var result = runner.Run("Add-DockerImageTag", new Hashtable { ["Tag"] = "web:1" }, new object[] { image });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { NginxId }, Tagged().Select(call => call.Source));
    }

    [Fact]
    public void PipedContainerOrArchiveEntry_StandsForItsImageById()
    {
        AnswerTag();
        var container = Container(engine, "web", AppId);
        var entry = ArchiveEntry("/tmp/nginx.tar", NginxId, "nginx:latest");

        var result = runner.Run("Add-DockerImageTag", Parameters(engine, ("Tag", "keep:1")), new object[] { container, entry });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { AppId, NginxId }, Tagged().Select(call => call.Source));
    }

    [Fact]
    public void PipedSearchResult_StandsForItsRepository()
    {
        AnswerTag();

        var result = runner.Run("Add-DockerImageTag", new Hashtable { ["Tag"] = "mirror/nginx:1" }, new object[] { SearchResult(engine, "nginx") });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "nginx" }, Tagged().Select(call => call.Source));
    }

    [Theory]
    [MemberData(nameof(ImageCmdletFixtures.NotImages), MemberType = typeof(ImageCmdletFixtures))]
    public void PipedObjectThatIsNoImage_IsRefusedAsWrongObjectType_AndTheEngineIsNotAsked(string type)
    {
        var (value, text) = NotAnImage(type, engine);

        var result = runner.Run("Add-DockerImageTag", Parameters(engine, ("Tag", "app:2")), new[] { value });

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("WrongObjectType,DockerPS.Commands.AddDockerImageTagCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidType, error.CategoryInfo.Category);
        Assert.Equal(text, error.TargetObject);
        Assert.Equal(0, engine.CallCount);
    }

    /// <summary>The engine tags any image but nosuch:1, which it does not have.</summary>
    private void AnswerTag() =>
        engine.Images.On(nameof(IImageOperations.TagImageAsync), (string name, ImageTagParameters _, CancellationToken __) =>
            name == "nosuch:1" ? Task.FromException(EngineAnswers.NoSuchImage(name)) : Task.CompletedTask);

    private void AnswerReadBack(ImagesListResponse row)
    {
        engine.Images.On(nameof(IImageOperations.InspectImageAsync), (string name, CancellationToken _) => Task.FromResult(Inspect(row.ID, row.RepoTags.ToArray())));
        AnswerListing(engine, row, Row(NginxId, "nginx:latest"));
    }

    private (string Source, ImageTagParameters Parameters)[] Tagged() => engine.Images.Calls
        .Where(call => call.Method == nameof(IImageOperations.TagImageAsync))
        .Select(call => ((string)call.Arguments[0]!, (ImageTagParameters)call.Arguments[1]!))
        .ToArray();
}
