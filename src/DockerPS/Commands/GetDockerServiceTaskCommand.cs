using DockerPS.Completion;
using DockerPS.Lookup;

namespace DockerPS.Commands;

/// <summary>docker service ps: the tasks of Swarm services, each with its node, desired and current state and error.</summary>
[Cmdlet(VerbsCommon.Get, "DockerServiceTask")]
[OutputType(typeof(DockerServiceTask))]
public sealed class GetDockerServiceTaskCommand : DockerLookupCmdlet
{
    /// <summary>Service names (wildcards allowed) or ids (full or a unique prefix), or services from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("Name", "ServiceName")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ServiceNameCompleter))]
    public DockerServiceIdentity[] Service { get; set; } = Array.Empty<DockerServiceIdentity>();

    /// <summary>Only tasks the orchestrator wants in this state (docker service ps --filter desired-state=…): running, shutdown or accepted.</summary>
    [Parameter]
    [ValidateSet("running", "shutdown", "accepted")]
    public string? DesiredState { get; set; }

    protected override void ProcessRecord() =>
        RunLookup<DockerServiceTask>(Service, DockerObjectKind.Service, SelectAsync);

    /// <summary>The tasks of the services the names find on one engine, service by service.</summary>
    private async Task SelectAsync(DockerEngine engine, IReadOnlyList<string> names, EngineAnswer<DockerServiceTask> answer, CancellationToken cancellation)
    {
        var listed = await ServiceLookup.ListAsync(engine, cancellation).ConfigureAwait(false);
        var services = new List<DockerService>();
        foreach (var name in names)
        {
            var match = ReferenceMatcher.Services(name, listed);
            if (match.Ambiguity is not null || match.IsMissing)
            {
                // Reported as the service's own name or prefix: what is missing or ambiguous is the service, not a task.
                answer.Add(new ReferenceMatch<DockerServiceTask>(name, false, Array.Empty<DockerServiceTask>(), match.Ambiguity));
            }

            services.AddRange(match.Matches.Where(service => !services.Contains(service)));
        }

        foreach (var service in services)
        {
            answer.Found.AddRange(await ServiceLookup.TasksAsync(engine, service, DesiredState, cancellation).ConfigureAwait(false));
        }
    }
}
