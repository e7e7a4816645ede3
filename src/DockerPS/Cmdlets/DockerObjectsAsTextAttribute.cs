using DockerPS.Mapping;

namespace DockerPS.Cmdlets;

/// <summary>
/// On a text parameter that takes objects from the pipeline (a path, a search term): the DockerPS objects named
/// stand for one of their properties (an archive entry for its ArchivePath); any other DockerPS object is refused,
/// so a container piped to Import-DockerImage is never taken for the archive named as the container is. Objects of
/// other types pass as PowerShell binds them.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class DockerObjectsAsTextAttribute : ArgumentTransformationAttribute
{
    private readonly string what;
    private readonly Dictionary<string, string> accepted;

    /// <param name="what">What the parameter takes, for the refusal: "an archive path".</param>
    /// <param name="accepted">Type.Property for each DockerPS type taken: "DockerImageArchiveEntry.ArchivePath".</param>
    public DockerObjectsAsTextAttribute(string what, params string[] accepted)
    {
        this.what = what;
        this.accepted = accepted.Select(pair => pair.Split('.')).ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
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
        if (PipelineObject.DockerTypeName(value) is not { } type)
        {
            return input;
        }

        if (!accepted.TryGetValue(type, out var property))
        {
            throw new ArgumentTransformationMetadataException($"The {type} '{value}' is not {what}.");
        }

        // An untagged image's Repository is <none>.
        return PipelineObject.Text(value, property) is { } text && text != "<none>"
            ? text
            : throw new ArgumentTransformationMetadataException($"The {type} '{value}' has no {property} to use as {what}.");
    }
}
