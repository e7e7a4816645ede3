using Docker.DotNet.Models;
using Version = System.Version;

namespace DockerPS.Containers;

/// <summary>
/// The networks a new container joins (-Network, several allowed) and its endpoint on the first one (-NetworkAlias,
/// -IPAddress, -IP6Address), as docker run builds them: the aliases and addresses belong to the first network only.
/// Engines from API 1.44 (Docker 25) take every network in the create request; older ones take one, so the others are
/// connected after it, before the start; a connection the engine refuses removes the new container. On every engine the
/// others are looked up before the create. (The docker CLI sends them all and an older engine refuses the create;
/// docker compose connects.)
/// </summary>
internal sealed class NetworkAttachments
{
    /// <summary>The first API whose create request takes several networks.</summary>
    public static readonly Version SeveralAtCreate = new(1, 44);

    private readonly IReadOnlyList<string> networks;
    private readonly EndpointSettings? firstEndpoint;

    private NetworkAttachments(IReadOnlyList<string> networks, EndpointSettings? firstEndpoint)
    {
        this.networks = networks;
        this.firstEndpoint = firstEndpoint;
    }

    /// <summary>HostConfig.NetworkMode: the first network, or empty for the engine's default.</summary>
    public string NetworkMode => networks.Count > 0 ? networks[0] : string.Empty;

