using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet.Models;
using DockerPS.Mapping;
using DockerPS.Tests.Fakes;
using Xunit;

namespace DockerPS.Tests;

/// <summary>
/// The cmdlet base chain, run in a real runspace against a fake engine: the pump that carries pool-thread work to
/// the pipeline thread, batches (input order, throttling, one item's failure, Ctrl+C), engine resolution on the
/// pipeline thread, and objects from the pipeline that stand for the wrong thing.
/// </summary>
public sealed class CmdletBaseChainTests : IDisposable
{
    private readonly CmdletRunner runner = new();
    private readonly FakeEngine engine = new();

    public void Dispose()
    {
        engine.Dispose();
        runner.Dispose();
    }

    [Fact]
    public void Batch_WritesOutcomesInInputOrder_WhateverOrderTheyFinishIn()
    {
        var names = new[] { "a", "b", "c", "d" };
        engine.Containers.On(nameof(Docker.DotNet.IContainerOperations.StopContainerAsync), async (string id, ContainerStopParameters _, CancellationToken token) =>
        {
            // The first named finishes last.
            await Task.Delay((names.Length - Array.IndexOf(names, id)) * 40, token);
            return true;
        });
        AnswerReadBack();

        var result = runner.Run("Stop-DockerContainer", Parameters(("Name", names), ("PassThru", true)));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(names, result.Output.Cast<DockerContainer>().Select(container => container.Name));
    }

    [Fact]
    public void Batch_RunsAtMostThrottleLimitItemsAtOnce()
    {
        var running = 0;
        var most = 0;
        engine.Containers.On(nameof(Docker.DotNet.IContainerOperations.StartContainerAsync), async (string id, ContainerStartParameters _, CancellationToken token) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            await Task.Delay(30, token);
            Interlocked.Decrement(ref running);
            return true;
        });

