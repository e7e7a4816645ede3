using DockerPS.Mapping;

namespace DockerPS.Commands;

/// <summary>docker version: DockerPS's version and the API versions it speaks, and each engine's versions.</summary>
[Cmdlet(VerbsCommon.Get, "DockerVersion")]
[OutputType(typeof(DockerVersion))]
public sealed class GetDockerVersionCommand : DockerEngineWideCmdlet
{
    private protected override void AskEngines(IReadOnlyList<DockerEndpoint> endpoints)
    {
        var clientVersion = ClientVersion();
        RunAsync(async cancellation =>
        {
            var answers = await ForEachEngineAsync(
                endpoints,
                async (engine, token) => EngineMapper.ToVersion(await engine.Client.System.GetVersionAsync(token).ConfigureAwait(false), engine, clientVersion),
                cancellation).ConfigureAwait(false);
            foreach (var (_, version) in answers)
            {
                Emit(version);
            }
        });
    }

    /// <summary>The module's version; the assembly's, which the manifest carries too, where the cmdlet runs outside the module.</summary>
    private string ClientVersion()
    {
        var version = MyInvocation.MyCommand.Module?.Version ?? typeof(DockerVersion).Assembly.GetName().Version;
        return version.Build < 0 ? version.ToString() : version.ToString(3);
    }
}
