namespace DockerPS.Events;

/// <summary>
/// The engine's event types and the actions docker events documents for each, for -Type's check and tab completion;
/// and where Podman names an action otherwise.
/// </summary>
internal static class EventCatalog
{
    private static readonly string[] ClusterActions = { "create", "remove", "update" };

    /// <summary>Each type docker events --filter type= takes, with its actions.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Actions = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["container"] = new[]
        {
            "attach", "commit", "copy", "create", "destroy", "detach", "die", "exec_create", "exec_detach", "exec_die", "exec_start",
            "export", "health_status", "kill", "oom", "pause", "rename", "resize", "restart", "start", "stop", "top", "unpause", "update",
        },
        ["image"] = new[] { "delete", "import", "load", "pull", "push", "save", "tag", "untag" },
        ["volume"] = new[] { "create", "destroy", "mount", "unmount" },
        ["network"] = new[] { "create", "connect", "destroy", "disconnect", "remove" },
        ["daemon"] = new[] { "reload" },
        ["plugin"] = new[] { "enable", "disable", "install", "remove" },
        ["node"] = ClusterActions,
        ["service"] = ClusterActions,
        ["secret"] = ClusterActions,
        ["config"] = ClusterActions,
    };

    // Podman's compatible API reports these under its own names and its event filter knows only those (a die is
    // "died" there, while the events it sends say "die").
    private static readonly IReadOnlyDictionary<string, string> PodmanFilterNames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["die"] = "died",
        ["destroy"] = "remove",
    };

    /// <summary>The types given, in the engine's spelling; one the engine does not know is refused, naming the ones it does.</summary>
    /// <exception cref="ArgumentException">A type that is none of the engine's.</exception>
    public static IReadOnlyList<string> ParseTypes(IEnumerable<string> types) => types
        .Select(type => type.Trim().ToLowerInvariant())
        .Select(type => Actions.ContainsKey(type)
            ? type
            : throw new ArgumentException($"Unknown event type '{type}': expected one of {string.Join(", ", Actions.Keys)}."))
        .Distinct(StringComparer.Ordinal)
        .ToList();

    /// <summary>The actions documented for the types (every type's when none are given), for tab completion.</summary>
    public static IEnumerable<string> ActionsOf(IEnumerable<string>? types) =>
        (types?.Where(Actions.ContainsKey).ToList() is { Count: > 0 } known ? known : Actions.Keys)
            .SelectMany(type => Actions[type])
            .Distinct(StringComparer.Ordinal);

    /// <summary>The name Podman's event filter knows an action by.</summary>
    public static string PodmanFilterName(string action) => PodmanFilterNames.TryGetValue(action, out var podman) ? podman : action;

    /// <summary>
    /// An action as Docker names it: Podman reports the removal of a container or volume as remove, where Docker says
    /// destroy (its image removals it already calls delete, as Docker does).
    /// </summary>
    public static string DockerAction(string type, string action, bool podman) =>
        podman && action == "remove" && type is "container" or "volume" ? "destroy" : action;
}
