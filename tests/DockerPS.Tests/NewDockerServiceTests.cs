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
using static DockerPS.Tests.ServiceTestKit;

namespace DockerPS.Tests;

/// <summary>
/// New-DockerService against a fake Swarm manager: the spec docker service create's options make, every option refused
/// before the engine is asked, -WhatIf, and the engine's refusals.
/// </summary>
public sealed class NewDockerServiceTests : IClassFixture<CmdletRunner>, IDisposable
{
    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();
    private ServiceSpec? sent;

    public NewDockerServiceTests(CmdletRunner runner) => this.runner = runner;

    public void Dispose() => engine.Dispose();

    [Fact]
    public void New_SendsTheSpecTheOptionsMake_AndWritesTheServiceReadBack()
    {
        AnswerCreate();

        var result = runner.Run("New-DockerService", Parameters(
            engine,
            ("Image", "dockerps-fixture/busybox:latest"),
            ("Command", new[] { "sh", "-c", "echo hi" }),
            ("Name", "web"),
            ("Replicas", 3),
            ("Publish", new[] { "8080:80", "published=8443,target=443,mode=host,protocol=udp" }),
            ("Environment", new Hashtable { ["MODE"] = "prod" }),
            ("Mount", new[] { "type=volume,source=data,target=/data" }),
            ("Network", new[] { "backend" }),
            ("Constraint", new[] { "node.role==manager" }),
            ("Label", new[] { "tier=front" }),
            ("UpdateParallelism", 2),
            ("UpdateDelay", "10s"),
            ("RestartCondition", "on-failure")));

        Assert.Empty(result.ErrorIds);
        Assert.Equal("web", Assert.IsType<DockerService>(Assert.Single(result.Output)).Name);
        var spec = sent!;
        var container = spec.TaskTemplate!.ContainerSpec!;
        Assert.Equal("web", spec.Name);
        Assert.Equal(3UL, spec.Mode!.Replicated!.Replicas);
        Assert.Null(spec.Mode.Global);
        Assert.Equal("dockerps-fixture/busybox:latest", container.Image);
        Assert.Equal(new[] { "sh", "-c", "echo hi" }, container.Args);
        Assert.Equal(new[] { "MODE=prod" }, container.Env);
        var mount = Assert.Single(container.Mounts!);
        Assert.Equal(("volume", "data", "/data"), (mount.Type, mount.Source, mount.Target));
        Assert.Equal("backend", Assert.Single(spec.TaskTemplate.Networks!).Target);
        Assert.Equal(new[] { "node.role==manager" }, spec.TaskTemplate.Placement!.Constraints);
        Assert.Equal("on-failure", spec.TaskTemplate.RestartPolicy!.Condition);
        Assert.Equal("front", spec.Labels!["tier"]);
        Assert.Equal(2UL, spec.UpdateConfig!.Parallelism);
        Assert.Equal(TimeSpan.FromSeconds(10), spec.UpdateConfig.Delay);
        Assert.Equal(
            new[] { "ingress 8080 80 tcp", "host 8443 443 udp" },
            spec.EndpointSpec!.Ports!.Select(port => $"{port.PublishMode} {port.PublishedPort} {port.TargetPort} {port.Protocol}"));
    }

    [Fact]
    public void New_Global_AsksForAGlobalService_AndNoOptionalPartIsSent()
    {
        AnswerCreate();

        var result = runner.Run("New-DockerService", Parameters(engine, ("Image", "busybox"), ("Global", true)));

        Assert.Empty(result.ErrorIds);
        Assert.NotNull(sent!.Mode!.Global);
        Assert.Null(sent.Mode.Replicated);
        Assert.Null(sent.EndpointSpec);
        Assert.Null(sent.UpdateConfig);
        Assert.Null(sent.TaskTemplate!.RestartPolicy);
    }

