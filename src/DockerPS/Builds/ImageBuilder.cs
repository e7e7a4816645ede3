using Docker.DotNet.Models;
using DockerPS.Lookup;
using DockerPS.Registry;

namespace DockerPS.Builds;

/// <summary>docker build with the classic builder: the context streamed as the request body, the log followed, the image read back.</summary>
internal static class ImageBuilder
{
    /// <summary>
    /// Builds the image and returns it under every tag it carries now (one untagged object without tags). The
    /// engine's refusal of the request (a Dockerfile it cannot parse) and an error inside the stream (a failing step)
    /// are thrown as a <see cref="DockerBuildException"/>. Cancelling ends the request, which stops the build on the engine.
    /// </summary>
    public static async Task<List<DockerImage>> BuildAsync(DockerEngine engine, BuildContext context, ImageBuildParameters parameters, BuildProgress progress, CancellationToken cancellation)
    {
        var credentials = RegistryCredentials.Current.All();
        using (var body = context.OpenTar(cancellation))
        {
            try
            {
                await progress.FollowAsync(report => engine.Client.Images.BuildImageFromDockerfileAsync(parameters, body, credentials, null, report, cancellation)).ConfigureAwait(false);
            }
            catch (DockerApiException e)
            {
                throw progress.Refused("Error response from daemon: " + DockerErrorMapper.DaemonMessage(e), e);
            }
            catch (Exception e) when (e is not DockerBuildException && body.ProducerFailure is { } failure and not OperationCanceledException)
            {
                // The upload failed because a context file could not be read, whatever the HTTP client made of it.
                throw new ErrorRecordException(context.Unreadable(failure));
            }
        }

        var id = progress.ImageId ?? progress.BuiltShortId
            ?? throw new DockerBuildException("The engine ended the build without naming the image it built.", null, null, null, Array.Empty<string>(), null);
        return await ImageLookup.ByReferenceAsync(engine, id, cancellation).ConfigureAwait(false);
    }
}
