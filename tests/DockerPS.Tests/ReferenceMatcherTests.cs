using System;
using System.Collections.Generic;
using System.Linq;
using DockerPS.Lookup;
using Xunit;

namespace DockerPS.Tests;

public class ReferenceMatcherTests
{
    private static readonly DockerEndpoint Endpoint = new(new Uri("unix:///var/run/docker.sock"), DockerEndpointSource.PlatformDefault, "default");

    // ---- Containers ----

    private const string WebId = "abc1230000000000000000000000000000000000000000000000000000000001";
    private const string WorkerId = "abc4560000000000000000000000000000000000000000000000000000000002";
    private const string DbId = "def7890000000000000000000000000000000000000000000000000000000003";

    private static DockerContainer Container(string id, params string[] names) =>
        new(
            Endpoint,
            id,
            names,
            "nginx",
            "sha256:605c77e624dd",
            "nginx",
            DateTime.Now,
            "running",
            "Up",
            null,
            Array.Empty<DockerPortBinding>(),
            new Dictionary<string, string>(),
            new Dictionary<string, DockerNetworkAttachment>(),
            Array.Empty<DockerMount>());

    private static readonly IReadOnlyList<DockerContainer> Containers = new[]
    {
        Container(WebId, "web-1"),
        Container(WorkerId, "Web-2"),
        Container(DbId, "db"),
    };

    private static IEnumerable<string> Ids(IEnumerable<DockerContainer> containers) => containers.Select(c => c.Id);

    [Theory]
    [InlineData(WebId, WebId)]
    [InlineData("ABC1230000000000000000000000000000000000000000000000000000000001", WebId)] // ids are hex: any case
    [InlineData("db", DbId)]
    [InlineData("/db", DbId)] // docker's own spelling of names
    [InlineData("abc123", WebId)]
    [InlineData("def", DbId)]
    public void Containers_FindsOneByIdNameOrUniquePrefix(string reference, string expectedId)
    {
        var match = ReferenceMatcher.Containers(reference, Containers);

        Assert.Equal(new[] { expectedId }, Ids(match.Matches));
        Assert.Equal(reference, match.Reference);
        Assert.False(match.IsPattern);
        Assert.False(match.IsMissing);
        Assert.Null(match.Ambiguity);
    }

    [Fact]
    public void Containers_ExactNameWinsOverAnIdPrefix()
    {
        var named = Container(DbId, "abc");

        var match = ReferenceMatcher.Containers("abc", new[] { Containers[0], Containers[1], named });

        Assert.Equal(new[] { DbId }, Ids(match.Matches));
    }

    [Fact]
    public void Containers_FullIdWinsOverAName()
    {
        var namedLikeAnId = Container(DbId, WebId);

        var match = ReferenceMatcher.Containers(WebId, new[] { namedLikeAnId, Containers[0] });

        Assert.Equal(new[] { WebId }, Ids(match.Matches));
    }

    [Fact]
    public void Containers_AmbiguousPrefixIsReported()
    {
        var match = ReferenceMatcher.Containers("abc", Containers);

        Assert.Empty(match.Matches);
        Assert.Equal("multiple containers found with provided prefix: abc", match.Ambiguity);
        Assert.False(match.IsMissing);
    }

    [Fact]
    public void Containers_NamesAreCaseSensitive()
    {
        Assert.True(ReferenceMatcher.Containers("DB", Containers).IsMissing);
    }

    [Theory]
    [InlineData("nothing")]
    [InlineData("fff")]
    public void Containers_UnknownReferenceIsMissing(string reference)
    {
        var match = ReferenceMatcher.Containers(reference, Containers);

        Assert.Empty(match.Matches);
        Assert.True(match.IsMissing);
        Assert.Null(match.Ambiguity);
    }

    [Fact]
    public void Containers_WildcardMatchesNamesCaseInsensitively()
    {
        var match = ReferenceMatcher.Containers("WEB-*", Containers);

        Assert.Equal(new[] { WebId, WorkerId }, Ids(match.Matches));
        Assert.True(match.IsPattern);
        Assert.False(match.IsMissing);
    }

    [Fact]
    public void Containers_WildcardMatchesAnyOfTheNames()
    {
        var linked = Container(DbId, "db", "web-1/database");

        var match = ReferenceMatcher.Containers("*/database", new[] { linked });

        Assert.Equal(new[] { DbId }, Ids(match.Matches));
    }

    [Fact]
    public void Containers_WildcardDoesNotMatchIds()
    {
        Assert.Empty(ReferenceMatcher.Containers("abc*", Containers).Matches);
    }

    [Fact]
    public void Containers_WildcardMatchingNothingIsNotMissing()
    {
        var match = ReferenceMatcher.Containers("cache-*", Containers);

        Assert.Empty(match.Matches);
        Assert.True(match.IsPattern);
        Assert.False(match.IsMissing);
    }

    // ---- Images ----

