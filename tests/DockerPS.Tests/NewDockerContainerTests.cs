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
using DockerPS.Errors;
using DockerPS.Tests.Fakes;
using Xunit;

namespace DockerPS.Tests;

/// <summary>
/// New-DockerContainer against a fake engine: options refused before the engine, per-image engine refusals, pull
/// policies, -NoStart, -Attach (output, stderr, exit code, Ctrl+C) and objects from the pipeline. The docker config
/// folder is a throw-away one, since a pull reads its credentials.
/// </summary>
[Collection(DockerCliEnvironmentCollection.Name)]
public sealed class NewDockerContainerTests : IClassFixture<CmdletRunner>, IDisposable
{
    private const string NameInUse =
        "Conflict. The container name \"/web\" is already in use by container \"0123456789ab\". You have to remove (or rename) that container to be able to reuse that name.";

    private readonly DockerCliEnvironmentScope environment = new(DockerCliEnvironmentScope.Nowhere);
    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();

    // The containers the fake engine created, by id: what the read-back lists.
    private readonly ConcurrentDictionary<string, (string Name, CreateContainerParameters Parameters)> created = new();

    // One runspace for the class: these cmdlets keep nothing in it between runs.
    public NewDockerContainerTests(CmdletRunner runner)
    {
        this.runner = runner;
    }

    public void Dispose()
    {
        engine.Dispose();
        environment.Dispose();
    }

    // ---- Options checked before the engine ----

    [Theory]
    [InlineData("Publish", "80:abc", "InvalidPublish", "invalid")]
    [InlineData("Publish", "70000:80", "InvalidPublish", "65535")]
    [InlineData("Volume", "data:relative/path", "InvalidVolume", "relative/path")]
    [InlineData("Environment", "=prod", "InvalidEnvironment", "invalid environment variable")]
    [InlineData("Label", "=web", "InvalidLabel", "the key is empty")]
    [InlineData("RestartPolicy", "sometimes", "InvalidRestartPolicy", "unknown policy 'sometimes'")]
    [InlineData("RestartPolicy", "always:3", "InvalidRestartPolicy", "only 'on-failure' takes one")]
    [InlineData("Memory", "lots", "InvalidMemory", "lots")]
    [InlineData("Memory", "12q", "InvalidMemory", "12q")]
    public void BadOption_IsATerminatingInvalidArgument_WithItsId_AndNothingReachesTheEngine(string parameter, string value, string errorId, string phrase)
    {
        var result = runner.Run("New-DockerContainer", Parameters(("Image", "busybox"), (parameter, value)));

        AssertRefusedBeforeTheEngine(result, errorId, phrase);
        Assert.Equal(value, result.Terminating!.TargetObject);
    }

    [Fact]
    public void BadPublishAmongSeveral_NamesTheSpecThatIsWrong()
    {
        var result = runner.Run("New-DockerContainer", Parameters(("Image", "busybox"), ("Publish", new[] { "80:80", "443:abc", "53:53/udp" })));

        AssertRefusedBeforeTheEngine(result, "InvalidPublish", "abc");
        Assert.Equal("443:abc", result.Terminating!.TargetObject);
    }

    [Theory]
    [InlineData(0.0, "greater than 0")]
    [InlineData(-1.5, "greater than 0")]
    public void BadCpus_IsATerminatingInvalidCpus_AndNothingReachesTheEngine(double cpus, string phrase)
    {
        var result = runner.Run("New-DockerContainer", Parameters(("Image", "busybox"), ("Cpus", cpus)));

        AssertRefusedBeforeTheEngine(result, "InvalidCpus", phrase);
    }

    [Fact]
    public void BadOption_WithSeveralImagesPiped_CreatesNoneOfThem()
    {
        var result = runner.Run("New-DockerContainer", Parameters(("Publish", "80:abc")), new object[] { "busybox", "alpine" });

        AssertRefusedBeforeTheEngine(result, "InvalidPublish", "invalid");
    }

    [Theory]
    [InlineData("Nginx", "lowercase")]
    [InlineData("nginx:", "the tag is empty")]
    [InlineData("nginx@latest", "sha256:<hex>")]
    [InlineData("nginx:bad tag", "spaces")]
    public void MalformedImageReference_IsATerminatingInvalidImageReference_AndNothingReachesTheEngine(string image, string phrase)
    {
        var result = runner.Run("New-DockerContainer", Parameters(("Image", image)));

        AssertRefusedBeforeTheEngine(result, "InvalidImageReference", phrase);
    }

