using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Mapping;
using DockerPS.Tests.Fakes;
using Xunit;
using static DockerPS.Tests.ContainerTestKit;

namespace DockerPS.Tests;

/// <summary>
/// Get-DockerContainerProcess (docker top) against a fake engine: each process an object with the columns ps printed as
/// properties, PID and PPID numbers, its container on it; -PsArgument passed to the engine as ps_args; Podman's answer
/// (a header and rows of one string each) split into columns; a stopped container is ContainerNotRunning before top is
/// asked; missing and ambiguous names, the engine's refusals, and objects that are no container.
/// </summary>
public sealed class GetDockerContainerProcessTests : IClassFixture<CmdletRunner>, IDisposable
{
    private static readonly string[] PsEf = { "UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD" };

    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();
    private readonly List<(string Id, string? PsArgs)> tops = new();

    public GetDockerContainerProcessTests(CmdletRunner runner) => this.runner = runner;

    public static TheoryData<string> NotContainerKinds => new(NotContainers);

    public static TheoryData<string> ContainerKindsData => new(ContainerKinds);

    public void Dispose() => engine.Dispose();

    [Fact]
    public void Processes_AreObjects_WithTheColumnsAsProperties_PidsAsNumbers_AndTheirContainer()
    {
        AnswerInspect("web");
        AnswerTop(_ => new ContainerProcessesResponse
        {
            Titles = PsEf,
            Processes = new List<IList<string>>
            {
                new[] { "root", "7045", "7025", "0", "21:30", "?", "00:00:00", "sleep 3600" },
                new[] { "101", "7099", "7045", "1", "21:31", "pts/0", "00:00:02", "sh -c 'echo hi'" },
            },
        });

        var result = runner.Run("Get-DockerContainerProcess", Parameters("web"));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(2, result.Output.Count);
        var first = PSObject.AsPSObject(result.Output[0]);
        var process = Assert.IsType<DockerContainerProcess>(first.BaseObject);
        Assert.Equal(7045, process.Pid);
        Assert.Equal(7025, process.Ppid);
        Assert.Equal("web", process.ContainerName);
        Assert.Equal(EngineAnswers.IdOf("web"), process.ContainerId);
        Assert.Equal(engine.Endpoint, process.Endpoint);
        Assert.Equal(PsEf, process.Titles);
        Assert.Equal("root", first.Properties["UID"].Value);
        Assert.Equal(7045, first.Properties["PID"].Value);
        Assert.Equal("0", first.Properties["C"].Value);
        Assert.Equal("21:30", first.Properties["STIME"].Value);
        Assert.Equal("?", first.Properties["TTY"].Value);
        Assert.Equal("00:00:00", first.Properties["TIME"].Value);
        Assert.Equal("sleep 3600", first.Properties["CMD"].Value);
        Assert.Equal("sh -c 'echo hi'", ((DockerContainerProcess)PSObject.AsPSObject(result.Output[1]).BaseObject).Command);
        Assert.Equal("DockerPS.DockerContainerProcess#DockerTop", first.TypeNames[0]);
        Assert.Equal(new[] { (EngineAnswers.IdOf("web"), (string?)null) }, tops);
    }

    [Fact]
    public void PsArgument_IsPassedToTheEngine_AndItsColumnsBecomeProperties_ShownAsPsPrintedThem()
    {
        AnswerInspect("web");
        AnswerTop(_ => new ContainerProcessesResponse
        {
            Titles = new[] { "USER", "PID", "%CPU", "%MEM", "VSZ", "RSS", "TTY", "STAT", "START", "TIME", "COMMAND" },
            Processes = new List<IList<string>> { new[] { "root", "7045", "10.5", "0.0", "2268", "1380", "?", "Ss", "21:30", "0:00", "sleep 3600" } },
        });

        var result = runner.Run("Get-DockerContainerProcess", Parameters("web").With("PsArgument", "aux"));

        Assert.Empty(result.ErrorIds);
        var shown = PSObject.AsPSObject(Assert.Single(result.Output));
        Assert.Equal("10.5", shown.Properties["%CPU"].Value);
        Assert.Equal("Ss", shown.Properties["STAT"].Value);
        Assert.Equal("sleep 3600", shown.Properties["COMMAND"].Value);
        Assert.Equal(7045, shown.Properties["PID"].Value);
        Assert.Null(((DockerContainerProcess)shown.BaseObject).Ppid);
        Assert.DoesNotContain("DockerPS.DockerContainerProcess#DockerTop", shown.TypeNames);
        var display = (PSPropertySet)((PSMemberSet)shown.Members["PSStandardMembers"]).Members["DefaultDisplayPropertySet"];
        Assert.Equal(new[] { "ContainerName", "USER", "PID", "%CPU", "%MEM", "VSZ", "RSS", "TTY", "STAT", "START", "TIME", "COMMAND" }, display.ReferencedPropertyNames);
        Assert.Equal(new[] { (EngineAnswers.IdOf("web"), (string?)"aux") }, tops);
    }

