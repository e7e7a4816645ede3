using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using DockerPS.Tests.Fakes;
using Xunit;
using static DockerPS.Tests.ContainerTestKit;
using static DockerPS.Tests.VolumeTestKit;

namespace DockerPS.Tests;

/// <summary>
/// Remove-DockerVolume against a fake engine: names it lacks, with and without -Force, volumes containers use (named
/// by container, in Docker's and Podman's answers), other refusals, the batch's input order, -WhatIf, piped objects.
/// </summary>
public sealed class RemoveDockerVolumeTests : IClassFixture<CmdletRunner>, IDisposable
{
    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();

    public RemoveDockerVolumeTests(CmdletRunner runner) => this.runner = runner;

    public static TheoryData<string> NotVolumeKinds => new(NotVolumes);

    public void Dispose() => engine.Dispose();

    [Fact]
    public void NameTheEngineLacks_IsANonTerminatingVolumeNotFound_AndTheOthersAreRemoved()
    {
        AnswerRemove(("nosuch", NoSuchVolume("nosuch")));

        var result = runner.Run("Remove-DockerVolume", Parameters(("Name", new[] { "web", "nosuch", "db" }), ("Confirm", false)));

        Assert.Null(result.Terminating);
        var error = AssertError(Assert.Single(result.Errors), "VolumeNotFound", ErrorCategory.ObjectNotFound, "nosuch");
        Assert.Equal("Error response from daemon: get nosuch: no such volume", Message(error));
        Assert.Equal(new[] { "web", "nosuch", "db" }, Removed().Select(call => call.Name));
        Assert.All(Removed(), call => Assert.False(call.Force));
    }

    [Fact]
    public void Force_AsksTheEngineToForce_AndAVolumeAlreadyGoneIsAVerboseNote_NotAnError()
    {
        AnswerRemove(("nosuch", NoSuchVolume("nosuch")));

        var result = runner.Run("Remove-DockerVolume", Parameters(("Name", new[] { "web", "nosuch" }), ("Force", true), ("Verbose", true)));

        Assert.Empty(result.ErrorIds);
        Assert.Contains("No such volume: nosuch", result.Verbose);
        Assert.All(Removed(), call => Assert.True(call.Force));
    }

    [Fact]
    public void Force_RemovesWithoutAskingForConfirmation()
    {
        // ConfirmImpact is High: without -Force, the runspace's host (which cannot prompt) would fail the question.
        AnswerRemove();

        var forced = runner.Run("Remove-DockerVolume", Parameters(("Name", new[] { "web" }), ("Force", true)));
        var asked = runner.Run("Remove-DockerVolume", Parameters(("Name", new[] { "db" })));

        Assert.Empty(forced.ErrorIds);
        Assert.Equal(new[] { "HostFunctionNotImplemented" }, asked.ErrorIds);
        Assert.Equal(new[] { "web" }, Removed().Select(call => call.Name));
    }

    [Fact]
    public void VolumeAContainerUses_IsANonTerminatingVolumeInUse_NamingTheContainersByName_AndIsKept()
    {
        var words = $"remove data: volume is in use - [{UserId}, {OtherUserId}]";
        AnswerRemove(("data", EngineAnswers.Refusal(HttpStatusCode.Conflict, words)));
        AnswerContainers(engine);

        var result = runner.Run("Remove-DockerVolume", Parameters(("Name", new[] { "data", "web" }), ("Confirm", false)));

        Assert.Null(result.Terminating);
        var error = AssertError(Assert.Single(result.Errors), "VolumeInUse", ErrorCategory.ResourceBusy, "data");
        Assert.Equal(
            $"Volume data is in use by containers jovial_curie (0123456789ab), quirky_noether (fedcba987654); remove them first, with Remove-DockerContainer. ({words})",
            error.ToString());
        Assert.Equal(new[] { "data", "web" }, Removed().Select(call => call.Name));
    }

