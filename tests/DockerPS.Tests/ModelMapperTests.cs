using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Docker.DotNet.Models;
using DockerPS.Mapping;
using Xunit;

namespace DockerPS.Tests;

public class ModelMapperTests
{
    private const string ContainerId = "8f2d3c1e4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private const string ImageId = "sha256:605c77e624ddb75e6110f997c58876baa13f8754486b461117934b24a9dc3a85";
    private const string Digest = "sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31";

    private static readonly DockerEndpoint Endpoint = new(new Uri("unix:///var/run/docker.sock"), DockerEndpointSource.PlatformDefault, "default");

    private static readonly DateTime CreatedUtc = new(2026, 11, 28, 10, 0, 0, DateTimeKind.Utc);

    // ---- Containers ----

    private static ContainerListResponse Summary() => new()
    {
        ID = ContainerId,
        Names = new List<string> { "/web", "/frontend/web" },
        Image = "nginx:1.25",
        ImageID = ImageId,
        Command = "/docker-entrypoint.sh nginx -g 'daemon off;'",
        Created = CreatedUtc,
        State = "running",
        Status = "Up 2 minutes",
        Ports = new List<PortSummary>
        {
            new() { PrivatePort = 80, PublicPort = 8080, IP = "0.0.0.0", Type = "tcp" },
            new() { PrivatePort = 443, Type = "tcp" },
        },
        Labels = new Dictionary<string, string> { ["com.example.team"] = "web" },
        NetworkSettings = new NetworkSettingsSummary
        {
            Networks = new Dictionary<string, EndpointSettings>
            {
                ["bridge"] = new()
                {
                    NetworkID = "b1e2",
                    IPAddress = "172.17.0.2",
                    IPPrefixLen = 16,
                    Gateway = "172.17.0.1",
                    MacAddress = "02:42:ac:11:00:02",
                    GlobalIPv6Address = string.Empty,
                },
            },
        },
        Mounts = new List<MountPoint>
        {
            new() { Type = "volume", Name = "html", Source = "/var/lib/docker/volumes/html/_data", Destination = "/usr/share/nginx/html", Mode = "z", RW = false },
        },
    };

    [Fact]
    public void ToContainer_CopiesTheSummary()
    {
        var container = ModelMapper.ToContainer(Summary(), Endpoint);

        Assert.Same(Endpoint, container.Endpoint);
        Assert.Equal(ContainerId, container.Id);
        Assert.Equal("8f2d3c1e4b5a", container.ShortId);
        Assert.Equal("nginx:1.25", container.Image);
        Assert.Equal(ImageId, container.ImageId);
        Assert.Equal("/docker-entrypoint.sh nginx -g 'daemon off;'", container.Command);
        Assert.Equal(CreatedUtc.ToLocalTime(), container.Created);
        Assert.Equal("running", container.State);
        Assert.Equal("Up 2 minutes", container.Status);
        Assert.Equal("web", container.Labels["com.example.team"]);
        Assert.False(container.IsDetailed);
        Assert.Null(container.Inspect);
    }

    [Fact]
    public void ToContainer_StripsTheLeadingSlashFromNames()
    {
        var container = ModelMapper.ToContainer(Summary(), Endpoint);

        Assert.Equal(new[] { "web", "frontend/web" }, container.Names);
        Assert.Equal("web", container.Name);
        Assert.Equal("web", container.ToString());
    }

    [Fact]
    public void ToContainer_MapsPorts()
    {
        var container = ModelMapper.ToContainer(Summary(), Endpoint);

        Assert.Equal(new[] { "80/tcp -> 0.0.0.0:8080", "443/tcp" }, container.Ports.Select(p => p.ToString()));
        Assert.Equal("443/tcp, 0.0.0.0:8080->80/tcp", container.PortSummary);
    }

