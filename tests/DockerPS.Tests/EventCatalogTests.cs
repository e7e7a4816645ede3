using System;
using System.Collections;
using System.Linq;
using DockerPS.Completion;
using DockerPS.Events;
using Xunit;

namespace DockerPS.Tests;

/// <summary>
/// The engine's event types and actions: -Type read in the engine's spelling or refused, tab completion of types and of
/// the actions of the types given, and Podman's other names.
/// </summary>
public sealed class EventCatalogTests
{
    [Fact]
    public void Types_AreReadInTheEnginesSpelling_EachOnce()
    {
        Assert.Equal(new[] { "container", "image" }, EventCatalog.ParseTypes(new[] { "Container", " image ", "container" }));
    }

    [Theory]
    [InlineData("containers")]
    [InlineData("pod")]
    [InlineData("builder")]
    public void AType_TheEngineDoesNotKnow_IsRefused_NamingTheOnesItDoes(string type)
    {
        var refusal = Assert.Throws<ArgumentException>(() => EventCatalog.ParseTypes(new[] { type }));

        Assert.Equal($"Unknown event type '{type}': expected one of container, image, volume, network, daemon, plugin, node, service, secret, config.", refusal.Message);
    }

    [Fact]
    public void TypeCompletion_OffersTheTypesThatStartWithWhatWasTyped()
    {
        var offered = new EventTypeCompleter().CompleteArgument("Get-DockerEvent", "Type", "n", null!, new Hashtable());

        Assert.Equal(new[] { "network", "node" }, offered.Select(result => result.CompletionText));
    }

    [Fact]
    public void ActionCompletion_OffersTheActionsOfTheTypesGiven()
    {
        var completer = new EventActionCompleter();

        Assert.Equal(new[] { "delete", "import", "load", "pull", "push", "save", "tag", "untag" }, Offered(completer, "", new Hashtable { ["Type"] = "image" }));
        Assert.Equal(new[] { "destroy", "detach", "die", "disable", "disconnect" }, Offered(completer, "d", new Hashtable { ["Type"] = new object[] { "container", "network", "plugin" } }));
        Assert.Equal(new[] { "destroy", "detach", "die" }, Offered(completer, "d", new Hashtable { ["Type"] = "Container" }));
    }

    [Fact]
    public void ActionCompletion_WithoutAType_OffersEveryTypesActions()
    {
        var offered = Offered(new EventActionCompleter(), "re", new Hashtable());

        Assert.Equal(new[] { "reload", "remove", "rename", "resize", "restart" }, offered);
    }

    [Theory]
    [InlineData("die", "died")]
    [InlineData("destroy", "remove")]
    [InlineData("start", "start")]
    public void Podman_KnowsSomeActionsByNamesOfItsOwn_InItsFilter(string docker, string podman) =>
        Assert.Equal(podman, EventCatalog.PodmanFilterName(docker));

    [Theory]
    [InlineData("container", "remove", true, "destroy")]
    [InlineData("volume", "remove", true, "destroy")]
    [InlineData("network", "remove", true, "remove")]
    [InlineData("container", "remove", false, "remove")]
    [InlineData("container", "die", true, "die")]
    public void Podman_RemovalsReadAsDockerNamesThem(string type, string action, bool podman, string expected) =>
        Assert.Equal(expected, EventCatalog.DockerAction(type, action, podman));

    private static string[] Offered(EventActionCompleter completer, string typed, Hashtable bound) =>
        completer.CompleteArgument("Get-DockerEvent", "Action", typed, null!, bound).Select(result => result.CompletionText).ToArray();
}
