using System.Collections;
using System.Management.Automation.Language;
using Docker.DotNet.Models;
using DockerPS.Images;

namespace DockerPS.Completion;

/// <summary>Completes image names as repository:tag.</summary>
public sealed class ImageNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName,
        string parameterName,
        string wordToComplete,
        CommandAst commandAst,
        IDictionary fakeBoundParameters)
    {
        var images = CompletionQuery.Run<ImagesListResponse>(fakeBoundParameters, async (engine, cancellation) =>
            await engine.Client.Images.ListImagesAsync(new ImagesListParameters(), cancellation).ConfigureAwait(false));
        var tags = images
            .SelectMany(image => image.RepoTags ?? new List<string>())
            .Where(tag => tag != "<none>:<none>")
            .Select(ImageReference.Normalize);    // Podman's docker.io/library/nginx:latest is nginx:latest
        return CompletionQuery.Matching(tags, wordToComplete).ToList();
    }
}
