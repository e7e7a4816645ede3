using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Containers;
using DockerPS.Tests.Fakes;
using DockerPS.Time;
using Xunit;
using Version = System.Version;

namespace DockerPS.Tests;

/// <summary>
/// New-DockerContainer's health options (docker run --health-*): durations read as docker reads them, bad values refused
/// before the engine in the CLI's words, the health check the create request carries, and -HealthStartInterval refused
/// by an engine older than Engine API 1.44, as the docker CLI refuses --health-start-interval there.
/// </summary>
[Collection(DockerCliEnvironmentCollection.Name)]
public sealed class HealthcheckOptionTests : IClassFixture<CmdletRunner>, IDisposable
{
    private readonly DockerCliEnvironmentScope environment = new(DockerCliEnvironmentScope.Nowhere);
    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();
    private readonly ConcurrentQueue<CreateContainerParameters> created = new();

    public HealthcheckOptionTests(CmdletRunner runner) => this.runner = runner;

    public void Dispose()
    {
        engine.Dispose();
        environment.Dispose();
    }

    // ---- Durations ----

    [Theory]
    [InlineData("1s", 10_000_000L)]
    [InlineData("30s", 300_000_000L)]
    [InlineData("1m30s", 900_000_000L)]
    [InlineData("1h", 36_000_000_000L)]
    [InlineData("500ms", 5_000_000L)]
    [InlineData("1.5s", 15_000_000L)]
    [InlineData("0", 0L)]
    [InlineData("-2s", -20_000_000L)]
    [InlineData("00:01:30", 900_000_000L)]
    public void Duration_ReadsGoDurationsAndTimeSpanText(string text, long ticks)
    {
        Assert.Equal(TimeSpan.FromTicks(ticks), EngineTime.Duration(text));
    }

    [Fact]
    public void Duration_TakesATimeSpanAsItIs()
    {
        Assert.Equal(TimeSpan.FromSeconds(42), EngineTime.Duration(PSObject.AsPSObject(TimeSpan.FromSeconds(42))));
    }