    /// <summary>Checks the networks as the docker CLI does, and refuses mixes of the engine's own modes that no engine takes.</summary>
    /// <exception cref="ArgumentException">What is wrong with the networks, in the CLI's words where it has them.</exception>
    public static void CheckNetworks(IReadOnlyList<string> networks)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var network in networks)
        {
            if (network.Trim().Length == 0)
            {
                throw new ArgumentException("no name set for network");
            }

            if (!seen.Add(network))
            {
                throw new ArgumentException($"network \"{network}\" is specified multiple times");
            }
        }

        if (networks.Count > 1 && networks.FirstOrDefault(network => !IsUserDefined(network)) is { } special)
        {
            throw new ArgumentException(networks.Any(IsUserDefined)
                ? "conflicting options: cannot attach both user-defined and non-user-defined network-modes"
                : $"'{special}' cannot be combined with other networks: only networks created with docker network create can");
        }
    }

    /// <summary>Aliases and fixed addresses need a network of the user's own, as the CLI and the engine say.</summary>
    public static void CheckAliases(IReadOnlyList<string>? networks, IReadOnlyList<string> aliases)
    {
        if (aliases.Count > 0 && !FirstIsUserDefined(networks))
        {
            throw new ArgumentException("network-scoped aliases are only supported for user-defined networks: give -Network the name of one");
        }
    }

    /// <summary>An IPv4 address for -IPAddress, an IPv6 one for -IP6Address, on a network of the user's own.</summary>
    public static void CheckAddress(IReadOnlyList<string>? networks, string address, bool ipv6)
    {
        var right = ipv6 ? IpAddressText.IsIPv6(address) : IpAddressText.IsIPv4(address);
        if (!right)
        {
            var other = ipv6 ? IpAddressText.IsIPv4(address) : IpAddressText.IsIPv6(address);
            throw new ArgumentException(other
                ? $"'{address}' is an {(ipv6 ? "IPv4" : "IPv6")} address: give it to {(ipv6 ? "-IPAddress" : "-IP6Address")}"
                : $"invalid {(ipv6 ? "IPv6" : "IPv4")} address: {address}");
        }

        if (!FirstIsUserDefined(networks))
        {
            throw new ArgumentException("user specified IP address is supported on user defined networks only: give -Network the name of one");
        }
    }

    /// <summary>The attachments of checked options.</summary>
    public static NetworkAttachments Of(IReadOnlyList<string>? networks, IReadOnlyList<string>? aliases, string? ipv4, string? ipv6)
    {
        var endpoint = aliases is { Count: > 0 } || ipv4 is not null || ipv6 is not null
            ? new EndpointSettings
            {
                Aliases = aliases?.ToList()!,
                IPAMConfig = ipv4 is null && ipv6 is null ? null! : new EndpointIPAMConfig { IPv4Address = ipv4!, IPv6Address = ipv6! },
            }
            : null;
        return new NetworkAttachments(networks ?? Array.Empty<string>(), endpoint);
    }

    /// <summary>
    /// The create request's endpoints on an engine speaking <paramref name="api"/>: every network from 1.44, else the
    /// first when it has options; null when the CLI would send none (one network without options).
    /// </summary>
    public NetworkingConfig? ForCreate(Version api)
    {
        var endpoints = new Dictionary<string, EndpointSettings>(StringComparer.Ordinal);
        if (firstEndpoint is not null)
        {
            endpoints[networks[0]] = firstEndpoint;
        }

        if (networks.Count > 1 && api >= SeveralAtCreate)
        {
            foreach (var network in networks)
            {
                if (!endpoints.ContainsKey(network))
                {
                    endpoints[network] = new EndpointSettings();
                }
            }
        }

        return endpoints.Count == 0 ? null : new NetworkingConfig { EndpointsConfig = endpoints };
    }

    /// <summary>The networks to connect after the create on an engine speaking <paramref name="api"/>: all but the first before 1.44.</summary>
    public IReadOnlyList<string> AfterCreate(Version api) =>
        api >= SeveralAtCreate ? Array.Empty<string>() : networks.Skip(1).ToList();

    /// <summary>
    /// Asks the engine for each network after the first, before the create: engines take a missing network for a
    /// container not yet started, in the create (API 1.44 on, dockerd 26 among them) as in a connection (before), and
    /// refuse only the start, leaving the container behind. A missing one is the engine's 404 ("network x not
    /// found"), and nothing is created.
    /// </summary>
    public async Task CheckConnectableAsync(DockerEngine engine, CancellationToken cancellation)
    {
        foreach (var network in networks.Skip(1))
        {
            await engine.Client.Networks.InspectNetworkAsync(network, cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Connects the created container to the networks its engine could not take at create, in order. A network the
    /// engine refuses removes the container, with its anonymous volumes, and the refusal travels on: on any engine, a
    /// bad network then leaves nothing behind, as a refused create does.
    /// </summary>
    public async Task ConnectAfterCreateAsync(DockerEngine engine, string containerId, Action<string> verbose, CancellationToken cancellation)
    {
        foreach (var network in AfterCreate(engine.ApiVersion))
        {
            try
            {
                await engine.Client.Networks.ConnectNetworkAsync(
                    network,
                    new NetworkConnectParameters { Container = containerId, EndpointConfig = new EndpointSettings() },
                    cancellation).ConfigureAwait(false);
                verbose($"Connected container {Short(containerId)} to network {network} before starting it (Engine API {engine.ApiVersion} takes one network at create).");
            }
            catch (DockerApiException)
            {
                await RemoveAsync(engine, containerId, verbose, cancellation).ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>Takes back a container whose networks could not all be joined; the refusal that caused it is what the user needs to see.</summary>
    private static async Task RemoveAsync(DockerEngine engine, string containerId, Action<string> verbose, CancellationToken cancellation)
    {
        try
        {
            await engine.Client.Containers.RemoveContainerAsync(
                containerId,
                new ContainerRemoveParameters { Force = true, RemoveVolumes = true },
                cancellation).ConfigureAwait(false);
            verbose($"Removed container {Short(containerId)}: it could not join every network.");
        }
        catch (DockerApiException e)
        {
            verbose($"Could not remove container {Short(containerId)} after a network refused it: {e.Message}");
        }
    }

    private static string Short(string id) => id.Length > 12 ? id.Substring(0, 12) : id;

    /// <summary>Not the engine's own modes (default, bridge, host, none, container:NAME): a network made with docker network create.</summary>
    private static bool IsUserDefined(string network) =>
        network is not ("default" or "bridge" or "host" or "none") && !network.StartsWith("container:", StringComparison.Ordinal);

    private static bool FirstIsUserDefined(IReadOnlyList<string>? networks) => networks is { Count: > 0 } && IsUserDefined(networks[0]);
}
