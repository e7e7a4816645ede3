using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace DockerPS.Engine;

/// <summary>
/// The context that Use-DockerContext -Scope Session chose, kept per runspace: a second runspace, a thread job
/// or a hosted PowerShell in the same process each choose their own. Read and written on the pipeline thread,
/// where <see cref="Runspace.DefaultRunspace"/> is the runspace running the command.
/// </summary>
internal static class SessionContext
{
    private static readonly ConditionalWeakTable<Runspace, Selection> Selections = new();

    /// <summary>The context this runspace chose, or null when it follows DOCKER_CONTEXT and the docker config.</summary>
    public static string? Name =>
        Runspace.DefaultRunspace is { } runspace && Selections.TryGetValue(runspace, out var selection) ? selection.Name : null;

    /// <summary>Chooses a context for this runspace; null goes back to DOCKER_CONTEXT and the docker config.</summary>
    public static void Set(string? name)
    {
        var runspace = Runspace.DefaultRunspace
            ?? throw new InvalidOperationException("A session context can only be chosen from a PowerShell runspace.");
        Selections.GetValue(runspace, _ => new Selection()).Name = name;
    }

    private sealed class Selection
    {
        public string? Name { get; set; }
    }
}
