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
using DockerPS.Tests.Fakes;
using Xunit;
using static DockerPS.Tests.ContainerTestKit;

namespace DockerPS.Tests;

/// <summary>
/// Get-DockerContainer's error paths against a fake engine: names that match nothing, id prefixes that match too
/// much, names and patterns the filters leave out, containers gone before -Detailed inspects them, filters the
/// cmdlet or the engine refuses, objects piped in, an engine that cannot be reached.
/// </summary>
public sealed class GetDockerContainerTests : IClassFixture<CmdletRunner>, IDisposable
{
    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();

    // One runspace for the class: the tests run one after another; none leaves state behind in it.
    public GetDockerContainerTests(CmdletRunner runner) => this.runner = runner;

    public static TheoryData<string> NotContainerKinds => new(NotContainers.Where(kind => kind != "DockerContext"));

    public static TheoryData<string> ContainerKindsData => new(ContainerKinds);

    public void Dispose() => engine.Dispose();

    [Fact]
    public void Get_NamesMatchingNothing_AreEachANonTerminatingContainerNotFound_AndTheOthersAreFound()
    {
        AnswerList(EngineAnswers.Container("web"), EngineAnswers.Container("db", "exited"));

        var result = runner.Run("Get-DockerContainer", Parameters().With("Name", new[] { "web", "nope1", "db", "nope2" }));

        Assert.Null(result.Terminating);
        Assert.Equal(2, result.Errors.Count);
        Assert.Equal("No such container: nope1", Message(AssertError(result.Errors[0], "ContainerNotFound", ErrorCategory.ObjectNotFound, "nope1")));
        Assert.Equal("No such container: nope2", Message(AssertError(result.Errors[1], "ContainerNotFound", ErrorCategory.ObjectNotFound, "nope2")));

        // A named container is found in any state, as docker inspect finds it.
        Assert.Equal(new[] { "web", "db" }, Names(result));
    }

    [Fact]
    public void Get_IdPrefixFittingSeveralContainers_IsANonTerminatingAmbiguousContainerReference_AndAUniquePrefixStillFinds()
    {
        AnswerList(WithId("one", "abc1" + new string('0', 60)), WithId("two", "abc2" + new string('0', 60)));

        var result = runner.Run("Get-DockerContainer", Parameters().With("Name", new[] { "abc", "abc2" }));

        Assert.Null(result.Terminating);
        var error = AssertError(Assert.Single(result.Errors), "AmbiguousContainerReference", ErrorCategory.InvalidArgument, "abc");
        Assert.Equal("multiple containers found with provided prefix: abc", Message(error));
        Assert.Equal(new[] { "two" }, Names(result));
    }

    [Theory]
    [InlineData("Status")]
    [InlineData("Last")]
    [InlineData("Label")]
    [InlineData("Filter")]
    public void Get_NameTheFiltersLeaveOut_IsNoError_AsDockerPsFilterPrintsNothing_ButAMissingNameStillIs(string narrowing)
    {
        // "web" exists but is running and not the newest; the filtered listing (status=exited, -Last 1, a label …)
        // has only "old".
        var web = EngineAnswers.Container("web");
        var old = EngineAnswers.Container("old", "exited");
        engine.Containers.On(nameof(IContainerOperations.ListContainersAsync), (ContainersListParameters parameters, CancellationToken _) =>
            parameters.Filters is null && parameters.Limit is null ? EngineAnswers.ListOf(web, old) : EngineAnswers.ListOf(old));
        object value = narrowing switch
        {
            "Status" => new[] { "Exited" },
            "Last" => 1,
            "Label" => new[] { "tier=batch" },
            _ => new Hashtable { ["exited"] = "0" },
        };

        var result = runner.Run("Get-DockerContainer", Parameters().With("Name", new[] { "web", "old", "nope" }).With(narrowing, value));

        Assert.Null(result.Terminating);
        AssertError(Assert.Single(result.Errors), "ContainerNotFound", ErrorCategory.ObjectNotFound, "nope");
        Assert.Equal(new[] { "old" }, Names(result));
    }

