using System.Collections;
using System.Management.Automation.Language;
using Docker.DotNet.Models;

namespace DockerPS.Completion;

/// <summary>
/// Completes container names, offering what makes sense for the command: Start- offers stopped containers,
/// Stop- running ones, everything else all of them.
/// </summary>
public sealed class ContainerNameCompleter : IArgumentCompleter
{
    private static readonly Dictionary<string, string[]> StatesByVerb = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Start"] = new[] { "created", "exited", "dead" },
        ["Stop"] = new[] { "running", "restarting", "paused" },
        ["Restart"] = new[] { "running", "exited", "created", "paused" },
        ["Suspend"] = new[] { "running" },
        ["Resume"] = new[] { "paused" },
        ["Wait"] = new[] { "running", "restarting", "created" },
        ["Enter"] = new[] { "running" },
        ["Invoke"] = new[] { "running" },
    };

    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName,
        string parameterName,
        string wordToComplete,
        CommandAst commandAst,
        IDictionary fakeBoundParameters)
    {
        var verb = commandName.Split('-')[0];
        var states = StatesByVerb.TryGetValue(verb, out var wanted) ? wanted : null;
        var containers = CompletionQuery.Run<ContainerListResponse>(fakeBoundParameters, async (engine, cancellation) =>
            await engine.Client.Containers.ListContainersAsync(new ContainersListParameters { All = true }, cancellation).ConfigureAwait(false));
        var byName = containers
            .Where(c => states is null || states.Contains(c.State, StringComparer.OrdinalIgnoreCase))
            .Where(c => c.Names is { Count: > 0 })
            .ToDictionary(c => c.Names[0].TrimStart('/'), c => $"{c.Names[0].TrimStart('/')} ({c.Image}, {c.Status})", StringComparer.Ordinal);
        return CompletionQuery.Matching(byName.Keys, wordToComplete, name => byName[name]).ToList();
    }
}
