using DockerPS.Completion;
using DockerPS.Lookup;

namespace DockerPS.Commands;

/// <summary>docker secret ls: lists the swarm's secrets by name; with names, finds those secrets. Asks a swarm manager.</summary>
[Cmdlet(VerbsCommon.Get, "DockerSecret")]
[OutputType(typeof(DockerSecret))]
public sealed class GetDockerSecretCommand : DockerLookupCmdlet
{
    private readonly SwarmListing<DockerSecret> secrets = new(SwarmLookup.SecretsAsync, item => item.Id, item => item.Name, item => item.Labels, DockerObjectKind.Secret);
    private LabelFilter labels = LabelFilter.Parse(null);

    /// <summary>Names or ids (full or a unique prefix; wildcards allowed), or secrets from the pipeline.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    [Alias("SecretName", "Id")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SecretNameCompleter))]
    public DockerSecretIdentity[]? Name { get; set; }

    /// <summary>Only secrets with these labels: key, key=value; without them: key!=value, !key.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Label { get; set; }

    private protected override bool ListsWholeEngines => true;

    protected override void BeginProcessing() => labels = LabelFilter.FromParameter(Label);

    protected override void ProcessRecord() =>
        RunLookup<DockerSecret>(Name, DockerObjectKind.Secret, (engine, names, answer, cancellation) => secrets.AnswerAsync(engine, names, labels, answer, cancellation));
}
