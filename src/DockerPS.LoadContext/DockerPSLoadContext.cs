using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace DockerPS.LoadContext;

/// <summary>
/// Holds DockerPS and its dependencies apart from the rest of the PowerShell 7 session, so another
/// module's copy of Docker.DotNet or Microsoft.Extensions.* can be loaded before or after ours.
/// </summary>
public sealed class DockerPSLoadContext : AssemblyLoadContext
{
    private static readonly object Gate = new();
    private static DockerPSLoadContext? instance;

    private readonly string assemblyDirectory;
    private readonly string? readyToRunDirectory;
    private readonly Dictionary<string, string> platformAssemblyPaths;

    // The runtime asks again for a name it was sent to the default context for (netstandard, several times in every
    // cmdlet call), and reading an assembly's version opens and maps its file: each is read once.
    private readonly ConcurrentDictionary<string, Version?> platformVersions = new(StringComparer.OrdinalIgnoreCase);

    private DockerPSLoadContext(string assemblyDirectory)
        : base("DockerPS", isCollectible: false)
    {
        this.assemblyDirectory = assemblyDirectory;
        readyToRunDirectory = ReadyToRunPlatform() is { } platform ? Path.Combine(assemblyDirectory, "ReadyToRun", platform) : null;
        platformAssemblyPaths = ReadPlatformAssemblyPaths();
    }

    /// <summary>Loads the module assembly into the shared DockerPS context, creating it once per process.</summary>
    public static Assembly LoadModule(string assemblyDirectory)
    {
        lock (Gate)
        {
            instance ??= new DockerPSLoadContext(assemblyDirectory);
        }

        return instance.LoadFromAssemblyName(new AssemblyName("DockerPS"));
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var name = assemblyName.Name;
        if (name is null)
        {
            return null;
        }

        // The platform list holds the runtime and PowerShell itself (System.Management.Automation above all):
        // those must be shared with the session, or our cmdlets would not be PowerShell's cmdlets.
        if (platformAssemblyPaths.TryGetValue(name, out var platformPath)
            && (assemblyName.Version is null || platformVersions.GetOrAdd(platformPath, ReadVersion) is not { } platformVersion || platformVersion >= assemblyName.Version))
        {
            return null;
        }

        // This platform's ReadyToRun image where build.ps1 made one (it does for the assemblies a first call loads):
        // its code is compiled ahead of time, so the JIT need not compile it method by method. Else the IL.
        if (readyToRunDirectory is not null && LoadFromDirectory(readyToRunDirectory, name) is { } image)
        {
            return image;
        }

        return LoadFromDirectory(assemblyDirectory, name);
    }

    private Assembly? LoadFromDirectory(string directory, string name)
    {
        var candidate = Path.Combine(directory, name + ".dll");
        return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
    }

    /// <summary>The folder name build.ps1 gives this platform's ReadyToRun images, or null for one it has none for.</summary>
    private static string? ReadyToRunPlatform()
    {
        var os = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "win"
            : RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? "linux"
            : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "osx"
            : null;
        var architecture = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => "x64",
            Architecture.Arm64 => "arm64",
            _ => null,
        };
        return os is null || architecture is null ? null : os + "-" + architecture;
    }

    private static Dictionary<string, string> ReadPlatformAssemblyPaths()
    {
        var platform = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var trusted = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var path in trusted)
        {
            platform[Path.GetFileNameWithoutExtension(path)] = path;
        }

        return platform;
    }

    private static Version? ReadVersion(string path)
    {
        try
        {
            return AssemblyName.GetAssemblyName(path).Version;
        }
        catch (Exception e) when (e is BadImageFormatException or IOException)
        {
            return null;
        }
    }
}
