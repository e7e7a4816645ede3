using System;
using System.Collections.Generic;
using System.Linq;
using DockerPS.Engine;
using DockerPS.Lookup;
using Xunit;

namespace DockerPS.Tests;

/// <summary>
/// -Label terms as the engine's filters read them: key and key=value go to the engine; key!=value, !key=value and
/// !key are prune's label!=, applied here with the engine's meaning (filters.MatchKVList).
/// </summary>
public class LabelFilterTests
{
    private static readonly Dictionary<string, string> Web = new() { ["tier"] = "web", ["env"] = "prod" };
    private static readonly Dictionary<string, string> Db = new() { ["tier"] = "db" };
    private static readonly Dictionary<string, string> Empty = new() { ["tier"] = string.Empty };
    private static readonly Dictionary<string, string> None = new();

    private static IEnumerable<string> Admitted(params string[] terms)
    {
        var filter = LabelFilter.Parse(terms);
        return new[] { ("web", Web), ("db", Db), ("empty", Empty), ("none", None) }
            .Where(item => filter.Admits(item.Item2))
            .Select(item => item.Item1);
    }

    [Theory]
    [InlineData(new[] { "tier" }, new[] { "web", "db", "empty" })]
    [InlineData(new[] { "tier=web" }, new[] { "web" })]
    [InlineData(new[] { "tier=" }, new[] { "empty" })]
    [InlineData(new[] { "tier", "env=prod" }, new[] { "web" })]
    [InlineData(new[] { "tier!=web" }, new[] { "db", "empty", "none" })]
    [InlineData(new[] { "!tier=web" }, new[] { "db", "empty", "none" })]
    [InlineData(new[] { "!tier" }, new[] { "none" })]
    [InlineData(new[] { "!env" }, new[] { "db", "empty", "none" })]
    [InlineData(new[] { "tier!=" }, new[] { "web", "db", "none" })]
    [InlineData(new[] { "tier", "tier!=db" }, new[] { "web", "empty" })]
    public void Admits_AsTheEnginesFiltersDo(string[] terms, string[] admitted)
    {
        Assert.Equal(admitted, Admitted(terms));
    }

    [Fact]
    public void SeveralNegations_LeaveOutOnlyWhatMatchesThemAll_AsPrunesLabelNotEquals()
    {
        // label!=tier=web label!=env=prod removes nothing but objects carrying both.
        Assert.Equal(new[] { "db", "empty", "none" }, Admitted("tier!=web", "env!=prod"));
        Assert.Equal(new[] { "web", "db", "empty", "none" }, Admitted("tier!=db", "env!=prod"));
    }

    [Fact]
    public void NullLabels_AreNoLabels()
    {
        Assert.True(LabelFilter.Parse(new[] { "!tier" }).Admits(null));
        Assert.False(LabelFilter.Parse(new[] { "tier" }).Admits(null));
    }

    [Fact]
    public void OnlyThePositiveTerms_GoToTheEngine()
    {
        var filter = LabelFilter.Parse(new[] { "tier", "env=prod", "tier!=db", "!legacy", "x=a=b" });

        var sent = filter.AddTo(new EngineFilters()).ToParameter()!;

        Assert.Equal(new[] { "label" }, sent.Keys);
        Assert.Equal(new[] { "env=prod", "tier", "x=a=b" }, sent["label"].Keys.OrderBy(term => term, StringComparer.Ordinal));
        Assert.True(filter.HasLocalTerms);
        Assert.False(filter.IsEmpty);
    }

    [Fact]
    public void PositiveTermsOnly_NeedNothingHere()
    {
        var filter = LabelFilter.Parse(new[] { "tier" });

        Assert.False(filter.HasLocalTerms);
        Assert.True(LabelFilter.Parse(null).IsEmpty);
        Assert.True(LabelFilter.Parse(null).AddTo(new EngineFilters()).IsEmpty);
    }

    [Fact]
    public void ValueWithEqualsSigns_KeepsThemAll()
    {
        var filter = LabelFilter.Parse(new[] { "url!=a=b" });

        Assert.False(filter.Admits(new Dictionary<string, string> { ["url"] = "a=b" }));
        Assert.True(filter.Admits(new Dictionary<string, string> { ["url"] = "a" }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("=web")]
    [InlineData("!=web")]
    [InlineData("!")]
    [InlineData("! ")]
    [InlineData(" =x")]
    public void TermWithoutAKey_IsRefusedNamingIt(string term)
    {
        var error = Assert.Throws<ArgumentException>(() => LabelFilter.Parse(new[] { "tier", term }));

        Assert.StartsWith($"invalid label filter '{term}': the label's key is missing", error.Message);
    }

    [Fact]
    public void FromParameter_TermWithoutAKey_IsAnInvalidLabelFilterErrorNamingIt()
    {
        var error = Assert.Throws<DockerPS.Errors.ErrorRecordException>(() => LabelFilter.FromParameter(new[] { "tier", "!=x" }));

        Assert.Equal("InvalidLabelFilter", error.ErrorRecord.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, error.ErrorRecord.CategoryInfo.Category);
        Assert.Equal("!=x", error.ErrorRecord.TargetObject);
    }
}
