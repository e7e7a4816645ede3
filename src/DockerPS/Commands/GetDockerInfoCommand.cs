using DockerPS.Mapping;

namespace DockerPS.Commands;

/// <summary>docker info: what each engine says about itself and its host.</summary>
[Cmdlet(VerbsCommon.Get, "DockerInfo")]
[OutputType(typeof(DockerInfo))]
public sealed class GetDockerInfoCommand : DockerEngineWideCmdlet
{
    private protected override void AskEngines(IReadOnlyList<DockerEndpoint> endpoints)
    {
        RunAsync(async cancellation =>
        {
            var answers = await ForEachEngineAsync(
                endpoints,
                async (engine, token) => EngineMapper.ToInfo(await engine.Client.System.GetSystemInfoAsync(token).ConfigureAwait(false), engine),
                cancellation).ConfigureAwait(false);
            foreach (var (_, info) in answers)
            {
                Emit(info);
            }
        });
    }
}
