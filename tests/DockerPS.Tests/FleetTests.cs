using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net.Sockets;
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
/// Many engines in one pipeline: contexts from the pipeline and -Context patterns naming engines, each engine asked at
/// once, one out of reach (or silent past -ConnectTimeout) its own error while the others answer, objects naming their
/// context, and batches going on when one of their engines is lost.
/// </summary>
[Collection(DockerCliEnvironmentCollection.Name)]
public sealed class FleetTests : IDisposable
{
    private readonly DockerCliEnvironmentScope store = new(DockerCliEnvironmentScope.Nowhere);
    private readonly CmdletRunner runner = new();
    private readonly FakeEngine first = new();
    private readonly FakeEngine second = new();

    public FleetTests()
    {
        store.WriteContext("prod-a", first.Address);
        store.WriteContext("prod-b", second.Address);
        store.WriteContext("test-gone", NowhereAddress());
        foreach (var (engine, name) in new[] { (first, "web"), (second, "db") })
        {
            engine.Containers.On(nameof(IContainerOperations.ListContainersAsync), (ContainersListParameters _, CancellationToken __) => EngineAnswers.ListOf(EngineAnswers.Container(name)));
        }
    }

    public void Dispose()
    {
        second.Dispose();
        first.Dispose();
        runner.Dispose();
        store.Dispose();
    }

    [Fact]
    public void PipedContexts_ListEveryEngine_EachObjectNamingItsContext_InTheEngineView()
    {
        var result = runner.RunScript("Get-DockerContext prod-* | Get-DockerContainer");

        Assert.Empty(result.ErrorIds);
        Assert.Null(result.Terminating);
        var containers = result.Output.Select(item => Assert.IsType<DockerContainer>(PSObject.AsPSObject(item).BaseObject)).ToList();
        Assert.Equal(new[] { ("prod-a", "web"), ("prod-b", "db") }, containers.Select(c => (c.Context!, c.Name)).OrderBy(pair => pair.Item1));
        Assert.All(result.Output, item => Assert.Equal("DockerPS.DockerContainer#Engines", PSObject.AsPSObject(item).TypeNames[0]));
        Assert.Equal(1, first.Containers.CountOf(nameof(IContainerOperations.ListContainersAsync)));
        Assert.Equal(1, second.Containers.CountOf(nameof(IContainerOperations.ListContainersAsync)));
    }

    [Fact]
    public void PipedContexts_AreAskedTogether_SoASlowEngineDoesNotHoldBackTheRequestToTheNext()
    {
        var bothAsked = new CountdownEvent(2);
        foreach (var (engine, name) in new[] { (first, "web"), (second, "db") })
        {
            engine.Containers.On(nameof(IContainerOperations.ListContainersAsync), async (ContainersListParameters _, CancellationToken token) =>
            {
                bothAsked.Signal();

                // Each engine answers only once both have been asked: asked one after another, the first would wait forever.
                await Task.Run(() => bothAsked.Wait(token), token);
                return (System.Collections.Generic.IList<ContainerListResponse>)new[] { EngineAnswers.Container(name) }.ToList();
            });
        }

        var result = runner.RunScript("Get-DockerContext prod-* | Get-DockerContainer");

        Assert.Empty(result.ErrorIds);
        Assert.Equal(2, result.Output.Count);
    }

