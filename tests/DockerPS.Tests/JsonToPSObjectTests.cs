using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using DockerPS.Internal;
using Xunit;

namespace DockerPS.Tests;

/// <summary>The inspect document behind -Detailed's Inspect property, which should read like ConvertFrom-Json's output.</summary>
public class JsonToPSObjectTests
{
    private static object? Convert(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonToPSObject.Convert(document.RootElement);
    }

    [Fact]
    public void Convert_MakesNestedObjectsNavigable()
    {
        var root = Assert.IsType<PSObject>(Convert("""{"State":{"Status":"running","Running":true,"Error":null}}"""));

        var state = Assert.IsType<PSObject>(root.Properties["State"].Value);
        Assert.Equal("running", state.Properties["Status"].Value);
        Assert.Equal(true, state.Properties["Running"].Value);
        Assert.Null(state.Properties["Error"].Value);
    }

    [Fact]
    public void Convert_KeepsPropertyOrder()
    {
        var root = Assert.IsType<PSObject>(Convert("""{"Id":"abc","Name":"/web","Args":[]}"""));

        Assert.Equal(new[] { "Id", "Name", "Args" }, root.Properties.Select(p => p.Name));
    }

    [Fact]
    public void Convert_TurnsArraysIntoObjectArrays()
    {
        Assert.Equal(new object?[] { "a", false, null }, Convert("""["a",false,null]"""));
    }

    [Fact]
    public void Convert_KeepsFractionsAsDouble()
    {
        Assert.Equal(0.5, Convert("0.5"));
    }

    [Theory]
    [InlineData("4242", 4242L)]
    [InlineData("9007199254740993", 9007199254740993L)] // 2^53 + 1: not representable as a double
    public void Convert_KeepsIntegersAsInt64(string json, long expected)
    {
        var value = Convert(json);

        Assert.IsType<long>(value);
        Assert.Equal(expected, value);
    }
}
