using System.Text;
using Docker.DotNet.Models;
using DockerPS.Mapping;

namespace DockerPS.Commands;

/// <summary>docker config create: creates a swarm config from text, a file or the pipeline, and returns it.</summary>
[Cmdlet(VerbsCommon.New, "DockerConfig", SupportsShouldProcess = true, DefaultParameterSetName = ValueSet)]
[OutputType(typeof(DockerConfig))]
public sealed class NewDockerConfigCommand : DockerSwarmDataCmdlet
{
    /// <summary>The config's content as text, stored as UTF-8.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = ValueSet)]
    [AllowEmptyString]
    public string? Value { get; set; }

    private protected override DockerObjectKind Kind => DockerObjectKind.Config;

    private protected override byte[] ValueData() => Encoding.UTF8.GetBytes(Value ?? string.Empty);

    private protected override async Task<object> CreateAsync(DockerEngine engine, string name, byte[] data, IDictionary<string, string> labels, CancellationToken cancellation)
    {
        var created = await engine.Client.Configs.CreateConfigAsync(
            new SwarmCreateConfigParameters { Config = new SwarmConfigSpec { Name = name, Data = data, Labels = labels } },
            cancellation).ConfigureAwait(false);
        return SwarmMapper.ToConfig(await engine.Client.Configs.InspectConfigAsync(created.ID, cancellation).ConfigureAwait(false), engine.Endpoint);
    }
}
