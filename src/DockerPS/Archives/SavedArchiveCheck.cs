using System.IO;
using System.Text;
using System.Text.Json;

namespace DockerPS.Archives;

/// <summary>
/// Reads the archive docker save streams to its end, checking it is a whole tar. The engine answers 200 before
/// it starts writing, so a failure half-way arrives as an error message after the bytes written so far, or as a
/// stream that stops early; either way the archive is incomplete and must not be kept.
/// </summary>
internal static class SavedArchiveCheck
{
    // An error message after the archive is a line of JSON; more than this is no message.
    private const int MaxTrailerSize = 64 * 1024;

    public static async Task ReadToEndAsync(Stream archive, CancellationToken cancellation)
    {
        try
        {
            var tar = new TarStreamReader(archive);
            while (await tar.NextAsync(cancellation).ConfigureAwait(false) is not null)
            {
            }
        }
        catch (InvalidDataException e)
        {
            throw new DockerStreamException($"The engine's archive is incomplete: {e.Message}", null);
        }

        // After the end-of-archive block only zeros may follow.
        var trailer = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await archive.ReadAsync(buffer, 0, buffer.Length, cancellation).ConfigureAwait(false)) > 0)
        {
            var start = trailer.Length > 0 ? 0 : Array.FindIndex(buffer, 0, read, b => b != 0);
            if (start >= 0 && trailer.Length < MaxTrailerSize)
            {
                trailer.Write(buffer, start, (int)Math.Min(read - start, MaxTrailerSize - trailer.Length));
            }
        }

        if (trailer.Length > 0)
        {
            throw new DockerStreamException(ErrorMessage(trailer.ToArray()) ?? "The engine's archive has unexpected data after its end.", null);
        }
    }

    /// <summary>The message of the engine's {"errorDetail": {"message": …}, "error": …} line, if that is what follows.</summary>
    private static string? ErrorMessage(byte[] trailer)
    {
        var text = Encoding.UTF8.GetString(trailer).TrimEnd('\0', '\n', '\r', ' ');
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("errorDetail", out var detail) && detail.ValueKind == JsonValueKind.Object
                && detail.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
            {
                return message.GetString();
            }

            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String
                ? error.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
