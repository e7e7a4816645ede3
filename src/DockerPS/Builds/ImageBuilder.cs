using System.IO;
using System.Text;
using Docker.DotNet.Models;
using DockerPS.Lookup;
using DockerPS.Registry;

namespace DockerPS.Builds;

/// <summary>docker build, with the classic builder or BuildKit: the context streamed as the request body, the log followed, the image read back.</summary>
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

        return await BuiltImageAsync(engine, progress, cancellation).ConfigureAwait(false);
    }

    /// <summary>
    /// Builds with BuildKit (version=2), which dockerd takes with the context in the request, as the classic builder;
    /// Docker.DotNet cannot read its progress messages, so the answer is read line by line here. Base images are pulled
    /// without credentials: BuildKit asks for them over a session, which DockerPS does not open.
    /// </summary>
    public static async Task<List<DockerImage>> BuildWithBuildKitAsync(DockerEngine engine, BuildContext context, ImageBuildParameters parameters, BuildProgress progress, CancellationToken cancellation)
    {
        parameters.Version = "2";
        using (var body = context.OpenTar(cancellation))
        {
            try
            {
                await progress.FollowAsync(async _ =>
                {
                    // The overload the library would have used reads each message as JSONMessage, whose aux cannot be BuildKit's string.
#pragma warning disable CS0618
                    using var answer = await engine.Client.Images.BuildImageFromDockerfileAsync(body, parameters, cancellation).ConfigureAwait(false);
#pragma warning restore CS0618

                    // ReadLineAsync takes no token on netstandard2.0: Ctrl+C closes the answer instead.
                    using var closing = cancellation.Register(answer.Dispose);
                    using var reader = new StreamReader(answer, Encoding.UTF8);
                    while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
                    {
                        progress.ReportLine(line);
                    }

                    cancellation.ThrowIfCancellationRequested();
                }).ConfigureAwait(false);
            }
            catch (DockerApiException e)
            {
                throw progress.Refused("Error response from daemon: " + DockerErrorMapper.DaemonMessage(e), e);
            }
            catch (Exception e) when (e is not DockerBuildException && body.ProducerFailure is { } failure and not OperationCanceledException)
            {
                throw new ErrorRecordException(context.Unreadable(failure));
            }
            catch (Exception e) when (e is ObjectDisposedException or IOException && cancellation.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellation);
            }
        }

        return await BuiltImageAsync(engine, progress, cancellation).ConfigureAwait(false);
    }

    /// <summary>The image the build named, under every tag it carries now.</summary>
    private static async Task<List<DockerImage>> BuiltImageAsync(DockerEngine engine, BuildProgress progress, CancellationToken cancellation)
    {
        var id = progress.ImageId ?? progress.BuiltShortId
            ?? throw new DockerBuildException("The engine ended the build without naming the image it built.", null, null, null, Array.Empty<string>(), null);
        return await ImageLookup.ByReferenceAsync(engine, id, cancellation).ConfigureAwait(false);
    }
}
