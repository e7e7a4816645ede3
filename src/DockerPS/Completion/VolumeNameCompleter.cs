using System.Collections;
using System.Management.Automation.Language;
using Docker.DotNet.Models;

namespace DockerPS.Completion;

/// <summary>Completes volume names, each with its driver in the tooltip.</summary>
public sealed class VolumeNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName,
        string parameterName,
        string wordToComplete,
        CommandAst commandAst,
        IDictionary fakeBoundParameters)
    {
        var volumes = CompletionQuery.Run<VolumeResponse>(fakeBoundParameters, async (engine, cancellation) =>
            (await engine.Client.Volumes.ListAsync(new VolumesListParameters(), cancellation).ConfigureAwait(false)).Volumes ?? new List<VolumeResponse>());
        var drivers = volumes
            .GroupBy(volume => volume.Name, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.First().Driver, StringComparer.Ordinal);
        return CompletionQuery.Matching(drivers.Keys, wordToComplete, name => $"{name} ({drivers[name]})").ToList();
    }
}
