using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DockerPS.Engine;

/// <summary>
/// Writes the docker CLI's context store (contexts/meta/&lt;sha256&gt;/meta.json and contexts/tls/…), and its
/// currentContext, in the CLI's own format, so contexts made here work with docker and the other way round.
/// </summary>
internal sealed class DockerContextStore
{
    private readonly DockerEndpointResolver resolver;

    public DockerContextStore(DockerEndpointResolver resolver)
    {
        this.resolver = resolver;
    }

    public static DockerContextStore Current { get; } = new(DockerEndpointResolver.Current);

    /// <summary>The CLI's rule for context names.</summary>
    public static void ValidateName(string name)
    {
        if (name == DockerEndpointResolver.DefaultContextName)
        {
            throw new ArgumentException("\"default\" is a reserved context name");
        }

        if (name.Length < 2 || !char.IsLetterOrDigit(name[0]) || name[0] > 127)
        {
            throw new ArgumentException($"context name \"{name}\" is invalid, names are validated against regexp \"^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$\"");
        }

        foreach (var c in name)
        {
            if (c > 127 || !(char.IsLetterOrDigit(c) || c is '_' or '.' or '+' or '-'))
            {
                throw new ArgumentException($"context name \"{name}\" is invalid, names are validated against regexp \"^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$\"");
            }
        }
    }

    public bool Exists(string name) =>
        name == DockerEndpointResolver.DefaultContextName
        || File.Exists(Path.Combine(resolver.ContextMetadataDirectory(name), "meta.json"));

    /// <summary>Writes a new context: its endpoint and, when given, TLS files copied into the store.</summary>
    public void Create(string name, string host, string? description, bool skipTlsVerify, string? caPath, string? certPath, string? keyPath)
    {
        var metaDirectory = resolver.ContextMetadataDirectory(name);
        var tlsDirectory = resolver.ContextTlsDirectory(name);
        var meta = new JsonObject
        {
            ["Name"] = name,
            ["Metadata"] = new JsonObject { ["Description"] = description ?? string.Empty },
            ["Endpoints"] = new JsonObject
            {
                ["docker"] = new JsonObject { ["Host"] = host, ["SkipTLSVerify"] = skipTlsVerify },
            },
        };

        Directory.CreateDirectory(metaDirectory);
        try
        {
            foreach (var (source, file) in new[] { (caPath, "ca.pem"), (certPath, "cert.pem"), (keyPath, "key.pem") })
            {
                if (source is not null)
                {
                    Directory.CreateDirectory(tlsDirectory);
                    File.Copy(source, Path.Combine(tlsDirectory, file), overwrite: true);
                }
            }

            File.WriteAllText(Path.Combine(metaDirectory, "meta.json"), meta.ToJsonString(), new UTF8Encoding(false));
        }
        catch
        {
            // A half-written context would be worse than none.
            DeleteQuietly(metaDirectory);
            DeleteQuietly(Path.GetDirectoryName(tlsDirectory)!);
            throw;
        }
    }

    public void Remove(string name)
    {
        DeleteQuietly(Path.GetDirectoryName(resolver.ContextTlsDirectory(name))!);
        Directory.Delete(resolver.ContextMetadataDirectory(name), recursive: true);
    }

    /// <summary>Sets config.json's currentContext, keeping everything else in the file as it was.</summary>
    public void SetCurrent(string name)
    {
        var path = resolver.ConfigFilePath;
        var config = File.Exists(path) && JsonNode.Parse(File.ReadAllText(path)) is JsonObject existing ? existing : new JsonObject();

        // The CLI writes "default" as no current context at all.
        if (name == DockerEndpointResolver.DefaultContextName)
        {
            config.Remove("currentContext");
        }
        else
        {
            config["currentContext"] = name;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp-" + Guid.NewGuid().ToString("N");
        File.WriteAllText(temporary, config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), new UTF8Encoding(false));
        if (File.Exists(path))
        {
            File.Replace(temporary, path, null);
        }
        else
        {
            File.Move(temporary, path);
        }
    }

    /// <summary>The contexts of the store, "default" first, then by name.</summary>
    public IEnumerable<(string Name, string? Description)> List()
    {
        yield return (DockerEndpointResolver.DefaultContextName, "Current DOCKER_HOST based configuration");
        var names = new List<string>(resolver.ListContextNames());
        names.Remove(DockerEndpointResolver.DefaultContextName);
        names.Sort(StringComparer.Ordinal);
        foreach (var name in names)
        {
            yield return (name, ReadDescription(name));
        }
    }

    private string? ReadDescription(string name)
    {
        var metaPath = Path.Combine(resolver.ContextMetadataDirectory(name), "meta.json");
        try
        {
            return JsonNode.Parse(File.ReadAllText(metaPath))?["Metadata"]?["Description"]?.GetValue<string>();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or IOException)
        {
            return null;
        }
    }

    private static void DeleteQuietly(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
