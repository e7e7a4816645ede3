using System;
using System.Collections;
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
/// Remove-DockerContainer's own error paths against a fake engine: -Force and missing containers, the engine's refusal
/// to remove a running one, and -WhatIf, which nothing (not even -Force) may turn into a removal. What it shares with
/// the other batch cmdlets is in ContainerStateErrorPathTests.
/// </summary>
public sealed class RemoveDockerContainerTests : IClassFixture<CmdletRunner>, IDisposable
{
    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();

    // One runspace for the class: the tests run one after another; none leaves state behind in it.
    public RemoveDockerContainerTests(CmdletRunner runner) => this.runner = runner;

    public void Dispose() => engine.Dispose();

    [Fact]
    public void Remove_Force_ContainerMissing_IsAVerboseNote_AndTheOthersAreRemoved()
    {
        // docker rm -f: what is already gone needs no removing.
        AnswerRemove(id => id == "b" ? EngineAnswers.NoSuchContainer("b") : null);

        var result = runner.Run("Remove-DockerContainer", Parameters().With("Name", new[] { "a", "b", "c" }).With("Force", true).With("Verbose", true));

        Assert.Empty(result.ErrorIds);
        Assert.Contains("No such container: b", result.Verbose);
        Assert.Equal(3, engine.Containers.CountOf(nameof(IContainerOperations.RemoveContainerAsync)));
        Assert.All(engine.Containers.Calls, call => Assert.True(((ContainerRemoveParameters)call.Arguments[1]!).Force));
    }

    [Fact]
    public void Remove_Force_OtherRefusal_IsStillTheContainersError()
    {
        // -Force forgives only a container that is gone, not an engine that cannot remove it.
        const string words = "Could not kill running container 0123456789ab, cannot remove - tried to kill container, but did not receive an exit event";
        AnswerRemove(id => id == "a" ? EngineAnswers.Refusal(HttpStatusCode.InternalServerError, words) : null);

        var result = runner.Run("Remove-DockerContainer", Parameters().With("Name", new[] { "a", "b" }).With("Force", true));

        Assert.Null(result.Terminating);
        var error = AssertError(Assert.Single(result.Errors), "DockerApi.InternalServerError", ErrorCategory.InvalidOperation, "a");
        Assert.Equal("Error response from daemon: " + words, Message(error));
        Assert.Equal(2, engine.Containers.CountOf(nameof(IContainerOperations.RemoveContainerAsync)));
    }

    [Theory]
    [InlineData(false, "You cannot remove a running container 0123456789ab. Stop the container before attempting removal or force remove")]
    [InlineData(false, "cannot remove container \"/a\": container is running: stop the container before removing or force remove")]
    [InlineData(false, "cannot remove container \"/a\": container is paused and must be unpaused first")]
    [InlineData(true, "cannot remove container 0123456789ab as it is running - running or paused containers cannot be removed without force")]
    public void Remove_RunningWithoutForce_IsTheEnginesConflict_ResourceBusy_InItsWords_AndTheOthersAreRemoved(bool podman, string words)
    {
        var refusal = podman ? PodmanStateImproper(words) : EngineAnswers.Refusal(HttpStatusCode.Conflict, words);
        AnswerRemove(id => id == "a" ? refusal : null);

        var result = runner.Run("Remove-DockerContainer", Parameters().With("Name", new[] { "a", "b" }));

        Assert.Null(result.Terminating);
        var error = AssertError(Assert.Single(result.Errors), "DockerApi.Conflict", ErrorCategory.ResourceBusy, "a");
        Assert.StartsWith("Error response from daemon: " + words, Message(error));
        Assert.Equal(2, engine.Containers.CountOf(nameof(IContainerOperations.RemoveContainerAsync)));
        Assert.All(engine.Containers.Calls, call => Assert.False(((ContainerRemoveParameters)call.Arguments[1]!).Force));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Remove_WhatIf_AsksNothingOfTheEngine_EvenWithForce(bool force)
    {
        var result = runner.Run("Remove-DockerContainer", Parameters().With("Name", new[] { "a", "b" }).With("WhatIf", true).With("Force", force));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void Remove_WhatIfPreference_WinsOverForce()
    {
        // In a child scope: the runspace is shared by the class's tests.
        var result = runner.RunScript($"& {{ $WhatIfPreference = $true; Remove-DockerContainer -HostAddress '{engine.Address}' -Name a, b -Force }}");

        Assert.Empty(result.ErrorIds);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void Remove_Volumes_IsAskedOfTheEngine_WithEachRemoval()
    {
        AnswerRemove(_ => null);

        var result = runner.Run("Remove-DockerContainer", Parameters().With("Name", new[] { "a", "b" }).With("Volumes", true));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(2, engine.Containers.CountOf(nameof(IContainerOperations.RemoveContainerAsync)));
        Assert.All(engine.Containers.Calls, call => Assert.True(((ContainerRemoveParameters)call.Arguments[1]!).RemoveVolumes));
    }

    private Hashtable Parameters() => new() { ["HostAddress"] = engine.Address, ["Confirm"] = false };

    private void AnswerRemove(Func<string, Exception?> refusal) =>
        engine.Containers.On(nameof(IContainerOperations.RemoveContainerAsync), (string id, ContainerRemoveParameters _, CancellationToken __) =>
            refusal(id) is { } failure ? Task.FromException(failure) : Task.CompletedTask);
}
