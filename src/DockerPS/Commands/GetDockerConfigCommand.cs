using DockerPS.Completion;
using DockerPS.Lookup;

namespace DockerPS.Commands;

/// <summary>docker config ls: lists the swarm's configs by name; with names, finds those configs. Asks a swarm manager.</summary>
[Cmdlet(VerbsCommon.Get, "DockerConfig")]
[OutputType(typeof(DockerConfig))]
public sealed class GetDockerConfigCommand : DockerLookupCmdlet
{
    private readonly SwarmListing<DockerConfig> configs = new(SwarmLookup.ConfigsAsync, item => item.Id, item => item.Name, item => item.Labels, DockerObjectKind.Config);
    private LabelFilter labels = LabelFilter.Parse(null);

    /// <summary>Names or ids (full or a unique prefix; wildcards allowed), or configs from the pipeline.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    [Alias("ConfigName", "Id")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ConfigNameCompleter))]
    public DockerConfigIdentity[]? Name { get; set; }

    /// <summary>Only configs with these labels: key, key=value; without them: key!=value, !key.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Label { get; set; }

    private protected override bool ListsWholeEngines => true;

    protected override void BeginProcessing() => labels = LabelFilter.FromParameter(Label);

    protected override void ProcessRecord() =>
        RunLookup<DockerConfig>(Name, DockerObjectKind.Config, (engine, names, answer, cancellation) => configs.AnswerAsync(engine, names, labels, answer, cancellation));
}
