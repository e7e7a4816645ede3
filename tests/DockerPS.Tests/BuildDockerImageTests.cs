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
using DockerPS.Archives;
using DockerPS.Errors;
using DockerPS.Tests.Fakes;
using Xunit;
using static DockerPS.Tests.ContainerTestKit;
using static DockerPS.Tests.ImageCmdletFixtures;

namespace DockerPS.Tests;

/// <summary>
/// Build-DockerImage against a fake engine that reads the context tar as dockerd would and answers with the classic
/// builder's stream: the request's parameters, the context that arrives, the log on the information stream, the
/// image under every tag; failures as BuildFailed; bad input refused before the engine is asked; -WhatIf.
/// </summary>
public sealed class BuildDockerImageTests : IDisposable
{
    private static readonly string BuiltId = ImageId("built");

    private readonly CmdletRunner runner = new();
    private readonly FakeEngine engine = new();
    private readonly TemporaryFolder folder = new();
    private readonly List<(ImageBuildParameters Parameters, List<string> Names, IEnumerable<AuthConfig>? Credentials)> builds = new();

    public BuildDockerImageTests()
    {
        File.WriteAllText(folder.File("Dockerfile"), "FROM base\nRUN make\n");
        File.WriteAllText(folder.File(".dockerignore"), "*.log\n");
        File.WriteAllText(folder.File("app.txt"), "app");
        File.WriteAllText(folder.File("debug.log"), "left out");
    }

    public void Dispose()
    {
        folder.Dispose();
        engine.Dispose();
        runner.Dispose();
    }

