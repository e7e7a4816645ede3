using DockerPS.Mapping;

namespace DockerPS.Cmdlets;

/// <summary>
/// On a text parameter that takes objects from the pipeline (a path, a search term): the DockerPS objects named
/// stand for their text form; any other DockerPS object is refused, so a container piped to Import-DockerImage is
/// never taken for the archive named as the container is. Objects of other types pass as PowerShell binds them.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class DockerObjectsAsTextAttribute : ArgumentTransformationAttribute
{
    private readonly string what;
    private readonly string[] accepted;

    /// <param name="what">What the parameter takes, for the refusal: "an archive path".</param>
    /// <param name="accepted">The DockerPS types (DockerImage, DockerImageSearchResult …) that stand for their text.</param>
    public DockerObjectsAsTextAttribute(string what, params string[] accepted)
    {
        this.what = what;
        this.accepted = accepted;
    }

    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
        inputData is null ? null : Check(inputData);

    private object Check(object input)
    {
        if (input is object[] several)
        {
            return several.Select(Check).ToArray();
        }

        var value = PSObject.AsPSObject(input);
        return PipelineObject.DockerTypeName(value) is { } type && Array.IndexOf(accepted, type) < 0
            ? throw new ArgumentTransformationMetadataException($"The {type} '{value}' is not {what}.")
            : input;
    }
}