    [Theory]
    [InlineData(HttpStatusCode.Conflict)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public void PodmansVolumeInUse_ReadsAsDockersDoes_NamingTheContainerByName(HttpStatusCode status)
    {
        AnswerRemove(("data", PodmanInUse("data", status, UserId)));
        AnswerContainers(engine);

        var result = runner.Run("Remove-DockerVolume", Parameters(("Name", new[] { "data" }), ("Confirm", false)));

        var error = AssertError(Assert.Single(result.Errors), "VolumeInUse", ErrorCategory.ResourceBusy, "data");
        Assert.StartsWith("Volume data is in use by container jovial_curie (0123456789ab); remove it first, with Remove-DockerContainer.", error.ToString());
    }

    [Theory]
    [InlineData("0123abcd0123abcd0123abcd0123abcd0123abcd0123abcd0123abcd0123abcd", false)]
    [InlineData("0123abcd0123abcd0123abcd0123abcd0123abcd0123abcd0123abcd0123abcd", true)]
    [InlineData("app-53e340c540bc-data", false)]
    [InlineData("app-53e340c540bc-data", true)]
    public void VolumeWhoseNameHoldsHex_ItsNameIsNotTakenForAContainer(string volume, bool podman)
    {
        // An anonymous volume's name is 64 hex digits; a named one may hold a run id or a date in hex.
        AnswerRemove((volume, podman ? PodmanInUse(volume, HttpStatusCode.Conflict, UserId) : DockerInUse(volume, UserId)));
        AnswerContainers(engine);

        var result = runner.Run("Remove-DockerVolume", Parameters(("Name", new[] { volume }), ("Confirm", false)));

        var error = AssertError(Assert.Single(result.Errors), "VolumeInUse", ErrorCategory.ResourceBusy, volume);
        Assert.StartsWith($"Volume {volume} is in use by container jovial_curie (0123456789ab);", error.ToString());
    }

    [Fact]
    public void VolumeInUse_InWordsNamingNoContainer_IsStillVolumeInUse()
    {
        AnswerRemove(("data", EngineAnswers.Refusal(HttpStatusCode.Conflict, "remove data: volume is in use")));

        var result = runner.Run("Remove-DockerVolume", Parameters(("Name", new[] { "data" }), ("Confirm", false)));

        var error = AssertError(Assert.Single(result.Errors), "VolumeInUse", ErrorCategory.ResourceBusy, "data");
        Assert.StartsWith("Volume data is in use by a container; remove it first", error.ToString());
        Assert.Empty(engine.Containers.Calls);
    }

    [Fact]
    public void OtherRefusal_IsTheEnginesOwn_InItsWords()
    {
        AnswerRemove(("data", EngineAnswers.Refusal(HttpStatusCode.InternalServerError, "remove data: driver nfs failed to remove volume: timeout")));

        var result = runner.Run("Remove-DockerVolume", Parameters(("Name", new[] { "data" }), ("Confirm", false)));

        var error = AssertError(Assert.Single(result.Errors), "DockerApi.InternalServerError", ErrorCategory.InvalidOperation, "data");
        Assert.Equal("Error response from daemon: remove data: driver nfs failed to remove volume: timeout", Message(error));
    }

    [Fact]
    public void Batch_WritesErrorsInInputOrder_WhateverOrderTheRemovalsFinishIn()
    {
        // The first name fails last; the third fails at once.
        var firstMayFail = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        engine.Volumes.On(nameof(IVolumeOperations.RemoveAsync), async (string name, bool? _, CancellationToken __) =>
        {
            if (name == "gone1")
            {
                await firstMayFail.Task.WaitAsync(TimeSpan.FromSeconds(10));
            }
            else if (name == "gone3")
            {
                firstMayFail.SetResult(true);
            }

            if (name.StartsWith("gone", StringComparison.Ordinal))
            {
                throw NoSuchVolume(name);
            }
        });

        var result = runner.Run("Remove-DockerVolume", Parameters(("Name", new[] { "gone1", "web", "gone3" }), ("Confirm", false)));

        Assert.Null(result.Terminating);
        Assert.Equal(new object[] { "gone1", "gone3" }, result.Errors.Select(error => error.TargetObject));
    }

    [Fact]
    public void WhatIf_AsksTheEngineNothing_EvenWithForce()
    {
        var result = runner.Run("Remove-DockerVolume", Parameters(("Name", new[] { "web", "db" }), ("WhatIf", true), ("Force", true)));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void EngineThatCannotBeReached_StopsTheBatchWithATerminatingEngineUnreachable()
    {
        var result = runner.Run("Remove-DockerVolume", new Hashtable { ["HostAddress"] = NowhereAddress(), ["Name"] = new[] { "web", "db" }, ["Confirm"] = false });

        Assert.Empty(result.Errors);
        AssertError(result.Terminating!, "EngineUnreachable", ErrorCategory.ConnectionError, "web");
    }

    [Theory]
    [InlineData("DockerVolume")]
    [InlineData("VolumeMount")]
    public void PipedVolumeOrVolumeMount_IsRemovedByNameOnItsOwnEngine(string kind)
    {
        AnswerRemove();

        var result = runner.Run("Remove-DockerVolume", new Hashtable { ["HostAddress"] = NowhereAddress(), ["Confirm"] = false }, new[] { PipedObject(kind, engine) });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "web" }, Removed().Select(call => call.Name));
    }

    [Theory]
    [MemberData(nameof(NotVolumeKinds))]
    public void PipedObjectThatIsNoVolume_IsRefusedAsWrongObjectType_AndTheEngineIsNotAsked(string kind)
    {
        AnswerRemove();

        var result = runner.Run("Remove-DockerVolume", Parameters(("Confirm", false)), new[] { PipedObject(kind, engine) });

        GetDockerVolumeTests.AssertRefusedAsNotAVolume(result, kind, engine);
    }

    /// <summary>Every volume is removed, but for the one refused.</summary>
    private void AnswerRemove((string Name, Exception Refusal)? refusing = null) =>
        engine.Volumes.On(nameof(IVolumeOperations.RemoveAsync), (string name, bool? _, CancellationToken __) =>
            refusing is { } refusal && name == refusal.Name ? Task.FromException(refusal.Refusal) : Task.CompletedTask);

    private IReadOnlyList<(string Name, bool Force)> Removed() => engine.Volumes.Calls
        .Where(call => call.Method == nameof(IVolumeOperations.RemoveAsync))
        .Select(call => ((string)call.Arguments[0]!, ((bool?)call.Arguments[1]) == true))
        .ToList();

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
