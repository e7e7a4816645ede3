using Docker.DotNet.Models;
using DockerPS.Images;

namespace DockerPS.Commands;

/// <summary>docker search: searches a registry (Docker Hub unless the term names another) for repositories.</summary>
[Cmdlet(VerbsCommon.Find, "DockerImage")]
[OutputType(typeof(DockerImageSearchResult))]
public sealed class FindDockerImageCommand : DockerEngineCmdlet
{
    /// <summary>What to search for: centos, or registry.example.com:5000/centos; a tag (centos:7) is ignored, as repositories have none.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    [DockerObjectsAsText("a search term", "DockerImage.Repository", "DockerImageSearchResult.Name")]
    public string Term { get; set; } = string.Empty;

    /// <summary>At most this many results (the registry's default is 25).</summary>
    [Parameter]
    [ValidateRange(1, 100)]
    public int Limit { get; set; }

    /// <summary>Only official images.</summary>
    [Parameter]
    public SwitchParameter Official { get; set; }

    /// <summary>Only repositories with at least this many stars.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int MinimumStars { get; set; }

    protected override void ProcessRecord()
    {
        var term = ImageReference.SplitDigest(Term).Repository;
        var (withoutTag, tag) = ImageReference.SplitTag(term);
        if (tag != DockerImage.None)
        {
            WriteVerbose($"Searching for '{withoutTag}': registries search repositories, so the tag '{tag}' is left out.");
        }

        var registry = ImageReference.RegistryOf(withoutTag);
        var filters = new EngineFilters();
        if (Official)
        {
            filters.Add("is-official", "true");
        }

        if (MinimumStars > 0)
        {
            filters.Add("stars", MinimumStars.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        RunOnEngine(async (engine, cancellation) =>
        {
            try
            {
                var results = await engine.Client.Images.SearchImagesAsync(
                    new ImagesSearchParameters { Term = withoutTag, Limit = Limit > 0 ? Limit : null, Filters = filters.ToParameter() },
                    cancellation).ConfigureAwait(false);
                foreach (var result in results)
                {
                    Emit(new DockerImageSearchResult(engine.Endpoint, registry, result.Name, result.Description, result.StarCount, result.IsOfficial, result.IsAutomated));
                }
            }
            catch (DockerApiException e) when ((int)e.StatusCode >= 500 || (int)e.StatusCode == 404)
            {
                // The engine answers for the registry; say which registry failed and why.
                var why = DockerErrorMapper.DaemonMessage(e);
                EmitError(new RegistryException(registry, $"Cannot search the registry {registry} for '{withoutTag}': {why}", e), null, Term);
            }
            catch (DockerApiException e)
            {
                EmitError(e, null, Term);
            }
        });
    }
}
