using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using DockerPS.Engine;
using Xunit;

namespace DockerPS.Tests;

public class EngineFiltersTests
{
    /// <summary>The filters as name → sorted values, to compare with what the engine is sent.</summary>
    private static Dictionary<string, string[]> Sent(EngineFilters filters) =>
        filters.ToParameter()!.ToDictionary(
            pair => pair.Key,
            pair =>
            {
                Assert.All(pair.Value.Values, Assert.True);
                return pair.Value.Keys.OrderBy(v => v, StringComparer.Ordinal).ToArray();
            });

    [Fact]
    public void ToParameter_IsNullWhenEmpty()
    {
        var filters = new EngineFilters();

        Assert.True(filters.IsEmpty);
        Assert.Null(filters.ToParameter());
    }

    [Fact]
    public void ToParameter_IsNullAfterAnEmptyOrNullTable()
    {
        var filters = new EngineFilters().Add(null).Add(new Hashtable());

        Assert.True(filters.IsEmpty);
        Assert.Null(filters.ToParameter());
    }

    [Fact]
    public void Add_CollectsValuesPerName()
    {
        var filters = new EngineFilters()
            .Add("status", "running")
            .Add("status", "paused")
            .Add("status", "running")
            .Add("name", "web");

        Assert.False(filters.IsEmpty);
        Assert.Equal(
            new Dictionary<string, string[]> { ["status"] = new[] { "paused", "running" }, ["name"] = new[] { "web" } },
            Sent(filters));
    }

    [Fact]
    public void Add_TakesAHashtableOfStringsListsBooleansAndNumbers()
    {
        var table = new Hashtable
        {
            ["label"] = new[] { "a", "b=c" },
            ["dangling"] = true,
            ["reference"] = "nginx*",
            ["exited"] = 137,
            ["health"] = false,
        };

        var sent = Sent(new EngineFilters().Add(table));

        Assert.Equal(
            new Dictionary<string, string[]>
            {
                ["label"] = new[] { "a", "b=c" },
                ["dangling"] = new[] { "true" },
                ["reference"] = new[] { "nginx*" },
                ["exited"] = new[] { "137" },
                ["health"] = new[] { "false" },
            },
            sent);
    }

    [Fact]
    public void Add_UnwrapsPowerShellValues()
    {
        // A PowerShell array literal arrives as object[] of PSObjects.
        var table = new Hashtable
        {
            [new PSObject("label")] = new object[] { new PSObject("tier=web"), new PSObject("team=ops") },
            ["dangling"] = new PSObject(true),
        };

        Assert.Equal(
            new Dictionary<string, string[]> { ["label"] = new[] { "team=ops", "tier=web" }, ["dangling"] = new[] { "true" } },
            Sent(new EngineFilters().Add(table)));
    }

    [Fact]
    public void Add_TrimsKeys()
    {
        Assert.Equal(new[] { "status" }, Sent(new EngineFilters().Add(new Hashtable { [" status "] = "exited" })).Keys);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Add_RefusesAnEmptyKey(string key)
    {
        var error = Assert.Throws<ArgumentException>(() => new EngineFilters().Add(new Hashtable { [key] = "x" }));

        Assert.Equal("A -Filter key cannot be empty.", error.Message);
    }

    [Fact]
    public void Add_RefusesANullValue()
    {
        var error = Assert.Throws<ArgumentException>(() => new EngineFilters().Add(new Hashtable { ["label"] = null }));

        Assert.Equal("A -Filter value cannot be null.", error.Message);
    }
}
