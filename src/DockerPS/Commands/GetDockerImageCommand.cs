using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet.Models;
using DockerPS.Cmdlets;
using DockerPS.Completion;
using DockerPS.Engine;
using DockerPS.Images;

namespace DockerPS.Commands;

/// <summary>docker images: one object per repository:tag.</summary>
[Cmdlet(VerbsCommon.Get, "DockerImage", DefaultParameterSetName = ByNameSet)]
[OutputType(typeof(DockerImage))]
public sealed class GetDockerImageCommand : DockerEngineCmdlet
{
    private const string ByNameSet = "ByName";
    private const string ByIdSet = "ById";

    private readonly Dictionary<DockerEndpoint, List<DockerImage>> listings = new();

    /// <summary>repository, repository:tag or repository@digest; wildcards allowed (nginx, *:latest, app:1.*).</summary>
    [Parameter(Position = 0, ParameterSetName = ByNameSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("ImageName", "Reference")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ImageNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Image ids, full (sha256:…) or a unique prefix.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
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

    protected override void ProcessRecord() => RunAsync(ListAsync);

    private async Task ListAsync(CancellationToken cancellation)
    {
        var engine = await ConnectAsync(cancellation).ConfigureAwait(false);
        var images = await ListAsync(engine, cancellation).ConfigureAwait(false);

        var references = Id ?? Name;
        if (references is null)
        {
            EmitAll(images);
            return;
        }

        var selected = new List<DockerImage>();
        foreach (var reference in references)
        {
            var match = Id is null ? ReferenceMatcher.Images(reference, images) : ReferenceMatcher.ImagesById(reference, images);
            if (match.Ambiguity is not null)
            {
                EmitError(new ArgumentException(match.Ambiguity), "AmbiguousImageReference", reference);
            }
            else if (match.IsMissing)
            {
                EmitError(new ItemNotFoundException($"No such image: {reference}"), "ImageNotFound", reference);
            }

            selected.AddRange(match.Matches);
        }

        EmitAll(selected.Distinct());
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

    private void EmitAll(IEnumerable<DockerImage> images)
    {
        foreach (var image in images)
        {
            Emit(image);
        }
    }
}
