using System.IO;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace DockerPS.Engine;

/// <summary>What endpoint resolution reads from the process: environment variables, home folder, platform.</summary>
internal sealed class DockerCliEnvironment
{
    private readonly Func<string, string?> getVariable;

    public DockerCliEnvironment(Func<string, string?> getVariable, string homeDirectory, bool isWindows)
    {
        this.getVariable = getVariable;
        HomeDirectory = homeDirectory;
        IsWindows = isWindows;
    }

    public static DockerCliEnvironment Current { get; } = new(
        Environment.GetEnvironmentVariable,
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
        RuntimeInformation.IsOSPlatform(OSPlatform.Windows));

    public string HomeDirectory { get; }

    public bool IsWindows { get; }

    /// <summary>An environment variable, with empty treated as unset, as the docker CLI does.</summary>
    public string? Get(string name)
    {
        var value = getVariable(name);
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>The docker CLI's configuration folder: DOCKER_CONFIG, else ~/.docker.</summary>
    public string ConfigDirectory => Get("DOCKER_CONFIG") ?? Path.Combine(HomeDirectory, ".docker");

    /// <summary>The docker CLI's config.json.</summary>
    public string ConfigFilePath => Path.Combine(ConfigDirectory, "config.json");

    /// <summary>
    /// A top-level string setting of config.json (currentContext, detachKeys); null when the file or the setting
    /// is missing or empty. A file that is not JSON throws <see cref="JsonException"/>, for the caller to judge.
    /// </summary>
    public string? ReadConfigString(string name)
    {
        if (!File.Exists(ConfigFilePath))
        {
            return null;
        }

        using var config = JsonDocument.Parse(File.ReadAllText(ConfigFilePath));
        return config.RootElement.ValueKind == JsonValueKind.Object
            && config.RootElement.TryGetProperty(name, out var setting)
            && setting.ValueKind == JsonValueKind.String
            && setting.GetString() is { Length: > 0 } value
            ? value
            : null;
    }
}
