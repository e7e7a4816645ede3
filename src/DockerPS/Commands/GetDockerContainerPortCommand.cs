using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using DockerPS.Cmdlets;
using DockerPS.Completion;
using DockerPS.Engine;

namespace DockerPS.Commands;

/// <summary>docker port: the published ports of containers, as typed bindings (80/tcp -> 0.0.0.0:81).</summary>
[Cmdlet(VerbsCommon.Get, "DockerContainerPort")]
[OutputType(typeof(DockerPortBinding))]
public sealed class GetDockerContainerPortCommand : DockerEngineCmdlet
{
    /// <summary>Container names or ids (full or a unique prefix).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Id", "ContainerId", "ContainerName")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ContainerNameCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>Only this container port: 80 (meaning 80/tcp), 80/tcp or 53/udp.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? ContainerPort { get; set; }

    protected override void BeginProcessing()
    {
        if (ContainerPort is not null && !DockerPortBinding.TryParseKey(ContainerPort, out _, out _))
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"invalid port: '{ContainerPort}'; expected a port such as 80, 80/tcp or 53/udp"),
                "InvalidContainerPort",
                ErrorCategory.InvalidArgument,
                ContainerPort));
        }
    }

    protected override void ProcessRecord() => RunAsync(async cancellation =>
    {
        var endpoints = ResolveEndpoints();
        var answers = await ForEachEngineAsync(endpoints, (engine, token) => PortsOnEngineAsync(engine, token), cancellation).ConfigureAwait(false);

        foreach (var reference in MissingEverywhere(Name, answers, result => result.Missing))
        {
            EmitError(new ItemNotFoundException($"No such container: {reference}"), "ContainerNotFound", reference);
        }

        foreach (var (_, (bindings, _)) in answers)
        {
            bindings.ForEach(Emit);
        }
    });

    /// <summary>The published ports one engine has for the names, and the names it has no container for.</summary>
    private async Task<(List<DockerPortBinding> Bindings, List<string> Missing)> PortsOnEngineAsync(DockerEngine engine, CancellationToken cancellation)
    {
        var found = new List<DockerPortBinding>();
        var missing = new List<string>();
        foreach (var reference in Name)
        {
            try
            {
                var inspect = await engine.Client.Containers.InspectContainerAsync(reference, cancellation).ConfigureAwait(false);
                var bindings = ModelMapper.PublishedPorts(inspect).ToList();
                if (ContainerPort is not null)
                {
                    DockerPortBinding.TryParseKey(ContainerPort, out var port, out var protocol);
                    bindings = bindings.Where(b => b.ContainerPort == port && b.Protocol == protocol).ToList();
                    if (bindings.Count == 0)
                    {
                        EmitError(new ItemNotFoundException($"No public port '{port}/{protocol}' published for {reference}"), "PortNotPublished", reference);
                    }
                }

                found.AddRange(bindings);
            }
            catch (DockerContainerNotFoundException)
            {
                missing.Add(reference);
            }
            catch (DockerApiException e)
            {
                EmitError(e, null, reference);
            }
        }

        return (found, missing);
    }
}