    [Fact]
    public void PodmansAnswer_OfOneStringPerRow_IsSplitIntoColumns_TheLastKeepingTheRest()
    {
        using var podman = new FakeEngine(podman: true);
        AnswerInspect("web", target: podman);
        AnswerTop(_ => new ContainerProcessesResponse
        {
            Titles = new[] { "PID   USER     COMMAND" },
            Processes = new List<IList<string>> { new[] { "1 root     sleep 3600" }, new[] { "7 root     sh -c  'sleep 1'" } },
        }, podman);

        var result = runner.Run("Get-DockerContainerProcess", new Hashtable { ["HostAddress"] = podman.Address, ["Name"] = "web" });

        Assert.Empty(result.ErrorIds);
        var processes = result.Output.Select(PSObject.AsPSObject).ToList();
        Assert.Equal(new[] { "PID", "USER", "COMMAND" }, ((DockerContainerProcess)processes[0].BaseObject).Titles);
        Assert.Equal(new[] { 1, 7 }, processes.Select(process => ((DockerContainerProcess)process.BaseObject).Pid!.Value));
        Assert.Equal(new[] { "sleep 3600", "sh -c  'sleep 1'" }, processes.Select(process => (string)process.Properties["COMMAND"].Value));
        Assert.Equal("root", processes[1].Properties["USER"].Value);
    }

    [Theory]
    [InlineData("exited")]
    [InlineData("created")]
    public void StoppedContainer_IsContainerNotRunning_AndTopIsNotAsked_TheOthersAreListed(string state)
    {
        AnswerInspect("web", ("stopped", state));
        AnswerTop(id => new ContainerProcessesResponse { Titles = PsEf, Processes = new List<IList<string>> { new[] { "root", "1", "0", "0", "21:30", "?", "00:00:00", "sleep" } } });

        var result = runner.Run("Get-DockerContainerProcess", Parameters("stopped", "web"));

        Assert.Null(result.Terminating);
        var error = AssertError(Assert.Single(result.Errors), "ContainerNotRunning", ErrorCategory.InvalidOperation, "stopped");
        Assert.Equal($"Error response from daemon: Container {EngineAnswers.IdOf("stopped")} is not running", Message(error));
        Assert.Single(result.Output);
        Assert.Equal(new[] { EngineAnswers.IdOf("web") }, tops.Select(top => top.Id));
    }

    [Fact]
    public void ContainerThatStoppedBeforeTop_IsTheEnginesContainerNotRunning()
    {
        AnswerInspect("web");
        engine.Containers.On(nameof(IContainerOperations.ListProcessesAsync), (string id, ContainerListProcessesParameters _, CancellationToken __) =>
            Task.FromException<ContainerProcessesResponse>(EngineAnswers.Refusal(HttpStatusCode.Conflict, $"Container {id} is not running")));

        var result = runner.Run("Get-DockerContainerProcess", Parameters("web"));

        var error = AssertError(Assert.Single(result.Errors), "ContainerNotRunning", ErrorCategory.InvalidOperation, "web");
        Assert.Contains("is not running", Message(error));
    }

    [Fact]
    public void MissingAndAmbiguousNames_AreTheirOwnErrors_AndTheOthersAreListed()
    {
        engine.Containers.On(nameof(IContainerOperations.InspectContainerAsync), (string name, CancellationToken _) => name switch
        {
            "nope" => Task.FromException<ContainerInspectResponse>(EngineAnswers.NoSuchContainer(name)),
            "ab" => Task.FromException<ContainerInspectResponse>(EngineAnswers.Refusal(HttpStatusCode.BadRequest, "multiple IDs found with provided prefix: ab")),
            _ => Task.FromResult(EngineAnswers.Inspect(name)),
        });
        AnswerTop(_ => new ContainerProcessesResponse { Titles = PsEf, Processes = new List<IList<string>>() });

        var result = runner.Run("Get-DockerContainerProcess", Parameters("nope", "ab", "web"));

        Assert.Null(result.Terminating);
        Assert.Equal(new[] { "ContainerNotFound", "AmbiguousContainerReference" }, result.ErrorIds);
        Assert.Equal(new object[] { "nope", "ab" }, result.Errors.Select(error => error.TargetObject));
        Assert.Single(tops);
    }

