using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using DockerPS.Engine;
using Xunit;

namespace DockerPS.Tests;

/// <summary>
/// Tests that set the process's DOCKER_CONFIG, DOCKER_HOST, DOCKER_CONTEXT or PATH, or that run cmdlets reading the
/// docker CLI's configuration folder through them. Environment variables are process-wide, so these tests run alone,
/// after the parallel ones. Join this collection (rather than define another) to set any of those variables.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DockerCliEnvironmentCollection
{
    public const string Name = "Docker CLI environment (process-wide variables)";
}

/// <summary>
/// A throw-away docker configuration folder that DOCKER_CONFIG points at for the test's lifetime, with DOCKER_HOST,
/// DOCKER_CONTEXT and the TLS variables cleared; everything is put back as it was on Dispose. The machine's own
/// ~/.docker and its engines are never read.
/// </summary>
public sealed class DockerCliEnvironmentScope : IDisposable
{
    private static readonly string[] Variables = { "DOCKER_CONFIG", "DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH", "PATH" };

    private readonly Dictionary<string, string?> saved = Variables.ToDictionary(name => name, Environment.GetEnvironmentVariable);

    /// <summary>An engine address where no engine is: a cmdlet run without -HostAddress fails there instead of reaching the machine's engine.</summary>
    public const string Nowhere = "unix:///nonexistent/dockerps-tests.sock";

    /// <param name="dockerHost">What DOCKER_HOST is for the test: unset by default; <see cref="Nowhere"/> for tests that never mean to resolve the default engine.</param>
    public DockerCliEnvironmentScope(string? dockerHost = null)
    {
        ConfigDirectory = Directory.CreateTempSubdirectory("dps-docker-config-").FullName;
        Environment.SetEnvironmentVariable("DOCKER_CONFIG", ConfigDirectory);
        foreach (var name in new[] { "DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH" })
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        Environment.SetEnvironmentVariable("DOCKER_HOST", dockerHost);
    }

    public string ConfigDirectory { get; }

    public string ConfigFilePath => Path.Combine(ConfigDirectory, "config.json");

    /// <summary>config.json as it is now, or null when there is none.</summary>
    public string? ConfigText => File.Exists(ConfigFilePath) ? File.ReadAllText(ConfigFilePath) : null;

    /// <summary>config.json's currentContext, or null.</summary>
    public string? CurrentContextInConfig
    {
        get
        {
            if (ConfigText is not { } text)
            {
                return null;
            }

            using var config = JsonDocument.Parse(text);
            return config.RootElement.TryGetProperty("currentContext", out var current) ? current.GetString() : null;
        }
    }

    public void WriteConfig(string json) => File.WriteAllText(ConfigFilePath, json);

    /// <summary>The folder the docker CLI keeps a context's meta.json in.</summary>
    public string MetaDirectory(string name) => Path.Combine(ConfigDirectory, "contexts", "meta", DockerEndpointResolver.ContextDigest(name));

    public string MetaPath(string name) => Path.Combine(MetaDirectory(name), "meta.json");

    public bool ContextExists(string name) => File.Exists(MetaPath(name));

    /// <summary>The engine address a stored context names.</summary>
    public string? HostOf(string name)
    {
        using var meta = JsonDocument.Parse(File.ReadAllText(MetaPath(name)));
        return meta.RootElement.GetProperty("Endpoints").GetProperty("docker").GetProperty("Host").GetString();
    }

    /// <summary>Writes a context as the docker CLI writes it, whatever its address (ssh:// included).</summary>
    public void WriteContext(string name, string host, string? description = null) =>
        WriteContextMeta(name, JsonSerializer.Serialize(new
        {
            Name = name,
            Metadata = new { Description = description ?? string.Empty },
            Endpoints = new { docker = new { Host = host, SkipTLSVerify = false } },
        }));

    public void WriteContextMeta(string name, string json)
    {
        Directory.CreateDirectory(MetaDirectory(name));
        File.WriteAllText(MetaPath(name), json);
    }

    /// <summary>Every file under the configuration folder, relative to it: to show that nothing was written.</summary>
    public IReadOnlyList<string> Files() =>
        Directory.EnumerateFiles(ConfigDirectory, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(ConfigDirectory, path))
            .OrderBy(path => path, StringComparer.Ordinal)
            .ToList();

    public void Dispose()
    {
        foreach (var (name, value) in saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        Directory.Delete(ConfigDirectory, recursive: true);
    }
}