    [Theory]
    [InlineData("30", "time: missing unit in duration \"30\"")]
    [InlineData("abc", "time: invalid duration \"abc\"")]
    [InlineData("1x", "time: invalid duration \"1x\"")]
    [InlineData("", "time: invalid duration \"\"")]
    public void Duration_RefusesTextThatIsNoDuration_InGosWords(string text, string message)
    {
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => EngineTime.Duration(text)).Message);
    }

    [Fact]
    public void Duration_RefusesABareNumber_ForItHasNoUnit()
    {
        Assert.Equal("time: missing unit in duration \"30\"", Assert.Throws<ArgumentException>(() => EngineTime.Duration(30)).Message);
    }

    // ---- Options refused before the engine ----

    [Theory]
    [InlineData("HealthInterval", "abc", "time: invalid duration \"abc\"")]
    [InlineData("HealthInterval", "30", "time: missing unit in duration \"30\"")]
    [InlineData("HealthInterval", "-1s", "-HealthInterval cannot be negative")]
    [InlineData("HealthTimeout", "-5s", "-HealthTimeout cannot be negative")]
    [InlineData("HealthStartPeriod", "500us", "-HealthStartPeriod cannot be less than 1ms")]
    [InlineData("HealthStartInterval", "-1ms", "-HealthStartInterval cannot be negative")]
    public void BadDuration_IsATerminatingInvalidHealthcheck_NamingTheValue_AndNothingReachesTheEngine(string parameter, string value, string message)
    {
        var result = runner.Run("New-DockerContainer", Parameters(("Image", "busybox"), ("HealthCommand", "true"), (parameter, value)));

        var error = AssertRefusedBeforeTheEngine(result, "InvalidHealthcheck");
        Assert.Equal(message, error.Exception.Message);
        Assert.Equal(value, error.TargetObject);
    }

    [Fact]
    public void NegativeTimeSpan_IsRefusedToo()
    {
        var result = runner.Run("New-DockerContainer", Parameters(("Image", "busybox"), ("HealthInterval", TimeSpan.FromSeconds(-3))));

        Assert.Equal("-HealthInterval cannot be negative", AssertRefusedBeforeTheEngine(result, "InvalidHealthcheck").Exception.Message);
    }

    [Theory]
    [InlineData("HealthCommand", "true")]
    [InlineData("HealthInterval", "1s")]
    [InlineData("HealthRetries", 3)]
    public void NoHealthcheck_WithAHealthOption_IsATerminatingInvalidHealthcheck_AsTheCliRefusesIt(string parameter, object value)
    {
        var result = runner.Run("New-DockerContainer", Parameters(("Image", "busybox"), ("NoHealthcheck", true), (parameter, value)));

        var error = AssertRefusedBeforeTheEngine(result, "InvalidHealthcheck");
        Assert.Contains("-NoHealthcheck conflicts with the -Health* options", error.Exception.Message);
        Assert.Equal("-NoHealthcheck", error.TargetObject);
    }

    [Fact]
    public void NegativeRetries_IsAParameterError_AndNoEngineIsAsked()
    {
        var result = runner.Run("New-DockerContainer", Parameters(("Image", "busybox"), ("HealthRetries", -1)));

        Assert.Equal("ParameterArgumentValidationError", Assert.Single(result.ErrorIds));
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void WhatIf_WithEveryHealthOption_AsksNothingOfTheEngine()
    {
        var result = runner.Run("New-DockerContainer", Parameters(
            ("Image", "busybox"),
            ("HealthCommand", "true"),
            ("HealthInterval", "1s"),
            ("HealthTimeout", "2s"),
            ("HealthStartPeriod", "3s"),
            ("HealthStartInterval", "1s"),
            ("HealthRetries", 2),
            ("WhatIf", true)));

        Assert.Empty(result.ErrorIds);
        Assert.Empty(result.Output);
        Assert.Equal(0, engine.CallCount);
    }

    // ---- The create request ----

    [Fact]
    public void HealthOptions_GoInTheCreateRequest_AsTheCliSendsThem()
    {
        AnswerCreateStartAndReadBack(engine);

        var result = runner.Run("New-DockerContainer", Parameters(
            ("Image", "busybox"),
            ("HealthCommand", "wget -q -O- localhost || exit 1"),
            ("HealthInterval", "1m30s"),
            ("HealthTimeout", TimeSpan.FromSeconds(5)),
            ("HealthStartPeriod", "00:00:30"),
            ("HealthRetries", 4)));

        Assert.Empty(result.ErrorIds);
        var healthcheck = created.Single().Healthcheck!;
        Assert.Equal(new[] { "CMD-SHELL", "wget -q -O- localhost || exit 1" }, healthcheck.Test);
        Assert.Equal(TimeSpan.FromSeconds(90), healthcheck.Interval);
        Assert.Equal(TimeSpan.FromSeconds(5), healthcheck.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(30), healthcheck.StartPeriod);
        Assert.Null(healthcheck.StartInterval);
        Assert.Equal(4L, healthcheck.Retries);
    }

    [Fact]
    public void DurationTypedInAScript_IsReadAsWritten_NotAsPowerShellsShortNumber()
    {
        // In PowerShell 30s is the number 30 (s marks a short integer); a text parameter keeps what was typed.
        AnswerCreateStartAndReadBack(engine);

        var result = runner.RunScript($"New-DockerContainer busybox -HostAddress '{engine.Address}' -HealthCommand true -HealthInterval 30s -HealthTimeout 1s");

        Assert.Empty(result.ErrorIds);
        var healthcheck = created.Single().Healthcheck!;
        Assert.Equal(TimeSpan.FromSeconds(30), healthcheck.Interval);
        Assert.Equal(TimeSpan.FromSeconds(1), healthcheck.Timeout);
    }

    [Fact]
    public void TimesWithoutACommand_KeepTheImagesTest_AndZeroMeansTheEnginesDefault()
    {
        AnswerCreateStartAndReadBack(engine);

        var result = runner.Run("New-DockerContainer", Parameters(("Image", "busybox"), ("HealthInterval", "5s"), ("HealthTimeout", "0")));

        Assert.Empty(result.ErrorIds);
        var healthcheck = created.Single().Healthcheck!;
        Assert.Null(healthcheck.Test);
        Assert.Equal(TimeSpan.FromSeconds(5), healthcheck.Interval);
        Assert.Null(healthcheck.Timeout);
        Assert.Null(healthcheck.Retries);
    }

    [Fact]
    public void NoHealthcheck_SendsNone()
    {
        AnswerCreateStartAndReadBack(engine);

        var result = runner.Run("New-DockerContainer", Parameters(("Image", "busybox"), ("NoHealthcheck", true)));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "NONE" }, created.Single().Healthcheck!.Test);
    }

    [Fact]
    public void WithoutHealthOptions_TheImagesHealthCheckStays()
    {
        AnswerCreateStartAndReadBack(engine);

        var result = runner.Run("New-DockerContainer", Parameters(("Image", "busybox")));

        Assert.Empty(result.ErrorIds);
        Assert.Null(created.Single().Healthcheck);
    }

    // ---- -HealthStartInterval and the engine's API ----

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void StartInterval_OnAnEngineBeforeApi144_IsHealthStartIntervalNotSupported_NamingItsApiVersion_AndNothingIsCreated(bool podman)
    {
        using var old = new FakeEngine(podman: podman, apiVersion: new Version(1, 43));
        AnswerCreateStartAndReadBack(old);

        var result = runner.Run("New-DockerContainer", new Hashtable
        {
            ["HostAddress"] = old.Address,
            ["Image"] = "busybox",
            ["Name"] = "web",
            ["HealthCommand"] = "true",
            ["HealthStartInterval"] = "1s",
        });

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("HealthStartIntervalNotSupported", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.NotImplemented, error.CategoryInfo.Category);
        Assert.Equal("web", error.TargetObject);
        Assert.Contains("--health-start-interval) requires Engine API 1.44, but the engine's API version is 1.43", error.Exception.Message);
        Assert.Empty(created);
        Assert.Equal(0, old.CallCount);
    }

    [Fact]
    public void StartInterval_OnApi144_IsSent()
    {
        using var modern = new FakeEngine(apiVersion: new Version(1, 44));
        AnswerCreateStartAndReadBack(modern);

        var result = runner.Run("New-DockerContainer", new Hashtable
        {
            ["HostAddress"] = modern.Address,
            ["Image"] = "busybox",
            ["HealthCommand"] = "true",
            ["HealthStartPeriod"] = "30s",
            ["HealthStartInterval"] = "2s",
        });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(TimeSpan.FromSeconds(2), created.Single().Healthcheck!.StartInterval);
        Assert.Single(result.Output);
    }

    [Fact]
    public void NeedsNewerApi_OnlyForAStartInterval()
    {
        Assert.False(HealthcheckParser.NeedsNewerApi(null, new Version(1, 41)));
        Assert.False(HealthcheckParser.NeedsNewerApi(new HealthcheckConfig { Interval = TimeSpan.FromSeconds(1) }, new Version(1, 41)));
        Assert.True(HealthcheckParser.NeedsNewerApi(new HealthcheckConfig { StartInterval = TimeSpan.FromSeconds(1) }, new Version(1, 43)));
        Assert.False(HealthcheckParser.NeedsNewerApi(new HealthcheckConfig { StartInterval = TimeSpan.FromSeconds(1) }, new Version(1, 44)));
    }

    // ---- Helpers ----

    private ErrorRecord AssertRefusedBeforeTheEngine(RunResult result, string errorId)
    {
        var error = Assert.IsType<ErrorRecord>(result.Terminating);
        Assert.Equal(errorId, Assert.Single(result.ErrorIds));
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Empty(result.Output);
        Assert.Equal(0, engine.CallCount);
        return error;
    }

    /// <summary>The image is there; creates record the request, starts and read-backs answer as dockerd does.</summary>
    private void AnswerCreateStartAndReadBack(FakeEngine target)
    {
        target.Images.On(nameof(IImageOperations.InspectImageAsync), (string name, CancellationToken _) =>
            Task.FromResult(new ImageInspectResponse { ID = EveryOutputType.ImageId, RepoTags = new List<string> { name } }));
        target.Containers.On(nameof(IContainerOperations.CreateContainerAsync), (CreateContainerParameters parameters, CancellationToken _) =>
        {
            created.Enqueue(parameters);
            return Task.FromResult(new CreateContainerResponse { ID = EngineAnswers.IdOf(parameters.Name ?? "new"), Warnings = new List<string>() });
        });
        target.Containers.On(nameof(IContainerOperations.StartContainerAsync), (string _, ContainerStartParameters __, CancellationToken ___) => Task.FromResult(true));
        target.Containers.On(nameof(IContainerOperations.ListContainersAsync), (ContainersListParameters parameters, CancellationToken _) =>
            parameters.Filters!.ContainsKey("health")
                ? EngineAnswers.ListOf<ContainerListResponse>()
                : EngineAnswers.ListOf(EngineAnswers.Container(created.Last().Name ?? "new")));
    }

    private Hashtable Parameters(params (string Name, object Value)[] parameters)
    {
        var table = new Hashtable { ["HostAddress"] = engine.Address };
        foreach (var (name, value) in parameters)
        {
            table[name] = value;
        }

        return table;
    }
}