    [Fact]
    public void Get_PatternMatchingNothing_IsNoError_EvenWhereANameWouldBe()
    {
        // "stopped" exists but is exited: without -All a pattern covers running containers only.
        AnswerList(EngineAnswers.Container("web"), EngineAnswers.Container("stopped", "exited"));

        var result = runner.Run("Get-DockerContainer", Parameters().With("Name", new[] { "zz*", "stop*", "nope" }));

        Assert.Null(result.Terminating);
        AssertError(Assert.Single(result.Errors), "ContainerNotFound", ErrorCategory.ObjectNotFound, "nope");
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Get_Detailed_LeavesOutAContainerRemovedBetweenTheListingAndItsInspection()
    {
        AnswerList(EngineAnswers.Container("web"), EngineAnswers.Container("gone"), EngineAnswers.Container("db"));
        engine.Containers.On(nameof(IContainerOperations.InspectContainerAsync), (string id, CancellationToken _) =>
            id == EngineAnswers.IdOf("gone")
                ? Task.FromException<ContainerInspectResponse>(EngineAnswers.NoSuchContainer(id))
                : Task.FromResult(EngineAnswers.Inspect(id == EngineAnswers.IdOf("web") ? "web" : "db")));

        var result = runner.Run("Get-DockerContainer", Parameters().With("Detailed", true));

        Assert.Empty(result.ErrorIds);
        var containers = result.Output.Cast<DockerContainer>().ToList();
        Assert.Equal(new[] { "web", "db" }, containers.Select(container => container.Name));
        Assert.All(containers, container => Assert.True(container.IsDetailed));
        Assert.Equal(3, engine.Containers.CountOf(nameof(IContainerOperations.InspectContainerAsync)));
    }

    [Fact]
    public void Get_Detailed_InspectRefusedForAnotherReason_IsTerminating_InTheEnginesWords()
    {
        // Only a container that is gone is left out; anything else the engine says is not swallowed.
        AnswerList(EngineAnswers.Container("web"));
        engine.Containers.On(nameof(IContainerOperations.InspectContainerAsync), (string id, CancellationToken _) =>
            Task.FromException<ContainerInspectResponse>(EngineAnswers.Refusal(HttpStatusCode.InternalServerError, "layer does not exist")));

        var result = runner.Run("Get-DockerContainer", Parameters().With("Detailed", true));

        Assert.Empty(result.Errors);
        Assert.Equal("DockerApi.InternalServerError", result.Terminating!.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal("Error response from daemon: layer does not exist", Message(result.Terminating));
        Assert.Empty(result.Output);
    }

    [Theory]
    [InlineData("", "x", "A -Filter key cannot be empty.")]
    [InlineData("status", null, "A -Filter value cannot be null.")]
    public void Get_FilterTheCmdletCannotRead_IsTerminatingInvalidArgument_AndNoEngineIsAsked(string key, string? value, string words)
    {
        var result = runner.Run("Get-DockerContainer", Parameters().With("Filter", new Hashtable { [key] = value }));

        Assert.Empty(result.Errors);
        Assert.Equal("InvalidArgument", result.Terminating!.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.InvalidArgument, result.Terminating.CategoryInfo.Category);
        Assert.Equal(words, Message(result.Terminating));
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void Get_FilterTheEngineRefuses_IsTerminating_InTheEnginesWords()
    {
        engine.Containers.On(nameof(IContainerOperations.ListContainersAsync), (ContainersListParameters _, CancellationToken __) =>
            Task.FromException<IList<ContainerListResponse>>(EngineAnswers.Refusal(HttpStatusCode.BadRequest, "invalid filter 'colour'")));

        var result = runner.Run("Get-DockerContainer", Parameters().With("Filter", new Hashtable { ["colour"] = "red" }));

        Assert.Empty(result.Errors);
        AssertError(result.Terminating!, "DockerApi.BadRequest", ErrorCategory.InvalidArgument, null);
        Assert.Equal("Error response from daemon: invalid filter 'colour'", Message(result.Terminating!));
    }

    [Theory]
    [InlineData("Status", "Sleeping", "CannotConvertArgumentNoMessage")]
    [InlineData("Last", 0, "ParameterArgumentValidationError")]
    public void Get_ParameterOutOfItsRange_IsAParameterError_AndNoEngineIsAsked(string parameter, object value, string id)
    {
        var result = runner.Run("Get-DockerContainer", Parameters().With(parameter, value));

        Assert.Equal(id, Assert.Single(result.ErrorIds));
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void Get_EngineUnreachable_IsTerminatingEngineUnreachable()
    {
        var address = NowhereAddress();

        var result = runner.Run("Get-DockerContainer", new Hashtable { ["HostAddress"] = address, ["Name"] = new[] { "web", "db" } });

        Assert.Empty(result.Errors);
        Assert.Equal("EngineUnreachable", result.Terminating!.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.ConnectionError, result.Terminating.CategoryInfo.Category);
        Assert.Equal($"Cannot connect to the Docker daemon at {address}. Is the docker daemon running?", Message(result.Terminating));
    }

    [Theory]
    [MemberData(nameof(NotContainerKinds))]
    public void Get_PipedObjectThatIsNoContainer_IsRefusedInItsPlace_AndNoEngineIsAsked(string kind)
    {
        AnswerList(EngineAnswers.Container("web"));

        var result = runner.Run("Get-DockerContainer", Parameters(), new[] { Piped(kind, engine) });

        AssertRefusedAsNotAContainer(result, kind, engine);
    }

    [Theory]
    [MemberData(nameof(ContainerKindsData))]
    public void Get_PipedContainerOrExit_IsLookedUpAgainAtTheEngineItCameFrom(string kind)
    {
        AnswerList(EngineAnswers.Container("web", "exited"), EngineAnswers.Container("db"));

        var result = runner.Run("Get-DockerContainer", new Hashtable { ["HostAddress"] = NowhereAddress() }, new[] { Piped(kind, engine) });

        Assert.Empty(result.ErrorIds);
        var container = Assert.IsType<DockerContainer>(Assert.Single(result.Output));
        Assert.Equal("exited", container.State);
        Assert.Equal(engine.Endpoint, container.Endpoint);
    }

    [Fact]
    public void Get_PipedContainerRemovedSince_IsANonTerminatingContainerNotFound_NamingIt()
    {
        var removed = Piped("DockerContainer", engine);
        AnswerList(EngineAnswers.Container("db"));

        var result = runner.Run("Get-DockerContainer", null, new[] { removed, Piped("DockerContainerExit", engine) });

        Assert.Null(result.Terminating);
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, error => AssertError(error, "ContainerNotFound", ErrorCategory.ObjectNotFound, "web"));
        Assert.Empty(result.Output);
    }

    private Hashtable Parameters() => new() { ["HostAddress"] = engine.Address };

    private void AnswerList(params ContainerListResponse[] containers) =>
        engine.Containers.On(nameof(IContainerOperations.ListContainersAsync), (ContainersListParameters _, CancellationToken __) => EngineAnswers.ListOf(containers));

    private static ContainerListResponse WithId(string name, string id)
    {
        var container = EngineAnswers.Container(name);
        container.ID = id;
        return container;
    }

    private static IEnumerable<string> Names(RunResult result) => result.Output.Cast<DockerContainer>().Select(container => container.Name);
}
