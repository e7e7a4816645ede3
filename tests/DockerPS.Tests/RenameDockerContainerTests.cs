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

/// <summary>Rename-DockerContainer (docker rename) against a fake engine.</summary>
public sealed class RenameDockerContainerTests : IDisposable
{
    private readonly CmdletRunner runner = new();
    private readonly FakeEngine engine = new();
    private readonly List<(string Id, string NewName)> renames = new();

    public RenameDockerContainerTests()
    {
        engine.Containers.On(nameof(IContainerOperations.RenameContainerAsync), (string id, ContainerRenameParameters parameters, CancellationToken _) =>
        {
            renames.Add((id, parameters.NewName!));
            return Task.CompletedTask;
        });
    }

    public static TheoryData<string> NotContainerKinds => new(NotContainers);

    public void Dispose()
    {
        engine.Dispose();
        runner.Dispose();
    }

    [Fact]
    public void Rename_AsksTheEngineForTheNewName_AndWritesNothing()
    {
        var result = runner.Run("Rename-DockerContainer", Parameters("web", "web-old"));

        Assert.Empty(result.ErrorIds);
        Assert.Empty(result.Output);
        Assert.Equal(new[] { ("web", "web-old") }, renames);
    }

    [Fact]
    public void LeadingSlash_AsTheEngineWritesNames_IsDropped()
    {
        var result = runner.Run("Rename-DockerContainer", Parameters("web", "/web-old"));

        Assert.Empty(result.ErrorIds);
        Assert.Equal("web-old", Assert.Single(renames).NewName);
    }

    [Theory]
    [InlineData("bad name")]
    [InlineData("-web")]
    [InlineData("w")]
    [InlineData("web/old")]
    [InlineData("wéb")]
    public void NameTheEngineWouldRefuse_IsATerminatingInvalidContainerName_AndNoEngineIsAsked(string newName)
    {
        var result = runner.Run("Rename-DockerContainer", Parameters("web", newName));

        AssertError(result.Terminating!, "InvalidContainerName", ErrorCategory.InvalidArgument, newName);
        Assert.Equal($"Invalid container name ({newName}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed", Message(result.Terminating!));
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void MissingContainer_IsANonTerminatingContainerNotFound()
    {
        engine.Containers.On(nameof(IContainerOperations.RenameContainerAsync), (string id, ContainerRenameParameters _, CancellationToken __) =>
            Task.FromException(EngineAnswers.NoSuchContainer(id)));

        var result = runner.Run("Rename-DockerContainer", Parameters("gone", "web2"));

        Assert.Null(result.Terminating);
        AssertError(Assert.Single(result.Errors), "ContainerNotFound", ErrorCategory.ObjectNotFound, "gone");
    }

    [Fact]
    public void NameTaken_IsTheEnginesRefusal_ForThatContainer()
    {
        const string words = "Conflict. The container name \"/db\" is already in use by container \"0123\". You have to remove (or rename) that container to be able to reuse that name.";
        engine.Containers.On(nameof(IContainerOperations.RenameContainerAsync), (string id, ContainerRenameParameters _, CancellationToken __) =>
            Task.FromException(EngineAnswers.Refusal(HttpStatusCode.Conflict, words)));

        var result = runner.Run("Rename-DockerContainer", Parameters("web", "db"));

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("web", error.TargetObject);
        Assert.Equal("Error response from daemon: " + words, Message(error));
    }

    [Fact]
    public void PassThru_ReadsTheContainerBackByItsNewName()
    {
        engine.Containers.On(nameof(IContainerOperations.InspectContainerAsync), (string id, CancellationToken _) => Task.FromResult(EngineAnswers.Inspect(id)));
        engine.Containers.On(nameof(IContainerOperations.ListContainersAsync), (ContainersListParameters _, CancellationToken __) => EngineAnswers.ListOf(EngineAnswers.Container("web-old")));

        var result = runner.Run("Rename-DockerContainer", Parameters("web", "web-old").With("PassThru", true));

        Assert.Empty(result.ErrorIds);
        Assert.Equal("web-old", Assert.IsType<DockerContainer>(Assert.Single(result.Output)).Name);
        Assert.Equal("web-old", engine.Containers.Calls.Single(call => call.Method == nameof(IContainerOperations.InspectContainerAsync)).Arguments[0]);
    }

    [Fact]
    public void PipedContainer_IsRenamedOnTheEngineItCameFrom()
    {
        var result = runner.Run(
            "Rename-DockerContainer",
            new Hashtable { ["HostAddress"] = NowhereAddress(), ["NewName"] = "web2" },
            new[] { Piped("DockerContainer", engine) });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { ("web", "web2") }, renames);
    }

    [Theory]
    [MemberData(nameof(NotContainerKinds))]
    public void PipedObjectThatIsNoContainer_IsRefused_AndNoEngineIsAsked(string kind)
    {
        var result = runner.Run("Rename-DockerContainer", new Hashtable { ["HostAddress"] = engine.Address, ["NewName"] = "web2" }, new[] { Piped(kind, engine) });

        AssertRefusedAsNotAContainer(result, kind, engine);
    }

    [Fact]
    public void WhatIf_AsksNothingOfTheEngine()
    {
        var result = runner.Run("Rename-DockerContainer", Parameters("web", "web2").With("WhatIf", true));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(0, engine.CallCount);
    }

    private Hashtable Parameters(string name, string newName) => new() { ["HostAddress"] = engine.Address, ["Name"] = name, ["NewName"] = newName };
}
