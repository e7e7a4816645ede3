using System;
using System.Collections;
using System.Collections.Concurrent;
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

    // Engines are asked concurrently, so the per-engine listings are shared between threads.
    private readonly ConcurrentDictionary<DockerEndpoint, List<DockerImage>> listings = new();

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
        var references = Id ?? Name ?? Array.Empty<string>();
        var endpoints = ResolveEndpoints();
        var answers = await ForEachEngineAsync(endpoints, (engine, token) => SelectAsync(engine, references, token), cancellation).ConfigureAwait(false);

        foreach (var reference in MissingEverywhere(references, answers, result => result.Missing))
        {
            EmitError(new ItemNotFoundException($"No such image: {reference}"), "ImageNotFound", reference);
        }

        foreach (var (_, selection) in answers)
        {
            foreach (var (reference, ambiguity) in selection.Ambiguities)
            {
                EmitError(new ArgumentException(ambiguity), "AmbiguousImageReference", reference);
            }

            foreach (var image in selection.Images)
            {
                Emit(WithEngineColumn(image, endpoints.Count > 1));
            }
        }
    }

    /// <summary>The images one engine has for the references (or all of them), and the references it lacks.</summary>
    private async Task<(List<DockerImage> Images, List<string> Missing, List<(string Reference, string Ambiguity)> Ambiguities)> SelectAsync(
        DockerEngine engine,
        IReadOnlyList<string> references,
        CancellationToken cancellation)
    {
        var images = await ListAsync(engine, cancellation).ConfigureAwait(false);
        if (references.Count == 0)
        {
            return (images, new List<string>(), new List<(string, string)>());
        }

        var selected = new List<DockerImage>();
        var missing = new List<string>();
        var ambiguities = new List<(string, string)>();
        foreach (var reference in references)
        {
            var match = Id is null ? ReferenceMatcher.Images(reference, images) : ReferenceMatcher.ImagesById(reference, images);
            if (match.Ambiguity is not null)
            {
                ambiguities.Add((reference, match.Ambiguity));
            }
            else if (match.IsMissing)
            {
                missing.Add(reference);
            }

            selected.AddRange(match.Matches);
        }

        return (selected.Distinct().ToList(), missing, ambiguities);
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