    [Fact]
    public void ToContainer_MapsNetworks()
    {
        var bridge = Assert.Single(ModelMapper.ToContainer(Summary(), Endpoint).Networks).Value;

        Assert.Equal("bridge", bridge.Network);
        Assert.Equal(Endpoint, bridge.Endpoint);
        Assert.Equal("b1e2", bridge.NetworkId);
        Assert.Equal("172.17.0.2", bridge.IPAddress);
        Assert.Equal(16, bridge.IPPrefixLength);
        Assert.Equal("172.17.0.1", bridge.Gateway);
        Assert.Equal("02:42:ac:11:00:02", bridge.MacAddress);
        Assert.Null(bridge.GlobalIPv6Address);
    }

    [Fact]
    public void ToContainer_MapsMounts()
    {
        var mount = Assert.Single(ModelMapper.ToContainer(Summary(), Endpoint).Mounts);

        Assert.Equal("volume", mount.Type);
        Assert.Equal("html", mount.Name);
        Assert.Equal("/var/lib/docker/volumes/html/_data", mount.Source);
        Assert.Equal("/usr/share/nginx/html", mount.Destination);
        Assert.Equal("z", mount.Mode);
        Assert.False(mount.ReadWrite);
        Assert.Equal("html:/usr/share/nginx/html:ro", mount.ToString());
    }

    [Fact]
    public void ToContainer_ToleratesMissingCollections()
    {
        var container = ModelMapper.ToContainer(
            new ContainerListResponse { ID = ContainerId, Image = "nginx", ImageID = ImageId, Command = "", State = "created", Status = "Created" },
            Endpoint);

        Assert.Empty(container.Names);
        Assert.Equal("8f2d3c1e4b5a", container.Name);
        Assert.Empty(container.Ports);
        Assert.Empty(container.Labels);
        Assert.Empty(container.Networks);
        Assert.Empty(container.Mounts);
    }

    [Fact]
    public void AddInspectDetails_FillsStateAndTheInspectDocument()
    {
        var container = ModelMapper.ToContainer(Summary(), Endpoint);
        var inspect = new ContainerInspectResponse
        {
            ID = ContainerId,
            Name = "/web",
            RestartCount = 3,
            State = new State
            {
                Status = "running",
                Running = true,
                Pid = 4242,
                ExitCode = 0,
                StartedAt = "2026-11-28T10:00:01.000000001Z",
                FinishedAt = "0001-01-01T00:00:00Z",
                Health = new Health { Status = "healthy", FailingStreak = 0 },
            },
            Config = new ContainerConfig { Hostname = "8f2d3c1e4b5a", Env = new List<string> { "PATH=/usr/bin" } },
        };

        ModelMapper.AddInspectDetails(container, inspect);

        Assert.True(container.IsDetailed);
        Assert.Equal(4242, container.Pid);
        Assert.Equal(0, container.ExitCode);
        Assert.Equal(CreatedUtc.AddSeconds(1).ToLocalTime(), container.StartedAt);
        Assert.Null(container.FinishedAt);
        Assert.Equal(3, container.RestartCount);
        Assert.Equal("healthy", container.Health);

        // Navigable as $container.Inspect.State.Pid, with the engine's own property names.
        var document = container.Inspect!;
        Assert.Equal("/web", document.Properties["Name"].Value);
        var state = Assert.IsType<PSObject>(document.Properties["State"].Value);
        Assert.Equal(4242L, Convert.ToInt64(state.Properties["Pid"].Value)); // the number's type is checked in JsonToPSObjectTests
        Assert.Equal(true, state.Properties["Running"].Value);
        var health = Assert.IsType<PSObject>(state.Properties["Health"].Value);
        Assert.Equal("healthy", health.Properties["Status"].Value);
        var config = Assert.IsType<PSObject>(document.Properties["Config"].Value);
        Assert.Equal(new object[] { "PATH=/usr/bin" }, config.Properties["Env"].Value);
    }

    [Fact]
    public void AddInspectDetails_WithoutHealthCheckLeavesHealthNull()
    {
        var container = ModelMapper.ToContainer(Summary(), Endpoint);
        var inspect = new ContainerInspectResponse
        {
            ID = ContainerId,
            State = new State { Status = "exited", ExitCode = 137, StartedAt = "2026-11-28T10:00:00Z", FinishedAt = "2026-11-28T10:05:00Z" },
        };

        ModelMapper.AddInspectDetails(container, inspect);

        Assert.Equal(0, container.Pid);
        Assert.Equal(137, container.ExitCode);
        Assert.Equal(CreatedUtc.AddMinutes(5).ToLocalTime(), container.FinishedAt);
        Assert.Null(container.Health);
    }