    private const string NginxId = "sha256:605c77e624ddb75e6110f997c58876baa13f8754486b461117934b24a9dc3a85";
    private const string AlpineId = "sha256:605c1a1b0a3b6bd0e1d1ab3c5a6b7d8e9f00112233445566778899aabbccddee";
    private const string AppId = "sha256:9a8b7c6d5e4f00112233445566778899aabbccddeeff00112233445566778899";
    private const string DanglingId = "sha256:0f0e0d0c0b0a09080706050403020100ffeeddccbbaa99887766554433221100";
    private const string NginxDigest = "sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31";

    private static DockerImage Image(string id, string repository, string tag, params string[] repoDigests) =>
        new(
            Endpoint,
            id,
            repository,
            tag,
            Array.Empty<string>(),
            repoDigests,
            DateTime.Now,
            0,
            new Dictionary<string, string>(),
            Array.Empty<string>(),
            null);

    private static readonly IReadOnlyList<DockerImage> Images = new[]
    {
        Image(NginxId, "nginx", "1.25", "nginx@" + NginxDigest),
        Image(NginxId, "nginx", "latest", "nginx@" + NginxDigest),
        Image(AlpineId, "alpine", "3.20"),
        Image(AppId, "localhost:5000/app", "1"),
        Image(DanglingId, "<none>", "<none>"),
    };

    private static IEnumerable<string> Names(IEnumerable<DockerImage> images) => images.Select(i => i.Repository + ":" + i.Tag);

    [Theory]
    [InlineData("nginx", "nginx:1.25", "nginx:latest")]
    [InlineData("nginx:latest", "nginx:latest")]
    [InlineData("nginx@" + NginxDigest, "nginx:1.25", "nginx:latest")]
    [InlineData("docker.io/library/nginx:1.25", "nginx:1.25")]
    [InlineData("docker.io/library/nginx", "nginx:1.25", "nginx:latest")]
    [InlineData("docker.io/nginx:1.25", "nginx:1.25")]
    [InlineData("index.docker.io/library/alpine", "alpine:3.20")]
    [InlineData("docker.io/library/nginx@" + NginxDigest, "nginx:1.25", "nginx:latest")]
    [InlineData("localhost:5000/app", "localhost:5000/app:1")]
    [InlineData("localhost:5000/app:1", "localhost:5000/app:1")]
    public void Images_FindsByRepositoryTagOrDigest(string reference, params string[] expected)
    {
        var match = ReferenceMatcher.Images(reference, Images);

        Assert.Equal(expected, Names(match.Matches));
        Assert.False(match.IsPattern);
        Assert.False(match.IsMissing);
    }

    [Theory]
    [InlineData("ngi*", "nginx:1.25", "nginx:latest")]
    [InlineData("NGINX:1.*", "nginx:1.25")]
    [InlineData("*:latest", "nginx:latest")]
    [InlineData("localhost:5000/*", "localhost:5000/app:1")]
    [InlineData("nginx@sha256:0d17*", "nginx:1.25", "nginx:latest")]
    public void Images_WildcardsMatch(string reference, params string[] expected)
    {
        var match = ReferenceMatcher.Images(reference, Images);

        Assert.Equal(expected, Names(match.Matches));
        Assert.True(match.IsPattern);
    }

    [Fact]
    public void Images_WildcardMatchingNothingIsNotMissing()
    {
        var match = ReferenceMatcher.Images("redis*", Images);

        Assert.Empty(match.Matches);
        Assert.True(match.IsPattern);
        Assert.False(match.IsMissing);
    }

    [Fact]
    public void Images_RepositoryDoesNotMatchAnotherTag()
    {
        Assert.True(ReferenceMatcher.Images("nginx:1.27", Images).IsMissing);
    }

    [Theory]
    [InlineData(NginxId)]
    [InlineData("605c77e624ddb75e6110f997c58876baa13f8754486b461117934b24a9dc3a85")]
    [InlineData("605c77")]
    [InlineData("sha256:605c77")]
    [InlineData("605C77")]
    public void Images_FindsEveryTagOfAnIdOrUniqueIdPrefix(string reference)
    {
        var match = ReferenceMatcher.Images(reference, Images);

        Assert.Equal(new[] { "nginx:1.25", "nginx:latest" }, Names(match.Matches));
        Assert.Null(match.Ambiguity);
    }

    [Fact]
    public void Images_FindsAnUntaggedImageById()
    {
        var match = ReferenceMatcher.Images("0f0e0d", Images);

        Assert.Equal(new[] { DanglingId }, match.Matches.Select(i => i.Id));
    }

    [Fact]
    public void Images_AmbiguousIdPrefixIsReported()
    {
        // 605c prefixes both nginx and alpine; nginx's two tags alone would not make it ambiguous.
        var match = ReferenceMatcher.Images("605c", Images);

        Assert.Empty(match.Matches);
        Assert.Equal("multiple images found with provided prefix: 605c", match.Ambiguity);
        Assert.False(match.IsMissing);
    }

    [Theory]
    [InlineData("redis")]
    [InlineData("fff")]
    [InlineData("sha256:")]
    [InlineData("<none>")]
    public void Images_UnknownReferenceIsMissing(string reference)
    {
        var match = ReferenceMatcher.Images(reference, Images);

        Assert.Empty(match.Matches);
        Assert.True(match.IsMissing);
    }
}
