using System;
using DockerPS.Containers;
using Xunit;

namespace DockerPS.Tests;

/// <summary>docker service create --secret and --config's grammar: a plain name or the csv form, with the CLI's defaults.</summary>
public sealed class SwarmFileReferenceParserTests
{
    [Theory]
    [InlineData("db", false, "db db 0 0 292")]
    [InlineData("nginx-conf", true, "nginx-conf /nginx-conf 0 0 292")]
    [InlineData("source=db,target=password", false, "db password 0 0 292")]
    [InlineData("src=db,dst=/etc/app/password,uid=1000,gid=50,mode=0400", true, "db /etc/app/password 1000 50 256")]
    [InlineData("source=conf", true, "conf /conf 0 0 292")]
    public void Parse_ReadsWhatTheCliReads(string spec, bool isConfig, string expected)
    {
        var reference = SwarmFileReferenceParser.Parse(spec, isConfig);

        Assert.Equal(expected, $"{reference.Source} {reference.Target} {reference.Uid} {reference.Gid} {reference.Mode}");
    }

    [Theory]
    [InlineData("target=x", "source is required")]
    [InlineData("source=a,mode=0800", "invalid mode 0800: write it in octal, such as 0400")]
    [InlineData("source=a,owner=me", "invalid field key owner: use source, target, uid, gid and mode")]
    [InlineData("source=a,readonly", "invalid field 'readonly' must be a key=value pair")]
    public void Parse_RefusesWhatCannotBeRead(string spec, string words)
    {
        Assert.Equal(words, Assert.Throws<ArgumentException>(() => SwarmFileReferenceParser.Parse(spec, isConfig: false)).Message);
    }
}