    // ---- Images ----

    private static ImagesListResponse Image(IList<string> repoTags, IList<string> repoDigests) => new()
    {
        ID = ImageId,
        RepoTags = repoTags,
        RepoDigests = repoDigests,
        Created = CreatedUtc,
        Size = 187_654_321,
        Labels = new Dictionary<string, string> { ["maintainer"] = "NGINX Docker Maintainers" },
        ParentID = string.Empty,
    };

    [Fact]
    public void ToImages_GivesOneObjectPerRepoTag()
    {
        var containers = new[] { "web" };
        var images = ModelMapper.ToImages(
            Image(new List<string> { "nginx:1.25", "localhost:5000/nginx:latest" }, new List<string> { "nginx@" + Digest }),
            Endpoint,
            containers).ToList();

        Assert.Equal(new[] { ("nginx", "1.25"), ("localhost:5000/nginx", "latest") }, images.Select(i => (i.Repository, i.Tag)));
        Assert.Equal(new[] { "nginx:1.25", "localhost:5000/nginx:latest" }, images.Select(i => i.Name));
        Assert.All(images, image =>
        {
            Assert.Equal(ImageId, image.Id);
            Assert.Equal("605c77e624dd", image.ShortId);
            Assert.Equal(new[] { "nginx:1.25", "localhost:5000/nginx:latest" }, image.RepoTags);
            Assert.Equal(new[] { "nginx@" + Digest }, image.RepoDigests);
            Assert.Equal(CreatedUtc.ToLocalTime(), image.Created);
            Assert.Equal(187_654_321, image.Size);
            Assert.Equal("NGINX Docker Maintainers", image.Labels["maintainer"]);
            Assert.Same(containers, image.Containers);
            Assert.Null(image.ParentId);
            Assert.Same(Endpoint, image.Endpoint);
        });
    }

    [Theory]
    [InlineData("none")]
    [InlineData("empty")]
    [InlineData("absent")]
    public void ToImages_UntaggedImageIsOneNoneObjectNamedById(string shape)
    {
        // Older engines list a dangling image as <none>:<none> and <none>@<none>, newer ones as empty
        // lists, and a proxy may leave the fields out altogether.
        var image = shape switch
        {
            "none" => Image(new List<string> { "<none>:<none>" }, new List<string> { "<none>@<none>" }),
            "empty" => Image(new List<string>(), new List<string>()),
            _ => Image(null!, null!),
        };

        var untagged = Assert.Single(ModelMapper.ToImages(image, Endpoint, Array.Empty<string>()));

        Assert.Equal("<none>", untagged.Repository);
        Assert.Equal("<none>", untagged.Tag);
        Assert.Equal(ImageId, untagged.Name);
        Assert.Equal(ImageId, untagged.ToString());
        Assert.Empty(untagged.RepoTags);
        Assert.Empty(untagged.RepoDigests);
    }

    [Fact]
    public void ToImages_UntaggedImagePulledByDigestKeepsItsRepository()
    {
        var untagged = Assert.Single(ModelMapper.ToImages(
            Image(new List<string>(), new List<string> { "localhost:5000/app@" + Digest, "nginx@" + Digest }),
            Endpoint,
            Array.Empty<string>()));

        Assert.Equal("localhost:5000/app", untagged.Repository);
        Assert.Equal("<none>", untagged.Tag);
        Assert.Equal(ImageId, untagged.Name);
    }

    [Fact]
    public void ToImages_ShortensPodmansFullNamesAsDockerImagesDoes()
    {
        var images = ModelMapper.ToImages(
            Image(new List<string> { "docker.io/library/nginx:1.25", "docker.io/dps/app:1", "localhost/app:2", "127.0.0.1:5000/app:3" }, new List<string>()),
            Endpoint,
            Array.Empty<string>()).ToList();

        Assert.Equal(new[] { "nginx:1.25", "dps/app:1", "localhost/app:2", "127.0.0.1:5000/app:3" }, images.Select(i => i.Name));
        Assert.Equal("docker.io/library/nginx:1.25", images[0].RepoTags[0]);
    }

