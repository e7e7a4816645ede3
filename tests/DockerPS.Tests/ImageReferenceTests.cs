using System;
using DockerPS.Images;
using Xunit;

namespace DockerPS.Tests;

public class ImageReferenceTests
{
    private const string Digest = "sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31";

    private const string NameReason = "expected name, name:tag, name@digest or host:port/name:tag";
    private const string LowercaseReason = "repository name must be lowercase";
    private const string DigestReason = "a digest looks like sha256:<hex>";

    [Theory]
    [InlineData("nginx", "nginx", null, null)]
    [InlineData("nginx:1.25", "nginx", "1.25", null)]
    [InlineData("nginx:Latest", "nginx", "Latest", null)] // tags may have capitals
    [InlineData("nginx@" + Digest, "nginx", null, Digest)]
    [InlineData("nginx:1.25@" + Digest, "nginx", "1.25", Digest)]
    [InlineData("library/nginx:stable", "library/nginx", "stable", null)]
    [InlineData("docker.io/library/nginx", "docker.io/library/nginx", null, null)]
    [InlineData("localhost/app", "localhost/app", null, null)]
    [InlineData("localhost:5000/project/app:1.0", "localhost:5000/project/app", "1.0", null)]
    [InlineData("localhost:5000/app@" + Digest, "localhost:5000/app", null, Digest)]
    [InlineData("registry.example.com:5000/team/app", "registry.example.com:5000/team/app", null, null)]
    [InlineData("localhost:5000", "localhost", "5000", null)] // as docker reads it: image localhost, tag 5000
    [InlineData("  nginx:1.25  ", "nginx", "1.25", null)]
    public void Parse_SplitsRepositoryTagAndDigest(string reference, string repository, string? tag, string? digest)
    {
        var parsed = ImageReference.Parse(reference);

        Assert.Equal(repository, parsed.Repository);
        Assert.Equal(tag, parsed.Tag);
        Assert.Equal(digest, parsed.Digest);
    }

    [Theory]
    [InlineData("nginx", "latest")]
    [InlineData("nginx:1.25", "1.25")]
    [InlineData("localhost:5000/app", "latest")]
    [InlineData("nginx@" + Digest, Digest)]
    [InlineData("nginx:1.25@" + Digest, Digest)] // the digest wins
    public void TagOrDigest_IsTheDigestOrTheTagOrLatest(string reference, string expected)
    {
        Assert.Equal(expected, ImageReference.Parse(reference).TagOrDigest);
    }

    [Theory]
    [InlineData("nginx", "docker.io")]
    [InlineData("nginx:1.25", "docker.io")]
    [InlineData("library/nginx", "docker.io")]
    [InlineData("myuser/app:2", "docker.io")]
    [InlineData("docker.io/library/nginx", "docker.io")]
    [InlineData("localhost/app", "localhost")]
    [InlineData("localhost:5000/project/app:1.0", "localhost:5000")]
    [InlineData("ghcr.io/org/team/app:v2", "ghcr.io")]
    [InlineData("registry.example.com:5000/team/app", "registry.example.com:5000")]
    [InlineData("Registry.Example.com/app", "Registry.Example.com")] // host names are not case sensitive
    [InlineData("myregistry:5000/app", "myregistry:5000")]
    [InlineData("localhostish/app", "docker.io")]
    public void Registry_IsTheFirstPartWhenItIsAHostAndDockerIoOtherwise(string reference, string registry)
    {
        Assert.Equal(registry, ImageReference.Parse(reference).Registry);
    }

    [Theory]
    [InlineData("nginx", "nginx:latest")]
    [InlineData("nginx:1.25", "nginx:1.25")]
    [InlineData("docker.io/library/nginx", "docker.io/library/nginx:latest")]
    [InlineData("localhost:5000/project/app:1.0", "localhost:5000/project/app:1.0")]
    [InlineData("localhost:5000/app", "localhost:5000/app:latest")]
    [InlineData("nginx@" + Digest, "nginx@" + Digest)]
    [InlineData("nginx:1.25@" + Digest, "nginx@" + Digest)]
    [InlineData("  nginx  ", "nginx:latest")]
    public void ToString_IsHowTheEngineStoresThePulledImage(string reference, string expected)
    {
        Assert.Equal(expected, ImageReference.Parse(reference).ToString());
    }

