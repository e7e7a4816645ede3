using System;
using DockerPS.Builds;
using Xunit;

namespace DockerPS.Tests;

/// <summary>
/// The .dockerignore matcher against the rules of moby's patternmatcher and ignorefile, as docker build applies them:
/// each expected answer is what the docker CLI decides for the same pattern and path.
/// </summary>
public sealed class DockerIgnoreTests
{
    [Theory]
    [InlineData("foo", "foo", true)]
    [InlineData("foo", "foobar", false)]
    [InlineData("foo", "foo/bar", true)]
    [InlineData("foo", "bar/foo", false)]
    [InlineData("*.md", "README.md", true)]
    [InlineData("*.md", "docs/README.md", false)]
    [InlineData("*/*.md", "docs/README.md", true)]
    [InlineData("*/*.md", "a/docs/README.md", false)]
    [InlineData("?.txt", "a.txt", true)]
    [InlineData("?.txt", "ab.txt", false)]
    [InlineData("?", "/", false)]
    [InlineData("a*", "a/b", true)]
    [InlineData("[a-c].log", "b.log", true)]
    [InlineData("[a-c].log", "d.log", false)]
    [InlineData("[^a-c].log", "d.log", true)]
    [InlineData("[^a-c].log", "a.log", false)]
    [InlineData("\\*.txt", "*.txt", true)]
    [InlineData("\\*.txt", "a.txt", false)]
    [InlineData("a+b(c)", "a+b(c)", true)]
    [InlineData("a.b", "aXb", false)]
    [InlineData("file$", "file$", true)]
    public void GlobPatterns_MatchAsGoFilepathMatchDoes_AndADirectoryTakesWhatIsInIt(string pattern, string path, bool excluded) =>
        Assert.Equal(excluded, new DockerIgnore(new[] { pattern }).Excludes(path));

    [Theory]
    [InlineData("**", "anything/at/all", true)]
    [InlineData("**/*.go", "main.go", true)]
    [InlineData("**/*.go", "cmd/tool/main.go", true)]
    [InlineData("**/*.go", "main.gox", false)]
    [InlineData("**/node_modules", "node_modules", true)]
    [InlineData("**/node_modules", "web/app/node_modules", true)]
    [InlineData("**/node_modules", "web/app/node_modules/x/index.js", true)]
    [InlineData("logs/**", "logs/a/b.log", true)]
    [InlineData("logs/**", "logsX", false)]
    [InlineData("logs/**", "logs", false)]
    [InlineData("a/**/b", "a/b", true)]
    [InlineData("a/**/b", "a/x/y/b", true)]
    [InlineData("a/**/b", "a/x/yb", false)]
    [InlineData("dir/**/*.tmp", "dir/x.tmp", true)]
    [InlineData("dir/**/*.tmp", "dir/deep/er/x.tmp", true)]
    [InlineData("dir/**/*.tmp", "other/x.tmp", false)]
    [InlineData("*/**", "a/b", true)]
    public void DoubleStar_SpansDirectories_AsPatternmatcherCompilesIt(string pattern, string path, bool excluded) =>
        Assert.Equal(excluded, new DockerIgnore(new[] { pattern }).Excludes(path));

    [Fact]
    public void Exception_KeepsWhatAnEarlierPatternLeftOut_AndTheLastMatchDecides()
    {
        var ignore = new DockerIgnore(new[] { "*.md", "!README.md", "README*" });

        Assert.True(ignore.Excludes("CHANGES.md"));
        Assert.True(ignore.Excludes("README.md"));
        Assert.False(new DockerIgnore(new[] { "*.md", "!README.md" }).Excludes("README.md"));
        Assert.True(ignore.HasExceptions);
        Assert.False(new DockerIgnore(new[] { "*.md" }).HasExceptions);
    }

