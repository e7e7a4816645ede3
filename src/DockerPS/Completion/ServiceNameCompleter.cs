using System.Collections;
using System.Management.Automation.Language;
using Docker.DotNet.Models;

namespace DockerPS.Completion;

/// <summary>Completes Swarm service names, each with its image.</summary>
public sealed class ServiceNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName,
        string parameterName,
        string wordToComplete,
        CommandAst commandAst,
        IDictionary fakeBoundParameters)
    {
        var services = CompletionQuery.Run<SwarmService>(fakeBoundParameters, async (engine, cancellation) =>
            await engine.Client.Swarm.ListServicesAsync(new ServiceListParameters(), cancellation).ConfigureAwait(false));
        var byName = services
            .Where(service => !string.IsNullOrEmpty(service.Spec?.Name))
            .GroupBy(service => service.Spec!.Name!, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => $"{group.Key} ({group.First().Spec!.TaskTemplate?.ContainerSpec?.Image})", StringComparer.Ordinal);
        return CompletionQuery.Matching(byName.Keys, wordToComplete, name => byName[name]).ToList();
    }
}
