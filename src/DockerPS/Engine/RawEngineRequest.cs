using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Text.Json;
using DockerPS.Internal;

namespace DockerPS.Engine;

/// <summary>
/// A request that Docker.DotNet has no model for, sent over the library's own connection to the engine (its TLS, its
/// socket, the API version agreed). Docker.DotNet 4.3.3 reads /system/df only in the shape of API 1.52 and later;
/// older engines and Podman answer with the volumes at the top level, which the library drops; and it has no build
/// cache prune at all. The library keeps its HTTP client and the engine's base address private, so they are read as
/// <see cref="Streams.Frames"/> reads its multiplexed stream; <see cref="Reaches"/> is false where they are not found
/// (a fake engine, another version). A client that answers such requests itself (<see cref="IRawRequestAnswerer"/>,
/// the tests' fake engines) is asked instead.
/// </summary>
internal static class RawEngineRequest
{
    private static readonly FieldInfo? HttpClientField = typeof(DockerClient).GetField("_client", BindingFlags.NonPublic | BindingFlags.Instance);
    private static readonly FieldInfo? BaseAddressField = typeof(DockerClient).GetField("_effectiveEndpoint", BindingFlags.NonPublic | BindingFlags.Instance);

    /// <summary>Whether requests of this kind can be sent through Docker.DotNet's connection of <paramref name="client"/>.</summary>
    public static bool Reaches(IDockerClient client) => Connection(client) is not null;

    /// <summary>
    /// The engine's JSON answer to GET /v{API}/<paramref name="pathAndQuery"/>; a refusal is thrown as the library
    /// throws it (DockerApiException, with the engine's words), so it is mapped like any other.
    /// </summary>
    public static Task<JsonDocument> GetJsonAsync(DockerEngine engine, string pathAndQuery, CancellationToken cancellation) =>
        SendAsync(engine, HttpMethod.Get, pathAndQuery, cancellation);

    /// <summary>The engine's JSON answer to POST /v{API}/<paramref name="pathAndQuery"/>, without a body; refusals as for GET.</summary>
    public static Task<JsonDocument> PostJsonAsync(DockerEngine engine, string pathAndQuery, CancellationToken cancellation) =>
        SendAsync(engine, HttpMethod.Post, pathAndQuery, cancellation);

    private static async Task<JsonDocument> SendAsync(DockerEngine engine, HttpMethod method, string pathAndQuery, CancellationToken cancellation)
    {
        var (status, body) = engine.Client is IRawRequestAnswerer answerer
            ? await answerer.AnswerAsync(method, pathAndQuery, cancellation).ConfigureAwait(false)
            : await SendThroughLibraryAsync(engine, method, pathAndQuery, cancellation).ConfigureAwait(false);
        if ((int)status is < 200 or > 299)
        {
            throw new DockerApiException(status, body);
        }

        return JsonDocument.Parse(body);
    }

    private static async Task<(HttpStatusCode Status, string Body)> SendThroughLibraryAsync(DockerEngine engine, HttpMethod method, string pathAndQuery, CancellationToken cancellation)
    {
        var (http, baseAddress) = Connection(engine.Client)
            ?? throw new NotSupportedException($"DockerPS cannot send {method} /{pathAndQuery} to {engine.Endpoint}: Docker.DotNet's connection is out of reach.");
        using var request = new HttpRequestMessage(method, new Uri(baseAddress, $"v{engine.ApiVersion}/{pathAndQuery}"));
        using var answer = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation).ConfigureAwait(false);
        return (answer.StatusCode, await ReadBodyAsync(answer, cancellation).ConfigureAwait(false));
    }

    /// <summary>
    /// The answer's body, or OperationCanceledException once <paramref name="cancellation"/> fires: the engine sends a
    /// wait's body only when the container is done, and the library's socket stream does not heed a token, so the
    /// read is left behind and the connection closed under it.
    /// </summary>
    internal static async Task<string> ReadBodyAsync(HttpResponseMessage answer, CancellationToken cancellation)
    {
        var reading = answer.Content.ReadAsStringAsync();
        var cancelled = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellation.Register(() => cancelled.TrySetCanceled(cancellation)))
        {
            var first = await Task.WhenAny(reading, cancelled.Task).ConfigureAwait(false);
            if (first != reading)
            {
                answer.Dispose();
                reading.Abandon();
            }

            return await first.ConfigureAwait(false);
        }
    }

    private static (HttpClient Http, Uri BaseAddress)? Connection(IDockerClient client) =>
        client is DockerClient library && HttpClientField?.GetValue(library) is HttpClient http && BaseAddressField?.GetValue(library) is Uri baseAddress
            ? (http, baseAddress)
            : null;
}

/// <summary>
/// An engine client that answers <see cref="RawEngineRequest"/>'s requests itself, with the status and body an engine
/// would send: the tests' fake engines, which have no HTTP connection to read.
/// </summary>
internal interface IRawRequestAnswerer
{
    Task<(HttpStatusCode Status, string Body)> AnswerAsync(HttpMethod method, string pathAndQuery, CancellationToken cancellation);
}
