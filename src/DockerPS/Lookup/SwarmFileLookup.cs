using Docker.DotNet.Models;
using DockerPS.Containers;

namespace DockerPS.Lookup;

/// <summary>
/// Finds the secrets and configs a new service names, by name, id or unique id prefix, and makes the references
/// the engine wants (it needs the ids), as the docker CLI does before it creates the service.
/// </summary>
internal static class SwarmFileLookup
{
    /// <exception cref="ErrorRecordException">SecretNotFound: no secret of the engine's has the name or id.</exception>
    public static async Task<List<SecretReference>?> SecretsAsync(DockerEngine engine, IReadOnlyList<SwarmFileReferenceParser.Reference> references, CancellationToken cancellation)
    {
        if (references.Count == 0)
        {
            return null;
        }

        var secrets = (await engine.Client.Secrets.ListAsync(cancellation).ConfigureAwait(false)).Select(secret => (Id: secret.ID ?? string.Empty, Name: secret.Spec?.Name ?? string.Empty)).ToList();
        return references.Select(reference =>
        {
            var (id, name) = Find(secrets, reference.Source, "secret");
            return new SecretReference
            {
                SecretID = id,
                SecretName = name,
                File = new SecretReferenceFileTarget { Name = reference.Target, UID = reference.Uid, GID = reference.Gid, Mode = reference.Mode },
            };
        }).ToList();
    }

    /// <exception cref="ErrorRecordException">ConfigNotFound: no config of the engine's has the name or id.</exception>
    public static async Task<List<SwarmConfigReference>?> ConfigsAsync(DockerEngine engine, IReadOnlyList<SwarmFileReferenceParser.Reference> references, CancellationToken cancellation)
    {
        if (references.Count == 0)
        {
            return null;
        }

        var configs = (await engine.Client.Configs.ListConfigsAsync(cancellation).ConfigureAwait(false)).Select(config => (Id: config.ID ?? string.Empty, Name: config.Spec?.Name ?? string.Empty)).ToList();
        return references.Select(reference =>
        {
            var (id, name) = Find(configs, reference.Source, "config");
            return new SwarmConfigReference
            {
                ConfigID = id,
                ConfigName = name,
                File = new ConfigReferenceFileTarget { Name = reference.Target, UID = reference.Uid, GID = reference.Gid, Mode = reference.Mode },
            };
        }).ToList();
    }

    /// <summary>By exact name, then full id, then a unique id prefix: the docker CLI's order.</summary>
    private static (string Id, string Name) Find(IReadOnlyList<(string Id, string Name)> items, string reference, string kind)
    {
        var match = items.Where(item => item.Name == reference).ToList();
        if (match.Count == 0)
        {
            match = items.Where(item => item.Id == reference).ToList();
        }

        if (match.Count == 0)
        {
            match = items.Where(item => item.Id.StartsWith(reference, StringComparison.Ordinal)).ToList();
        }

        return match.Count == 1
            ? match[0]
            : throw new ErrorRecordException(new ErrorRecord(
                new ItemNotFoundException($"{kind} not found: {reference}"),
                kind == "secret" ? "SecretNotFound" : "ConfigNotFound",
                ErrorCategory.ObjectNotFound,
                reference));
    }
}
