using Docker.DotNet.Models;
using DockerPS.Containers;
using DockerPS.Images;
using DockerPS.Lookup;
using DockerPS.Services;

namespace DockerPS.Commands;

/// <summary>
/// docker service create: creates a Swarm service on a manager and returns it. Every option is read and checked before
/// the engine is asked; the service is returned as soon as the engine has it (pipe it to Wait-DockerService to wait for
/// its tasks).
/// </summary>
[Cmdlet(VerbsCommon.New, "DockerService", SupportsShouldProcess = true, DefaultParameterSetName = ReplicatedSet)]
[OutputType(typeof(DockerService))]
public sealed class NewDockerServiceCommand : DockerEngineCmdlet
{
    private const string ReplicatedSet = "Replicated";
    private const string GlobalSet = "Global";

    /// <summary>The image the tasks run, as docker service create's IMAGE.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Image { get; set; } = null!;

    /// <summary>The command and its arguments, run instead of the image's CMD (docker service create IMAGE COMMAND ARG …).</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string[]? Command { get; set; }

    /// <summary>The service's name (--name); the engine makes one up when none is given.</summary>
    [Parameter]
    [Alias("ServiceName")]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>How many tasks to run (--replicas); 1 by default.</summary>
    [Parameter(ParameterSetName = ReplicatedSet)]
    [ValidateRange(0, int.MaxValue)]
    public int Replicas { get; set; } = 1;

    /// <summary>Run one task on every node that may run it (--mode global).</summary>
    [Parameter(Mandatory = true, ParameterSetName = GlobalSet)]
    public SwitchParameter Global { get; set; }

    /// <summary>
    /// Ports to publish: published:target[/protocol] on every node through the routing mesh, or the long form
    /// published=8080,target=80,mode=host,protocol=tcp (mode=host publishes on the node the task runs on).
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Publish { get; set; }

    /// <summary>Environment variables: a hashtable (@{ MODE = 'prod' }) or NAME=value strings; a bare NAME takes its value from here.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? Environment { get; set; }

    /// <summary>Mounts, as docker service create --mount takes them: type=volume,source=data,target=/data (bind paths are the node's).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Mount { get; set; }

    /// <summary>Networks the tasks join, by name or id (an overlay network, for a service).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Network { get; set; }

    /// <summary>Placement constraints: node.role==manager, node.hostname!=web1, node.labels.zone==east.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Constraint { get; set; }

    /// <summary>The service's labels: a hashtable or key=value strings.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? Label { get; set; }

    /// <summary>How many tasks a rolling update replaces at a time (--update-parallelism); 0 replaces all at once.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int UpdateParallelism { get; set; }

    /// <summary>How long to wait between updating one batch of tasks and the next (--update-delay): a TimeSpan or a duration such as 10s.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? UpdateDelay { get; set; }

    /// <summary>When a task's container is restarted (--restart-condition): none, on-failure or any (the default).</summary>
    [Parameter]
    [ValidateSet("none", "on-failure", "any")]
    public string? RestartCondition { get; set; }

    /// <summary>Secrets the tasks get as files: a name (as /run/secrets/name), or source=name,target=file,uid=0,gid=0,mode=0400.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Secret { get; set; }

    /// <summary>Configs the tasks get as files: a name (as /name), or source=name,target=/path,uid=0,gid=0,mode=0444.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Config { get; set; }

    protected override void ProcessRecord()
    {
        var spec = Spec();
        var secrets = (Secret ?? Array.Empty<string>()).Select(value => Validated("InvalidSecret", value, () => SwarmFileReferenceParser.Parse(value, isConfig: false))).ToList();
        var configs = (Config ?? Array.Empty<string>()).Select(value => Validated("InvalidConfig", value, () => SwarmFileReferenceParser.Parse(value, isConfig: true))).ToList();
        if (!ShouldProcess($"{(Name is null ? string.Empty : Name + " ")}from image {Image}", "Create service"))
        {
            return;
        }

        RunOnEngine(async (engine, cancellation) =>
        {
            try
            {
                // The engine wants the ids; a name it does not have creates nothing.
                spec.TaskTemplate!.ContainerSpec!.Secrets = (await SwarmFileLookup.SecretsAsync(engine, secrets, cancellation).ConfigureAwait(false))!;
                spec.TaskTemplate.ContainerSpec.Configs = (await SwarmFileLookup.ConfigsAsync(engine, configs, cancellation).ConfigureAwait(false))!;
                var created = await engine.Client.Swarm.CreateServiceAsync(new ServiceCreateParameters { Service = spec }, cancellation).ConfigureAwait(false);
                foreach (var warning in created.Warnings ?? new List<string>())
                {
                    EmitWarning(warning);
                }

                Emit((await ServiceLookup.ReadAsync(engine, created.ID ?? Name ?? string.Empty, cancellation).ConfigureAwait(false)).Service);
            }
            catch (ErrorRecordException e)
            {
                EmitError(e.ErrorRecord);
            }
            catch (DockerApiException e)
            {
                EmitError(DockerErrors.Refusal(DockerObjectKind.Service, e, Name ?? Image));
            }
        });
    }

    /// <summary>The engine's spec for the options; an option that cannot be read is a terminating error naming it.</summary>
    private ServiceSpec Spec()
    {
        if (!ImageReference.IsImageId(Image))
        {
            Validated("InvalidImageReference", Image, () => ImageReference.Parse(Image));
        }

        var bound = MyInvocation.BoundParameters;
        return new ServiceSpec
        {
            Name = Name!,
            Labels = Validated("InvalidLabel", Label, () => Label is null ? null : LabelParser.Parse(Label))!,
            Mode = ServiceOptions.Mode(Global, Replicas),
            EndpointSpec = Validated("InvalidPublish", Publish, () => ServiceOptions.Ports(Publish))!,
            UpdateConfig = Validated("InvalidUpdateDelay", UpdateDelay, () => ServiceOptions.Update(bound.ContainsKey(nameof(UpdateParallelism)) ? UpdateParallelism : null, UpdateDelay))!,
            TaskTemplate = new TaskSpec
            {
                ContainerSpec = new ContainerSpec
                {
                    Image = Image,
                    Args = Command?.ToList()!,
                    Env = Validated("InvalidEnvironment", Environment, () => Environment is null ? null : EnvironmentParser.FromParameter(Environment, System.Environment.GetEnvironmentVariable))!,
                    Mounts = Mount?.Select(spec => Validated("InvalidMount", spec, () => MountSpecParser.Parse(spec, SessionState.Path.GetUnresolvedProviderPathFromPSPath))).ToList()!,
                },
                RestartPolicy = Validated("InvalidRestartCondition", RestartCondition, () => ServiceOptions.Restart(RestartCondition))!,
                Placement = Validated("InvalidConstraint", Constraint, () => ServiceOptions.Placement(Constraint))!,
                Networks = ServiceOptions.Networks(Network)!,
            },
        };
    }
}
