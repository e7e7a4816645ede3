using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Tests.Fakes;
using Xunit;
using static DockerPS.Tests.ImageCmdletFixtures;

namespace DockerPS.Tests;

/// <summary>
/// Get-DockerImage against a fake engine: names that match nothing or too much, ids, patterns, and what objects
/// from the pipeline stand for.
/// </summary>
public sealed class GetDockerImageTests : IDisposable
{
    private static readonly string NginxId = ImageId("nginx");
    private static readonly string AppId = ImageId("app");

    // Two ids that share their first hex digits, so that a short prefix fits both.
    private static readonly string TwinA = "sha256:abcd1" + new string('1', 59);
    private static readonly string TwinB = "sha256:abcd2" + new string('2', 59);

    private readonly CmdletRunner runner = new();
    private readonly FakeEngine engine = new();

    public GetDockerImageTests()
    {
        AnswerListing(
            engine,
            Row(NginxId, "nginx:latest", "nginx:1.25"),
            Row(AppId, "registry.example.com:5000/team/app:1"),
            Row(TwinA, "twin:a"),
            Row(TwinB, "twin:b"));
    }

    public void Dispose()
    {
        engine.Dispose();
        runner.Dispose();
    }

    /// <summary>What Get-DockerImage refuses from the pipeline: a context is not among them, it lists that engine's images.</summary>
    public static System.Collections.Generic.IEnumerable<object[]> NotImagesButContexts => ImageCmdletFixtures.NotImages.Where(row => (string)row[0] != nameof(DockerContext));

    [Fact]
    public void Name_ThatMatchesNothing_IsANonTerminatingImageNotFound_AndTheOtherNamesAreWritten()
    {
        var result = runner.Run("Get-DockerImage", Parameters(engine, ("Name", new[] { "nginx:1.25", "nosuch", "twin:a" })));

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("ImageNotFound,DockerPS.Commands.GetDockerImageCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("nosuch", error.TargetObject);
        Assert.Contains("No such image: nosuch", error.ToString());
        Assert.Equal(new[] { "nginx:1.25", "twin:a" }, result.Output.Cast<DockerImage>().Select(image => image.Name));
    }

    [Fact]
    public void IdPrefix_ThatFitsSeveralImages_IsANonTerminatingAmbiguousImageReference_WithTheDockerClisWords()
    {
        var result = runner.Run("Get-DockerImage", Parameters(engine, ("Name", new[] { "abcd", "nginx:latest" })));

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("AmbiguousImageReference", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("abcd", error.TargetObject);
        Assert.Contains("multiple images found with provided prefix: abcd", error.ToString());
        Assert.Equal(new[] { "nginx:latest" }, result.Output.Cast<DockerImage>().Select(image => image.Name));
    }

    [Theory]
    [InlineData("abcd", "AmbiguousImageReference", ErrorCategory.InvalidArgument)]
    [InlineData("sha256:ffff", "ImageNotFound", ErrorCategory.ObjectNotFound)]
    [InlineData("nginx", "ImageNotFound", ErrorCategory.ObjectNotFound)]
    public void Id_ThatFitsNoneOrSeveral_IsANonTerminatingError_AndTheOtherIdsAreWritten(string id, string errorId, ErrorCategory category)
    {
        // -Id takes ids only: a repository name is no id.
        var result = runner.Run("Get-DockerImage", Parameters(engine, ("Id", new[] { id, AppId.Substring(7, 12) })));

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal(errorId, result.ErrorIds.Single());
        Assert.Equal(category, error.CategoryInfo.Category);
        Assert.Equal(id, error.TargetObject);
        Assert.Equal(new[] { AppId }, result.Output.Cast<DockerImage>().Select(image => image.Id));
    }

    [Fact]
    public void Id_WritesEveryTagOfTheImage()
    {
        var result = runner.Run("Get-DockerImage", Parameters(engine, ("Id", new[] { NginxId })));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "nginx:latest", "nginx:1.25" }, result.Output.Cast<DockerImage>().Select(image => image.Name));
    }