    [Theory]
    [InlineData("Publish", "127.0.0.1:8080:80", "InvalidPublish", "hostip is not supported")]
    [InlineData("Publish", "target=80,mode=bridge", "InvalidPublish", "invalid publish mode value (bridge)")]
    [InlineData("Publish", "published=8080", "InvalidPublish", "missing mandatory field \"target\"")]
    [InlineData("Publish", "target=80,color=red", "InvalidPublish", "invalid field key color")]
    [InlineData("Publish", "8000-8010:80", "InvalidPublish", "range of published ports")]
    [InlineData("Constraint", "node.role", "InvalidConstraint", "invalid constraint node.role")]
    [InlineData("UpdateDelay", "soon", "InvalidUpdateDelay", "")]
    [InlineData("UpdateDelay", "-5s", "InvalidUpdateDelay", "-UpdateDelay cannot be negative")]
    [InlineData("Mount", "type=bind,target=/data", "InvalidMount", "")]
    [InlineData("Environment", "=x", "InvalidEnvironment", "invalid environment variable")]
    [InlineData("Image", "web@sha256:nothex", "InvalidImageReference", "")]
    public void New_OptionThatCannotBeRead_IsATerminatingErrorNamingIt_AndTheEngineIsNotAsked(string parameter, string value, string id, string words)
    {
        var parameters = Parameters(engine, ("Image", "busybox"));
        parameters[parameter] = parameter is "Publish" or "Constraint" or "Mount" ? new[] { value } : value;

        var result = runner.Run("New-DockerService", parameters);

        Assert.Equal(id, Assert.Single(result.ErrorIds));
        Assert.Equal(ErrorCategory.InvalidArgument, result.Terminating!.CategoryInfo.Category);
        Assert.Contains(words, Message(result.Terminating));
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void New_WhatIf_AsksTheEngineNothing()
    {
        var result = runner.Run("New-DockerService", Parameters(engine, ("Image", "busybox"), ("Name", "web"), ("WhatIf", true)));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void New_NameTaken_IsTheEnginesNonTerminatingConflict()
    {
        engine.Swarm.On(nameof(ISwarmOperations.CreateServiceAsync), (ServiceCreateParameters _, CancellationToken __) =>
            Task.FromException<ServiceCreateResponse>(EngineAnswers.Refusal(HttpStatusCode.Conflict, "rpc error: code = AlreadyExists desc = name conflicts with an existing object")));

        var result = runner.Run("New-DockerService", Parameters(engine, ("Image", "busybox"), ("Name", "web")));

        Assert.Null(result.Terminating);
        var error = AssertError(Assert.Single(result.Errors), "DockerApi.Conflict", ErrorCategory.ResourceExists, "web");
        Assert.EndsWith("name conflicts with an existing object", Message(error));
    }

    [Fact]
    public void New_OnAnEngineThatIsNoSwarmManager_IsSwarmNotActive()
    {
        engine.Swarm.On(nameof(ISwarmOperations.CreateServiceAsync), (ServiceCreateParameters _, CancellationToken __) => Task.FromException<ServiceCreateResponse>(NotAManager()));

        var result = runner.Run("New-DockerService", Parameters(engine, ("Image", "busybox"), ("Name", "web")));

        AssertError(Assert.Single(result.Errors), "SwarmNotActive", ErrorCategory.InvalidOperation, "web");
    }

    [Fact]
    public void New_EnginesWarnings_AreWarnings()
    {
        AnswerCreate("image busybox could not be accessed on a registry to record its digest");

        var result = runner.Run("New-DockerService", Parameters(engine, ("Image", "busybox"), ("Name", "web")));

        Assert.Equal("image busybox could not be accessed on a registry to record its digest", Assert.Single(result.Warnings));
    }

    [Fact]
    public void New_SecretsAndConfigs_AreSentByTheIdsTheEngineHasForTheirNames_WithTheFilesTheyBecome()
    {
        AnswerCreate();
        AnswerSecretsAndConfigs();

        var result = runner.Run("New-DockerService", Parameters(
            engine,
            ("Image", "busybox"),
            ("Secret", new[] { "db-password", "source=api-key,target=key.txt,uid=1000,mode=0400" }),
            ("Config", new[] { "nginx-conf" })));

        Assert.Empty(result.ErrorIds);
        var container = sent!.TaskTemplate!.ContainerSpec!;
        Assert.Equal(
            new[] { "secret-db db-password db-password 0 292", "secret-api api-key key.txt 1000 256" },
            container.Secrets!.Select(secret => $"{secret.SecretID} {secret.SecretName} {secret.File!.Name} {secret.File.UID} {secret.File.Mode}"));
        var config = Assert.Single(container.Configs!);
        Assert.Equal(("config-nginx", "nginx-conf", "/nginx-conf"), (config.ConfigID, config.ConfigName, config.File!.Name));
    }

    [Theory]
    [InlineData("Secret", "no-such-secret", "SecretNotFound", "secret not found: no-such-secret")]
    [InlineData("Config", "no-such-config", "ConfigNotFound", "config not found: no-such-config")]
    public void New_SecretOrConfigTheEngineDoesNotHave_IsANonTerminatingNotFound_AndNothingIsCreated(string parameter, string name, string id, string words)
    {
        AnswerCreate();
        AnswerSecretsAndConfigs();
        var parameters = Parameters(engine, ("Image", "busybox"));
        parameters[parameter] = new[] { name };

        var result = runner.Run("New-DockerService", parameters);

        Assert.Null(result.Terminating);
        var error = AssertError(Assert.Single(result.Errors), id, ErrorCategory.ObjectNotFound, name);
        Assert.Equal(words, Message(error));
        Assert.Equal(0, engine.Swarm.CountOf(nameof(ISwarmOperations.CreateServiceAsync)));
    }

    [Theory]
    [InlineData("Secret", "target=x", "InvalidSecret", "source is required")]
    [InlineData("Secret", "source=a,mode=999", "InvalidSecret", "invalid mode 999")]
    [InlineData("Config", "source=a,color=red", "InvalidConfig", "invalid field key color")]
    public void New_SecretOrConfigThatCannotBeRead_IsRefusedBeforeTheEngineIsAsked(string parameter, string value, string id, string words)
    {
        var parameters = Parameters(engine, ("Image", "busybox"));
        parameters[parameter] = new[] { value };

        var result = runner.Run("New-DockerService", parameters);

        Assert.Equal(id, Assert.Single(result.ErrorIds));
        Assert.StartsWith(words, Message(result.Terminating!));
        Assert.Equal(0, engine.CallCount);
    }

    private void AnswerSecretsAndConfigs()
    {
        engine.Secrets.On(nameof(ISecretsOperations.ListAsync), (CancellationToken _) => EngineAnswers.ListOf(
            new Secret { ID = "secret-db", Spec = new SwarmSecretSpec { Name = "db-password" } },
            new Secret { ID = "secret-api", Spec = new SwarmSecretSpec { Name = "api-key" } }));
        engine.Configs.On(nameof(IConfigOperations.ListConfigsAsync), (CancellationToken _) => EngineAnswers.ListOf(
            new SwarmConfig { ID = "config-nginx", Spec = new SwarmConfigSpec { Name = "nginx-conf" } }));
    }

    private void AnswerCreate(params string[] warnings)
    {
        engine.Swarm.On(nameof(ISwarmOperations.CreateServiceAsync), (ServiceCreateParameters parameters, CancellationToken _) =>
        {
            sent = parameters.Service;
            var created = Service(parameters.Service!.Name ?? "made-up-name");
            AnswerServices(engine, new[] { created });
            return Task.FromResult(new ServiceCreateResponse { ID = created.ID, Warnings = warnings.ToList() });
        });
    }
}
