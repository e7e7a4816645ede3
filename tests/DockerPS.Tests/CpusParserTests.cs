using System;
using DockerPS.Containers;
using Xunit;

namespace DockerPS.Tests;

public class CpusParserTests
{
    [Theory]
    [InlineData(1.5, 1_500_000_000L)]
    [InlineData(1, 1_000_000_000L)]
    [InlineData(0.5, 500_000_000L)]
    [InlineData(0.1, 100_000_000L)]
    [InlineData(0.3, 300_000_000L)]
    [InlineData(2.345, 2_345_000_000L)]
    [InlineData(0.01, 10_000_000L)]
    [InlineData(0.000000001, 1L)]
    [InlineData(64, 64_000_000_000L)]
    [InlineData(1.0000000004, 1_000_000_000L)]
    public void ToNanoCpus_CountsBillionthsOfACpu(double cpus, long expected)
    {
        Assert.Equal(expected, CpusParser.ToNanoCpus(cpus));
    }

    [Theory]
    [InlineData(0, "invalid CPUs: 0: the number of CPUs must be greater than 0")]
    [InlineData(-1, "invalid CPUs: -1: the number of CPUs must be greater than 0")]
    [InlineData(-0.5, "invalid CPUs: -0.5: the number of CPUs must be greater than 0")]
    [InlineData(double.NaN, "invalid CPUs: NaN: not a number of CPUs")]
    [InlineData(double.PositiveInfinity, "invalid CPUs: Infinity: not a number of CPUs")]
    [InlineData(double.NegativeInfinity, "invalid CPUs: -Infinity: not a number of CPUs")]
    [InlineData(1e-10, "invalid CPUs: 1E-10: value is too precise (the smallest is 0.000000001)")]
    [InlineData(1e10, "invalid CPUs: 10000000000: too large")]
    public void ToNanoCpus_Refuses(double cpus, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => CpusParser.ToNanoCpus(cpus));

        Assert.Equal(message, error.Message);
    }
}
