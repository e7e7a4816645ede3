namespace DockerPS.Mapping;

/// <summary>
/// Reads what an object from the pipeline says about itself: which DockerPS type it is (or was, before a job,
/// Export-Clixml or remoting turned it into a property bag), its properties, and the engine it came from.
/// </summary>
internal static class PipelineObject
{
    private const string DeserializedPrefix = "Deserialized.";
    private const string OwnNamespace = "DockerPS.";

    /// <summary>The DockerPS type name (DockerContainer, DockerImage …), or null for anything else.</summary>
    public static string? DockerTypeName(PSObject value)
    {
        foreach (var typeName in value.TypeNames)
        {
            var name = typeName.StartsWith(DeserializedPrefix, StringComparison.Ordinal) ? typeName.Substring(DeserializedPrefix.Length) : typeName;
            if (name.StartsWith(OwnNamespace, StringComparison.Ordinal) && name.IndexOf('.', OwnNamespace.Length) < 0 && name.IndexOf('#') < 0)
            {
                return name.Substring(OwnNamespace.Length);
            }
        }

        return null;
    }

    /// <summary>The first of the named properties that has a value, as text.</summary>
    public static string? Text(PSObject value, params string[] names) =>
        names.Select(name => value.Properties[name]?.Value?.ToString()).FirstOrDefault(text => !string.IsNullOrEmpty(text));

    /// <summary>The engine a DockerPS object came from, live or deserialized; null when it names none.</summary>
    public static DockerEndpoint? Endpoint(PSObject value) => value.Properties["Endpoint"]?.Value switch
    {
        DockerEndpoint own => own,
        PSObject { BaseObject: DockerEndpoint own } => own,
        PSObject bag when bag.Properties["Address"]?.Value is string => FromDeserialized(bag),
        _ => null,
    };

    /// <summary>The engine a DockerContext from the pipeline names, live or deserialized; null for any other object.</summary>
    public static DockerEndpoint? ContextEngine(PSObject value) =>
        DockerTypeName(value) == nameof(DockerContext) ? Endpoint(value) : null;

    /// <summary>An endpoint that went through serialization comes back as a property bag; it still names its engine.</summary>
    private static DockerEndpoint FromDeserialized(PSObject endpoint)
    {
        var tls = endpoint.Properties["Tls"]?.Value is PSObject tlsBag
            ? new DockerTlsSettings(
                LanguagePrimitives.IsTrue(tlsBag.Properties["Verify"]?.Value),
                Text(tlsBag, nameof(DockerTlsSettings.CertificateAuthorityPath)),
                Text(tlsBag, nameof(DockerTlsSettings.CertificatePath)),
                Text(tlsBag, nameof(DockerTlsSettings.KeyPath)))
            : null;
        var source = Enum.TryParse<DockerEndpointSource>(Text(endpoint, nameof(DockerEndpoint.Source)), out var parsed) ? parsed : DockerEndpointSource.HostParameter;
        return new DockerEndpoint(
            DockerEndpointResolver.ParseHostAddress(Text(endpoint, nameof(DockerEndpoint.Address))!, tls is not null),
            source,
            Text(endpoint, nameof(DockerEndpoint.Context)),
            tls);
    }
}