    [Fact]
    public void Build_SendsTheParametersAndTheContext_LogsEachLine_AndWritesTheImageUnderEveryTag()
    {
        AnswerBuild(
            Stream("Step 1/2 : FROM base"), Stream("\n"), Stream(" ---> 2a8545ba71de\n"),
            Stream("Step 2/2 : RUN make"), Stream("\n"), Stream(" ---> Using cache\n"), Stream(" ---> 0ba050d0ec37\n"),
            Aux(BuiltId), Stream("Successfully built 0ba050d0ec37\n"));

        var result = runner.RunScript(
            $"Build-DockerImage -Path '{folder.Path}' -HostAddress '{engine.Address}' -Tag app:1, team/app -BuildArgument @{{ V = '1.2'; N = 3 }} " +
            "-Target final -Label 'a=b' -NoCache -Pull -Platform linux/amd64 -Network host -Verbose 6>&1");

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        var (parameters, names, credentials) = Assert.Single(builds);
        Assert.Equal(new[] { "app:1", "team/app:latest" }, parameters.Tags);
        Assert.Equal("Dockerfile", parameters.Dockerfile);
        Assert.Equal(new Dictionary<string, string> { ["V"] = "1.2", ["N"] = "3" }, parameters.BuildArgs);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "b" }, parameters.Labels);
        Assert.Equal("final", parameters.Target);
        Assert.True(parameters.NoCache);
        Assert.Equal("1", parameters.Pull);
        Assert.Equal("linux/amd64", parameters.Platform);
        Assert.Equal("host", parameters.NetworkMode);
        Assert.True(parameters.Remove);
        Assert.NotNull(credentials);
        Assert.Equal(new[] { ".dockerignore", "Dockerfile", "app.txt" }, names);
        var log = result.Output.OfType<InformationRecord>().Select(record => record.MessageData.ToString()).ToList();
        Assert.Equal(new[] { "Step 1/2 : FROM base", " ---> 2a8545ba71de", "Step 2/2 : RUN make", " ---> Using cache", " ---> 0ba050d0ec37", "Successfully built 0ba050d0ec37" }, log);
        Assert.Equal(new[] { "app:1", "team/app:latest" }, result.Output.OfType<DockerImage>().Select(image => image.Name));
        Assert.Contains(result.Verbose, line => line == "1 of 2 steps came from the build cache.");
    }

    [Fact]
    public void Build_WithoutOptions_SendsNoneOfThem_AndAnUntaggedImageIsWrittenOnce()
    {
        AnswerBuild(Stream("Step 1/1 : FROM base\n"), Aux(BuiltId));
        AnswerListing(engine, Row(BuiltId));

        var result = runner.Run("Build-DockerImage", Parameters(engine, ("Path", folder.Path)));

        Assert.Empty(result.ErrorIds);
        var parameters = Assert.Single(builds).Parameters;
        Assert.Empty(parameters.Tags!);
        Assert.Null(parameters.BuildArgs);
        Assert.Null(parameters.Labels);
        Assert.Null(parameters.NoCache);
        Assert.Null(parameters.Pull);
        Assert.Equal(BuiltId, ((DockerImage)Assert.Single(result.Output)).Name);
    }

    [Fact]
    public void FailingStep_IsATerminatingBuildFailed_WithTheStepItsOutputAndExitCode_TargetingTheTags()
    {
        AnswerBuild(
            Stream("Step 1/2 : FROM base\n"), Stream("Step 2/2 : RUN make"), Stream("\n"), Stream(" ---> Running in 0afc7b676c6d\n"), Stream("compiling\n"), Stream("\u001b[91mmake: *** [all] Error 2\n\u001b[0m"),
            new JSONMessage { Error = new JSONError { Code = 2, Message = "The command '/bin/sh -c make' returned a non-zero code: 2" } });

        var result = runner.Run("Build-DockerImage", Parameters(engine, ("Path", folder.Path), ("Tag", new[] { "app:1" })));

        Assert.Empty(result.Output);
        var error = AssertError(result.Terminating!, "BuildFailed", ErrorCategory.InvalidResult, "app:1");
        var failure = Assert.IsType<DockerBuildException>(error.Exception);
        Assert.Equal(2, failure.Step);
        Assert.Equal("RUN make", failure.Instruction);
        Assert.Equal(new[] { "compiling", "make: *** [all] Error 2" }, failure.Output);
        Assert.Equal(2, failure.ExitCode);
        Assert.Contains("Step 2/2 : RUN make failed: The command '/bin/sh -c make' returned a non-zero code: 2", Message(error));
        Assert.Equal(0, engine.Images.CountOf(nameof(IImageOperations.ListImagesAsync)));
    }

    [Fact]
    public void DockerfileTheEngineCannotParse_IsBuildFailed_InTheEnginesWords()
    {
        engine.Images.On(nameof(IImageOperations.BuildImageFromDockerfileAsync), (ImageBuildParameters p, Stream body, IEnumerable<AuthConfig> a, IDictionary<string, string> h, IProgress<JSONMessage> progress, CancellationToken c) =>
            Task.FromException(EngineAnswers.Refusal(HttpStatusCode.BadRequest, "dockerfile parse error line 2: unknown instruction: FOO")));

        var result = runner.Run("Build-DockerImage", Parameters(engine, ("Path", folder.Path)));

        var error = AssertError(result.Terminating!, "BuildFailed", ErrorCategory.InvalidData, folder.Path);
        Assert.Equal("Error response from daemon: dockerfile parse error line 2: unknown instruction: FOO", Message(error));
    }

    [Theory]
    [InlineData("Tag", "Team/App", "InvalidImageReference")]
    [InlineData("Tag", "app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "InvalidImageReference")]
    [InlineData("Label", "=value", "InvalidLabel")]
    public void BadInput_StopsTheCmdletBeforeTheEngine(string parameter, string value, string errorId)
    {
        var result = runner.Run("Build-DockerImage", Parameters(engine, ("Path", folder.Path), (parameter, value)));

        AssertError(result.Terminating!, errorId, ErrorCategory.InvalidArgument, value);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void MissingContextOrDockerfile_IsBuildContextNotFound_BeforeTheEngine()
    {
        var missing = folder.File("nosuch");

        var noContext = runner.Run("Build-DockerImage", Parameters(engine, ("Path", missing)));
        var noDockerfile = runner.Run("Build-DockerImage", Parameters(engine, ("Path", folder.Path), ("File", missing)));

        AssertError(noContext.Terminating!, "BuildContextNotFound", ErrorCategory.ObjectNotFound, missing);
        AssertError(noDockerfile.Terminating!, "BuildContextNotFound", ErrorCategory.ObjectNotFound, missing);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void BadDockerIgnore_IsInvalidDockerIgnore_BeforeTheEngine()
    {
        File.WriteAllText(folder.File(".dockerignore"), "[z-]\n");

        var result = runner.Run("Build-DockerImage", Parameters(engine, ("Path", folder.Path)));

        var error = AssertError(result.Terminating!, "InvalidDockerIgnore", ErrorCategory.InvalidData, folder.File(".dockerignore"));
        Assert.Contains("syntax error in pattern", Message(error));
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public async Task Stopping_CancelsTheBuildRequest_WhichStopsTheBuildOnTheEngine()
    {
        var building = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        engine.Images.On(nameof(IImageOperations.BuildImageFromDockerfileAsync), async (ImageBuildParameters p, Stream body, IEnumerable<AuthConfig> a, IDictionary<string, string> h, IProgress<JSONMessage> progress, CancellationToken cancellation) =>
        {
            progress.Report(Stream("Step 1/2 : RUN sleep 3600\n"));
            building.SetResult(cancellation);
            await EngineAnswers.Forever<bool>(cancellation);
        });

        await using var run = new FollowRun(runner, "Build-DockerImage", Parameters(engine, ("Path", folder.Path)));
        var token = await building.Task.WaitAsync(TimeSpan.FromSeconds(10));
        run.Shell.Stop();
        var (state, errors) = await run.EndAsync();

        Assert.Equal(PSInvocationState.Stopped, state);
        Assert.Empty(errors);
        Assert.True(token.IsCancellationRequested);
    }

    [Fact]
    public void BuildKit_SendsVersion2_ReadsTheStreamItself_AndAFailingStepIsBuildFailed()
    {
        var sent = new List<(ImageBuildParameters Parameters, List<string> Names)>();
        engine.Images.On(nameof(IImageOperations.BuildImageFromDockerfileAsync), async (Stream body, ImageBuildParameters parameters, CancellationToken cancellation) =>
        {
            var names = new List<string>();
            var reader = new TarStreamReader(body);
            while (await reader.NextAsync(cancellation) is { } entry)
            {
                names.Add(entry.Name);
            }

            sent.Add((parameters, names));
            return (Stream)File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Samples", "Builds", "dockerd-26-buildkit-failed-run.jsonl"));
        });

        var result = runner.RunScript($"Build-DockerImage -Path '{folder.Path}' -HostAddress '{engine.Address}' -Tag app:1 -BuildKit 6>&1");

        var (parameters, names) = Assert.Single(sent);
        Assert.Equal("2", parameters.Version);
        Assert.Equal(new[] { "app:1" }, parameters.Tags);
        Assert.Equal(new[] { ".dockerignore", "Dockerfile", "app.txt" }, names);
        // In a script, the cmdlet's terminating error ends its statement and is written as an error.
        var error = AssertError(Assert.Single(result.Errors), "BuildFailed", ErrorCategory.InvalidResult, "app:1");
        var failure = Assert.IsType<DockerBuildException>(error.Exception);
        Assert.Equal(("RUN exit 3", 3L), (failure.Instruction, failure.ExitCode));
        Assert.Contains(result.Output.OfType<InformationRecord>(), record => record.MessageData.ToString()!.EndsWith(" hello-bk", StringComparison.Ordinal));
    }

    [Fact]
    public void BuildKit_OnPodman_IsBuildKitUnavailable_AndNothingIsSent()
    {
        using var podman = new FakeEngine(podman: true);

        var result = runner.Run("Build-DockerImage", Parameters(podman, ("Path", folder.Path), ("BuildKit", true)));

        var error = AssertError(result.Terminating!, "BuildKitUnavailable", ErrorCategory.NotImplemented, folder.Path);
        Assert.Contains("Buildah", Message(error));
        Assert.Equal(0, podman.Images.CountOf(nameof(IImageOperations.BuildImageFromDockerfileAsync)));
    }

    [Fact]
    public void WhatIf_AsksTheEngineNothing()
    {
        var result = runner.Run("Build-DockerImage", Parameters(engine, ("Path", folder.Path), ("Tag", new[] { "app:1" }), ("WhatIf", true)));

        Assert.Null(result.Terminating);
        Assert.Empty(result.Output);
        Assert.Equal(0, engine.CallCount);
    }

    private static JSONMessage Stream(string text) => new() { Stream = text };

    private static JSONMessage Aux(string id) => new()
    {
        Aux = new ObjectExtensionData { ExtensionData = new Dictionary<string, object> { ["ID"] = System.Text.Json.JsonSerializer.SerializeToElement(id) } },
    };

    /// <summary>The engine reads the whole context, as dockerd does before the first step, then reports the messages; the built image lists under every tag.</summary>
    private void AnswerBuild(params JSONMessage[] messages)
    {
        engine.Images.On(nameof(IImageOperations.BuildImageFromDockerfileAsync), async (ImageBuildParameters parameters, Stream body, IEnumerable<AuthConfig> credentials, IDictionary<string, string> headers, IProgress<JSONMessage> progress, CancellationToken cancellation) =>
        {
            var names = new List<string>();
            var reader = new TarStreamReader(body);
            while (await reader.NextAsync(cancellation) is { } entry)
            {
                names.Add(entry.Name);
            }

            builds.Add((parameters, names, credentials));
            foreach (var message in messages)
            {
                progress.Report(message);
            }
        });
        engine.Images.On(nameof(IImageOperations.InspectImageAsync), (string name, CancellationToken _) => Task.FromResult(Inspect(BuiltId)));
        AnswerListing(engine, Row(BuiltId, "app:1", "team/app:latest"));
    }
}
