using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Tests.Fakes;
using Xunit;
using static DockerPS.Tests.ContainerTestKit;
using static DockerPS.Tests.SwarmTestKit;

namespace DockerPS.Tests;

/// <summary>
/// Get-, New- and Remove-DockerConfig against a fake swarm manager: configs with their data, created from text and the
/// pipeline, configs in use, names missing, an engine in no swarm, objects piped in. The data paths they share with
/// New-DockerSecret are covered in SecretCmdletTests.
/// </summary>
public sealed class ConfigCmdletTests : IDisposable
{
    private readonly RecordingHost host = new();
    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();
    private readonly ConcurrentQueue<SwarmConfigSpec> created = new();

    public ConfigCmdletTests()
    {
        runner = CmdletRunner.WithHost(host);
        AnswerConfigs(engine, Config("nginx.conf", "server {}", new Dictionary<string, string> { ["app"] = "web" }), Config("app.json", "{}"));
        engine.Configs.On(nameof(IConfigOperations.CreateConfigAsync), (SwarmCreateConfigParameters request, CancellationToken _) =>
        {
            created.Enqueue(request.Config);
            return Task.FromResult(new SwarmCreateConfigResponse { ID = SwarmId(request.Config.Name!) });
        });
        engine.Configs.On(nameof(IConfigOperations.InspectConfigAsync), (string id, CancellationToken _) =>
            Task.FromResult(Config(created.Last().Name!, Encoding.UTF8.GetString(created.Last().Data!), created.Last().Labels)));
    }

    public static TheoryData<string> NotConfigs => AllBut("DockerConfig");

    public static TheoryData<string> GetRefuses => AllButAndContexts("DockerConfig");

    public void Dispose()
    {
        engine.Dispose();
        runner.Dispose();
    }

    [Fact]
    public void Get_ListsConfigsByName_WithTheirData_AndAMissingNameIsConfigNotFound()
    {
        var all = runner.Run("Get-DockerConfig", On(engine));
        var named = runner.Run("Get-DockerConfig", On(engine).With("Name", new[] { "nginx.conf", "nosuch" }).With("Label", new[] { "app=web" }));

        Assert.Equal(new[] { "app.json", "nginx.conf" }, all.Output.Cast<DockerConfig>().Select(config => config.Name));
        Assert.Equal("server {}", Encoding.UTF8.GetString(all.Output.Cast<DockerConfig>().Last().Data));
        Assert.Equal(new[] { "nginx.conf" }, named.Output.Cast<DockerConfig>().Select(config => config.Name));
        AssertError(Assert.Single(named.Errors), "ConfigNotFound", ErrorCategory.ObjectNotFound, "nosuch");
    }

    [Fact]
    public void Get_OnAnEngineThatIsNoManager_IsATerminatingSwarmNotActive()
    {
        engine.Configs.On(nameof(IConfigOperations.ListConfigsAsync), (CancellationToken _) => Task.FromException<IList<SwarmConfig>>(NotAManager()));

        Assert.Equal(new[] { "SwarmNotActive" }, runner.Run("Get-DockerConfig", On(engine)).ErrorIds);
    }

    [Theory]
    [MemberData(nameof(GetRefuses))]
    public void Get_PipedObjectThatIsNoConfig_IsRefusedAsWrongObjectType(string kind)
    {
        var result = runner.Run("Get-DockerConfig", new Hashtable(), new[] { PipedObject(kind, engine) });

        AssertRefusedAsNot("config", result, kind, engine);
    }

    [Fact]
    public void New_FromValueAndFromThePipeline_SendsUtf8Text_WithLabels_AndReturnsTheConfig()
    {
        var fromValue = runner.Run("New-DockerConfig", On(engine).With("Name", "a.conf").With("Value", "köln").With("Label", new Hashtable { ["app"] = "web" }));
        var piped = runner.Run("New-DockerConfig", On(engine).With("Name", "b.conf"), new object[] { "line 1", "line 2" });

        Assert.Empty(fromValue.ErrorIds);
        Assert.Empty(piped.ErrorIds);
        Assert.Equal(new[] { "köln", "line 1\nline 2" }, created.Select(spec => Encoding.UTF8.GetString(spec.Data!)));
        Assert.Equal("web", created.First().Labels["app"]);
        Assert.Equal("a.conf", Assert.IsType<DockerConfig>(Assert.Single(fromValue.Output)).Name);
    }

    [Fact]
    public void New_WhatIf_AsksTheEngineNothing()
    {
        var result = runner.Run("New-DockerConfig", On(engine).With("Name", "a.conf").With("Value", "x").With("WhatIf", true));

        Assert.Empty(result.ErrorIds);
        Assert.Contains(host.Lines, line => line.Trim() == "What if: Performing the operation \"Create config\" on target \"a.conf\".");
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void Remove_OneServicesUse_IsANonTerminatingConfigInUse_AndTheOthersAreRemoved()
    {
        var words = "rpc error: code = InvalidArgument desc = config 'nginx.conf' is in use by the following service: web";
        engine.Configs.On(nameof(IConfigOperations.RemoveConfigAsync), (string name, CancellationToken _) =>
            name == "nginx.conf" ? Task.FromException(EngineAnswers.Refusal(HttpStatusCode.BadRequest, words)) : Task.CompletedTask);

        var result = runner.Run("Remove-DockerConfig", On(engine).With("Name", new[] { "nginx.conf", "app.json" }).With("Confirm", false));

        var error = AssertError(Assert.Single(result.Errors), "ConfigInUse", ErrorCategory.ResourceBusy, "nginx.conf");
        Assert.Equal("Error response from daemon: " + words, Message(error));
        Assert.Equal(2, engine.Configs.CountOf(nameof(IConfigOperations.RemoveConfigAsync)));
    }

    [Fact]
    public void Remove_WhatIf_AsksTheEngineNothing()
    {
        var result = runner.Run("Remove-DockerConfig", On(engine).With("Name", new[] { "a.conf" }).With("WhatIf", true));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(0, engine.CallCount);
    }

    [Theory]
    [MemberData(nameof(NotConfigs))]
    public void Remove_PipedObjectThatIsNoConfig_IsRefusedAsWrongObjectType(string kind)
    {
        var result = runner.Run("Remove-DockerConfig", new Hashtable { ["Force"] = true }, new[] { PipedObject(kind, engine) });

        AssertRefusedAsNot("config", result, kind, engine);
    }
}
