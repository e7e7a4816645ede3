using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Mapping;
using DockerPS.Tests.Fakes;
using Xunit;
using static DockerPS.Tests.ImageCmdletFixtures;

namespace DockerPS.Tests;

/// <summary>
/// Find-, Request- and Submit-DockerImage against a fake engine: the registry failing behind the engine, references
/// refused before the engine is asked, errors inside the pull and push progress streams, and piped objects.
/// </summary>
public sealed class RegistryTransferTests : IDisposable
{
    private static readonly string AlpineId = ImageId("alpine");
    private static readonly string AppId = ImageId("app");

    private readonly CmdletRunner runner = new();
    private readonly FakeEngine engine = new();

    // Every pull and push is given credentials, so the machine's docker config is never read.
    private readonly PSCredential credential = new("tester", Secret("not-a-real-password"));

    public void Dispose()
    {
        engine.Dispose();
        runner.Dispose();
    }

    // ---------------------------------------------------------------- Find-DockerImage

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "Get \"https://registry.example.com:5000/v1/search?q=web&n=25\": dial tcp: lookup registry.example.com: no such host", "RegistryUnreachable", ErrorCategory.ConnectionError)]
    [InlineData(HttpStatusCode.InternalServerError, "Get \"https://registry.example.com:5000/v1/search?q=web&n=25\": dial tcp 10.0.0.5:5000: connect: connection refused", "RegistryUnreachable", ErrorCategory.ConnectionError)]
    [InlineData(HttpStatusCode.ServiceUnavailable, "Get \"https://registry.example.com:5000/v1/search?q=web&n=25\": net/http: request canceled (Client.Timeout exceeded while awaiting headers)", "RegistryUnreachable", ErrorCategory.ConnectionError)]
    [InlineData(HttpStatusCode.InternalServerError, "Unexpected status code 404", "RegistryError", ErrorCategory.InvalidOperation)]
    [InlineData(HttpStatusCode.NotFound, "404 page not found", "RegistryError", ErrorCategory.InvalidOperation)]
    public void Find_RegistryFailingBehindTheEngine_IsANonTerminatingRegistryError_NamingTheRegistryAndItsWords(HttpStatusCode status, string words, string errorId, ErrorCategory category)
    {
        AnswerSearch(term => term == "registry.example.com:5000/web" ? throw EngineAnswers.Refusal(status, words) : Found(term));

        var result = runner.Run("Find-DockerImage", Parameters(engine), new object[] { "registry.example.com:5000/web", "alpine" });

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal(errorId + ",DockerPS.Commands.FindDockerImageCommand", error.FullyQualifiedErrorId);
        Assert.Equal(category, error.CategoryInfo.Category);
        Assert.Equal("registry.example.com:5000/web", error.TargetObject);
        Assert.Equal($"Cannot search the registry registry.example.com:5000 for 'registry.example.com:5000/web': {words}", error.ToString());

        // The next term is still searched.
        Assert.Equal(new[] { "alpine" }, result.Output.Cast<DockerImageSearchResult>().Select(found => found.Name));
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, "unauthorized: authentication required", "DockerApi.Unauthorized", ErrorCategory.PermissionDenied)]
    [InlineData(HttpStatusCode.BadRequest, "invalid filter 'is-official=maybe'", "DockerApi.BadRequest", ErrorCategory.InvalidArgument)]
    public void Find_OtherRefusal_IsANonTerminatingErrorWithTheEnginesWords_AndTheNextTermIsSearched(HttpStatusCode status, string words, string errorId, ErrorCategory category)
    {
        AnswerSearch(term => term == "private/web" ? throw EngineAnswers.Refusal(status, words) : Found(term));

        var result = runner.Run("Find-DockerImage", Parameters(engine), new object[] { "private/web", "alpine" });

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal(errorId, result.ErrorIds.Single());
        Assert.Equal(category, error.CategoryInfo.Category);
        Assert.Equal("private/web", error.TargetObject);
        Assert.Equal("Error response from daemon: " + words, error.ToString());
        Assert.Equal(new[] { "alpine" }, result.Output.Cast<DockerImageSearchResult>().Select(found => found.Name));
    }

    [Fact]
    public void Find_PipedImagesAndSearchResults_AreSearchedByName_AndOtherDockerObjectsAreRefused()
    {
        AnswerSearch(Found);
        var piped = new object[] { Image(engine, Row(AlpineId, "alpine:latest")), Container(engine, "web", AppId), SearchResult(engine, "nginx") };

        var result = runner.Run("Find-DockerImage", Parameters(engine), piped);

        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Contains("The DockerContainer 'web' is not a search term.", error.ToString());
        Assert.Equal(new[] { "alpine", "nginx" }, engine.Images.Calls.Select(call => ((ImagesSearchParameters)call.Arguments[0]!).Term));
    }

    [Fact]
    public void Find_PipedUntaggedImage_IsRefused_ItHasNoRepositoryToSearchFor()
    {
        AnswerSearch(Found);

        var result = runner.Run("Find-DockerImage", Parameters(engine), new object[] { Image(engine, Row(AppId)), "alpine" });

        var error = Assert.Single(result.Errors);
        Assert.Contains($"The DockerImage '{AppId}' has no Repository to use as a search term.", error.ToString());
        Assert.Equal(new[] { "alpine" }, engine.Images.Calls.Select(call => ((ImagesSearchParameters)call.Arguments[0]!).Term));
    }

    [Fact]
    public void Find_TermWithATag_SearchesTheRepository_AndSaysSo()
    {
        AnswerSearch(Found);

        var result = runner.Run("Find-DockerImage", Parameters(engine, ("Term", "centos:7.2.1511"), ("Verbose", true)));

        Assert.Empty(result.ErrorIds);
        var call = Assert.Single(engine.Images.Calls);
        Assert.Equal("centos", ((ImagesSearchParameters)call.Arguments[0]!).Term);
        Assert.Contains(result.Verbose, line => line.Contains("the tag '7.2.1511' is left out"));
    }

    // ---------------------------------------------------------------- Request-DockerImage

    [Theory]
    [InlineData("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Pull_ImageId_IsANonTerminatingImageIdNotAReference_AndIsNotSentToTheEngine(string id)
    {
        AnswerPull();

        var result = runner.Run("Request-DockerImage", Parameters(engine, ("Name", new[] { id, "alpine" }), ("Credential", credential)));

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("ImageIdNotAReference,DockerPS.Commands.RequestDockerImageCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal(id, error.TargetObject);
        Assert.Contains("is an image id, which names no repository to pull from", error.ToString());
        Assert.Equal(new[] { "alpine" }, Pulled());
        Assert.Equal(new[] { "alpine:latest" }, result.Output.Cast<DockerImage>().Select(image => image.Name));
    }

    [Theory]
    [InlineData("Alpine", "repository name must be lowercase")]
    [InlineData("alpine:", "the tag is empty")]
    [InlineData("alpine@latest", "a digest looks like sha256:<hex>")]
    [InlineData("alpine:3 19", "cannot contain spaces")]
    [InlineData("/alpine", "expected name, name:tag, name@digest or host:port/name:tag")]
    public void Pull_MalformedReference_IsANonTerminatingInvalidImageReference_AndTheEngineIsNotAsked(string name, string reason)
    {
        var result = runner.Run("Request-DockerImage", Parameters(engine, ("Name", new[] { name }), ("Credential", credential)));

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("InvalidImageReference", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal(name, error.TargetObject);
        Assert.Contains("invalid reference format", error.ToString());
        Assert.Contains(reason, error.ToString());
        Assert.Equal(0, engine.CallCount);
    }

    [Theory]
    [InlineData("alpine:3.19")]
    [InlineData("alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Pull_TagWithAllTags_IsANonTerminatingTagWithAllTags_AndTheEngineIsNotAsked(string name)
    {
        var result = runner.Run("Request-DockerImage", Parameters(engine, ("Name", new[] { name }), ("AllTags", true), ("Credential", credential)));

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("TagWithAllTags", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal(name, error.TargetObject);
        Assert.Contains("tag can't be used with -AllTags", error.ToString());
        Assert.Equal(0, engine.CallCount);
    }

    [Theory]
    [InlineData("manifest for nosuch:latest not found: manifest unknown: manifest unknown", ErrorCategory.ObjectNotFound)]
    [InlineData("unauthorized: authentication required", ErrorCategory.PermissionDenied)]
    [InlineData("Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io: no such host", ErrorCategory.ConnectionError)]
    [InlineData("failed to register layer: write /var/lib/docker/tmp/x: no space left on device", ErrorCategory.InvalidOperation)]
    public void Pull_ErrorInsideTheProgressStream_IsThatImagesNonTerminatingError_AndTheNextImageIsPulled(string words, ErrorCategory category)
    {
        AnswerPull(failing: ("nosuch", words));

        var result = runner.Run("Request-DockerImage", Parameters(engine, ("Name", new[] { "nosuch", "alpine" }), ("Credential", credential), ("Verbose", true)));

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("DockerStreamError,DockerPS.Commands.RequestDockerImageCommand", error.FullyQualifiedErrorId);
        Assert.Equal(category, error.CategoryInfo.Category);
        Assert.Equal("nosuch", error.TargetObject);
        Assert.Equal(words, error.ToString());
        Assert.Equal(new[] { "nosuch", "alpine" }, Pulled());
        Assert.Equal(new[] { "alpine:latest" }, result.Output.Cast<DockerImage>().Select(image => image.Name));

        // The failed image is not read back, and its status line is not passed off as a result.
        Assert.DoesNotContain(engine.Images.Calls, call => call.Method == nameof(IImageOperations.InspectImageAsync) && (string)call.Arguments[0]! == "nosuch:latest");
        Assert.Contains("Status: Downloaded newer image for alpine:latest", result.Verbose);
        Assert.DoesNotContain(result.Verbose, line => line.Contains("library/nosuch"));
    }

    [Fact]
    public void Pull_RefusedByTheEngineBeforeTheStream_IsANonTerminatingErrorWithTheEnginesWords_AndTheNextImageIsPulled()
    {
        const string words = "pull access denied for nosuch, repository does not exist or may require 'docker login': denied: requested access to the resource is denied";
        AnswerPull(refused: ("nosuch", EngineAnswers.Refusal(HttpStatusCode.NotFound, words)));

        var result = runner.Run("Request-DockerImage", Parameters(engine, ("Name", new[] { "nosuch", "alpine" }), ("Credential", credential)));

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("DockerApi.NotFound", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("nosuch", error.TargetObject);
        Assert.Equal("Error response from daemon: " + words, error.ToString());
        Assert.Equal(new[] { "alpine:latest" }, result.Output.Cast<DockerImage>().Select(image => image.Name));
    }

    [Fact]
    public void Pull_WhatIf_AsksTheEngineNothing()
    {
        var result = runner.Run("Request-DockerImage", Parameters(engine, ("Name", new[] { "alpine", "nginx:1.25" }), ("WhatIf", true), ("Credential", credential)));

        Assert.Empty(result.ErrorIds);
        Assert.Empty(result.Output);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void Pull_PipedImage_IsPulledByItsNameOnItsOwnEngine()
    {
        AnswerPull();
        var image = Image(engine, Row(AlpineId, "alpine:latest"));

        var result = runner.Run("Request-DockerImage", new Hashtable { ["HostAddress"] = "unix:///nonexistent/dockerps.sock", ["Credential"] = credential }, new object[] { image });

        Assert.Empty(result.ErrorIds);
        var pull = (ImagesCreateParameters)engine.Images.Calls.First(call => call.Method == nameof(IImageOperations.CreateImageAsync)).Arguments[0]!;
        Assert.Equal(("alpine", "latest"), (pull.FromImage, pull.Tag));
        Assert.Equal(new[] { "alpine:latest" }, result.Output.Cast<DockerImage>().Select(written => written.Name));
    }

    [Fact]
    public void Pull_PipedSearchResult_PullsItsRepository()
    {
        AnswerPull();

        var result = runner.Run("Request-DockerImage", new Hashtable { ["Credential"] = credential }, new object[] { SearchResult(engine, "alpine") });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "alpine" }, Pulled());
        Assert.Equal(new[] { "alpine:latest" }, result.Output.Cast<DockerImage>().Select(written => written.Name));
    }

    [Fact]
    public void Pull_PipedContainer_PullsTheNameItsImageWasRunBy()
    {
        AnswerPull();

        var container = ModelMapper.ToContainer(RunBy("alpine:latest", AlpineId), engine.Endpoint);

        var result = runner.Run("Request-DockerImage", Parameters(engine, ("Credential", credential)), new object[] { container });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "alpine" }, Pulled());
        Assert.Equal(new[] { "alpine:latest" }, result.Output.Cast<DockerImage>().Select(written => written.Name));
    }

    [Fact]
    public void Pull_PipedArchiveEntryOrContainerRunByIdOrShortId_StandsForAnImageId_WhichNamesNoRepository_AndTheEngineIsNotAsked()
    {
        var runById = ModelMapper.ToContainer(RunBy(AppId, AppId), engine.Endpoint);
        var runByShortId = ModelMapper.ToContainer(RunBy(AppId.Substring(7, 12), AppId), engine.Endpoint);
        var entry = ArchiveEntry("/tmp/app.tar", AlpineId, "alpine:latest");

        var result = runner.Run("Request-DockerImage", Parameters(engine, ("Credential", credential)), new object[] { runById, runByShortId, entry });

        Assert.Null(result.Terminating);
        Assert.Equal(new[] { "ImageIdNotAReference", "ImageIdNotAReference", "ImageIdNotAReference" }, result.ErrorIds);
        Assert.Equal(new object[] { AppId, AppId, AlpineId }, result.Errors.Select(error => error.TargetObject));
        Assert.Equal(0, engine.CallCount);
    }

    [Theory]
    [MemberData(nameof(ImageCmdletFixtures.NotImages), MemberType = typeof(ImageCmdletFixtures))]
    public void Pull_PipedObjectThatIsNoImage_IsRefusedAsWrongObjectType_AndTheEngineIsNotAsked(string type)
    {
        var (value, text) = NotAnImage(type, engine);

        var result = runner.Run("Request-DockerImage", Parameters(engine, ("Credential", credential)), new[] { value });

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("WrongObjectType,DockerPS.Commands.RequestDockerImageCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidType, error.CategoryInfo.Category);
        Assert.Equal(text, error.TargetObject);
        Assert.Equal(0, engine.CallCount);
    }

    // ---------------------------------------------------------------- Submit-DockerImage

    [Fact]
    public void Push_Digest_IsANonTerminatingInvalidPushReference_AndTheNextImageIsPushed()
    {
        const string digest = "registry.example.com/team/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        AnswerPush();

        var result = runner.Run("Submit-DockerImage", Parameters(engine, ("Name", new[] { digest, "registry.example.com/team/app:1" }), ("Credential", credential)));

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("InvalidPushReference,DockerPS.Commands.SubmitDockerImageCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal(digest, error.TargetObject);
        Assert.Contains("push takes repository[:tag], without a digest", error.ToString());
        Assert.Equal(new[] { ("registry.example.com/team/app", "1") }, Pushed());
    }

    [Theory]
    [InlineData("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "ImageIdNotAReference")]
    [InlineData("Registry.example.com/team/App:1", "InvalidImageReference")]
    [InlineData("registry.example.com/team/app:", "InvalidImageReference")]
    public void Push_NameThatCannotBePushed_IsANonTerminatingError_AndTheEngineIsNotAsked(string name, string errorId)
    {
        var result = runner.Run("Submit-DockerImage", Parameters(engine, ("Name", new[] { name }), ("Credential", credential)));

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal(errorId, result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal(name, error.TargetObject);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void Push_TagWithAllTags_IsANonTerminatingInvalidArgument_AndTheEngineIsNotAsked()
    {
        // The id is left out on purpose: the help promises InvalidPushReference, the cmdlet writes TagWithAllTags
        // (reported); either way the name is refused before the engine.
        var result = runner.Run("Submit-DockerImage", Parameters(engine, ("Name", new[] { "registry.example.com/team/app:1" }), ("AllTags", true), ("Credential", credential)));

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("registry.example.com/team/app:1", error.TargetObject);
        Assert.Equal(0, engine.CallCount);
    }

    [Theory]
    [InlineData("denied: requested access to the resource is denied", ErrorCategory.PermissionDenied)]
    [InlineData("An image does not exist locally with the tag: registry.example.com/team/nosuch", ErrorCategory.ObjectNotFound)]
    [InlineData("received unexpected HTTP status: 500 Internal Server Error", ErrorCategory.InvalidOperation)]
    public void Push_ErrorInsideTheProgressStream_IsThatImagesNonTerminatingError_AndTheNextImageIsPushed(string words, ErrorCategory category)
    {
        AnswerPush(failing: ("registry.example.com/team/nosuch", words));

        var result = runner.Run("Submit-DockerImage", Parameters(engine, ("Name", new[] { "registry.example.com/team/nosuch:1", "registry.example.com/team/app:1" }), ("Credential", credential), ("PassThru", true)));

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("DockerStreamError,DockerPS.Commands.SubmitDockerImageCommand", error.FullyQualifiedErrorId);
        Assert.Equal(category, error.CategoryInfo.Category);
        Assert.Equal("registry.example.com/team/nosuch:1", error.TargetObject);
        Assert.Equal(words, error.ToString());
        Assert.Equal(new[] { ("registry.example.com/team/nosuch", "1"), ("registry.example.com/team/app", "1") }, Pushed());

        // Only the image that went is read back for -PassThru.
        Assert.Equal(new[] { "registry.example.com/team/app:1" }, result.Output.Cast<DockerImage>().Select(image => image.Name));
        Assert.Equal(new[] { "registry.example.com/team/app:1" }, engine.Images.Calls.Where(call => call.Method == nameof(IImageOperations.InspectImageAsync)).Select(call => (string)call.Arguments[0]!));
    }

    [Fact]
    public void Push_PassThru_WritesThePushedImageWithTheRegistrysDigest_AndWithoutItNothingIsReadBack()
    {
        AnswerPush();

        var quiet = runner.Run("Submit-DockerImage", Parameters(engine, ("Name", new[] { "registry.example.com/team/app:1" }), ("Credential", credential)));

        Assert.Empty(quiet.ErrorIds);
        Assert.Empty(quiet.Output);
        Assert.Equal(0, engine.Images.CountOf(nameof(IImageOperations.InspectImageAsync)));

        var passThru = runner.Run("Submit-DockerImage", Parameters(engine, ("Name", new[] { "registry.example.com/team/app:1" }), ("Credential", credential), ("PassThru", true)));

        Assert.Empty(passThru.ErrorIds);
        var image = Assert.IsType<DockerImage>(Assert.Single(passThru.Output));
        Assert.Equal("registry.example.com/team/app:1", image.Name);
        Assert.Equal(new[] { "registry.example.com/team/app@sha256:feed" }, image.RepoDigests);
    }

    [Fact]
    public void Push_PipedImage_IsPushedByItsNameOnItsOwnEngine()
    {
        AnswerPush();
        var image = Image(engine, Row(AppId, "registry.example.com/team/app:1"));

        var result = runner.Run("Submit-DockerImage", new Hashtable { ["HostAddress"] = "unix:///nonexistent/dockerps.sock", ["Credential"] = credential }, new object[] { image });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { ("registry.example.com/team/app", "1") }, Pushed());
    }

    [Fact]
    public void Push_PipedContainer_PushesTheNameItsImageWasRunBy()
    {
        AnswerPush();

        var result = runner.Run("Submit-DockerImage", Parameters(engine, ("Credential", credential)), new object[] { Container(engine, "web", AppId) });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { ("dockerps-fixture/busybox", "latest") }, Pushed());
    }

    [Fact]
    public void Push_PipedContainerRunById_NamesNoRepository_AndTheEngineIsNotAsked()
    {
        var result = runner.Run("Submit-DockerImage", Parameters(engine, ("Credential", credential)), new object[] { ModelMapper.ToContainer(RunBy(AppId, AppId), engine.Endpoint) });

        var error = Assert.Single(result.Errors);
        Assert.Equal("ImageIdNotAReference", result.ErrorIds.Single());
        Assert.Equal(AppId, error.TargetObject);
        Assert.Contains("names no repository to push to", error.ToString());
        Assert.Equal(0, engine.CallCount);
    }

    /// <summary>A container started from <paramref name="image"/>, a name or an id (docker run sha256:...).</summary>
    private static ContainerListResponse RunBy(string image, string imageId)
    {
        var summary = EngineAnswers.Container("web", "exited");
        summary.Image = image;
        summary.ImageID = imageId;
        return summary;
    }

    [Theory]
    [MemberData(nameof(ImageCmdletFixtures.NotImages), MemberType = typeof(ImageCmdletFixtures))]
    public void Push_PipedObjectThatIsNoImage_IsRefusedAsWrongObjectType_AndTheEngineIsNotAsked(string type)
    {
        var (value, text) = NotAnImage(type, engine);

        var result = runner.Run("Submit-DockerImage", Parameters(engine, ("Credential", credential)), new[] { value });

        var error = Assert.Single(result.Errors);
        Assert.Equal("WrongObjectType", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.InvalidType, error.CategoryInfo.Category);
        Assert.Equal(text, error.TargetObject);
        Assert.Equal(0, engine.CallCount);
    }

    // ---------------------------------------------------------------- the fake engine's answers

    private static SecureString Secret(string text)
    {
        var secret = new SecureString();
        foreach (var c in text)
        {
            secret.AppendChar(c);
        }

        secret.MakeReadOnly();
        return secret;
    }

    private static Task<IList<ImageSearchResponse>> Found(string term) =>
        EngineAnswers.ListOf(new ImageSearchResponse { Name = term, Description = "found", StarCount = 3 });

    private void AnswerSearch(Func<string, Task<IList<ImageSearchResponse>>> answer) =>
        engine.Images.On(nameof(IImageOperations.SearchImagesAsync), (ImagesSearchParameters parameters, CancellationToken _) => answer(parameters.Term!));

    /// <summary>
    /// Pulls succeed with dockerd's status lines, except <paramref name="failing"/>, whose stream carries an error,
    /// and <paramref name="refused"/>, which the engine refuses before any stream. Pulled images are read back from
    /// a listing of alpine:latest.
    /// </summary>
    private void AnswerPull((string Image, string Words)? failing = null, (string Image, Exception Refusal)? refused = null)
    {
        engine.Images.On(nameof(IImageOperations.CreateImageAsync), (ImagesCreateParameters parameters, AuthConfig auth, IProgress<JSONMessage> progress, CancellationToken _) =>
        {
            Assert.Equal("tester", auth.Username);
            if (refused is { } refusal && parameters.FromImage == refusal.Image)
            {
                return Task.FromException(refusal.Refusal);
            }

            progress.Report(new JSONMessage { Status = $"Pulling from library/{parameters.FromImage}", ID = parameters.Tag });
            if (failing is { } failure && parameters.FromImage == failure.Image)
            {
                progress.Report(StreamError(failure.Words));
                return Task.CompletedTask;
            }

            progress.Report(new JSONMessage { Status = "Pull complete", ID = "4abcf2066143" });
            progress.Report(new JSONMessage { Status = $"Status: Downloaded newer image for {parameters.FromImage}:{parameters.Tag}" });
            return Task.CompletedTask;
        });
        engine.Images.On(nameof(IImageOperations.InspectImageAsync), (string name, CancellationToken _) =>
            name == "alpine:latest" ? Task.FromResult(Inspect(AlpineId, "alpine:latest")) : Task.FromException<ImageInspectResponse>(EngineAnswers.NoSuchImage(name)));
        AnswerListing(engine, Row(AlpineId, "alpine:latest"), Row(AppId, "registry.example.com/team/app:1"));
    }

    /// <summary>Pushes succeed, except <paramref name="failing"/>'s, whose stream carries an error.</summary>
    private void AnswerPush((string Repository, string Words)? failing = null)
    {
        engine.Images.On(nameof(IImageOperations.PushImageAsync), (string name, ImagePushParameters parameters, AuthConfig auth, IProgress<JSONMessage> progress, CancellationToken _) =>
        {
            Assert.Equal("tester", auth.Username);
            progress.Report(new JSONMessage { Status = $"The push refers to repository [{name}]" });
            if (failing is { } failure && name == failure.Repository)
            {
                progress.Report(StreamError(failure.Words));
                return Task.CompletedTask;
            }

            progress.Report(new JSONMessage { Status = "Pushed", ID = "4abcf2066143" });
            progress.Report(new JSONMessage { Status = $"{parameters.Tag}: digest: sha256:feed size: 528" });
            return Task.CompletedTask;
        });
        engine.Images.On(nameof(IImageOperations.InspectImageAsync), (string name, CancellationToken _) =>
            name == "registry.example.com/team/app:1" ? Task.FromResult(Inspect(AppId, name)) : Task.FromException<ImageInspectResponse>(EngineAnswers.NoSuchImage(name)));
        var pushed = Row(AppId, "registry.example.com/team/app:1");
        pushed.RepoDigests = new List<string> { "registry.example.com/team/app@sha256:feed" };
        AnswerListing(engine, pushed, Row(AlpineId, "alpine:latest"));
    }

    private string[] Pulled() => engine.Images.Calls
        .Where(call => call.Method == nameof(IImageOperations.CreateImageAsync))
        .Select(call => ((ImagesCreateParameters)call.Arguments[0]!).FromImage!)
        .ToArray();

    private (string Repository, string Tag)[] Pushed() => engine.Images.Calls
        .Where(call => call.Method == nameof(IImageOperations.PushImageAsync))
        .Select(call => ((string)call.Arguments[0]!, ((ImagePushParameters)call.Arguments[1]!).Tag!))
        .ToArray();
}