    [Theory]
    [InlineData("", NameReason)]
    [InlineData("   ", NameReason)]
    [InlineData(":1.0", NameReason)]
    [InlineData("/nginx", NameReason)]
    [InlineData("nginx/", NameReason)]
    [InlineData("localhost:5000/", NameReason)]
    [InlineData("library//nginx", NameReason)]
    [InlineData("my image", NameReason)]
    [InlineData("my image:1.0", NameReason)]
    [InlineData("Nginx", LowercaseReason)]
    [InlineData("Nginx:1.25", LowercaseReason)]
    [InlineData("library/Nginx", LowercaseReason)]
    [InlineData("docker.io/Library/nginx", LowercaseReason)]
    [InlineData("localhost:5000/App:1", LowercaseReason)]
    [InlineData("nginx@abc", DigestReason)]
    [InlineData("nginx@:abc", DigestReason)]
    [InlineData("nginx@", DigestReason)]
    public void Parse_RejectsAnInvalidReference(string reference, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => ImageReference.Parse(reference));

        Assert.Equal($"invalid reference format: '{reference}': {reason}", error.Message);
    }

    [Fact]
    public void Parse_RejectsNull()
    {
        var error = Assert.Throws<ArgumentException>(() => ImageReference.Parse(null!));

        Assert.Equal($"invalid reference format: '': {NameReason}", error.Message);
    }

    // An empty tag reaches the engine as tag="" with a name-only fromImage, which pulls EVERY tag of the
    // repository (docker pull --all-tags); docker itself answers "invalid reference format".
    [Theory]
    [InlineData("nginx:")]
    [InlineData("localhost:5000/app:")]
    [InlineData("nginx:@" + Digest)]
    public void Parse_RejectsAnEmptyTag(string reference)
    {
        var error = Assert.Throws<ArgumentException>(() => ImageReference.Parse(reference));

        Assert.StartsWith($"invalid reference format: '{reference}'", error.Message);
    }

    [Theory]
    [InlineData("nginx:1 .25")]
    [InlineData("nginx@sha256:0d17 b565")]
    public void Parse_RejectsSpacesInTheTagOrDigest(string reference)
    {
        var error = Assert.Throws<ArgumentException>(() => ImageReference.Parse(reference));

        Assert.StartsWith($"invalid reference format: '{reference}'", error.Message);
    }

    [Theory]
    [InlineData("nginx@sha256:abc")]
    [InlineData("nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b3")]
    [InlineData("nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b3x")]
    [InlineData("nginx@:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31")]
    [InlineData("nginx@1sha:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31")]
    public void Parse_RejectsADigestThatIsNone_AsTheDockerCliDoes(string reference)
    {
        var error = Assert.Throws<ArgumentException>(() => ImageReference.Parse(reference));

        Assert.Equal($"invalid reference format: '{reference}': a digest looks like sha256:<hex>", error.Message);
    }

    [Theory]
    [InlineData("nginx", "nginx", "<none>")]
    [InlineData("nginx:1.25", "nginx", "1.25")]
    [InlineData("library/nginx:latest", "library/nginx", "latest")]
    [InlineData("localhost:5000/app", "localhost:5000/app", "<none>")]
    [InlineData("localhost:5000/app:1", "localhost:5000/app", "1")]
    [InlineData("ghcr.io/org/team/app:v2.0.1", "ghcr.io/org/team/app", "v2.0.1")]
    public void SplitTag_SplitsAtTheTagsColonOnly(string reference, string repository, string tag)
    {
        Assert.Equal((repository, tag), ImageReference.SplitTag(reference));
    }

    [Theory]
    [InlineData("nginx@" + Digest, "nginx", Digest)]
    [InlineData("localhost:5000/app@" + Digest, "localhost:5000/app", Digest)]
    [InlineData("nginx", "nginx", "")]
    public void SplitDigest_SplitsAtTheAt(string reference, string repository, string digest)
    {
        Assert.Equal((repository, digest), ImageReference.SplitDigest(reference));
    }

    [Theory]
    [InlineData("nginx", "nginx")]
    [InlineData("docker.io/library/nginx:1.25", "nginx:1.25")]
    [InlineData("index.docker.io/library/nginx", "nginx")]
    [InlineData("docker.io/bitnami/redis", "bitnami/redis")]
    [InlineData("ghcr.io/library/app", "ghcr.io/library/app")]
    public void Normalize_DropsTheDockerHubPrefix(string reference, string expected)
    {
        Assert.Equal(expected, ImageReference.Normalize(reference));
    }
}
