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
/// Invoke-DockerContainerCommand against a fake engine: containers missing or not running, the command's stderr and
/// exit code, -Environment refused before the engine, -Detach, and what piped objects mean with and without -Name.
/// </summary>
[Collection(DockerCliEnvironmentCollection.Name)]
public sealed class InvokeDockerContainerCommandTests : IClassFixture<CmdletRunner>, IDisposable
{
    private readonly DockerCliEnvironmentScope environment = new(DockerCliEnvironmentScope.Nowhere);
    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();

    // Each exec the fake engine created: the container it runs in and how it was asked for.
    private readonly ConcurrentDictionary<string, (string Container, ContainerExecCreateParameters Parameters)> execs = new();

    // One runspace for the class: these cmdlets keep nothing in it between runs.
    public InvokeDockerContainerCommandTests(CmdletRunner runner)
    {
        this.runner = runner;
    }

    public void Dispose()
    {
        engine.Dispose();
        environment.Dispose();
    }

    [Fact]
    public void NonZeroExit_IsACommandExitCodeCarryingIt_AfterTheOutputAndTheStderrLines()
    {
        AnswerExec(_ => FakeStreams.Multiplexed(new[] { (false, "out 1\n"), (true, "oops\n"), (false, "out 2") }), exitCode: 3);

        var result = runner.Run("Invoke-DockerContainerCommand", Parameters(("Name", "web"), ("Command", new[] { "sh", "-c", "exit 3" }), ("Verbose", true)));

        Assert.Null(result.Terminating);
        Assert.Equal(new object[] { "out 1", "out 2" }, result.Output);
        Assert.Equal(new[] { "ContainerStandardError", "CommandExitCode" }, result.ErrorIds);
        var stderr = result.Errors[0];
        Assert.Equal(ErrorCategory.FromStdErr, stderr.CategoryInfo.Category);
        Assert.Equal("web", stderr.TargetObject);
        Assert.Equal("oops", stderr.Exception.Message);
        var exit = result.Errors[1];
        Assert.Equal(ErrorCategory.InvalidResult, exit.CategoryInfo.Category);
        Assert.Equal("web", exit.TargetObject);
        Assert.Equal(3, Assert.IsType<ContainerExitException>(exit.Exception).ExitCode);
        Assert.Contains("sh -c exit 3 in container web exited with code 3", exit.Exception.Message);
        Assert.Contains(result.Verbose, message => message.Contains("exited with code 3"));

        // Lines for the pipeline may wait between them: never over the burst client.
        Assert.Empty(engine.BurstCalls);
    }

