using System.Collections;
using System.Collections.Concurrent;
using Docker.DotNet.Models;
using DockerPS.Completion;
using DockerPS.Lookup;
using DockerPS.Time;

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
    private readonly ConcurrentDictionary<DockerEndpoint, List<DockerImage>> everyImage = new();
    private LabelFilter labels = LabelFilter.Parse(null);
    private DateTime? createdBefore;

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

    /// <summary>
    /// Only images no container uses, running or stopped: what docker image prune -a removes (an untagged image that
    /// others are built on stays, as prune keeps it).
    /// </summary>
    [Parameter]
    public SwitchParameter Unused { get; set; }

    /// <summary>Only images with these labels: key, key=value; without them: key!=value, !key (prune's label!=).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Label { get; set; }

    /// <summary>Only images created before then: a DateTime, or a duration ago (24h, 1h30m, a TimeSpan), as prune's until filter takes it.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? CreatedBefore { get; set; }

    /// <summary>Engine filters passed as they are: @{ label = 'env=prod'; before = 'app:2' }.</summary>
    [Parameter]
    public Hashtable? Filter { get; set; }

    private bool Narrowed => Dangling || Unused || !labels.IsEmpty || createdBefore is not null || Filter is { Count: > 0 };

    private protected override bool ListsWholeEngines => true;

    protected override void BeginProcessing()
    {
        labels = LabelFilter.FromParameter(Label);
        createdBefore = EngineTime.MomentFromParameter(CreatedBefore, DateTime.UtcNow);
    }

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
            var match = Id is null ? ReferenceMatcher.Images(reference, images) : ReferenceMatcher.ImagesById(reference, images);

            // A name the filters leave out is no error: Get-DockerImage nginx -Unused says nothing of a used nginx.
            if (match.IsMissing && Narrowed && await ExistsAsync(engine, reference, cancellation).ConfigureAwait(false))
            {
                continue;
            }

            answer.Add(match);
        }
    }

    /// <summary>The engine's images; piped names reuse the listing of their engine.</summary>
    private async Task<List<DockerImage>> ListAsync(DockerEngine engine, CancellationToken cancellation)
    {
        if (!listings.TryGetValue(engine.Endpoint, out var images))
        {
            var filters = labels.AddTo(new EngineFilters().Add(Filter));
            if (Dangling)
            {
                filters.Add("dangling", "true");
            }

            images = await ImageLookup.ListAsync(engine, All.IsPresent, filters, cancellation).ConfigureAwait(false);
            if (Unused)
            {
                // Without -All the engine already leaves out the untagged images others are built on; with it, their
                // children may be images the filters left out.
                images = ImageLookup.Unused(images, All ? await EveryImageAsync(engine, cancellation).ConfigureAwait(false) : images);
            }

            images = images.Where(image => labels.Admits(image.Labels) && (createdBefore is null || image.Created.ToUniversalTime() <= createdBefore)).ToList();
            listings[engine.Endpoint] = images;
        }

        return images;
    }

    /// <summary>Whether the engine has an image by this name or id at all, whatever the filters say.</summary>
    private async Task<bool> ExistsAsync(DockerEngine engine, string reference, CancellationToken cancellation)
    {
        var images = await EveryImageAsync(engine, cancellation).ConfigureAwait(false);
        return (Id is null ? ReferenceMatcher.Images(reference, images) : ReferenceMatcher.ImagesById(reference, images)).Matches.Count > 0;
    }

    /// <summary>Every image of the engine, intermediate ones included, without filters.</summary>
    private async Task<List<DockerImage>> EveryImageAsync(DockerEngine engine, CancellationToken cancellation)
    {
        if (!everyImage.TryGetValue(engine.Endpoint, out var images))
        {
            images = await ImageLookup.ListAsync(engine, all: true, new EngineFilters(), cancellation).ConfigureAwait(false);
            everyImage[engine.Endpoint] = images;
        }

        return images;
    }
}