    [Fact]
    public void Exception_InsideAnExcludedDirectory_KeepsTheFile_AndTheDirectoryIsStillWalked()
    {
        var ignore = new DockerIgnore(new[] { "secrets", "!secrets/public.pem" });

        Assert.True(ignore.Excludes("secrets"));
        Assert.True(ignore.Excludes("secrets/private.key"));
        Assert.False(ignore.Excludes("secrets/public.pem"));
        Assert.True(ignore.MayKeepInside("secrets"));
        Assert.False(ignore.MayKeepInside("secret"));
        Assert.False(ignore.MayKeepInside("other"));
    }

    [Fact]
    public void MayKeepInside_CountsOnlyTheExceptionsLiteralStart_AsTheDockerCliDoes()
    {
        var ignore = new DockerIgnore(new[] { "*", "!*/keep" });

        Assert.False(ignore.MayKeepInside("dir"));
        Assert.False(ignore.Excludes("dir/keep"));
    }

    [Fact]
    public void ParentResults_GivenDownTheWalk_DecideAsTheFullParentCheckDoes()
    {
        var ignore = new DockerIgnore(new[] { "build", "!build/keep", "*/tmp" });

        var directoryExcluded = ignore.Excludes("build", null, out var directory);
        var keptExcluded = ignore.Excludes("build/keep", directory, out _);
        var otherExcluded = ignore.Excludes("build/other", directory, out _);
        var srcExcluded = ignore.Excludes("src", null, out var src);
        var tmpExcluded = ignore.Excludes("src/tmp", src, out var tmp);
        var deepExcluded = ignore.Excludes("src/tmp/x", tmp, out _);

        Assert.True(directoryExcluded);
        Assert.False(keptExcluded);
        Assert.True(otherExcluded);
        Assert.False(srcExcluded);
        Assert.True(tmpExcluded);
        Assert.True(deepExcluded);
        Assert.Equal(ignore.Excludes("src/tmp/x"), deepExcluded);
        Assert.Equal(ignore.Excludes("build/keep"), keptExcluded);
    }

    [Fact]
    public void ReadPatterns_DropsCommentsAndBlankLines_TrimsCleansAndMakesPatternsRelative()
    {
        var text = "\uFEFF# a comment\r\n\r\n  *.log  \r\n/abs/path\r\n!  /keep//me/./x/../y\r\n #not a comment\r\nfoo/\r\n\r\n";

        var patterns = DockerIgnore.ReadPatterns(text);

        Assert.Equal(new[] { "*.log", "abs/path", "!keep/me/y", "#not a comment", "foo" }, patterns);
    }

    [Fact]
    public void ReadPatterns_AGlobOfTheWholeContextIsKept_AndAPathThatLeavesItIsCleanedAsGoDoes()
    {
        Assert.Equal(new[] { ".", "../x", "/" }, DockerIgnore.ReadPatterns("./\n../x\n/\n"));
    }

    [Fact]
    public void CleanedPattern_MatchesTheCleanedPath()
    {
        var ignore = new DockerIgnore(DockerIgnore.ReadPatterns("./docs//internal/\n"));

        Assert.True(ignore.Excludes("docs/internal/plan.md"));
        Assert.False(ignore.Excludes("docs/public.md"));
    }

    [Theory]
    [InlineData("[")]
    [InlineData("[a-")]
    [InlineData("[]")]
    [InlineData("[z-]")]
    [InlineData("a\\")]
    [InlineData("[\\")]
    public void MalformedPattern_IsRefusedAsGoRefusesIt(string pattern)
    {
        var error = Assert.Throws<ArgumentException>(() => new DockerIgnore(new[] { pattern }));

        Assert.Contains("syntax error in pattern", error.Message);
    }

    [Fact]
    public void LoneExclamationMark_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new DockerIgnore(new[] { "!" }));

        Assert.Equal("illegal exclusion pattern: \"!\"", error.Message);
    }

    [Fact]
    public void NoPatterns_ExcludeNothing()
    {
        Assert.False(new DockerIgnore(Array.Empty<string>()).Excludes("anything"));
        Assert.False(new DockerIgnore(new[] { "  ", string.Empty }).Excludes("anything"));
    }
}
