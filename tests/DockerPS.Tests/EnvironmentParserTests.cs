using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Management.Automation;
using DockerPS.Containers;
using Xunit;

namespace DockerPS.Tests;

public class EnvironmentParserTests
{
    private static readonly Dictionary<string, string> Local = new(StringComparer.Ordinal)
    {
        ["HOME"] = "/home/someone",
        ["EMPTY"] = string.Empty,
        ["WITH_EQUALS"] = "a=b",
    };

    // ---- Hashtables ----

    [Fact]
    public void FromDictionary_SortsTheNamesOrdinally()
    {
        var table = new Hashtable { ["b"] = "2", ["a"] = "1", ["B"] = "3", ["_x"] = "4" };

        Assert.Equal(new[] { "B=3", "_x=4", "a=1", "b=2" }, EnvironmentParser.FromDictionary(table));
    }

    [Fact]
    public void FromDictionary_KeepsTheOrderOfAnOrderedDictionary()
    {
        var table = new OrderedDictionary { ["b"] = "2", ["a"] = "1" };

        Assert.Equal(new[] { "b=2", "a=1" }, EnvironmentParser.FromDictionary(table));
    }

    [Fact]
    public void FromDictionary_TakesValuesAsText()
    {
        var table = new Hashtable
        {
            ["NULL"] = null,
            ["EMPTY"] = string.Empty,
            ["NUMBER"] = 1.5,
            ["FLAG"] = true,
            ["WRAPPED"] = PSObject.AsPSObject("inner"),
            ["EQUALS"] = "a=b=c",
            ["SPACES"] = " x ",
        };

        Assert.Equal(
            new[] { "EMPTY=", "EQUALS=a=b=c", "FLAG=True", "NULL=", "NUMBER=1.5", "SPACES= x ", "WRAPPED=inner" },
            EnvironmentParser.FromDictionary(table));
    }

    [Fact]
    public void FromDictionary_TakesAGenericDictionary()
    {
        var table = new Dictionary<string, object?>(StringComparer.Ordinal) { ["Z"] = "26", ["A"] = null };

        Assert.Equal(new[] { "A=", "Z=26" }, EnvironmentParser.FromDictionary(table));
    }

    [Fact]
    public void FromDictionary_OfNothingIsEmpty()
    {
        Assert.Empty(EnvironmentParser.FromDictionary(new Hashtable()));
    }

    [Theory]
    [InlineData("", "x", "invalid environment variable: =x")]
    [InlineData("A=B", "x", "invalid environment variable: A=B=x")]
    [InlineData("=", null, "invalid environment variable: ==")]
    public void FromDictionary_RefusesBadNames(string name, string? value, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => EnvironmentParser.FromDictionary(new Hashtable { [name] = value }));

        Assert.StartsWith(message, error.Message);
        Assert.Contains("cannot contain '='", error.Message);
    }

    // ---- docker run -e strings ----

    [Fact]
    public void FromStrings_KeepsNameValuePairsAsGivenInOrder()
    {
        var result = EnvironmentParser.FromStrings(new[] { "B=2", "A=1", "C=", "D=x=y", "B=3", "E= spaced " }, Lookup);

        Assert.Equal(new[] { "B=2", "A=1", "C=", "D=x=y", "B=3", "E= spaced " }, result);
    }

    [Fact]
    public void FromStrings_TakesABareNameFromTheLocalEnvironment()
    {
        var result = EnvironmentParser.FromStrings(new[] { "A=1", "HOME", "EMPTY", "WITH_EQUALS", "Z=2" }, Lookup);

        Assert.Equal(new[] { "A=1", "HOME=/home/someone", "EMPTY=", "WITH_EQUALS=a=b", "Z=2" }, result);
    }

    [Fact]
    public void FromStrings_DropsABareNameThatIsNotSetLocally()
    {
        var result = EnvironmentParser.FromStrings(new[] { "A=1", "UNSET", "B=2" }, Lookup);

        Assert.Equal(new[] { "A=1", "B=2" }, result);
    }

    [Fact]
    public void FromStrings_LooksUpOnlyBareNames()
    {
        var asked = new List<string>();

        EnvironmentParser.FromStrings(new[] { "A=1", "HOME", "B=" }, name =>
        {
            asked.Add(name);
            return null;
        });

        Assert.Equal(new[] { "HOME" }, asked);
    }

    [Fact]
    public void FromStrings_OfNothingIsEmpty()
    {
        Assert.Empty(EnvironmentParser.FromStrings(Array.Empty<string>(), Lookup));
    }

    [Theory]
    [InlineData("=x", "invalid environment variable: =x")]
    [InlineData("=", "invalid environment variable: =")]
    [InlineData("", "invalid environment variable: ")]
    [InlineData(null, "invalid environment variable: ")]
    public void FromStrings_RefusesAnEmptyName(string? variable, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => EnvironmentParser.FromStrings(new[] { "A=1", variable }, Lookup));

        Assert.Equal(message, error.Message);
    }

    private static string? Lookup(string name) => Local.TryGetValue(name, out var value) ? value : null;
}
