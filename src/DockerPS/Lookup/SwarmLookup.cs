using DockerPS.Mapping;

namespace DockerPS.Lookup;

/// <summary>
/// Reads a swarm's nodes, secrets and configs as DockerPS objects, sorted as docker node ls (by hostname) and docker
/// secret ls / config ls (by name) sort them, and matches them by the names users type. The engine's list filters
/// are not used: Docker.DotNet 4.3.3 sends none for these lists, so names and labels are matched here.
/// </summary>
internal static class SwarmLookup
{
    /// <param name="markSelf">Ask the engine which node is its own (one more call) and set that node's IsSelf.</param>
    public static async Task<List<DockerNode>> NodesAsync(DockerEngine engine, bool markSelf, CancellationToken cancellation)
    {
        // The list first: an engine that is no manager refuses it, and that is the error to give.
        var nodes = await engine.Client.Swarm.ListNodesAsync(cancellation).ConfigureAwait(false);
        var selfId = markSelf ? await SelfNodeIdAsync(engine, cancellation).ConfigureAwait(false) : null;
        return nodes
            .Select(node => SwarmMapper.ToNode(node, engine.Endpoint, selfId))
            .OrderBy(node => node.Hostname, StringComparer.Ordinal)
            .ThenBy(node => node.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The id of the engine's own node, as docker info shows it; null outside a swarm.</summary>
    public static async Task<string?> SelfNodeIdAsync(DockerEngine engine, CancellationToken cancellation) =>
        (await engine.Client.System.GetSystemInfoAsync(cancellation).ConfigureAwait(false)).Swarm?.NodeID;

    public static async Task<List<DockerSecret>> SecretsAsync(DockerEngine engine, CancellationToken cancellation) =>
        (await engine.Client.Secrets.ListAsync(cancellation).ConfigureAwait(false))
            .Select(secret => SwarmMapper.ToSecret(secret, engine.Endpoint))
            .OrderBy(secret => secret.Name, StringComparer.Ordinal)
            .ToList();

    public static async Task<List<DockerConfig>> ConfigsAsync(DockerEngine engine, CancellationToken cancellation) =>
        (await engine.Client.Configs.ListConfigsAsync(cancellation).ConfigureAwait(false))
            .Select(config => SwarmMapper.ToConfig(config, engine.Endpoint))
            .OrderBy(config => config.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// An object by full id, then exact name, then unique id prefix, as the swarm's managers resolve them; a wildcard
    /// pattern matches names and ids, without regard to case. Swarm ids are base 36, not hex.
    /// </summary>
    public static ReferenceMatch<T> Match<T>(string reference, IReadOnlyList<T> items, Func<T, string> id, Func<T, string> name, DockerObjectKind kind)
    {
        if (WildcardPattern.ContainsWildcardCharacters(reference))
        {
            var pattern = WildcardPattern.Get(reference, WildcardOptions.IgnoreCase);
            return new ReferenceMatch<T>(reference, true, items.Where(item => pattern.IsMatch(name(item)) || pattern.IsMatch(id(item))).ToList());
        }

        var exact = items.Where(item => id(item) == reference).ToList();
        if (exact.Count == 0)
        {
            exact = items.Where(item => name(item) == reference).ToList();
        }

        if (exact.Count > 0)
        {
            return new ReferenceMatch<T>(reference, false, exact);
        }

        var prefixed = items.Where(item => id(item).StartsWith(reference, StringComparison.Ordinal)).ToList();
        return prefixed.Count > 1
            ? new ReferenceMatch<T>(reference, false, Array.Empty<T>(), $"{kind.Noun} {reference} is ambiguous ({prefixed.Count} matches found)")
            : new ReferenceMatch<T>(reference, false, prefixed);
    }

    /// <summary>
    /// Records what one engine has for the names (or, with none, everything the filters admit). A name the filters
    /// leave out is no error, as docker secret ls -f name=… prints nothing; a name nothing has is.
    /// </summary>
    public static void Answer<T>(IReadOnlyList<string> names, IReadOnlyList<T> listed, Func<T, bool> admits, Func<string, IReadOnlyList<T>, ReferenceMatch<T>> match, EngineAnswer<T> answer)
        where T : notnull
    {
        if (names.Count == 0)
        {
            answer.Found.AddRange(listed.Where(admits));
        }

        foreach (var name in names)
        {
            var found = match(name, listed);
            var admitted = found.Matches.Where(admits).ToList();
            if (found.Matches.Count > 0 && admitted.Count == 0)
            {
                continue;
            }

            answer.Add(new ReferenceMatch<T>(name, found.IsPattern, admitted, found.Ambiguity));
        }
    }
}
