using System.IO;
using System.Reflection;

namespace DockerPS.Internal;

/// <summary>
/// Windows PowerShell 5.1: the netstandard2.0 dependencies ask for assembly versions that differ from the
/// ones shipped beside them (System.Memory, System.Runtime.CompilerServices.Unsafe …) and there is no
/// binding-redirect file for a module, so any such request is answered from the module's bin folder.
/// </summary>
public static class DesktopDependencyResolver
{
    private static string? binPath;

    public static void Register(string moduleBinPath)
    {
        if (binPath is not null)
        {
            return;
        }

        binPath = moduleBinPath;
        AppDomain.CurrentDomain.AssemblyResolve += Resolve;
    }

    private static Assembly? Resolve(object sender, ResolveEventArgs args)
    {
        var name = new AssemblyName(args.Name).Name;
        var candidate = Path.Combine(binPath!, name + ".dll");
        return File.Exists(candidate) ? Assembly.LoadFrom(candidate) : null;
    }
}
