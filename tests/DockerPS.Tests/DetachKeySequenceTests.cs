using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DockerPS.Engine;
using DockerPS.Terminal;
using Xunit;

namespace DockerPS.Tests;

public class DetachKeySequenceTests
{
    private const byte CtrlP = 0x10;
    private const byte CtrlQ = 0x11;

    [Theory]
    [InlineData("ctrl-p,ctrl-q", new byte[] { CtrlP, CtrlQ })]
    [InlineData("ctrl-x,y", new byte[] { 0x18, (byte)'y' })]
    [InlineData("ctrl-@,ctrl-[,ctrl-\\,ctrl-],ctrl-^,ctrl-_", new byte[] { 0, 27, 28, 29, 30, 31 })]
    [InlineData("a", new byte[] { (byte)'a' })]
    [InlineData("DEL,ctrl-a", new byte[] { 0x7f, 1 })]
    public void Parse_ReadsTheCliSyntax(string text, byte[] keys)
    {
        var filter = DetachKeySequence.Parse(text).NewFilter();

        Assert.Empty(filter.Pass(keys, keys.Length));
        Assert.True(filter.Detached);
    }

    [Theory]
    [InlineData("ctrl-P,ctrl-q")] // the engine's names are case-sensitive
    [InlineData("ctrl-p, ctrl-q")]
    [InlineData("ctrl-p,")]
    [InlineData("alt-x")]
    [InlineData("é")]
    public void Parse_RefusesWhatTheEngineWouldRefuse(string text)
    {
        var failure = Assert.Throws<ArgumentException>(() => DetachKeySequence.Parse(text));
        Assert.StartsWith($"invalid detach keys ({text}): Unknown character:", failure.Message);
    }

    [Fact]
    public void Filter_PassesOrdinaryInputUnchanged()
    {
        var filter = DetachKeySequence.Parse(DetachKeySequence.Default).NewFilter();
        var typed = new byte[] { (byte)'l', (byte)'s', 3, 27, (byte)'[', (byte)'A', (byte)'\r' };

        Assert.Equal(typed, filter.Pass(typed, typed.Length));
        Assert.False(filter.Detached);
    }

    [Fact]
    public void Filter_HoldsBackTheStartOfTheSequenceAndPassesItOnWhenItBreaksOff()
    {
        var filter = DetachKeySequence.Parse(DetachKeySequence.Default).NewFilter();

        Assert.Empty(filter.Pass(new[] { CtrlP }, 1));
        Assert.Equal(new byte[] { CtrlP, (byte)'x' }, filter.Pass(new[] { (byte)'x' }, 1));
        Assert.False(filter.Detached);
    }

    [Fact]
    public void Filter_SendsWhatCameBeforeTheSequenceAndNothingAfterIt()
    {
        var filter = DetachKeySequence.Parse(DetachKeySequence.Default).NewFilter();
        var typed = new byte[] { (byte)'a', CtrlP, CtrlQ, (byte)'b' };

        Assert.Equal(new[] { (byte)'a' }, filter.Pass(typed, typed.Length));
        Assert.True(filter.Detached);
    }

    [Fact]
    public void Filter_MatchesAcrossReads()
    {
        var filter = DetachKeySequence.Parse(DetachKeySequence.Default).NewFilter();

        Assert.Equal(new[] { (byte)'a' }, filter.Pass(new[] { (byte)'a', CtrlP }, 2));
        Assert.Empty(filter.Pass(new[] { CtrlQ }, 1));
        Assert.True(filter.Detached);
    }

    [Fact]
    public void Filter_LikeTheCli_DoesNotRestartTheSequenceOnTheByteThatBrokeIt()
    {
        var filter = DetachKeySequence.Parse(DetachKeySequence.Default).NewFilter();
        var typed = new[] { CtrlP, CtrlP, CtrlQ };

        Assert.Equal(typed, filter.Pass(typed, typed.Length));
        Assert.False(filter.Detached);
    }

    [Fact]
    public void Resolve_TakesTheGivenKeysThenTheCliConfigThenTheDefault()
    {
        var directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "dps-detach-" + Guid.NewGuid().ToString("n")));
        try
        {
            var environment = new DockerCliEnvironment(name => name == "DOCKER_CONFIG" ? directory.FullName : null, "/nowhere", isWindows: false);
            Assert.Equal(DetachKeySequence.Default, DetachKeySequence.Resolve(null, environment).Text);

            File.WriteAllText(Path.Combine(directory.FullName, "config.json"), "{\"detachKeys\": \"ctrl-e,e\"}");
            Assert.Equal("ctrl-e,e", DetachKeySequence.Resolve(null, environment).Text);
            Assert.Equal("ctrl-x,y", DetachKeySequence.Resolve(new[] { "ctrl-x,y" }, environment).Text);
            Assert.Equal("ctrl-x,y", DetachKeySequence.Resolve(new[] { "ctrl-x", "y" }, environment).Text);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
