using System.Net.Http;
using System.Reflection;
using System.Text.Json;

namespace DockerPS.Engine;

/// <summary>
/// A GET that Docker.DotNet has no model for, sent over the library's own connection to the engine (its TLS, its
/// socket, the API version agreed). Docker.DotNet 4.3.3 reads /system/df only in the shape of API 1.52 and later;
/// older engines and Podman answer with the volumes at the top level, which the library drops. The library keeps its
/// HTTP client and the engine's base address private, so they are read as <see cref="Streams.Frames"/> reads its
/// multiplexed stream; <see cref="Reaches"/> is false where they are not found (a fake engine, another version).
/// </summary>
internal static class RawEngineRequest
{
    private static readonly FieldInfo? HttpClientField = typeof(DockerClient).GetField("_client", BindingFlags.NonPublic | BindingFlags.Instance);
    private static readonly FieldInfo? BaseAddressField = typeof(DockerClient).GetField("_effectiveEndpoint", BindingFlags.NonPublic | BindingFlags.Instance);

    /// <summary>Whether requests of this kind can be sent through <paramref name="client"/>.</summary>
    public static bool Reaches(IDockerClient client) => Connection(client) is not null;

    /// <summary>
    /// The engine's JSON answer to GET /v{API}/<paramref name="pathAndQuery"/>; a refusal is thrown as the library
    /// throws it (DockerApiException, with the engine's words), so it is mapped like any other.
    /// </summary>
    public static async Task<JsonDocument> GetJsonAsync(DockerEngine engine, string pathAndQuery, CancellationToken cancellation)
    {
        var (http, baseAddress) = Connection(engine.Client)
            ?? throw new NotSupportedException($"DockerPS cannot send GET /{pathAndQuery} to {engine.Endpoint}: Docker.DotNet's connection is out of reach.");
        using var answer = await http.GetAsync(new Uri(baseAddress, $"v{engine.ApiVersion}/{pathAndQuery}"), cancellation).ConfigureAwait(false);
        var body = await answer.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!answer.IsSuccessStatusCode)
        {
            throw new DockerApiException(answer.StatusCode, body);
        }

        return JsonDocument.Parse(body);
    }

    private static (HttpClient Http, Uri BaseAddress)? Connection(IDockerClient client) =>
        client is DockerClient library && HttpClientField?.GetValue(library) is HttpClient http && BaseAddressField?.GetValue(library) is Uri baseAddress
            ? (http, baseAddress)
            : null;
}
