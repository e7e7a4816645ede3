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

/// <summary>Get-DockerContainerChange against a fake engine: docker diff's lines, missing containers, objects piped in.</summary>
public sealed class GetDockerContainerChangeTests : IClassFixture<CmdletRunner>, IDisposable
{
    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();

    public GetDockerContainerChangeTests(CmdletRunner runner) => this.runner = runner;

    public static TheoryData<string> NotContainerKinds => new(NotContainers);

    public static TheoryData<string> ContainerKindsData => new(ContainerKinds);

    public void Dispose() => engine.Dispose();

    [Fact]
    public void Changes_AreMappedAsDockerDiffShowsThem_InTheEnginesOrder()
    {
        AnswerChanges("web", (FileSystemChangeKind.Modify, "/etc"), (FileSystemChangeKind.Add, "/etc/site.conf"), (FileSystemChangeKind.Delete, "/etc/group"));

        var result = runner.Run("Get-DockerContainerChange", Parameters().With("Name", new[] { "web" }));

        Assert.Empty(result.ErrorIds);
        var changes = result.Output.Cast<DockerContainerChange>().ToList();
        Assert.Equal(new[] { "C /etc", "A /etc/site.conf", "D /etc/group" }, changes.Select(change => change.ToString()));
        Assert.Equal(new[] { DockerContainerChangeKind.Changed, DockerContainerChangeKind.Added, DockerContainerChangeKind.Deleted }, changes.Select(change => change.Kind));
        Assert.All(changes, change => Assert.Equal("web", change.Container));
        Assert.All(changes, change => Assert.Equal(engine.Endpoint, change.Endpoint));
    }

    [Fact]
    public void Changes_NoneAtAll_WritesNothing()
    {
        engine.Containers.On(nameof(IContainerOperations.InspectChangesAsync), (string id, CancellationToken _) => Task.FromResult<IList<ContainerFileSystemChangeResponse>>(null!));

        var result = runner.Run("Get-DockerContainerChange", Parameters().With("Name", new[] { "web" }));

        Assert.Empty(result.ErrorIds);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Changes_MissingContainer_IsANonTerminatingContainerNotFound_AndTheOthersGoOn()
    {
        AnswerChanges("web", (FileSystemChangeKind.Add, "/x"));

        var result = runner.Run("Get-DockerContainerChange", Parameters().With("Name", new[] { "nope", "web" }));

        Assert.Null(result.Terminating);
        var error = AssertError(result.Errors.Single(), "ContainerNotFound", ErrorCategory.ObjectNotFound, "nope");
        Assert.Equal("No such container: nope", Message(error));
        Assert.Equal("A /x", Assert.Single(result.Output).ToString());
    }

    [Fact]
    public void Changes_PodmansAnswerForAMissingContainer_IsContainerNotFound()
    {
        engine.Containers.On(nameof(IContainerOperations.InspectChangesAsync), (string id, CancellationToken _) =>
            Task.FromException<IList<ContainerFileSystemChangeResponse>>(EngineAnswers.Refusal(HttpStatusCode.InternalServerError, $"{id} not found: layer not known")));

        var result = runner.Run("Get-DockerContainerChange", Parameters().With("Name", new[] { "nope" }));

        AssertError(result.Errors.Single(), "ContainerNotFound", ErrorCategory.ObjectNotFound, "nope");
    }

    [Fact]
    public void Changes_EngineRefusal_IsInTheEnginesWords()
    {
        engine.Containers.On(nameof(IContainerOperations.InspectChangesAsync), (string id, CancellationToken _) =>
            Task.FromException<IList<ContainerFileSystemChangeResponse>>(EngineAnswers.Refusal(HttpStatusCode.InternalServerError, "diff is not supported by this storage driver")));

        var result = runner.Run("Get-DockerContainerChange", Parameters().With("Name", new[] { "web" }));

        Assert.Contains("diff is not supported by this storage driver", Message(result.Errors.Single()));
    }

    [Theory]
    [MemberData(nameof(NotContainerKinds))]
    public void Changes_PipedObjectThatIsNoContainer_IsRefused_AndNoEngineIsAsked(string kind)
    {
        var result = runner.Run("Get-DockerContainerChange", Parameters(), new[] { Piped(kind, engine) });

        AssertRefusedAsNotAContainer(result, kind, engine);
    }

    [Theory]
    [MemberData(nameof(ContainerKindsData))]
    public void Changes_PipedContainer_IsAskedOfItsEngine(string kind)
    {
        AnswerChanges("web", (FileSystemChangeKind.Modify, "/etc"));

        var result = runner.Run("Get-DockerContainerChange", new Hashtable { ["HostAddress"] = NowhereAddress() }, new[] { Piped(kind, engine) });

        Assert.Empty(result.ErrorIds);
        Assert.Equal("C /etc", Assert.Single(result.Output).ToString());
    }

    private Hashtable Parameters() => new() { ["HostAddress"] = engine.Address };

    private void AnswerChanges(string name, params (FileSystemChangeKind Kind, string Path)[] changes) =>
        engine.Containers.On(nameof(IContainerOperations.InspectChangesAsync), (string id, CancellationToken _) =>
            id == name
                ? Task.FromResult<IList<ContainerFileSystemChangeResponse>>(changes.Select(change => new ContainerFileSystemChangeResponse { Kind = change.Kind, Path = change.Path }).ToList())
                : Task.FromException<IList<ContainerFileSystemChangeResponse>>(EngineAnswers.NoSuchContainer(id)));
}
