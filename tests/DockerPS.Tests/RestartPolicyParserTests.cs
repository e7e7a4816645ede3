using System;
using Docker.DotNet.Models;
using DockerPS.Containers;
using Xunit;

namespace DockerPS.Tests;

public class RestartPolicyParserTests
{
    [Theory]
    [InlineData("no", RestartPolicyKind.No, 0)]
    [InlineData("always", RestartPolicyKind.Always, 0)]
    [InlineData("unless-stopped", RestartPolicyKind.UnlessStopped, 0)]
    [InlineData("on-failure", RestartPolicyKind.OnFailure, 0)]
    [InlineData("on-failure:3", RestartPolicyKind.OnFailure, 3)]
    [InlineData("on-failure:+3", RestartPolicyKind.OnFailure, 3)]
    [InlineData("on-failure:0", RestartPolicyKind.OnFailure, 0)]
    [InlineData("on-failure:", RestartPolicyKind.OnFailure, 0)]
    [InlineData("on-failure:9223372036854775807", RestartPolicyKind.OnFailure, long.MaxValue)]
    [InlineData("always:0", RestartPolicyKind.Always, 0)]
    [InlineData("always:", RestartPolicyKind.Always, 0)]
    [InlineData("no:0", RestartPolicyKind.No, 0)]
    [InlineData("Always", RestartPolicyKind.Always, 0)]
    [InlineData("ON-FAILURE:5", RestartPolicyKind.OnFailure, 5)]
    [InlineData("", RestartPolicyKind.Undefined, 0)]
    public void Parse_ReadsThePolicy(string policy, RestartPolicyKind kind, long retries)
    {
        var parsed = RestartPolicyParser.Parse(policy);

        Assert.Equal(kind, parsed.Name);
        Assert.Equal(retries, parsed.MaximumRetryCount);
    }

    [Theory]
    [InlineData("always:3", "always")]
    [InlineData("unless-stopped:1", "unless-stopped")]
    [InlineData("no:2", "no")]
    [InlineData("Always:3", "Always")]
    public void Parse_RefusesARetryCountForOtherPolicies(string policy, string name)
    {
        var error = Assert.Throws<ArgumentException>(() => RestartPolicyParser.Parse(policy));

        Assert.Equal(
            $"invalid restart policy '{policy}': maximum retry count cannot be used with restart policy '{name}'; only 'on-failure' takes one",
            error.Message);
    }

    [Theory]
    [InlineData("on-failure:-1")]
    [InlineData("always:-3")]
    public void Parse_RefusesANegativeRetryCount(string policy)
    {
        var error = Assert.Throws<ArgumentException>(() => RestartPolicyParser.Parse(policy));

        Assert.Equal($"invalid restart policy '{policy}': maximum retry count cannot be negative", error.Message);
    }

    [Theory]
    [InlineData("on-failure:x")]
    [InlineData("on-failure:1.5")]
    [InlineData("on-failure: 3")]
    [InlineData("on-failure:3:4")]
    [InlineData("on-failure:9223372036854775808")]
    public void Parse_RefusesARetryCountThatIsNotAnInteger(string policy)
    {
        var error = Assert.Throws<ArgumentException>(() => RestartPolicyParser.Parse(policy));

        Assert.Equal($"invalid restart policy format '{policy}': maximum retry count must be an integer", error.Message);
    }

    [Theory]
    [InlineData("sometimes", "sometimes")]
    [InlineData("sometimes:3", "sometimes")]
    [InlineData(" always", " always")]
    [InlineData("on_failure", "on_failure")]
    public void Parse_RefusesAnUnknownPolicy(string policy, string name)
    {
        var error = Assert.Throws<ArgumentException>(() => RestartPolicyParser.Parse(policy));

        Assert.Equal(
            $"invalid restart policy: unknown policy '{name}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'",
            error.Message);
    }

    [Theory]
    [InlineData(":3")]
    [InlineData(":")]
    public void Parse_RefusesACountWithoutAPolicy(string policy)
    {
        var error = Assert.Throws<ArgumentException>(() => RestartPolicyParser.Parse(policy));

        Assert.Equal($"invalid restart policy format '{policy}': no policy provided before colon", error.Message);
    }
}