        var result = runner.Run("Start-DockerContainer", Parameters(("Name", Enumerable.Range(1, 9).Select(i => "c" + i).ToArray()), ("ThrottleLimit", 3)));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(9, engine.Containers.CountOf("StartContainerAsync"));
        Assert.Equal(3, most);
    }

    [Fact]
    public void Batch_OneItemsFailureIsItsOwnError_AndTheOthersGoOn()
    {
        engine.Containers.On(nameof(Docker.DotNet.IContainerOperations.StopContainerAsync), (string id, ContainerStopParameters _, CancellationToken __) =>
            id == "b" ? Task.FromException<bool>(EngineAnswers.NoSuchContainer("b")) : Task.FromResult(true));

        var result = runner.Run("Stop-DockerContainer", Parameters(("Name", new[] { "a", "b", "c" })));

        var error = Assert.Single(result.Errors);
        Assert.Equal("ContainerNotFound,DockerPS.Commands.StopDockerContainerCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("b", error.TargetObject);
        Assert.Null(result.Terminating);
        Assert.Equal(3, engine.Containers.CountOf("StopContainerAsync"));
    }

    [Fact]
    public void Batch_CtrlC_StopsThePipelineAndCancelsEveryItemInFlight()
    {
        var started = new CountdownEvent(4);
        var cancelled = 0;
        engine.Containers.On(nameof(Docker.DotNet.IContainerOperations.StopContainerAsync), async (string id, ContainerStopParameters _, CancellationToken token) =>
        {
            started.Signal();
            try
            {
                return await EngineAnswers.Forever<bool>(token);
            }
            finally
            {
                Interlocked.Increment(ref cancelled);
            }
        });

        using var shell = PowerShell.Create();
        shell.Runspace = runner.Runspace;
        shell.AddCommand("Stop-DockerContainer").AddParameters(Parameters(("Name", new[] { "a", "b", "c", "d" })));
        var invocation = shell.BeginInvoke();
        Assert.True(started.Wait(TimeSpan.FromSeconds(10)), "every item should be in flight at once");

        shell.Stop();

        Assert.True(invocation.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(10)), "the pipeline should stop");
        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);

        // The pipeline reports Stopped once the token is cancelled; each item sees it a moment later.
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref cancelled) == 4, TimeSpan.FromSeconds(10)), "every item in flight should be cancelled");
    }

    [Fact]
    public void Pump_WritesEveryLineAStreamDeliversFromThePoolInOrder()
    {
        var lines = Enumerable.Range(1, 5000).Select(i => "line " + i).ToList();
        engine.Containers.On(nameof(Docker.DotNet.IContainerOperations.GetContainerLogsAsync), (string id, ContainerLogsParameters _, CancellationToken __) =>
            Task.FromResult(FakeStreams.Multiplexed(lines.Select(line => (false, $"2026-11-28T10:00:00.000000000Z {line}\n")))));

        var result = runner.Run("Get-DockerContainerLog", Parameters(("Name", new[] { "web" })));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(lines, result.Output.Cast<DockerContainerLogLine>().Select(line => line.Text));
    }

    [Fact]
    public void PipedObjectOfAnotherKind_IsRefusedInItsPlace_AndTheEngineIsNotAsked()
    {
        var image = ModelMapper.ToImages(
            new ImagesListResponse { ID = "sha256:" + EngineAnswers.IdOf("img"), RepoTags = new List<string> { "nginx:latest" } },
            engine.Endpoint,
            Array.Empty<string>()).Single();

        var result = runner.Run("Stop-DockerContainer", null, new object[] { image });

        var error = Assert.Single(result.Errors);
        Assert.Equal("WrongObjectType,DockerPS.Commands.StopDockerContainerCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidType, error.CategoryInfo.Category);
        Assert.Equal("nginx:latest", error.TargetObject);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void PipedContainer_IsActedOnAtItsOwnEngine_WhateverTheEngineOptionsSay()
    {
        var container = ModelMapper.ToContainer(EngineAnswers.Container("web"), engine.Endpoint);
        engine.Containers.On(nameof(Docker.DotNet.IContainerOperations.StartContainerAsync), (string id, ContainerStartParameters _, CancellationToken __) => Task.FromResult(true));

        var result = runner.Run("Start-DockerContainer", Parameters(("HostAddress", "unix:///nonexistent/dockerps.sock")), new object[] { container });

        Assert.Empty(result.ErrorIds);
        var call = Assert.Single(engine.Containers.Calls);
        Assert.Equal("web", call.Arguments[0]);
    }

    [Fact]
    public void CertificatePath_IsReadThroughPowerShellsLocation_OnThePipelineThread()
    {
        var folder = Directory.CreateTempSubdirectory("dps-certs-").FullName;
        try
        {
            var certificates = Path.Combine(folder, "client");
            var tls = new DockerTlsSettings(true, Path.Combine(certificates, "ca.pem"), Path.Combine(certificates, "cert.pem"), Path.Combine(certificates, "key.pem"));
            using var tlsEngine = new FakeEngine(address: "tcp://dps-fake-" + Guid.NewGuid().ToString("N").Substring(0, 8) + ":2376", tls: tls);
            tlsEngine.Images.On(nameof(Docker.DotNet.IImageOperations.ListImagesAsync), (ImagesListParameters _, CancellationToken __) => EngineAnswers.ListOf<ImagesListResponse>());
            tlsEngine.Containers.On(nameof(Docker.DotNet.IContainerOperations.ListContainersAsync), (ContainersListParameters _, CancellationToken __) => EngineAnswers.ListOf<ContainerListResponse>());

            // The process's working directory is not PowerShell's location; only the latter makes 'client' the folder.
            runner.Runspace.SessionStateProxy.Path.SetLocation(folder);
            var result = runner.Run("Get-DockerImage", new Hashtable { ["HostAddress"] = tlsEngine.Address, ["CertificatePath"] = "client" });

            Assert.Empty(result.ErrorIds);
            Assert.Equal(1, tlsEngine.Images.CountOf("ListImagesAsync"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private void AnswerReadBack()
    {
        engine.Containers.On(nameof(Docker.DotNet.IContainerOperations.InspectContainerAsync), (string id, CancellationToken _) => Task.FromResult(EngineAnswers.Inspect(id)));
        engine.Containers.On(nameof(Docker.DotNet.IContainerOperations.ListContainersAsync), (ContainersListParameters parameters, CancellationToken _) =>
        {
            var id = parameters.Filters!["id"].Keys.Single();
            var name = new[] { "a", "b", "c", "d" }.Single(candidate => EngineAnswers.IdOf(candidate) == id);
            return EngineAnswers.ListOf(EngineAnswers.Container(name, "exited"));
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

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
