using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using System.Threading.Tasks;
using Docker.DotNet.Models;
using DockerPS.Builds;
using DockerPS.Errors;
using Xunit;

namespace DockerPS.Tests;

/// <summary>
/// The classic builder's stream read as docker build prints it: messages captured from dockerd 20.10 and 26 (and
/// Podman's STEP lines), fed as the engine sends them, a step's line and its newline in separate messages.
/// </summary>
public sealed class BuildProgressTests
{
    private const string ImageId = "sha256:0ba050d0ec371abcf677d523aabaf3bc1b54bcaf4ab470a4f8f50ec8862395b8";

    private readonly List<ProgressRecord> records = new();
    private readonly List<string> log = new();

    [Fact]
    public void Steps_AreProgressUpdates_AndEveryLineGoesToTheLog_WithoutColourCodes()
    {
        var progress = Follow(
            "Step 1/3 : FROM base", "\n", " ---> 2a8545ba71de\n",
            "Step 2/3 : RUN echo hello && echo err >&2", "\n", " ---> Running in 0afc7b676c6d\n", "hello\n", "\u001b[91merr\n\u001b[0m",
            "Removing intermediate container 0afc7b676c6d\n", " ---> 9bb674687e2a\n",
            "Step 3/3 : LABEL a=b", "\n", " ---> Running in a736bdc31ce8\n", " ---> 0ba050d0ec37\n");
        progress.Report(Aux(ImageId));
        Feed(progress, "Successfully built 0ba050d0ec37\n", "Successfully tagged app:1\n");
        progress.Complete();

        Assert.Equal(
            new[]
            {
                "Step 1/3 : FROM base", " ---> 2a8545ba71de",
                "Step 2/3 : RUN echo hello && echo err >&2", " ---> Running in 0afc7b676c6d", "hello", "err",
                "Removing intermediate container 0afc7b676c6d", " ---> 9bb674687e2a",
                "Step 3/3 : LABEL a=b", " ---> Running in a736bdc31ce8", " ---> 0ba050d0ec37",
                "Successfully built 0ba050d0ec37", "Successfully tagged app:1",
            },
            log);
        var steps = records.Where(r => r.RecordType != ProgressRecordType.Completed).ToList();
        Assert.Equal(new[] { "Step 1/3 : FROM base", "Step 2/3 : RUN echo hello && echo err >&2", "Step 3/3 : LABEL a=b" }, steps.Select(r => r.StatusDescription));
        Assert.Equal(new[] { 0, 33, 66 }, steps.Select(r => r.PercentComplete));
        Assert.All(records, r => Assert.Equal("Building app:1", r.Activity));
        Assert.Equal(ProgressRecordType.Completed, records.Last().RecordType);
        Assert.Equal(ImageId, progress.ImageId);
        Assert.Equal(0, progress.CacheHits);
        Assert.Equal(3, progress.StepCount);
    }

    [Fact]
    public void CacheHits_AreCountedAndSaid()
    {
        var progress = Follow(
            "Step 1/3 : FROM base", "\n", " ---> 2a8545ba71de\n",
            "Step 2/3 : RUN make", "\n", " ---> Using cache\n", " ---> 9bb674687e2a\n",
            "Step 3/3 : COPY . /src", "\n", " ---> Using cache\n", " ---> c16579bf9ef0\n");

        Assert.Equal(2, progress.CacheHits);
        Assert.Contains(records, r => r.StatusDescription == "Step 2/3 : RUN make (using cache)");
        Assert.Contains(records, r => r.StatusDescription == "Step 3/3 : COPY . /src (using cache)");
        Assert.Contains(" ---> Using cache", log);
    }

    [Fact]
    public async Task FailingRun_IsABuildFailure_NamingTheStep_WithItsOutputAndExitCode()
    {
        var progress = new BuildProgress("Building app:1", 1, records.Add, log.Add);

        var failure = await Assert.ThrowsAsync<DockerBuildException>(() => progress.FollowAsync(report =>
        {
            Feed(report, "Step 1/2 : FROM base", "\n", " ---> 2a8545ba71de\n", "Step 2/2 : RUN echo out && echo oops >&2 && false", "\n", " ---> Running in ddd715650236\n", "out\n", "\u001b[91moops\n\u001b[0m");
            report.Report(new JSONMessage { Error = new JSONError { Code = 1, Message = "The command '/bin/sh -c echo out && echo oops >&2 && false' returned a non-zero code: 1" } });
            return Task.CompletedTask;
        }));

        Assert.Equal(2, failure.Step);
        Assert.Equal(2, failure.StepCount);
        Assert.Equal("RUN echo out && echo oops >&2 && false", failure.Instruction);
        Assert.Equal(new[] { "out", "oops" }, failure.Output);
        Assert.Equal(1, failure.ExitCode);
        Assert.Equal("Step 2/2 : RUN echo out && echo oops >&2 && false failed: The command '/bin/sh -c echo out && echo oops >&2 && false' returned a non-zero code: 1", failure.Message);
        Assert.Equal(ProgressRecordType.Completed, records.Last().RecordType);
        var (category, id, _) = DockerErrorMapper.Classify(failure);
        Assert.Equal(("BuildFailed", ErrorCategory.InvalidResult), (id, category));
    }

