namespace DockerPS;

/// <summary>
/// What a node needs to join a swarm (docker swarm join-token): the token for a role and the manager's address.
/// Pipe it to Join-DockerSwarm -Context other; the token lets anyone join, so keep it as a password.
/// </summary>
public sealed class DockerSwarmJoinToken
{
    internal DockerSwarmJoinToken(DockerEndpoint endpoint, string role, string token, string? remoteAddress)
    {
        Endpoint = endpoint;
        Role = role;
        Token = token;
        RemoteAddress = remoteAddress;
    }

    /// <summary>The manager the token was read from.</summary>
    public DockerEndpoint Endpoint { get; }

    /// <summary>worker or manager: what a node that joins with the token becomes.</summary>
    public string Role { get; }

    public string Token { get; }

    /// <summary>The manager's swarm address (host:2377), which joining nodes dial.</summary>
    public string? RemoteAddress { get; }

    /// <summary>The role only: the token is not shown unless its property is read.</summary>
    public override string ToString() => Role;
}
