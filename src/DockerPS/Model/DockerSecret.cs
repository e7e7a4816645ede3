namespace DockerPS;

/// <summary>
/// A swarm secret, as docker secret ls lists it and docker secret inspect describes it. The engine never gives a
/// secret's data back, and neither does this object.
/// </summary>
public sealed class DockerSecret
{
    internal DockerSecret(DockerEndpoint endpoint, string id, string name, string? driver, IReadOnlyDictionary<string, string> labels, DateTime? created, DateTime? updated)
    {
        Endpoint = endpoint;
        Id = id;
        Name = name;
        Driver = driver;
        Labels = labels;
        Created = created;
        Updated = updated;
    }

    /// <summary>The swarm manager the secret was read from; cmdlets given this object ask that manager.</summary>
    public DockerEndpoint Endpoint { get; }

    public string Id { get; }

    public string Name { get; }

    /// <summary>The external secret store's driver; null for secrets the swarm keeps itself.</summary>
    public string? Driver { get; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    public DateTime? Created { get; }

    public DateTime? Updated { get; }

    public override string ToString() => Name;
}
