using DockerPS.Terminal;
using Xunit;

namespace DockerPS.Tests;

public class NsenterProcessTests
{
    [Fact]
    public void Arguments_AreTheSeedsNsenterCommandFollowedByTheProgram()
    {
        Assert.Equal(
            new[] { "-t", "4242", "-m", "-u", "-i", "-n", "-p", "/bin/sh", "-l" },
            NsenterProcess.Arguments(4242, new[] { "/bin/sh", "-l" }));
    }

    [Theory]
    [InlineData("sh", "sh")]
    [InlineData("", "\"\"")]
    [InlineData("echo hi", "\"echo hi\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("a\\b c", "\"a\\b c\"")]
    [InlineData("ends with\\", "\"ends with\\\\\"")]
    [InlineData("x\\\"y", "\"x\\\\\\\"y\"")]
    public void QuoteArgument_FollowsTheRulesDotNetSplitsArgumentsBy(string argument, string quoted)
    {
        Assert.Equal(quoted, NsenterProcess.QuoteArgument(argument));
    }
}
