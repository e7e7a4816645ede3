using System.Security;
using Docker.DotNet.Models;
using DockerPS.Mapping;
using DockerPS.Swarm;

namespace DockerPS.Commands;

/// <summary>
/// docker secret create: creates a swarm secret from a SecureString, a file or the pipeline, and returns it. The data
/// goes to the engine and nowhere else: not into the object, an error, a verbose message or -WhatIf.
/// </summary>
[Cmdlet(VerbsCommon.New, "DockerSecret", SupportsShouldProcess = true, DefaultParameterSetName = ValueSet)]
[OutputType(typeof(DockerSecret))]
public sealed class NewDockerSecretCommand : DockerSwarmDataCmdlet
{
    /// <summary>The secret's data, typed without echo (Read-Host -AsSecureString) or from a credential's Password.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = ValueSet)]
    [ValidateNotNull]
    public SecureString? Value { get; set; }

    private protected override DockerObjectKind Kind => DockerObjectKind.Secret;

    private protected override byte[] ValueData() => SwarmData.FromSecureString(Value!);

    private protected override async Task<object> CreateAsync(DockerEngine engine, string name, byte[] data, IDictionary<string, string> labels, CancellationToken cancellation)
    {
        var created = await engine.Client.Secrets.CreateAsync(new SwarmSecretSpec { Name = name, Data = data, Labels = labels }, cancellation).ConfigureAwait(false);
        return SwarmMapper.ToSecret(await engine.Client.Secrets.InspectAsync(created.ID, cancellation).ConfigureAwait(false), engine.Endpoint);
    }
}
