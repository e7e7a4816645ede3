using Docker.DotNet.Models;
using DockerPS.Mapping;

namespace DockerPS.Swarm;

/// <summary>
/// docker swarm init, join, leave, inspect and join-token: an engine's place in a swarm. A join token lets anyone
/// join the swarm: it is sent to the engine and kept out of every message, the engine's own words included.
/// </summary>
internal static class SwarmMembership
{
    /// <summary>Where managers listen for the swarm's own traffic unless told: docker swarm init's --listen-addr default.</summary>
    public const string DefaultListenAddress = "0.0.0.0:2377";

    /// <summary>Makes the engine the first manager of a new swarm; the node's id.</summary>
    public static Task<string> InitializeAsync(DockerEngine engine, string? advertiseAddress, string listenAddress, bool forceNewCluster, CancellationToken cancellation) =>
        engine.Client.Swarm.InitSwarmAsync(
            new SwarmInitParameters
            {
                AdvertiseAddr = advertiseAddress!,
                ListenAddr = listenAddress,
                ForceNewCluster = forceNewCluster,
                Spec = new Spec(),
            },
            cancellation);

    /// <summary>Joins the engine to the swarm a manager at <paramref name="remoteAddress"/> runs; a refusal never repeats the token.</summary>
    public static async Task JoinAsync(DockerEngine engine, string remoteAddress, string token, string? advertiseAddress, string listenAddress, CancellationToken cancellation)
    {
        try
        {
            await engine.Client.Swarm.JoinSwarmAsync(
                new SwarmJoinParameters
                {
                    RemoteAddrs = new List<string> { remoteAddress },
                    JoinToken = token,
                    AdvertiseAddr = advertiseAddress!,
                    ListenAddr = listenAddress,
                },
                cancellation).ConfigureAwait(false);
        }
        catch (DockerApiException e) when (token.Length > 0 && (e.ResponseBody ?? string.Empty).IndexOf(token, StringComparison.Ordinal) >= 0)
        {
            throw new DockerApiException(e.StatusCode, e.ResponseBody!.Replace(token, "(token)"));
        }
    }

    public static Task LeaveAsync(DockerEngine engine, bool force, CancellationToken cancellation) =>
        engine.Client.Swarm.LeaveSwarmAsync(new SwarmLeaveParameters { Force = force }, cancellation);

    public static async Task<DockerSwarm> InspectAsync(DockerEngine engine, CancellationToken cancellation) =>
        SwarmMapper.ToSwarm(await engine.Client.Swarm.InspectSwarmAsync(cancellation).ConfigureAwait(false), engine.Endpoint);

    /// <summary>The token for a role and the address to join at: this manager's own swarm address, as docker swarm join-token prints it.</summary>
    public static async Task<DockerSwarmJoinToken> JoinTokenAsync(DockerEngine engine, DockerSwarmRole role, CancellationToken cancellation)
    {
        var swarm = await engine.Client.Swarm.InspectSwarmAsync(cancellation).ConfigureAwait(false);
        var info = await engine.Client.System.GetSystemInfoAsync(cancellation).ConfigureAwait(false);
        string? address = null;
        if (!string.IsNullOrEmpty(info.Swarm?.NodeID))
        {
            address = (await engine.Client.Swarm.InspectNodeAsync(info.Swarm!.NodeID, cancellation).ConfigureAwait(false)).ManagerStatus?.Addr;
        }

        var token = role == DockerSwarmRole.Manager ? swarm.JoinTokens?.Manager : swarm.JoinTokens?.Worker;
        return new DockerSwarmJoinToken(engine.Endpoint, role.ToString().ToLowerInvariant(), token ?? string.Empty, address);
    }
}