    [Fact]
    public void ExitCodeZero_WritesNoError()
    {
        AnswerExec(_ => FakeStreams.Multiplexed(new[] { (false, "fine\n") }), exitCode: 0);

        var result = runner.Run("Invoke-DockerContainerCommand", Parameters(("Name", "web"), ("Command", new[] { "true" })));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new object[] { "fine" }, result.Output);
    }

    [Fact]
    public void ContainerMissing_IsANonTerminatingContainerNotFound_AndThePipedContainersAfterItStillRun()
    {
        AnswerExec(container => FakeStreams.Multiplexed(new[] { (false, "hello from " + container + "\n") }), exitCode: 0, missing: "gone");

        var result = runner.Run("Invoke-DockerContainerCommand", Parameters(("Command", new[] { "hostname" })), new object[] { "a", "gone", "c" });

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("ContainerNotFound", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("gone", error.TargetObject);
        Assert.Contains("No such container: gone", error.ToString());
        Assert.Equal(new object[] { "hello from a", "hello from c" }, result.Output);
    }

    [Theory]
    [InlineData(409, "{\"message\":\"Container 0123456789ab is not running\"}", "is not running")]
    [InlineData(500, "{\"cause\":\"container state improper\",\"message\":\"can only create exec sessions on running containers: container state improper\",\"response\":500}", "can only create exec sessions on running containers")]
    public void ContainerNotRunning_IsTheEnginesRefusal_AsANonTerminatingContainerNotRunning_AndTheNextContainerStillRuns(int status, string body, string phrase)
    {
        // Docker answers 409; Podman answers 500 with the cause "container state improper".
        AnswerExec(container => FakeStreams.Multiplexed(new[] { (false, "ran in " + container + "\n") }), exitCode: 0, refusing: ("stopped", new DockerApiException((HttpStatusCode)status, body)));

        var result = runner.Run("Invoke-DockerContainerCommand", Parameters(("Command", new[] { "true" })), new object[] { "stopped", "up" });

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("ContainerNotRunning", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.InvalidOperation, error.CategoryInfo.Category);
        Assert.Equal("stopped", error.TargetObject);
        Assert.Contains(phrase, error.ToString());
        Assert.Equal(new object[] { "ran in up" }, result.Output);
    }

    [Theory]
    [InlineData("=prod")]
    [InlineData("A=B=C|=x")]
    public void BadEnvironment_IsATerminatingInvalidEnvironment_BeforeTheEngine(string variables)
    {
        var given = variables.Split('|');

        var result = runner.Run("Invoke-DockerContainerCommand", Parameters(("Command", new[] { "env" }), ("Environment", given)), new object[] { "a", "b" });

        var error = Assert.IsType<ErrorRecord>(result.Terminating);
        Assert.Equal("InvalidEnvironment", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Same(given, error.TargetObject);
        Assert.Contains("invalid environment variable", error.Exception.Message);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void BadEnvironmentHashtableKey_IsATerminatingInvalidEnvironment_BeforeTheEngine()
    {
        var given = new Hashtable { ["A=B"] = "x" };

        var result = runner.Run("Invoke-DockerContainerCommand", Parameters(("Name", "web"), ("Command", new[] { "env" }), ("Environment", given)));

        var error = Assert.IsType<ErrorRecord>(result.Terminating);
        Assert.Equal("InvalidEnvironment", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("cannot contain '='", error.Exception.Message);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void Detach_StartsTheCommandAndReturnsAtOnce_WithoutWaitingForItsEnd()
    {
        var starts = new ConcurrentQueue<ContainerExecStartParameters>();
        engine.Exec.On(nameof(IExecOperations.CreateContainerExecAsync), (string container, ContainerExecCreateParameters parameters, CancellationToken _) => Created(container, parameters));
        engine.Exec.On(nameof(IExecOperations.StartContainerExecAsync), (string _, ContainerExecStartParameters parameters, CancellationToken __) =>
        {
            // The engine answers a detached start with 200 and no upgrade, which the client library reports so.
            starts.Enqueue(parameters);
            return Task.FromException<MultiplexedStream>(new InvalidOperationException("cannot hijack chunked or content length stream"));
        });

        var result = runner.Run("Invoke-DockerContainerCommand", Parameters(("Name", "web"), ("Command", new[] { "sleep", "600" }), ("Detach", true), ("Verbose", true)));

        Assert.Empty(result.ErrorIds);
        Assert.Empty(result.Output);
        Assert.True(Assert.Single(starts).Detach);
        var parameters = execs.Single().Value.Parameters;
        Assert.False(parameters.AttachStdout || parameters.AttachStderr || parameters.AttachStdin);
        Assert.Equal(0, engine.Exec.CountOf(nameof(IExecOperations.InspectContainerExecAsync)));
        Assert.Contains(result.Verbose, message => message.StartsWith("Started exec exec-web in web", StringComparison.Ordinal));
    }

    [Fact]
    public void WhatIf_AsksNothingOfTheEngine()
    {
        var result = runner.Run("Invoke-DockerContainerCommand", Parameters(("Name", "web"), ("Command", new[] { "rm", "-rf", "/data" }), ("WhatIf", true)));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void EngineThatCannotBeReached_IsATerminatingEngineUnreachable()
    {
        var result = runner.Run("Invoke-DockerContainerCommand", new Hashtable { ["HostAddress"] = "unix:///nonexistent/dockerps-tests.sock", ["Command"] = new[] { "true" } }, new object[] { "a", "b" });

        var error = Assert.IsType<ErrorRecord>(result.Terminating);
        Assert.Equal("EngineUnreachable", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.ConnectionError, error.CategoryInfo.Category);
        Assert.Contains("Is the docker daemon running?", error.ToString());
    }

    [Fact]
    public void SeveralContexts_AreATerminatingMultipleContexts_BeforeTheEngine()
    {
        environment.WriteContext("one", engine.Address);
        environment.WriteContext("two", engine.Address);

        var result = runner.Run("Invoke-DockerContainerCommand", new Hashtable { ["Context"] = new[] { "one", "two" }, ["Name"] = "web", ["Command"] = new[] { "true" } });

        var error = Assert.IsType<ErrorRecord>(result.Terminating);
        Assert.Equal("MultipleContexts", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("web", error.TargetObject);
        Assert.Equal(0, engine.CallCount);
    }

    [Theory]
    [InlineData("gone", "ContainerNotFound", ErrorCategory.ObjectNotFound)]
    [InlineData("stopped", "ContainerNotRunning", ErrorCategory.InvalidOperation)]
    public void WithName_AndStdinPiped_AContainerThatCannotRunTheCommand_EndsThePipeline_WithTheIdTheOtherModesUse(string container, string errorId, ErrorCategory category)
    {
        AnswerExec(_ => FakeStreams.Multiplexed(Array.Empty<(bool, string)>()), exitCode: 0, missing: "gone", refusing: ("stopped", EngineAnswers.Refusal(HttpStatusCode.Conflict, "Container 0123456789ab is not running")));

        var result = runner.Run("Invoke-DockerContainerCommand", Parameters(("Name", container), ("Command", new[] { "cat" })), new object[] { "line 1", "line 2" });

        Assert.Empty(result.Errors);
        var error = Assert.IsType<ErrorRecord>(result.Terminating);
        Assert.Equal(errorId, result.ErrorIds.Single());
        Assert.Equal(category, error.CategoryInfo.Category);
        Assert.Equal(container, error.TargetObject);
        Assert.Equal(1, engine.Exec.CountOf(nameof(IExecOperations.CreateContainerExecAsync)));
    }

    // ---- What piped objects mean ----

    [Fact]
    public void WithName_PipedObjectsAreLinesOfOneCommandsStdin_WhichIsClosedAtTheEnd()
    {
        var stdin = new ExecStreams.Stdin();
        AnswerExec(_ => ExecStreams.Cat(stdin), exitCode: 0);

        var result = runner.Run("Invoke-DockerContainerCommand", Parameters(("Name", "web"), ("Command", new[] { "cat" })), new object[] { "line 1", "line 2", 42 });

        Assert.Empty(result.ErrorIds);
        Assert.Equal("line 1\nline 2\n42\n", stdin.Written);
        Assert.True(stdin.Closed);
        Assert.Equal(new object[] { "line 1", "line 2", "42" }, result.Output);
        var exec = Assert.Single(execs).Value;
        Assert.Equal("web", exec.Container);
        Assert.True(exec.Parameters.AttachStdin);
    }

    [Fact]
    public void WithoutName_PipedStringsAreContainerNames_EachRunningTheCommandWithoutStdin()
    {
        AnswerExec(container => FakeStreams.Multiplexed(new[] { (false, container + "\n") }), exitCode: 0);

        var result = runner.Run("Invoke-DockerContainerCommand", Parameters(("Command", new[] { "hostname" })), new object[] { "a", "b" });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new object[] { "a", "b" }, result.Output);
        Assert.Equal(new[] { "a", "b" }, execs.Values.Select(exec => exec.Container).OrderBy(name => name));
        Assert.All(execs.Values, exec => Assert.False(exec.Parameters.AttachStdin));
    }

    [Theory]
    [InlineData(nameof(DockerContainer))]
    [InlineData(nameof(DockerContainerExit))]
    public void WithoutName_PipedContainersAreTheContainers_OnTheirOwnEngine(string type)
    {
        AnswerExec(container => FakeStreams.Multiplexed(new[] { (false, "in " + container + "\n") }), exitCode: 0);

        // The engine options name no engine at all: the containers' own engine is used.
        var result = runner.Run("Invoke-DockerContainerCommand", new Hashtable { ["HostAddress"] = "unix:///nonexistent/other.sock", ["Command"] = new[] { "hostname" } }, new[] { EveryOutputType.Of(type, engine.Endpoint) });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new object[] { "in web" }, result.Output);
        var exec = Assert.Single(execs).Value;
        Assert.Equal("web", exec.Container);
        Assert.False(exec.Parameters.AttachStdin);
    }

    [Theory]
    [InlineData(nameof(DockerImage), "nginx:latest", "is not a container")]
    [InlineData(nameof(DockerContext), "ctx-one", "is an engine, not a container")]
    [InlineData(nameof(DockerPortBinding), "80/tcp -> 0.0.0.0:8080", "is not a container")]
    [InlineData(nameof(DockerContainerLogLine), "hello", "is not a container")]
    [InlineData(nameof(DockerImageDeletion), "Untagged: nginx:latest", "is not a container")]
    [InlineData(nameof(DockerImageSearchResult), "nginx", "is not a container")]
    [InlineData(nameof(DockerImageArchiveEntry), "nginx:latest", "is not a container")]
    public void WithoutName_PipedObjectThatIsNoContainer_IsAWrongObjectType_AndTheEngineIsNotAsked(string type, string target, string phrase)
    {
        var result = runner.Run("Invoke-DockerContainerCommand", Parameters(("Command", new[] { "hostname" })), new[] { EveryOutputType.Of(type, engine.Endpoint) });

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("WrongObjectType", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.InvalidType, error.CategoryInfo.Category);
        Assert.Equal(target, error.TargetObject);
        Assert.Contains(phrase, error.Exception.Message);
        Assert.Equal(0, engine.CallCount);
    }

    // ---- Helpers ----

    private Task<ContainerExecCreateResponse> Created(string container, ContainerExecCreateParameters parameters)
    {
        var id = "exec-" + container;
        execs[id] = (container, parameters);
        return Task.FromResult(new ContainerExecCreateResponse { ID = id });
    }

    /// <summary>
    /// Answers an exec in any container with <paramref name="output"/> and <paramref name="exitCode"/>; the container
    /// <paramref name="missing"/> does not exist, and <paramref name="refusing"/> refuses with its engine error.
    /// </summary>
    private void AnswerExec(Func<string, MultiplexedStream> output, long exitCode, string? missing = null, (string Container, Exception Error)? refusing = null)
    {
        engine.Exec.On(nameof(IExecOperations.CreateContainerExecAsync), (string container, ContainerExecCreateParameters parameters, CancellationToken _) =>
            container == missing ? Task.FromException<ContainerExecCreateResponse>(EngineAnswers.NoSuchContainer(container))
            : container == refusing?.Container ? Task.FromException<ContainerExecCreateResponse>(refusing.Value.Error)
            : Created(container, parameters));
        engine.Exec.On(nameof(IExecOperations.StartContainerExecAsync), (string id, ContainerExecStartParameters _, CancellationToken __) =>
            Task.FromResult(output(execs[id].Container)));
        engine.Exec.On(nameof(IExecOperations.InspectContainerExecAsync), (string id, CancellationToken _) =>
            Task.FromResult(new ContainerExecInspectResponse { ID = id, Running = false, ExitCode = exitCode }));
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
