namespace DockerPS;

/// <summary>
/// What a parameter naming objects on an engine takes: a name or id as typed, or an object from the pipeline,
/// which also brings the engine it came from. A DockerPS object stands for what it means to that parameter (a
/// container given to an image cmdlet stands for its image); one that means nothing there is refused, never
/// taken for a name that merely looks alike.
/// </summary>
public abstract class DockerObjectIdentity
{
    private protected DockerObjectIdentity(string reference, DockerEndpoint? endpoint, string? refusal)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            throw new ArgumentException("The name or id is empty.");
        }

        Reference = reference;
        Endpoint = endpoint;
        Refusal = refusal;
    }

    /// <summary>The name, id or pattern the engine is asked about.</summary>
    public string Reference { get; }

    /// <summary>The engine the object came from; null for a typed name, which the engine options resolve.</summary>
    public DockerEndpoint? Endpoint { get; }

    /// <summary>Why the object given cannot stand for this kind of object; null when it can.</summary>
    internal string? Refusal { get; }

    /// <summary>
    /// For a DockerContext from the pipeline, the engine it names: a Get- cmdlet lists everything on that engine;
    /// any other cmdlet refuses it (<see cref="Refusal"/>).
    /// </summary>
    internal DockerEndpoint? ContextEngine { get; private protected set; }

    public override string ToString() => Reference;
}
