using System;
using System.Linq;
using DockerPS.Containers;
using Xunit;

namespace DockerPS.Tests;

/// <summary>docker service create --publish's grammar: the short form, ranges, the long form with mode and protocol, and what the CLI refuses.</summary>
public sealed class ServicePortSpecParserTests
{
    [Theory]
    [InlineData("8080:80", "ingress 8080 80 tcp")]
    [InlineData("8080:80/udp", "ingress 8080 80 udp")]
    [InlineData("80", "ingress - 80 tcp")]
    [InlineData("8080-8081:80-81", "ingress 8080 80 tcp|ingress 8081 81 tcp")]
    [InlineData("published=8080,target=80", "ingress 8080 80 tcp")]
    [InlineData("published=8080,target=80,mode=host,protocol=sctp", "host 8080 80 sctp")]
    [InlineData("target=80,mode=HOST", "host - 80 tcp")]
    public void Parse_ReadsWhatTheCliReads(string spec, string expected)
    {
        var ports = ServicePortSpecParser.Parse(spec);

        Assert.Equal(expected, string.Join("|", ports.Select(port => $"{port.PublishMode} {port.PublishedPort?.ToString() ?? "-"} {port.TargetPort} {port.Protocol}")));
    }

    [Theory]
    [InlineData("0.0.0.0:8080:80", "hostip is not supported: 0.0.0.0:8080:80")]
    [InlineData("target=80,mode=vip", "invalid publish mode value (vip): must be either 'ingress' or 'host'")]
    [InlineData("target=80,protocol=icmp", "invalid protocol value 'icmp'")]
    [InlineData("target=http", "invalid target port (http): value must be an integer from 1 to 65535")]
    [InlineData("target=70000", "invalid target port (70000): value must be an integer from 1 to 65535")]
    [InlineData("published=8080,mode=host", "missing mandatory field \"target\"")]
    [InlineData("target=80,host", "invalid field host must be a key=value pair")]
    [InlineData("8080:80/icmp", "invalid proto: icmp")]
    public void Parse_RefusesWhatTheCliRefuses_InItsWords(string spec, string words)
    {
        var refusal = Assert.Throws<ArgumentException>(() => ServicePortSpecParser.Parse(spec));

        Assert.Equal(words, refusal.Message);
    }
}