    [Fact]
    public void PipedContexts_OneOutOfReach_IsItsOwnEngineUnreachable_AndTheOthersAreListed()
    {
        var result = runner.RunScript("Get-DockerContext prod-*, test-* | Get-DockerContainer");

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("EngineUnreachable", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("dockerps-", error.Exception.Message);
        Assert.Equal(new[] { "db", "web" }, result.Output.Select(item => ((DockerContainer)PSObject.AsPSObject(item).BaseObject).Name).OrderBy(name => name));
    }

    [Fact]
    public void ContextPattern_NamesEveryMatchingContext()
    {
        var result = runner.Run("Get-DockerContainer", new Hashtable { ["Context"] = new[] { "prod-*" } });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "prod-a", "prod-b" }, result.Output.Select(item => ((DockerContainer)PSObject.AsPSObject(item).BaseObject).Context).OrderBy(name => name));
    }

    [Fact]
    public void ContextPattern_MatchingNoContext_IsContextNotFound_AndNoEngineIsAsked()
    {
        var result = runner.Run("Get-DockerContainer", new Hashtable { ["Context"] = new[] { "staging-*" } });

        Assert.Equal("ContextNotFound", result.Terminating!.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal("staging-*", result.Terminating.TargetObject);
        Assert.Empty(result.Output);
        Assert.Equal(0, first.CallCount + second.CallCount);
    }

    [Fact]
    public void ContextPattern_OnACmdletOfOneEngine_MatchingSeveral_IsMultipleContexts()
    {
        var result = runner.Run("Stop-DockerContainer", new Hashtable { ["Name"] = new[] { "web" }, ["Context"] = new[] { "prod-*" } });

        Assert.Equal("MultipleContexts", result.Terminating!.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(0, first.CallCount + second.CallCount);
    }

    [Fact]
    public void ConnectTimeout_AnEngineThatAcceptsButNeverAnswers_IsUnreachable_AndTheOthersAreListed()
    {
        var socketPath = Path.Combine(Path.GetTempPath(), $"dps-silent-{Guid.NewGuid():N}.sock");
        using var silent = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        silent.Bind(new UnixDomainSocketEndPoint(socketPath));
        silent.Listen(8);
        try
        {
            store.WriteContext("prod-silent", "unix://" + socketPath);

            var result = runner.Run("Get-DockerContainer", new Hashtable { ["Context"] = new[] { "prod-*" }, ["ConnectTimeout"] = 1 });

            Assert.Null(result.Terminating);
            var error = Assert.Single(result.Errors);
            Assert.Equal("EngineUnreachable", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Contains(socketPath, error.Exception.Message);
            Assert.Equal(new[] { "db", "web" }, result.Output.Select(item => ((DockerContainer)PSObject.AsPSObject(item).BaseObject).Name).OrderBy(name => name));
        }
        finally
        {
            File.Delete(socketPath);
        }
    }

    [Fact]
    public void PipedContexts_ToGetDockerVolume_ListEachEnginesVolumes()
    {
        foreach (var (engine, name) in new[] { (first, "data-a"), (second, "data-b") })
        {
            engine.Volumes.On(nameof(IVolumeOperations.ListAsync), (VolumesListParameters _, CancellationToken __) =>
                Task.FromResult(new VolumesListResponse { Volumes = new[] { new VolumeResponse { Name = name, Driver = "local" } } }));
        }

        var result = runner.RunScript("Get-DockerContext prod-* | Get-DockerVolume");

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { ("prod-a", "data-a"), ("prod-b", "data-b") }, result.Output.Select(item => (DockerVolume)PSObject.AsPSObject(item).BaseObject).Select(v => (v.Context!, v.Name)).OrderBy(pair => pair.Item1));
    }

    [Fact]
    public void PipedContexts_ToGetDockerInfo_AskEachEngine()
    {
        foreach (var engine in new[] { first, second })
        {
            engine.System.On(nameof(ISystemOperations.GetSystemInfoAsync), (CancellationToken _) => Task.FromResult(new SystemInfoResponse { Name = engine.Address }));
        }

        var result = runner.RunScript("Get-DockerContext prod-* | Get-DockerInfo");

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { ("prod-a", first.Address), ("prod-b", second.Address) }, result.Output.Cast<DockerInfo>().Select(info => (info.Context!, info.Name)).OrderBy(pair => pair.Item1));
    }

    [Fact]
    public void PipedContainer_ToGetDockerInfo_IsRefusedAsWrongObjectType_AndNoEngineIsAsked()
    {
        var container = ModelMapper.ToContainer(EngineAnswers.Container("web"), first.Endpoint);

        var result = runner.Run("Get-DockerInfo", null, new object[] { container });

        Assert.Equal("WrongObjectType", Assert.Single(result.ErrorIds));
        Assert.Empty(result.Output);
        Assert.Equal(0, first.CallCount);
    }

    [Fact]
    public void Batch_AcrossEngines_OneLost_IsOneErrorNamingIt_AndTheOtherEnginesItemsAreDone()
    {
        var gone = new DockerEndpoint(new Uri(NowhereAddress()), DockerEndpointSource.ContextParameter, "test-gone");
        var stopped = new System.Collections.Concurrent.ConcurrentBag<string>();
        first.Containers.On(nameof(IContainerOperations.StopContainerAsync), (string id, ContainerStopParameters __, CancellationToken ___) =>
        {
            stopped.Add(id);
            return Task.FromResult(true);
        });
        var piped = new object[]
        {
            ModelMapper.ToContainer(EngineAnswers.Container("web"), first.Endpoint),
            ModelMapper.ToContainer(EngineAnswers.Container("db"), gone),
            ModelMapper.ToContainer(EngineAnswers.Container("api"), gone),
            ModelMapper.ToContainer(EngineAnswers.Container("cache"), first.Endpoint),
        };

        var result = runner.Run("Stop-DockerContainer", null, piped);

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("EngineUnreachable", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal("db", error.TargetObject);
        Assert.Equal(new[] { "cache", "web" }, stopped.OrderBy(name => name));
    }

    [Fact]
    public void Batch_OnOneEngine_Lost_IsStillOneTerminatingError()
    {
        var gone = new DockerEndpoint(new Uri(NowhereAddress()), DockerEndpointSource.ContextParameter, "test-gone");
        var piped = new object[]
        {
            ModelMapper.ToContainer(EngineAnswers.Container("db"), gone),
            ModelMapper.ToContainer(EngineAnswers.Container("api"), gone),
        };

        var result = runner.Run("Stop-DockerContainer", null, piped);

        Assert.Empty(result.Errors);
        Assert.Equal("EngineUnreachable", result.Terminating!.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal("db", result.Terminating.TargetObject);
    }
}
