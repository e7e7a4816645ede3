namespace DockerPS.Engine;

/// <summary>Which Engine API version to speak, decided once per endpoint from the engine's own range.</summary>
internal static class ApiVersionPolicy
{
    /// <summary>The newest API the bundled Docker.DotNet models describe (Engine 29.4).</summary>
    public static readonly Version LibraryMaximum = new(1, 54);

    /// <summary>The oldest API whose responses carry every field DockerPS reads (Engine 19.03).</summary>
    public static readonly Version ModuleMinimum = new(1, 40);

    /// <summary>
    /// min(engine maximum, library maximum), unless DOCKER_API_VERSION pins a version, which is then used
    /// as is, as the docker CLI does. Refuses engines older than <see cref="ModuleMinimum"/> and engines whose
    /// minimum is newer than anything DockerPS can speak.
    /// </summary>
    public static Version Choose(string endpoint, string engineMaximumText, string? engineMinimumText, string? pinnedText)
    {
        if (pinnedText is not null)
        {
            if (!TryParse(pinnedText, out var pinned))
            {
                throw new DockerEndpointException(
                    "InvalidApiVersion",
                    $"DOCKER_API_VERSION='{pinnedText}' is not an API version; expected a value such as 1.41.");
            }

            return pinned;
        }

        if (!TryParse(engineMaximumText, out var engineMaximum))
        {
            throw new DockerEndpointException(
                "InvalidApiVersion",
                $"The engine at {endpoint} reported an unreadable API version '{engineMaximumText}'.");
        }

        if (engineMaximum < ModuleMinimum)
        {
            throw new DockerEndpointException(
                "EngineTooOld",
                $"The engine at {endpoint} speaks Engine API {engineMaximumText} at most; DockerPS needs {ModuleMinimum} or later (Docker Engine 19.03+). Upgrade the engine.");
        }

        var chosen = engineMaximum < LibraryMaximum ? engineMaximum : LibraryMaximum;
        if (engineMinimumText is not null && TryParse(engineMinimumText, out var engineMinimum) && chosen < engineMinimum)
        {
            throw new DockerEndpointException(
                "EngineTooNew",
                $"The engine at {endpoint} requires Engine API {engineMinimumText} or later; DockerPS speaks {LibraryMaximum} at most. Update DockerPS.");
        }

        return chosen;
    }

    public static bool TryParse(string? text, out Version version)
    {
        version = new Version(0, 0);
        var trimmed = text?.Trim().TrimStart('v');
        if (trimmed is null || trimmed.Split('.').Length != 2 || !Version.TryParse(trimmed, out var parsed))
        {
            return false;
        }

        version = parsed;
        return true;
    }
}