    [Theory]
    [InlineData("error building at STEP \"RUN exit 3\": error while running runtime: exit status 3", 3)]
    [InlineData("process \"/bin/sh -c exit 4\" did not complete successfully: exit code: 4", 4)]
    public void ExitCodes_AreReadFromPodmansAndBuildKitsWordsToo(string message, long exitCode)
    {
        var progress = Follow("STEP 1/2: FROM base", "\n", "STEP 2/2: RUN exit 3", "\n");
        progress.Report(new JSONMessage { Error = new JSONError { Message = message } });

        var failure = Assert.Throws<DockerBuildException>(() => progress.FollowAsync(_ => Task.CompletedTask).GetAwaiter().GetResult());

        Assert.Equal(exitCode, failure.ExitCode);
        Assert.Equal(2, failure.Step);
        Assert.Equal("RUN exit 3", failure.Instruction);
    }

    [Fact]
    public void PodmansMultiStageSteps_AreStepsOfTheirStage()
    {
        var progress = Follow("[1/2] STEP 1/2: FROM base AS build", "\n", "[1/2] STEP 2/2: RUN make", "\n", "[2/2] STEP 1/1: FROM build", "\n", "--> Using cache 7d710f98069\n");

        Assert.Equal(new[] { "Step 1/2 : FROM base AS build", "Step 2/2 : RUN make", "Step 1/1 : FROM build", "Step 1/1 : FROM build (using cache)" }, records.Select(r => r.StatusDescription));
        Assert.Equal(1, progress.CacheHits);
    }

    [Fact]
    public void MissingFileInCopy_IsABuildFailureWithoutExitCode_InTheEnginesWords()
    {
        var progress = Follow("Step 1/2 : FROM base", "\n", " ---> 2a8545ba71de\n", "Step 2/2 : COPY nothere /x", "\n");
        progress.Report(new JSONMessage { Error = new JSONError { Message = "COPY failed: file not found in build context or excluded by .dockerignore: stat nothere: file does not exist" } });

        var failure = Assert.Throws<DockerBuildException>(() => progress.FollowAsync(_ => Task.CompletedTask).GetAwaiter().GetResult());

        Assert.Null(failure.ExitCode);
        Assert.Equal("COPY nothere /x", failure.Instruction);
        Assert.Contains("COPY failed: file not found in build context", failure.Message);
        Assert.Equal(ErrorCategory.InvalidData, DockerErrorMapper.Classify(failure).Category);
    }

    [Fact]
    public void RefusedRequest_BeforeAnyStep_IsABuildFailureWithoutAStep()
    {
        var progress = new BuildProgress("Building app:1", 1, records.Add, log.Add);

        var failure = progress.Refused("Error response from daemon: dockerfile parse error line 2: unknown instruction: FOO", new InvalidOperationException());

        Assert.Null(failure.Step);
        Assert.Null(failure.Instruction);
        Assert.Equal("Error response from daemon: dockerfile parse error line 2: unknown instruction: FOO", failure.Message);
        Assert.Equal(("BuildFailed", ErrorCategory.InvalidData), (DockerErrorMapper.Classify(failure).ErrorId, DockerErrorMapper.Classify(failure).Category));
    }

    [Fact]
    public void WithoutAnAuxId_TheSuccessLineNamesTheImage_AndAnUnfinishedLineIsWrittenAtTheEnd()
    {
        var progress = Follow("STEP 1/1: FROM base", "\n", "Successfully built 1cc713f5957f\n", "no newline");
        progress.Complete();

        Assert.Null(progress.ImageId);
        Assert.Equal("1cc713f5957f", progress.BuiltShortId);
        Assert.Equal("no newline", log.Last());
    }

    private BuildProgress Follow(params string[] stream)
    {
        var progress = new BuildProgress("Building app:1", 1, records.Add, log.Add);
        Feed(progress, stream);
        return progress;
    }

    private static void Feed(IProgress<JSONMessage> progress, params string[] stream)
    {
        foreach (var text in stream)
        {
            progress.Report(new JSONMessage { Stream = text });
        }
    }

    private static JSONMessage Aux(string id) =>
        new() { Aux = new ObjectExtensionData { ExtensionData = new Dictionary<string, object> { ["ID"] = JsonSerializer.SerializeToElement(id) } } };
}
