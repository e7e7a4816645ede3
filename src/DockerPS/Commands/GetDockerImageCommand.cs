using System.Collections;
using System.Collections.Concurrent;
using Docker.DotNet.Models;
using DockerPS.Completion;
using DockerPS.Lookup;

namespace DockerPS.Commands;

/// <summary>docker images: one object per repository:tag.</summary>
[Cmdlet(VerbsCommon.Get, "DockerImage", DefaultParameterSetName = ByNameSet)]
[OutputType(typeof(DockerImage))]
public sealed class GetDockerImageCommand : DockerLookupCmdlet
{
    private const string ByNameSet = "ByName";
    private const string ByIdSet = "ById";

    // Engines are asked concurrently, so the per-engine listings are shared between threads.
    private readonly ConcurrentDictionary<DockerEndpoint, List<DockerImage>> listings = new();

    /// <summary>
    /// repository, repository:tag or repository@digest; wildcards allowed (nginx, *:latest, app:1.*); or images
    /// from the pipeline.
    /// </summary>
    [Parameter(Position = 0, ParameterSetName = ByNameSet, ValueFromPipeline = true)]
    [Alias("ImageName", "Reference")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ImageNameCompleter))]
    public DockerImageIdentity[]? Name { get; set; }

    /// <summary>Image ids, full (sha256:…) or a unique prefix.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByIdSet)]
    [ValidateNotNullOrEmpty]
    public string[]? Id { get; set; }

    /// <summary>Include intermediate images (docker images -a).</summary>
    [Parameter]
    public SwitchParameter All { get; set; }

    /// <summary>Only untagged images that no other image builds on (dangling=true).</summary>
    [Parameter]
    public SwitchParameter Dangling { get; set; }

    /// <summary>Engine filters passed as they are: @{ label = 'env=prod'; before = 'app:2' }.</summary>
    [Parameter]
    public Hashtable? Filter { get; set; }

    protected override void ProcessRecord() =>
        RunLookup<DockerImage>(Id is null ? Name : Id.Select(id => new DockerImageIdentity(id)).ToArray(), DockerObjectKind.Image, SelectAsync);

    /// <summary>The images one engine has for the references (or all of them), and the references it lacks.</summary>
    private async Task SelectAsync(DockerEngine engine, IReadOnlyList<string> references, EngineAnswer<DockerImage> answer, CancellationToken cancellation)
    {
        var images = await ListAsync(engine, cancellation).ConfigureAwait(false);
        if (references.Count == 0)
        {
            answer.Found.AddRange(images);
        }

        foreach (var reference in references)
        {
            answer.Add(Id is null ? ReferenceMatcher.Images(reference, images) : ReferenceMatcher.ImagesById(reference, images));
        }
    }

    /// <summary>The engine's images; piped names reuse the listing of their engine.</summary>
    private async Task<List<DockerImage>> ListAsync(DockerEngine engine, CancellationToken cancellation)
    {
        if (!listings.TryGetValue(engine.Endpoint, out var images))
        {
            var filters = new EngineFilters().Add(Filter);
            if (Dangling)
            {
                filters.Add("dangling", "true");
            }

            images = await ImageLookup.ListAsync(engine, All.IsPresent, filters, cancellation).ConfigureAwait(false);
            listings[engine.Endpoint] = images;
        }

        return images;
    }
}