    [Fact]
    public void Interactive_WithoutATerminal_IsRefusedWithTheCliWords_BeforeAnythingIsCreated()
    {
        // A runspace made in code has no console: docker run -it's refusal, not a session waiting for keys.
        var result = runner.Run("New-DockerContainer", Parameters(("Image", "busybox"), ("Interactive", true)));

        var error = Assert.IsType<ErrorRecord>(result.Terminating);
        Assert.Equal("InputNotATerminal", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.InvalidOperation, error.CategoryInfo.Category);
        Assert.Equal("busybox", error.TargetObject);
        Assert.Contains("the input device is not a TTY", error.Exception.Message);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void Interactive_WithDetachKeysTheEngineWouldNotKnow_IsAnInvalidDetachKeys_BeforeAnythingIsCreated()
    {
        var result = runner.Run("New-DockerContainer", Parameters(("Image", "busybox"), ("Interactive", true), ("DetachKeys", new[] { "ctrl-x", "ctrl-1" })));

        var error = Assert.IsType<ErrorRecord>(result.Terminating);
        Assert.Equal("InvalidDetachKeys", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("ctrl-x,ctrl-1", error.TargetObject);
        Assert.Contains("Unknown character: 'ctrl-1'", error.Exception.Message);
        Assert.Equal(0, engine.CallCount);
    }

    // ---- The engine options ----

    [Fact]
    public void EngineThatCannotBeReached_IsATerminatingEngineUnreachable()
    {
        var result = runner.Run("New-DockerContainer", new Hashtable { ["HostAddress"] = "unix:///nonexistent/dockerps-tests.sock" }, new object[] { "busybox", "alpine" });

        var error = Assert.IsType<ErrorRecord>(result.Terminating);
        Assert.Equal("EngineUnreachable", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.ConnectionError, error.CategoryInfo.Category);
        Assert.Contains("Cannot connect to the Docker daemon at unix:///nonexistent/dockerps-tests.sock", error.ToString());
    }

    [Fact]
    public void SeveralContexts_AreATerminatingMultipleContexts_BeforeTheEngine()
    {
        environment.WriteContext("one", engine.Address);
        environment.WriteContext("two", engine.Address);

        var result = runner.Run("New-DockerContainer", new Hashtable { ["Context"] = new[] { "one", "two" }, ["Image"] = "busybox" });

        var error = Assert.IsType<ErrorRecord>(result.Terminating);
        Assert.Equal("MultipleContexts", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("busybox", error.TargetObject);
        Assert.Contains("give -Context one name", error.Exception.Message);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void ContextMissing_IsATerminatingContextNotFound_BeforeAnyEngine()
    {
        var result = runner.Run("New-DockerContainer", new Hashtable { ["Context"] = new[] { "nope" }, ["Image"] = "busybox" });

        var error = Assert.IsType<ErrorRecord>(result.Terminating);
        Assert.Equal("ContextNotFound", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("busybox", error.TargetObject);
        Assert.Contains("context \"nope\" does not exist", error.Exception.Message);
    }

    [Fact]
    public void Context_NamesTheEngineToCreateOn()
    {
        environment.WriteContext("fake", engine.Address);
        AnswerImagePresent();
        AnswerCreateStartAndReadBack();

        var result = runner.Run("New-DockerContainer", new Hashtable { ["Context"] = new[] { "fake" }, ["Image"] = "busybox" });

        Assert.Empty(result.ErrorIds);
        Assert.Single(created);
    }

    // ---- What the engine refuses, per image ----

    [Fact]
    public void TakenName_IsANonTerminatingConflict_AndTheNextPipedImageStillRuns()
    {
        AnswerImagePresent();
        AnswerStartAndReadBack();
        engine.Containers.On(nameof(IContainerOperations.CreateContainerAsync), (CreateContainerParameters parameters, CancellationToken _) =>
            parameters.Image == "busybox"
                ? Task.FromException<CreateContainerResponse>(EngineAnswers.Refusal(HttpStatusCode.Conflict, NameInUse))
                : Create(parameters));

        var result = runner.Run("New-DockerContainer", Parameters(("Name", "web")), new object[] { "busybox", "alpine" });

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("DockerApi.Conflict", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
        Assert.Equal("web", error.TargetObject);
        Assert.Contains("Error response from daemon: Conflict. The container name \"/web\" is already in use", error.ToString());
        Assert.Equal(2, engine.Containers.CountOf(nameof(IContainerOperations.CreateContainerAsync)));
        var container = Assert.IsType<DockerContainer>(Assert.Single(result.Output));
        Assert.Equal("web", container.Name);
        Assert.Equal("alpine", created.Single().Value.Parameters.Image);
    }

    [Fact]
    public void PortRangeForOneContainerPort_OnPodman_IsPublishRangeNotSupported_AndNothingIsCreated()
    {
        using var podman = new FakeEngine(podman: true);

        var result = runner.Run("New-DockerContainer", new Hashtable { ["HostAddress"] = podman.Address, ["Image"] = "nginx", ["Publish"] = new[] { "8000-8010:80" } });

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("PublishRangeNotSupported", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.NotImplemented, error.CategoryInfo.Category);
        Assert.Equal("nginx", error.TargetObject);
        Assert.Contains("8000-8010:80/tcp", error.Exception.Message);
        Assert.Equal(0, podman.CallCount);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void PortRangeForOneContainerPort_OnDocker_IsPassedOnForTheEngineToPickFrom()
    {
        AnswerImagePresent();
        AnswerCreateStartAndReadBack();

        var result = runner.Run("New-DockerContainer", Parameters(("Image", "nginx"), ("Publish", new[] { "8000-8010:80" })));

        Assert.Empty(result.ErrorIds);
        var binding = Assert.Single(created.Single().Value.Parameters.HostConfig!.PortBindings!["80/tcp"]);
        Assert.Equal("8000-8010", binding.HostPort);
    }

    [Fact]
    public void PullNever_WithTheImageMissing_IsTheEnginesNotFound_AndNothingIsPulled()
    {
        engine.Containers.On(nameof(IContainerOperations.CreateContainerAsync), (CreateContainerParameters parameters, CancellationToken _) =>
            Task.FromException<CreateContainerResponse>(EngineAnswers.NoSuchImage(parameters.Image + ":latest")));

        var result = runner.Run("New-DockerContainer", Parameters(("Image", "nginx"), ("Pull", "Never")));

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("DockerApi.NotFound", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("nginx", error.TargetObject);
        Assert.Contains("Error response from daemon: No such image: nginx:latest", error.ToString());
        Assert.Equal(0, engine.Images.CallCount());
    }

    [Fact]
    public void PullMissing_WithTheImagePresent_InspectsItAndPullsNothing()
    {
        AnswerImagePresent();
        AnswerCreateStartAndReadBack();

        var result = runner.Run("New-DockerContainer", Parameters(("Image", "nginx")));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(1, engine.Images.CountOf(nameof(IImageOperations.InspectImageAsync)));
        Assert.Equal(0, engine.Images.CountOf(nameof(IImageOperations.CreateImageAsync)));
        Assert.Single(result.Output);
    }

    [Fact]
    public void PullMissing_WithTheImageMissing_PullsItOnce_ThenCreates()
    {
        var pulled = new ConcurrentQueue<ImagesCreateParameters>();
        engine.Images.On(nameof(IImageOperations.InspectImageAsync), (string name, CancellationToken _) =>
            Task.FromException<ImageInspectResponse>(EngineAnswers.NoSuchImage(name)));
        engine.Images.On(nameof(IImageOperations.CreateImageAsync), (ImagesCreateParameters parameters, AuthConfig _, IProgress<JSONMessage> progress, CancellationToken __) =>
        {
            pulled.Enqueue(parameters);
            progress.Report(new JSONMessage { Status = "Status: Downloaded newer image for nginx:latest" });
            return Task.CompletedTask;
        });
        AnswerCreateStartAndReadBack();

        var result = runner.Run("New-DockerContainer", Parameters(("Image", "nginx"), ("Verbose", true)));

        Assert.Empty(result.ErrorIds);
        var pull = Assert.Single(pulled);
        Assert.EndsWith("nginx", pull.FromImage);
        Assert.Equal("latest", pull.Tag);
        Assert.Contains(result.Verbose, message => message.Contains("Unable to find image 'nginx:latest' locally"));
        Assert.Single(created);
        AssertCalledInOrder(engine.Images, nameof(IImageOperations.InspectImageAsync), nameof(IImageOperations.CreateImageAsync));
    }

    [Fact]
    public void PullAlways_PullsWithoutAsking_ThenCreates()
    {
        engine.Images.On(nameof(IImageOperations.CreateImageAsync), (ImagesCreateParameters _, AuthConfig __, IProgress<JSONMessage> ___, CancellationToken ____) => Task.CompletedTask);
        AnswerCreateStartAndReadBack();

        var result = runner.Run("New-DockerContainer", Parameters(("Image", "nginx:1.27"), ("Pull", "Always")));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(0, engine.Images.CountOf(nameof(IImageOperations.InspectImageAsync)));
        Assert.Equal(1, engine.Images.CountOf(nameof(IImageOperations.CreateImageAsync)));
        Assert.Single(created);
    }

    [Fact]
    public void PullFailingInTheStream_IsANonTerminatingErrorForThatImage_AndTheNextPipedImageStillRuns()
    {
        // The registry's refusal arrives after the engine answered 200, inside the progress stream.
        engine.Images.On(nameof(IImageOperations.InspectImageAsync), (string name, CancellationToken _) =>
            Task.FromException<ImageInspectResponse>(EngineAnswers.NoSuchImage(name)));
        engine.Images.On(nameof(IImageOperations.CreateImageAsync), (ImagesCreateParameters parameters, AuthConfig _, IProgress<JSONMessage> progress, CancellationToken __) =>
        {
            if (parameters.FromImage!.EndsWith("private/app", StringComparison.Ordinal))
            {
                progress.Report(new JSONMessage { Error = new JSONError { Message = "pull access denied for private/app, repository does not exist or may require 'docker login'" } });
            }

            return Task.CompletedTask;
        });
        AnswerCreateStartAndReadBack();

        var result = runner.Run("New-DockerContainer", Parameters(), new object[] { "private/app", "nginx" });

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("DockerStreamError", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.PermissionDenied, error.CategoryInfo.Category);
        Assert.Equal("private/app", error.TargetObject);
        Assert.Contains("pull access denied for private/app", error.Exception.Message);
        Assert.Equal("nginx", Assert.Single(created).Value.Parameters.Image);
    }

    // ---- -NoStart, the default start, -WhatIf ----

    [Fact]
    public void NoStart_CreatesWithoutStarting()
    {
        AnswerImagePresent();
        AnswerCreateStartAndReadBack("created");

        var result = runner.Run("New-DockerContainer", Parameters(("Image", "busybox"), ("Name", "later"), ("NoStart", true)));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(1, engine.Containers.CountOf(nameof(IContainerOperations.CreateContainerAsync)));
        Assert.Equal(0, engine.Containers.CountOf(nameof(IContainerOperations.StartContainerAsync)));
        Assert.Equal("created", Assert.IsType<DockerContainer>(Assert.Single(result.Output)).State);
    }

    [Fact]
    public void WithoutNoStart_CreatesThenStarts()
    {
        AnswerImagePresent();
        AnswerCreateStartAndReadBack();

        var result = runner.Run("New-DockerContainer", Parameters(("Image", "busybox"), ("Name", "now")));

        Assert.Empty(result.ErrorIds);
        AssertCalledInOrder(engine.Containers, nameof(IContainerOperations.CreateContainerAsync), nameof(IContainerOperations.StartContainerAsync));
        Assert.Equal("now", Assert.IsType<DockerContainer>(Assert.Single(result.Output)).Name);
    }

    [Fact]
    public void WhatIf_AsksNothingOfTheEngine()
    {
        var result = runner.Run("New-DockerContainer", Parameters(("Image", "busybox"), ("WhatIf", true)));

        Assert.Empty(result.ErrorIds);
        Assert.Empty(result.Output);
        Assert.Equal(0, engine.CallCount);
    }

    // ---- -Attach ----

    [Fact]
    public void Attach_StreamsStdoutAsOutput_StderrAsErrors_AndANonZeroExitIsAContainerExitCodeCarryingIt()
    {
        AnswerImagePresent();
        AnswerCreate();
        AnswerForeground(FakeStreams.Multiplexed(new[] { (false, "out 1\n"), (true, "oops\n"), (false, "out 2\n") }), exitCode: 3);

        var result = runner.Run("New-DockerContainer", Parameters(("Image", "busybox"), ("Name", "job"), ("Attach", true)));

        Assert.Null(result.Terminating);
        Assert.Equal(new object[] { "out 1", "out 2" }, result.Output);
        Assert.Equal(new[] { "ContainerStandardError", "ContainerExitCode" }, result.ErrorIds);
        var stderr = result.Errors[0];
        Assert.Equal(ErrorCategory.FromStdErr, stderr.CategoryInfo.Category);
        Assert.Equal("job", stderr.TargetObject);
        Assert.Equal("oops", stderr.Exception.Message);
        var exit = result.Errors[1];
        Assert.Equal(ErrorCategory.InvalidResult, exit.CategoryInfo.Category);
        Assert.Equal("job", exit.TargetObject);
        Assert.Equal(3, Assert.IsType<ContainerExitException>(exit.Exception).ExitCode);
        Assert.Contains("exited with code 3", exit.Exception.Message);

        // Attached before the start, so the first lines cannot be lost; attached to stdout and stderr only.
        var parameters = created.Single().Value.Parameters;
        Assert.True(parameters.AttachStdout && parameters.AttachStderr);
        Assert.False(parameters.AttachStdin);
        AssertCalledInOrder(engine.Containers, nameof(IContainerOperations.AttachContainerAsync), nameof(IContainerOperations.StartContainerAsync));
    }

    [Fact]
    public void Attach_ExitCodeZero_WritesNoError()
    {
        AnswerImagePresent();
        AnswerCreate();
        AnswerForeground(FakeStreams.Multiplexed(new[] { (false, "done\n") }), exitCode: 0);

        var result = runner.Run("New-DockerContainer", Parameters(("Image", "busybox"), ("Attach", true)));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new object[] { "done" }, result.Output);
    }

    [Theory]
    [InlineData(null, 1)]
    [InlineData("NoSignalProxy", 0)]
    [InlineData("Tty", 0)]
    public void CtrlC_DuringAttach_SendsSigintToTheContainer_UnlessNoSignalProxyOrTty(string? option, int kills)
    {
        AnswerImagePresent();
        AnswerCreate();
        using var reading = new ManualResetEventSlim();
        AnswerForeground(ExecStreams.Silent(reading), exitCode: null);
        var signals = new ConcurrentQueue<(string Id, string Signal)>();
        engine.Containers.On(nameof(IContainerOperations.KillContainerAsync), (string id, ContainerKillParameters parameters, CancellationToken _) =>
        {
            signals.Enqueue((id, parameters.Signal ?? string.Empty));
            return Task.CompletedTask;
        });
        var parameters = Parameters(("Image", "busybox"), ("Name", "fg"), ("Attach", true));
        if (option is not null)
        {
            parameters[option] = true;
        }

        using var shell = PowerShell.Create();
        shell.Runspace = runner.Runspace;
        shell.AddCommand("New-DockerContainer").AddParameters(parameters);
        var invocation = shell.BeginInvoke();
        Assert.True(reading.Wait(TimeSpan.FromSeconds(10)), "the container's output should be being read");

        shell.Stop();

        Assert.True(invocation.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(10)), "the pipeline should stop");
        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
        Assert.Equal(kills, engine.Containers.CountOf(nameof(IContainerOperations.KillContainerAsync)));
        if (kills > 0)
        {
            Assert.Equal((EngineAnswers.IdOf("fg"), "SIGINT"), Assert.Single(signals));
        }
    }

    // ---- Objects from the pipeline ----

    [Fact]
    public void PipedContainer_RunsItsImageById_OnItsOwnEngine_WithoutPulling()
    {
        var container = EveryOutputType.Container(engine.Endpoint);
        AnswerCreateStartAndReadBack();

        // The engine options name another engine: the container's own one wins.
        var result = runner.Run("New-DockerContainer", new Hashtable { ["HostAddress"] = "unix:///nonexistent/dockerps.sock" }, new object[] { container });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(container.ImageId, created.Single().Value.Parameters.Image);
        Assert.Equal(0, engine.Images.CallCount());
        Assert.Single(result.Output);
    }

    [Theory]
    [InlineData(nameof(DockerImage), "nginx:latest")]
    [InlineData(nameof(DockerImageSearchResult), "nginx")]
    public void PipedImageOrSearchResult_RunsThatImage(string type, string image)
    {
        AnswerImagePresent();
        AnswerCreateStartAndReadBack();

        var result = runner.Run("New-DockerContainer", Parameters(), new[] { EveryOutputType.Of(type, engine.Endpoint) });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(image, created.Single().Value.Parameters.Image);
    }

    [Fact]
    public void PipedArchiveEntry_RunsTheImageById_OnTheEngineTheOptionsName()
    {
        AnswerCreateStartAndReadBack();

        var result = runner.Run("New-DockerContainer", Parameters(), new object[] { EveryOutputType.ArchiveEntry() });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(EveryOutputType.ImageId, created.Single().Value.Parameters.Image);
    }

    [Theory]
    [InlineData(nameof(DockerContext), "ctx-one")]
    [InlineData(nameof(DockerPortBinding), "80/tcp -> 0.0.0.0:8080")]
    [InlineData(nameof(DockerContainerLogLine), "hello")]
    [InlineData(nameof(DockerContainerExit), "0")]
    [InlineData(nameof(DockerImageDeletion), "Untagged: nginx:latest")]
    public void PipedObjectThatIsNoImage_IsAWrongObjectType_AndTheEngineIsNotAsked(string type, string target)
    {
        var result = runner.Run("New-DockerContainer", Parameters(), new[] { EveryOutputType.Of(type, engine.Endpoint) });

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("WrongObjectType", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.InvalidType, error.CategoryInfo.Category);
        Assert.Equal(target, error.TargetObject);
        Assert.Contains("not an image", error.Exception.Message);
        Assert.Equal(0, engine.CallCount);
    }

    // ---- Helpers ----

    private void AssertRefusedBeforeTheEngine(RunResult result, string errorId, string phrase)
    {
        var error = Assert.IsType<ErrorRecord>(result.Terminating);
        Assert.Equal(errorId, Assert.Single(result.ErrorIds));
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains(phrase, error.Exception.Message);
        Assert.Empty(result.Output);
        Assert.Equal(0, engine.CallCount);
    }

    private static void AssertCalledInOrder<T>(FakeOperations<T> operations, params string[] methods)
        where T : class
    {
        var order = operations.Calls.Select(call => call.Method).Where(methods.Contains).ToList();
        Assert.Equal(methods, order);
    }

    private void AnswerImagePresent() =>
        engine.Images.On(nameof(IImageOperations.InspectImageAsync), (string name, CancellationToken _) =>
            Task.FromResult(new ImageInspectResponse { ID = EveryOutputType.ImageId, RepoTags = new List<string> { name } }));

    private Task<CreateContainerResponse> Create(CreateContainerParameters parameters)
    {
        var name = parameters.Name ?? "anonymous-" + created.Count;
        var id = EngineAnswers.IdOf(name);
        created[id] = (name, parameters);
        return Task.FromResult(new CreateContainerResponse { ID = id, Warnings = new List<string>() });
    }

    private void AnswerCreate() =>
        engine.Containers.On(nameof(IContainerOperations.CreateContainerAsync), (CreateContainerParameters parameters, CancellationToken _) => Create(parameters));

    private void AnswerCreateStartAndReadBack(string state = "running")
    {
        AnswerCreate();
        AnswerStartAndReadBack(state);
    }

    private void AnswerStartAndReadBack(string state = "running")
    {
        engine.Containers.On(nameof(IContainerOperations.StartContainerAsync), (string _, ContainerStartParameters __, CancellationToken ___) => Task.FromResult(true));
        engine.Containers.On(nameof(IContainerOperations.ListContainersAsync), (ContainersListParameters parameters, CancellationToken _) =>
        {
            var id = parameters.Filters!["id"].Keys.Single();
            return EngineAnswers.ListOf(EngineAnswers.Container(created[id].Name, state));
        });
    }

    /// <summary>
    /// Answers what -Attach asks: the inspect for the creation time, the attach stream, the start, and the events,
    /// which report the container's death with <paramref name="exitCode"/> (never, when null) and then wait to be ended.
    /// </summary>
    private void AnswerForeground(MultiplexedStream output, long? exitCode)
    {
        engine.Containers.On(nameof(IContainerOperations.InspectContainerAsync), (string id, CancellationToken _) => Task.FromResult(EngineAnswers.Inspect(created[id].Name)));
        engine.Containers.On(nameof(IContainerOperations.AttachContainerAsync), (string _, ContainerAttachParameters __, CancellationToken ___) => Task.FromResult(output));
        engine.Containers.On(nameof(IContainerOperations.StartContainerAsync), (string _, ContainerStartParameters __, CancellationToken ___) => Task.FromResult(true));
        engine.System.On(nameof(ISystemOperations.MonitorEventsAsync), async (ContainerEventsParameters parameters, IProgress<Message> progress, CancellationToken cancellation) =>
        {
            var id = parameters.Filters!["container"].Keys.Single();
            if (exitCode is { } code)
            {
                progress.Report(new Message
                {
                    Type = "container",
                    Action = "die",
                    Actor = new Actor { ID = id, Attributes = new Dictionary<string, string> { ["exitCode"] = code.ToString() } },
                });
            }

            await Task.Delay(Timeout.Infinite, cancellation);
        });
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
