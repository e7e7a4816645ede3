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
/// Get-DockerContainerPort's error paths against a fake engine: a -ContainerPort it cannot read (refused before the
/// engine), containers that do not exist, ports that are not published, objects piped in, an unreachable engine.
/// </summary>
public sealed class GetDockerContainerPortTests : IClassFixture<CmdletRunner>, IDisposable
{
    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();

    // One runspace for the class: the tests run one after another; none leaves state behind in it.
    public GetDockerContainerPortTests(CmdletRunner runner) => this.runner = runner;

    public static TheoryData<string> NotContainerKinds => new(NotContainers);

    public static TheoryData<string> ContainerKindsData => new(ContainerKinds);

    public void Dispose() => engine.Dispose();

    [Theory]
    [InlineData("http")]
    [InlineData("0")]
    [InlineData("65536")]
    [InlineData("-1")]
    [InlineData("80-81")]
    [InlineData("80/icmp")]
    [InlineData("80/")]
    [InlineData("/tcp")]
    public void Port_ContainerPortItCannotRead_IsTerminatingInvalidContainerPort_BeforeTheEngine(string port)
    {
        var result = runner.Run("Get-DockerContainerPort", Parameters().With("Name", new[] { "web", "db" }).With("ContainerPort", port));

        Assert.Empty(result.Errors);
        Assert.NotNull(result.Terminating);
        AssertError(result.Terminating!, "InvalidContainerPort", ErrorCategory.InvalidArgument, port);
        Assert.StartsWith($"invalid port: '{port}'", Message(result.Terminating!));
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void Port_ContainerMissing_IsANonTerminatingContainerNotFound_AndTheOthersPortsAreListed()
    {
        AnswerInspect(("web", Published("80/tcp", "8080")), ("db", Published("5432/tcp", "15432")));

        var result = runner.Run("Get-DockerContainerPort", Parameters().With("Name", new[] { "web", "nope", "db" }));

        Assert.Null(result.Terminating);
        var error = AssertError(Assert.Single(result.Errors), "ContainerNotFound", ErrorCategory.ObjectNotFound, "nope");
        Assert.Equal("No such container: nope", Message(error));
        Assert.Equal(new[] { "80/tcp -> 0.0.0.0:8080", "5432/tcp -> 0.0.0.0:15432" }, result.Output.Select(binding => binding.ToString()));
    }

    [Theory]
    [InlineData("443", "443/tcp")]
    [InlineData("80/udp", "80/udp")]
    [InlineData("8080", "8080/tcp")]
    public void Port_ContainerPortNotPublished_IsANonTerminatingPortNotPublished_InTheDockerClisWords(string asked, string port)
    {
        // api publishes every port asked about, so only web's error is expected. 8080 is web's host port, not a container port.
        var everything = Published("443/tcp", "8443");
        everything.NetworkSettings!.Ports["80/udp"] = new List<PortBinding> { new() { HostIP = "0.0.0.0", HostPort = "5353" } };
        everything.NetworkSettings.Ports["8080/tcp"] = new List<PortBinding> { new() { HostIP = "0.0.0.0", HostPort = "18080" } };
        AnswerInspect(("web", Published("80/tcp", "8080")), ("api", everything));

        var result = runner.Run("Get-DockerContainerPort", Parameters().With("Name", new[] { "web", "api" }).With("ContainerPort", asked));

        Assert.Null(result.Terminating);
        var error = AssertError(Assert.Single(result.Errors), "PortNotPublished", ErrorCategory.ObjectNotFound, "web");
        Assert.Equal($"No public port '{port}' published for web", Message(error));
        var binding = Assert.IsType<DockerPortBinding>(Assert.Single(result.Output));
        Assert.Equal("api", binding.Container);
        Assert.Equal(port, binding.ContainerPortText);
    }

    [Fact]
    public void Port_StoppedContainer_HasNoBindings_SoAskingForAPortIsPortNotPublished_AndListingIsSilent()
    {
        // The engine reports bindings only while a container runs.
        var stopped = EngineAnswers.Inspect("old", "exited");
        AnswerInspect(("old", stopped));

        var listing = runner.Run("Get-DockerContainerPort", Parameters().With("Name", new[] { "old" }));
        var asking = runner.Run("Get-DockerContainerPort", Parameters().With("Name", new[] { "old" }).With("ContainerPort", "80"));

        Assert.Empty(listing.ErrorIds);
        Assert.Empty(listing.Output);
        var error = AssertError(Assert.Single(asking.Errors), "PortNotPublished", ErrorCategory.ObjectNotFound, "old");
        Assert.Equal("No public port '80/tcp' published for old", Message(error));
    }

    [Fact]
    public void Port_IdPrefixFittingSeveral_IsAnAmbiguousContainerReference_InTheEnginesWords_AndTheOthersGoOn()
    {
        // An id prefix that fits several containers: the engine's 400, under the id Get-DockerContainer uses for it.
        engine.Containers.On(nameof(IContainerOperations.InspectContainerAsync), (string id, CancellationToken _) =>
            id == "abc"
                ? Task.FromException<ContainerInspectResponse>(EngineAnswers.Refusal(HttpStatusCode.BadRequest, "multiple IDs found with provided prefix: abc"))
                : Task.FromResult(Published("80/tcp", "8080")));

        var result = runner.Run("Get-DockerContainerPort", Parameters().With("Name", new[] { "abc", "web" }));

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("AmbiguousContainerReference", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("abc", error.TargetObject);
        Assert.Equal("Error response from daemon: multiple IDs found with provided prefix: abc", Message(error));
        Assert.Single(result.Output);
    }

    [Fact]
    public void Port_EngineUnreachable_IsTerminatingEngineUnreachable()
    {
        var address = NowhereAddress();

        var result = runner.Run("Get-DockerContainerPort", new Hashtable { ["HostAddress"] = address, ["Name"] = new[] { "web", "db" } });

        Assert.Empty(result.Errors);
        Assert.Equal("EngineUnreachable", result.Terminating!.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.ConnectionError, result.Terminating.CategoryInfo.Category);
        Assert.Equal($"Cannot connect to the Docker daemon at {address}. Is the docker daemon running?", Message(result.Terminating));
    }

    [Theory]
    [MemberData(nameof(NotContainerKinds))]
    public void Port_PipedObjectThatIsNoContainer_IsRefusedInItsPlace_AndNoEngineIsAsked(string kind)
    {
        // A DockerPortBinding names its container, but is a port: it is refused rather than read as "web".
        AnswerInspect(("web", Published("80/tcp", "8080")));

        var result = runner.Run("Get-DockerContainerPort", Parameters(), new[] { Piped(kind, engine) });

        AssertRefusedAsNotAContainer(result, kind, engine);
    }

    [Theory]
    [MemberData(nameof(ContainerKindsData))]
    public void Port_PipedContainerOrExit_IsLookedUpAtTheEngineItCameFrom(string kind)
    {
        AnswerInspect(("web", Published("80/tcp", "8080")));

        var result = runner.Run("Get-DockerContainerPort", new Hashtable { ["HostAddress"] = NowhereAddress() }, new[] { Piped(kind, engine) });

        Assert.Empty(result.ErrorIds);
        Assert.Equal("80/tcp -> 0.0.0.0:8080", Assert.Single(result.Output).ToString());
        Assert.Equal("web", Assert.Single(engine.Containers.Calls).Arguments[0]);
    }

    private Hashtable Parameters() => new() { ["HostAddress"] = engine.Address };

    /// <summary>Inspect answers for the containers given; any other name is the engine's 404.</summary>
    private void AnswerInspect(params (string Name, ContainerInspectResponse Inspect)[] containers) =>
        engine.Containers.On(nameof(IContainerOperations.InspectContainerAsync), (string id, CancellationToken _) =>
            containers.FirstOrDefault(container => container.Name == id) is { Inspect: { } inspect } found
                ? Task.FromResult(Named(inspect, found.Name))
                : Task.FromException<ContainerInspectResponse>(EngineAnswers.NoSuchContainer(id)));

    private static ContainerInspectResponse Named(ContainerInspectResponse inspect, string name)
    {
        inspect.Name = "/" + name;
        return inspect;
    }

    /// <summary>A running container publishing one port on 0.0.0.0, as inspect's NetworkSettings.Ports says.</summary>
    private static ContainerInspectResponse Published(string port, string hostPort)
    {
        var inspect = EngineAnswers.Inspect("any");
        inspect.NetworkSettings = new NetworkSettings
        {
            Ports = new Dictionary<string, IList<PortBinding>> { [port] = new List<PortBinding> { new() { HostIP = "0.0.0.0", HostPort = hostPort } } },
        };
        return inspect;
    }
}
