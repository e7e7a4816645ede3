using System;
using DockerPS.Containers;
using Xunit;

namespace DockerPS.Tests;

/// <summary>The expectations are go-units' RAMInBytes results for the same text.</summary>
public class MemorySizeParserTests
{
    private const long K = 1024;
    private const long M = 1024 * K;
    private const long G = 1024 * M;
    private const long T = 1024 * G;
    private const long P = 1024 * T;

    [Theory]
    [InlineData("0", 0)]
    [InlineData("-0", 0)]
    [InlineData("0.", 0)]
    [InlineData("0 ", 0)]
    [InlineData("1048576", 1048576)]
    [InlineData("32", 32)]
    [InlineData("32b", 32)]
    [InlineData("32B", 32)]
    [InlineData("32 B", 32)]
    [InlineData("32.", 32)]
    [InlineData("32.b", 32)]
    [InlineData("32.9", 32)]
    [InlineData("100b", 100)]
    [InlineData("1024k", 1024 * K)]
    [InlineData("32K", 32 * K)]
    [InlineData("32kb", 32 * K)]
    [InlineData("32KiB", 32 * K)]
    [InlineData("32 kb", 32 * K)]
    [InlineData("512m", 512 * M)]
    [InlineData("512M", 512 * M)]
    [InlineData("512MB", 512 * M)]
    [InlineData("512mib", 512 * M)]
    [InlineData("1g", G)]
    [InlineData("1.5GB", 3 * G / 2)]
    [InlineData("1.5 g", 3 * G / 2)]
    [InlineData(".5g", G / 2)]
    [InlineData("0.1k", 102)]
    [InlineData("2t", 2 * T)]
    [InlineData("1p", P)]
    [InlineData("32Pb", 32 * P)]
    [InlineData("1e3", 1000)]
    [InlineData("1e3k", 1000 * K)]
    [InlineData("+1m", M)]
    public void Parse_ReadsSizesAsTheCliDoes(string size, long expected)
    {
        Assert.Equal(expected, MemorySizeParser.Parse(size));
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("m")]
    [InlineData(".")]
    [InlineData(" ")]
    [InlineData(" 0")]
    [InlineData(" 32 ")]
    [InlineData("-32")]
    [InlineData("-1m")]
    [InlineData("-32 b")]
    [InlineData("32b.")]
    [InlineData("1..5m")]
    [InlineData("abc1")]
    [InlineData("1,5g")]
    [InlineData("0x1p3")]
    [InlineData("inf b")]
    [InlineData("NaN m")]
    public void Parse_RefusesGarbage(string size)
    {
        var error = Assert.Throws<ArgumentException>(() => MemorySizeParser.Parse(size));

        Assert.Equal($"invalid size: '{size}'", error.Message);
    }

    [Theory]
    [InlineData("12x", "x")]
    [InlineData("32bb", "bb")]
    [InlineData("32 BB", "bb")]
    [InlineData("32  b", " b")]
    [InlineData("1kbb", "kbb")]
    [InlineData("1kx", "kx")]
    [InlineData("1kix", "kix")]
    [InlineData("1mibs", "mibs")]
    [InlineData("1ib", "ib")]
    [InlineData("1 b b", "b b")]
    public void Parse_RefusesUnknownUnits(string size, string suffix)
    {
        var error = Assert.Throws<ArgumentException>(() => MemorySizeParser.Parse(size));

        Assert.Equal($"invalid size: '{size}': invalid suffix: '{suffix}'", error.Message);
    }

    [Theory]
    [InlineData("8192p")]
    [InlineData("9223372036854775808")]
    [InlineData("1e30")]
    public void Parse_RefusesSizesBeyondALong(string size)
    {
        var error = Assert.Throws<ArgumentException>(() => MemorySizeParser.Parse(size));

        Assert.Equal($"invalid size: '{size}': too large", error.Message);
    }

    [Fact]
    public void Parse_TakesTheLargestSizeBelowTheLimit()
    {
        Assert.Equal(8191 * P, MemorySizeParser.Parse("8191p"));
    }
}