    [Fact]
    public void EnginesOtherRefusal_IsInItsWords()
    {
        AnswerInspect("web");
        engine.Containers.On(nameof(IContainerOperations.ListProcessesAsync), (string _, ContainerListProcessesParameters __, CancellationToken ___) =>
            Task.FromException<ContainerProcessesResponse>(EngineAnswers.Refusal(HttpStatusCode.InternalServerError, "Couldn't find PID field in ps output")));

        var result = runner.Run("Get-DockerContainerProcess", Parameters("web").With("PsArgument", "-o comm"));

        var error = AssertError(Assert.Single(result.Errors), "DockerApi.InternalServerError", ErrorCategory.InvalidOperation, "web");
        Assert.Equal("Error response from daemon: Couldn't find PID field in ps output", Message(error));
    }

    [Theory]
    [MemberData(nameof(ContainerKindsData))]
    public void PipedContainer_IsAskedOfItsOwnEngine(string kind)
    {
        using var other = new FakeEngine();
        AnswerInspect("web", target: other);
        AnswerTop(_ => new ContainerProcessesResponse { Titles = PsEf, Processes = new List<IList<string>> { new[] { "root", "1", "0", "0", "21:30", "?", "00:00:00", "sleep" } } }, other);

        var result = runner.Run("Get-DockerContainerProcess", new Hashtable { ["HostAddress"] = engine.Address }, new[] { Piped(kind, other) });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(other.Endpoint, ((DockerContainerProcess)PSObject.AsPSObject(Assert.Single(result.Output)).BaseObject).Endpoint);
        Assert.Equal(0, engine.CallCount);
    }

    [Theory]
    [MemberData(nameof(NotContainerKinds))]
    public void PipedObjectThatIsNoContainer_IsWrongObjectType_AndNoEngineIsAsked(string kind)
    {
        var result = runner.Run("Get-DockerContainerProcess", new Hashtable { ["HostAddress"] = engine.Address }, new[] { Piped(kind, engine) });

        AssertRefusedAsNotAContainer(result, kind, engine);
    }

    [Fact]
    public void UnreachableEngine_IsATerminatingEngineUnreachable()
    {
        var result = runner.Run("Get-DockerContainerProcess", new Hashtable { ["HostAddress"] = NowhereAddress(), ["Name"] = "web" });

        Assert.Equal("EngineUnreachable", Assert.Single(result.ErrorIds));
        Assert.NotNull(result.Terminating);
    }

    [Fact]
    public void ToProcesses_RowShorterThanItsTitles_LeavesTheRestEmpty()
    {
        var shown = ModelMapper.ToProcesses(
            new ContainerProcessesResponse { Titles = new[] { "PID", "CMD" }, Processes = new List<IList<string>> { new[] { "5" } } },
            engine.Endpoint,
            "web",
            EngineAnswers.IdOf("web")).Single();

        Assert.Equal(string.Empty, shown.Properties["CMD"].Value);
        Assert.Equal("web: 5", shown.BaseObject.ToString());
    }

    private void AnswerInspect(string running, params (string Name, string State)[] others) => AnswerInspect(running, engine, others);

    private static void AnswerInspect(string running, FakeEngine target, params (string Name, string State)[] others) =>
        target.Containers.On(nameof(IContainerOperations.InspectContainerAsync), (string name, CancellationToken _) =>
            Task.FromResult(name == running ? EngineAnswers.Inspect(running) : EngineAnswers.Inspect(name, others.Single(other => other.Name == name).State)));

    private void AnswerTop(Func<string, ContainerProcessesResponse> answer, FakeEngine? target = null) =>
        (target ?? engine).Containers.On(nameof(IContainerOperations.ListProcessesAsync), (string id, ContainerListProcessesParameters parameters, CancellationToken _) =>
        {
            lock (tops)
            {
                tops.Add((id, parameters.PsArgs));
            }

            return Task.FromResult(answer(id));
        });

    private Hashtable Parameters(params string[] names) => new() { ["HostAddress"] = engine.Address, ["Name"] = names };
}