    [Fact]
    public void Pattern_ThatMatchesNothing_WritesNothingAndNoError()
    {
        var result = runner.Run("Get-DockerImage", Parameters(engine, ("Name", new[] { "nosuch*", "*:nosuchtag" })));

        Assert.Empty(result.ErrorIds);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Patterns_MatchWithoutRegardToCase_AndAnImageTwoNamesSelectIsWrittenOnce()
    {
        var result = runner.Run("Get-DockerImage", Parameters(engine, ("Name", new[] { "NGINX:1.*", "nginx:1.25", "*/TEAM/*" })));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "nginx:1.25", "registry.example.com:5000/team/app:1" }, result.Output.Cast<DockerImage>().Select(image => image.Name));
    }

    [Fact]
    public void Name_OnDockerHub_IsTheSameRepositoryWithOrWithoutItsLongForm()
    {
        var result = runner.Run("Get-DockerImage", Parameters(engine, ("Name", new[] { "docker.io/library/nginx:latest" })));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "nginx:latest" }, result.Output.Cast<DockerImage>().Select(image => image.Name));
    }

    [Fact]
    public void PipedContainer_StandsForItsImage_OnTheContainersEngine()
    {
        var container = Container(engine, "web", AppId);

        // The container's own engine wins over the engine options.
        var result = runner.Run("Get-DockerImage", new Hashtable { ["HostAddress"] = "unix:///nonexistent/dockerps.sock" }, new object[] { container });

        Assert.Empty(result.ErrorIds);
        var image = Assert.IsType<DockerImage>(Assert.Single(result.Output));
        Assert.Equal(AppId, image.Id);
        Assert.Equal(1, engine.Images.CountOf(nameof(IImageOperations.ListImagesAsync)));
    }

    [Fact]
    public void PipedContainer_WhoseImageIsGone_IsImageNotFound_NamingTheImageId()
    {
        var gone = ImageId("gone");
        var result = runner.Run("Get-DockerImage", null, new object[] { Container(engine, "web", gone) });

        var error = Assert.Single(result.Errors);
        Assert.Equal("ImageNotFound", result.ErrorIds.Single());
        Assert.Equal(gone, error.TargetObject);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void PipedImage_IsLookedUpByItsNameOnItsEngine()
    {
        var image = Image(engine, Row(NginxId, "nginx:1.25"));

        var result = runner.Run("Get-DockerImage", new Hashtable { ["HostAddress"] = "unix:///nonexistent/dockerps.sock" }, new object[] { image });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "nginx:1.25" }, result.Output.Cast<DockerImage>().Select(written => written.Name));
    }

    [Fact]
    public void PipedSearchResult_StandsForItsRepository()
    {
        var result = runner.Run("Get-DockerImage", null, new object[] { SearchResult(engine, "nginx") });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "nginx:latest", "nginx:1.25" }, result.Output.Cast<DockerImage>().Select(image => image.Name));
    }

    [Fact]
    public void PipedArchiveEntry_StandsForTheImageByItsId_OnTheEngineTheOptionsName()
    {
        var entry = ArchiveEntry("/tmp/app.tar", AppId, "registry.example.com:5000/team/app:1");

        var result = runner.Run("Get-DockerImage", Parameters(engine), new object[] { entry });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { AppId }, result.Output.Cast<DockerImage>().Select(image => image.Id));
    }

    [Theory]
    [MemberData(nameof(NotImagesButContexts))]
    public void PipedObjectThatIsNoImage_IsRefusedAsWrongObjectType_AndTheEngineIsNotAsked(string type)
    {
        var (value, text) = NotAnImage(type, engine);

        var result = runner.Run("Get-DockerImage", Parameters(engine), new[] { value });

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("WrongObjectType,DockerPS.Commands.GetDockerImageCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidType, error.CategoryInfo.Category);
        Assert.Equal(text, error.TargetObject);
        Assert.Contains(type, error.ToString());
        Assert.Empty(result.Output);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void EngineThatCannotBeReached_StopsTheCmdletWithATerminatingEngineUnreachable()
    {
        var result = runner.Run("Get-DockerImage", new Hashtable { ["HostAddress"] = "unix:///nonexistent/dockerps-" + Guid.NewGuid().ToString("N") + ".sock" });

        Assert.NotNull(result.Terminating);
        Assert.Equal("EngineUnreachable", result.ErrorIds.Last());
        Assert.Equal(ErrorCategory.ConnectionError, result.Terminating!.CategoryInfo.Category);
        Assert.Contains("Cannot connect to the Docker daemon at", result.Terminating.ToString());
    }
}