    [Fact]
    public void ToImages_GivesPodmansBareParentIdItsAlgorithm()
    {
        var image = Image(new List<string> { "app:1" }, new List<string>());
        image.ParentID = new string('a', 64);

        Assert.Equal("sha256:" + new string('a', 64), Assert.Single(ModelMapper.ToImages(image, Endpoint, Array.Empty<string>())).ParentId);
    }

    [Fact]
    public void ToImages_KeepsAParentId()
    {
        var image = Image(new List<string> { "app:1" }, new List<string>());
        image.ParentID = "sha256:1111";

        Assert.Equal("sha256:1111", Assert.Single(ModelMapper.ToImages(image, Endpoint, Array.Empty<string>())).ParentId);
    }

    // ---- Networks ----

    [Fact]
    public void ToNetwork_CopiesTheInspectAnswer_ContainersByNameWithBareAddresses()
    {
        var network = ModelMapper.ToNetwork(
            new NetworkResponse
            {
                ID = ContainerId,
                Name = "backend",
                Driver = "bridge",
                Scope = "local",
                Internal = true,
                Attachable = true,
                EnableIPv6 = true,
                Created = CreatedUtc,
                IPAM = new IPAM
                {
                    Config = new List<IPAMConfig>
                    {
                        new() { Subnet = "172.28.0.0/16", IPRange = "172.28.5.0/24", Gateway = "172.28.5.254" },
                        new() { Subnet = "fd00:28::/64", IPRange = string.Empty, Gateway = string.Empty },
                    },
                },
                Containers = new Dictionary<string, EndpointResource>
                {
                    ["bbb"] = new() { Name = "web", IPv4Address = "172.28.5.2/16", IPv6Address = "fd00:28::2/64", MacAddress = "02:42:ac:1c:05:02" },
                    ["aaa"] = new() { Name = "api", IPv4Address = "172.28.5.3/16", IPv6Address = string.Empty, MacAddress = string.Empty },
                },
                Labels = new Dictionary<string, string> { ["tier"] = "back" },
                Options = new Dictionary<string, string> { ["com.docker.network.driver.mtu"] = "1400" },
            },
            Endpoint);

        Assert.Equal((ContainerId, "8f2d3c1e4b5a", "backend", "bridge", "local"), (network.Id, network.ShortId, network.Name, network.Driver, network.Scope));
        Assert.True(network.Internal && network.Attachable && network.IPv6);
        Assert.Equal(CreatedUtc.ToLocalTime(), network.Created);
        Assert.Equal(
            new[] { "172.28.0.0/16|172.28.5.0/24|172.28.5.254", "fd00:28::/64||" },
            network.Subnets.Select(subnet => $"{subnet.Subnet}|{subnet.IPRange}|{subnet.Gateway}"));
        Assert.Equal(
            new[] { "api|aaa|172.28.5.3||", "web|bbb|172.28.5.2|fd00:28::2|02:42:ac:1c:05:02" },
            network.Containers.Select(container => $"{container.Name}|{container.Id}|{container.IPv4Address}|{container.IPv6Address}|{container.MacAddress}"));
        Assert.All(network.Containers, container => Assert.Equal(Endpoint, container.Endpoint));
        Assert.Equal("back", network.Labels["tier"]);
        Assert.Equal("1400", network.Options["com.docker.network.driver.mtu"]);
        Assert.Equal(Endpoint, network.Endpoint);
        Assert.Equal("backend", network.ToString());
    }

    [Fact]
    public void ToNetwork_ToleratesMissingCollections_AndTheZeroTimeIsNoTime()
    {
        var network = ModelMapper.ToNetwork(new NetworkResponse { ID = "abc", Name = "none", Driver = "null", Scope = "local" }, Endpoint);

        Assert.Empty(network.Subnets);
        Assert.Empty(network.Containers);
        Assert.Empty(network.Labels);
        Assert.Empty(network.Options);
        Assert.Null(network.Created);
    }
}
