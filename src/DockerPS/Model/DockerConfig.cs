namespace DockerPS;

/// <summary>A swarm config, as docker config ls lists it and docker config inspect describes it, with its data.</summary>
public sealed class DockerConfig
{
    internal DockerConfig(DockerEndpoint endpoint, string id, string name, byte[] data, IReadOnlyDictionary<string, string> labels, DateTime? created, DateTime? updated)
    {
        Endpoint = endpoint;
        Id = id;
        Name = name;
        Data = data;
        Labels = labels;
        Created = created;
        Updated = updated;
    }

    /// <summary>The swarm manager the config was read from; cmdlets given this object ask that manager.</summary>
    public DockerEndpoint Endpoint { get; }

    public string Id { get; }

    public string Name { get; }

    /// <summary>The config's content, as services see it in their files (configs are not secret: docker config inspect shows them).</summary>
    public byte[] Data { get; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    public DateTime? Created { get; }

    public DateTime? Updated { get; }

    public override string ToString() => Name;
}
