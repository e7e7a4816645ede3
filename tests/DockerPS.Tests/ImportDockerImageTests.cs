using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
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
/// Import-DockerImage against a fake engine: paths that name no archive are their own errors and reach no engine; a
/// file that is no archive is InvalidData in the engine's words; a load that fails is rolled back, removing only the
/// images it added and giving back the tags they took.
/// </summary>
public sealed class ImportDockerImageTests : IDisposable
{
    private static readonly ArchiveImage App = new(new[] { "app:1" }, TarTestArchives.Bytes("app layer"));
    private static readonly ArchiveImage Web = new(new[] { "web:2" }, TarTestArchives.Bytes("web layer"));
    private static readonly string OldAppId = ImageId("old app");
    private static readonly string BaseId = ImageId("base");
    private static readonly string StrangerId = ImageId("someone else's build");

    private readonly CmdletRunner runner = new();
    private readonly FakeEngine engine = new();
    private readonly TemporaryFolder folder = new();

    public ImportDockerImageTests()
    {
        runner.Runspace.SessionStateProxy.Path.SetLocation(folder.Path);
    }

    public void Dispose()
    {
        engine.Dispose();
        runner.Dispose();
        folder.Dispose();
    }

    [Fact]
    public void ArchiveThatDoesNotExist_IsANonTerminatingArchiveNotFound_AndTheNextArchiveIsLoaded()
    {
        var missing = folder.File("missing.tar");
        var good = folder.Write("app.tar", TarTestArchives.ImageArchive(false, App));
        AnswerLoad(before: new[] { Row(BaseId, "base:1") }, after: new[] { Row(BaseId, "base:1"), Row(App.Id, "app:1") });

        var result = runner.Run("Import-DockerImage", Parameters(engine, ("LiteralPath", new[] { missing, good })));

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("ArchiveNotFound,DockerPS.Commands.ImportDockerImageCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal(missing, error.TargetObject);
        Assert.Contains("does not exist", error.ToString());
        Assert.Equal(1, engine.Images.CountOf(nameof(IImageOperations.LoadImageAsync)));
        Assert.Equal(new[] { "app:1" }, result.Output.Cast<DockerImage>().Select(image => image.Name));
    }

    [Fact]
    public void PathThatDoesNotExist_IsAnArchiveNotFound_AndTheEngineIsNotAsked()
    {
        var result = runner.Run("Import-DockerImage", Parameters(engine, ("Path", new[] { "missing.tar" })));

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("ArchiveNotFound", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("missing.tar", error.TargetObject);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void PatternThatMatchesNothing_LoadsNothingAndIsNoError()
    {
        var result = runner.Run("Import-DockerImage", Parameters(engine, ("Path", new[] { "*.tar" })));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void Directory_IsANonTerminatingInvalidArchivePath_AndTheEngineIsNotAsked()
    {
        Directory.CreateDirectory(folder.File("images"));

        var result = runner.Run("Import-DockerImage", Parameters(engine, ("LiteralPath", new[] { folder.File("images") })));

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("InvalidArchivePath,DockerPS.Commands.ImportDockerImageCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal(folder.File("images"), error.TargetObject);
        Assert.Contains("is a directory, not an archive file", error.ToString());
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void PathOnADriveThatDoesNotExist_IsANonTerminatingArchiveNotFound_AndTheEngineIsNotAsked()
    {
        var result = runner.Run("Import-DockerImage", Parameters(engine, ("LiteralPath", new[] { "NoSuchDrive:\\app.tar" })));

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("ArchiveNotFound", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("NoSuchDrive:\\app.tar", error.TargetObject);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void PathOnADriveWithoutFiles_IsANonTerminatingInvalidArchivePath_AndTheEngineIsNotAsked()
    {
        var result = runner.Run("Import-DockerImage", Parameters(engine, ("LiteralPath", new[] { "Env:\\PATH" })));

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("InvalidArchivePath", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("Env:\\PATH", error.TargetObject);
        Assert.Contains("image archives are files, on a FileSystem drive", error.ToString());
        Assert.Equal(0, engine.CallCount);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FileThatIsNoArchive_IsANonTerminatingInvalidImageArchive_WithTheEnginesWords(bool refusedBeforeTheStream)
    {
        const string words = "archive/tar: invalid tar header";
        var notes = folder.Write("notes.txt", TarTestArchives.Bytes(new string('x', 2000)));
        var good = folder.Write("app.tar", TarTestArchives.ImageArchive(false, App));
        AnswerLoad(
            before: new[] { Row(BaseId, "base:1") },
            after: new[] { Row(BaseId, "base:1"), Row(App.Id, "app:1") },
            fail: file => file.Length == 2000 ? (refusedBeforeTheStream ? EngineAnswers.Refusal(HttpStatusCode.InternalServerError, words) : null, refusedBeforeTheStream ? null : words) : (null, null));

        var result = runner.Run("Import-DockerImage", Parameters(engine, ("LiteralPath", new[] { notes, good })));

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("InvalidImageArchive,DockerPS.Commands.ImportDockerImageCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Equal(notes, error.TargetObject);
        Assert.StartsWith($"'{notes}' is not an image archive docker load can read:", error.ToString());
        Assert.EndsWith($"(the engine said: {words})", error.ToString());

        // Nothing was added, so nothing is removed; the next archive still loads.
        Assert.Equal(0, engine.Images.CountOf(nameof(IImageOperations.DeleteImageAsync)));
        Assert.Equal(new[] { "app:1" }, result.Output.Cast<DockerImage>().Select(image => image.Name));
    }

    [Fact]
    public void FailedLoad_RemovesTheImagesItAdded_GivesBackTheTagsTheyTook_AndTouchesNothingElse()
    {
        var archive = folder.Write("both.tar", TarTestArchives.ImageArchive(false, App, Web));

        // Before: an older app:1, and a base image. While the archive loads, app:1 arrives and takes its tag from the
        // older one; someone else's build arrives too; then the engine fails.
        var before = new[] { Row(OldAppId, "app:1"), Row(BaseId, "base:1") };
        var after = new[] { Row(App.Id, "app:1"), Row(OldAppId), Row(BaseId, "base:1"), Row(StrangerId, "theirs:1") };
        AnswerLoad(before, after, reported: new[] { "app:1" }, fail: _ => (null, "write /var/lib/docker/image/overlay2/x: no space left on device"));

        var result = runner.Run("Import-DockerImage", Parameters(engine, ("LiteralPath", new[] { archive }), ("Verbose", true)));

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("DockerStreamError,DockerPS.Commands.ImportDockerImageCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidOperation, error.CategoryInfo.Category);
        Assert.Equal(archive, error.TargetObject);
        Assert.Contains("no space left on device", error.ToString());
        Assert.Empty(result.Output);

        var removed = Assert.Single(engine.Images.Calls, call => call.Method == nameof(IImageOperations.DeleteImageAsync));
        Assert.Equal(App.Id, removed.Arguments[0]);
        Assert.True(((ImageDeleteParameters)removed.Arguments[1]!).Force);
        var givenBack = Assert.Single(engine.Images.Calls, call => call.Method == nameof(IImageOperations.TagImageAsync));
        Assert.Equal(OldAppId, givenBack.Arguments[0]);
        var tag = (ImageTagParameters)givenBack.Arguments[1]!;
        Assert.Equal(("app", "1"), (tag.RepositoryName, tag.Tag));
        Assert.Contains($"Removed {App.Id}, which the failed load had added.", result.Verbose);
        Assert.Contains($"Gave app:1 back to {OldAppId}.", result.Verbose);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void FailedLoad_TakesTheArchivesTagsOffImagesThatWereThereBefore_AndGivesBackTheOnesItMoved()
    {
        var archive = folder.Write("both.tar", TarTestArchives.ImageArchive(false, App, Web));

        // Before: web's image as web:1, and base:1 holding app:1. The load tags web's image web:2 and moves app:1 onto
        // it as well (the archive holds app:1 as that image's id on this engine), then fails.
        var before = new[] { Row(Web.Id, "web:1"), Row(BaseId, "base:1", "app:1") };
        var after = new[] { Row(Web.Id, "web:1", "web:2", "app:1"), Row(BaseId, "base:1") };
        AnswerLoad(before, after, reported: new[] { "web:2", "app:1" }, fail: _ => (null, "unexpected EOF"));

        var result = runner.Run("Import-DockerImage", Parameters(engine, ("LiteralPath", new[] { archive }), ("Verbose", true)));

        Assert.Equal("InvalidImageArchive", result.ErrorIds.Single());
        var untagged = Assert.Single(engine.Images.Calls, call => call.Method == nameof(IImageOperations.DeleteImageAsync));
        Assert.Equal("web:2", untagged.Arguments[0]);
        Assert.NotEqual(true, ((ImageDeleteParameters)untagged.Arguments[1]!).Force);
        var givenBack = Assert.Single(engine.Images.Calls, call => call.Method == nameof(IImageOperations.TagImageAsync));
        Assert.Equal(BaseId, givenBack.Arguments[0]);
        Assert.Equal(("app", "1"), (((ImageTagParameters)givenBack.Arguments[1]!).RepositoryName, ((ImageTagParameters)givenBack.Arguments[1]!).Tag));
        Assert.Contains($"Untagged web:2, which the failed load had given {Web.Id}.", result.Verbose);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void FailedLoad_LeavesTheOnlyNameItGaveAnUntaggedImage_AndWarns()
    {
        var archive = folder.Write("web.tar", TarTestArchives.ImageArchive(false, Web));
        AnswerLoad(before: new[] { Row(Web.Id) }, after: new[] { Row(Web.Id, "web:2") }, reported: new[] { "web:2" }, fail: _ => (null, "unexpected EOF"));

        var result = runner.Run("Import-DockerImage", Parameters(engine, ("LiteralPath", new[] { archive })));

        Assert.Equal("InvalidImageArchive", result.ErrorIds.Single());
        Assert.Equal(0, engine.Images.CountOf(nameof(IImageOperations.DeleteImageAsync)));
        Assert.Contains($"The failed load tagged {Web.Id} as web:2, its only name; the tag stays, as taking it off would remove the image.", result.Warnings);
    }

    [Fact]
    public void FailedLoad_ThatCannotUndoEverything_SaysSoInWarnings()
    {
        var archive = folder.Write("app.tar", TarTestArchives.ImageArchive(false, App));
        AnswerLoad(
            before: new[] { Row(OldAppId, "app:1") },
            after: new[] { Row(App.Id, "app:1"), Row(OldAppId) },
            reported: new[] { "app:1" },
            fail: _ => (null, "unexpected EOF"),
            removal: EngineAnswers.Refusal(HttpStatusCode.Conflict, "conflict: unable to delete 4f2c0e2ecd5c (cannot be forced) - image is being used by running container 0123456789ab"));

        var result = runner.Run("Import-DockerImage", Parameters(engine, ("LiteralPath", new[] { archive })));

        var error = Assert.Single(result.Errors);
        Assert.Equal("InvalidImageArchive", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Equal($"The engine could not load '{archive}': unexpected EOF", error.ToString());
        Assert.Contains(result.Warnings, warning => warning.StartsWith($"The failed load added {App.Id}, which could not be removed:", StringComparison.Ordinal));
    }

    [Fact]
    public void WhatIf_AsksTheEngineNothing()
    {
        var archive = folder.Write("app.tar", TarTestArchives.ImageArchive(false, App));

        var result = runner.Run("Import-DockerImage", Parameters(engine, ("LiteralPath", new[] { archive }), ("WhatIf", true)));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void PipedArchiveEntries_LoadTheirArchive_OnceForAllItsImages()
    {
        var archive = folder.Write("both.tar", TarTestArchives.ImageArchive(false, App, Web));
        AnswerLoad(before: Array.Empty<ImagesListResponse>(), after: new[] { Row(App.Id, "app:1"), Row(Web.Id, "web:2") });
        var entries = new object[] { ArchiveEntry(archive, App.Id, "app:1"), ArchiveEntry(archive, Web.Id, "web:2") };

        var result = runner.Run("Import-DockerImage", Parameters(engine, ("Verbose", true)), entries);

        Assert.Empty(result.ErrorIds);
        Assert.Equal(1, engine.Images.CountOf(nameof(IImageOperations.LoadImageAsync)));
        Assert.Equal(new[] { "Images.LoadImageAsync" }, engine.BurstCalls);
        Assert.Contains($"{archive} came down the pipeline before; an archive is loaded once.", result.Verbose);
        Assert.Equal(new[] { "app:1", "web:2" }, result.Output.Cast<DockerImage>().Select(image => image.Name));
    }

    [Fact]
    public void PipedContainer_IsRefused_NeverTakenForTheArchiveOfItsName_AndTheNextArchiveIsLoaded()
    {
        folder.Write("web", TarTestArchives.ImageArchive(false, Web));
        var archive = folder.Write("app.tar", TarTestArchives.ImageArchive(false, App));
        AnswerLoad(before: Array.Empty<ImagesListResponse>(), after: new[] { Row(App.Id, "app:1") });
        var container = Mapping.ModelMapper.ToContainer(EngineAnswers.Container("web"), engine.Endpoint);

        var result = runner.Run("Import-DockerImage", Parameters(engine), new object[] { container, new FileInfo(archive) });

        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Contains("The DockerContainer 'web' is not an archive path.", error.ToString());
        Assert.Equal(1, engine.Images.CountOf(nameof(IImageOperations.LoadImageAsync)));
        Assert.Equal(new[] { "app:1" }, result.Output.Cast<DockerImage>().Select(image => image.Name));
    }

    [Fact]
    public void ArchiveEntryGivenToPath_LoadsItsArchive()
    {
        var archive = folder.Write("app.tar", TarTestArchives.ImageArchive(false, App));
        AnswerLoad(before: Array.Empty<ImagesListResponse>(), after: new[] { Row(App.Id, "app:1") });

        var result = runner.Run("Import-DockerImage", Parameters(engine, ("Path", new object[] { ArchiveEntry(archive, App.Id, "app:1") })));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "app:1" }, result.Output.Cast<DockerImage>().Select(image => image.Name));
    }

    [Fact]
    public void PipedFile_LoadsIt()
    {
        var archive = folder.Write("app.tar", TarTestArchives.ImageArchive(false, App));
        AnswerLoad(before: Array.Empty<ImagesListResponse>(), after: new[] { Row(App.Id, "app:1") });

        var result = runner.Run("Import-DockerImage", Parameters(engine), new object[] { new FileInfo(archive) });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "app:1" }, result.Output.Cast<DockerImage>().Select(image => image.Name));
    }

    [Fact]
    public void RootFileSystemTheEngineCannotRead_IsAnInvalidImageArchive_WithTheEnginesWords()
    {
        var garbage = folder.Write("garbage.tar", TarTestArchives.Bytes(string.Concat(Enumerable.Repeat("not a tar\n", 100))));
        engine.Images.On(nameof(IImageOperations.CreateImageAsync), (ImagesCreateParameters _, Stream upload, AuthConfig __, IProgress<JSONMessage> progress, CancellationToken ___) =>
        {
            upload.CopyTo(Stream.Null);
            progress.Report(StreamError("Error processing tar file(exit status 1): archive/tar: invalid tar header"));
            return Task.CompletedTask;
        });

        var result = runner.Run("Import-DockerImage", Parameters(engine, ("RootFileSystem", garbage), ("Repository", "app:1")));

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("InvalidImageArchive", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Equal(garbage, error.TargetObject);
        Assert.Equal($"The engine could not import '{garbage}': Error processing tar file(exit status 1): archive/tar: invalid tar header", error.ToString());
        Assert.Empty(result.Output);
        Assert.Equal(new[] { "Images.CreateImageAsync" }, engine.BurstCalls);
    }

    [Fact]
    public void RootFileSystemThatDoesNotExist_StopsTheCmdletWithArchiveNotFound_AndTheEngineIsNotAsked()
    {
        var missing = System.IO.Path.Combine(folder.Path, "none.tar");

        var result = runner.Run("Import-DockerImage", Parameters(engine, ("RootFileSystem", missing)));

        Assert.NotNull(result.Terminating);
        Assert.Equal("ArchiveNotFound,DockerPS.Commands.ImportDockerImageCommand", result.Terminating!.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, result.Terminating.CategoryInfo.Category);
        Assert.Equal(0, engine.CallCount);
    }

    /// <summary>
    /// The engine lists <paramref name="before"/> until a load has been sent, <paramref name="after"/> from then on,
    /// and says it loaded the tags <paramref name="reported"/>. <paramref name="fail"/> says, from the uploaded bytes,
    /// whether the load is refused before its stream or fails inside it; <paramref name="removal"/> refuses the
    /// rollback's removals.
    /// </summary>
    private void AnswerLoad(
        ImagesListResponse[] before,
        ImagesListResponse[] after,
        string[]? reported = null,
        Func<byte[], (Exception? Refusal, string? StreamError)>? fail = null,
        Exception? removal = null)
    {
        var loaded = 0;
        engine.Images.On(nameof(IImageOperations.ListImagesAsync), (ImagesListParameters _, CancellationToken __) =>
            EngineAnswers.ListOf(Volatile.Read(ref loaded) > 0 ? after : before));
        engine.Containers.On(nameof(IContainerOperations.ListContainersAsync), (ContainersListParameters _, CancellationToken __) => EngineAnswers.ListOf<ContainerListResponse>());
        engine.Images.On(nameof(IImageOperations.LoadImageAsync), (ImageLoadParameters _, Stream upload, IProgress<JSONMessage> progress, CancellationToken __) =>
        {
            using var sent = new MemoryStream();
            upload.CopyTo(sent);
            Interlocked.Increment(ref loaded);
            var (refusal, streamError) = fail?.Invoke(sent.ToArray()) ?? (null, null);
            if (refusal is not null)
            {
                return Task.FromException(refusal);
            }

            foreach (var tag in reported ?? Array.Empty<string>())
            {
                progress.Report(new JSONMessage { Stream = $"Loaded image: {tag}\n" });
            }

            if (streamError is not null)
            {
                progress.Report(StreamError(streamError));
            }

            return Task.CompletedTask;
        });
        engine.Images.On(nameof(IImageOperations.DeleteImageAsync), (string _, ImageDeleteParameters __, CancellationToken ___) =>
            removal is null
                ? Task.FromResult<IList<IDictionary<string, string>>>(new List<IDictionary<string, string>>())
                : Task.FromException<IList<IDictionary<string, string>>>(removal));
        engine.Images.On(nameof(IImageOperations.TagImageAsync), (string _, ImageTagParameters __, CancellationToken ___) => Task.CompletedTask);
    }
}
