using System.Globalization;
using Docker.DotNet.Models;

namespace DockerPS.Containers;

/// <summary>
/// Reads -RestartPolicy as docker run --restart does: name[:maximum-retry-count]. The CLI leaves the checks to the
/// engine; they are made here, with the engine's words, so a bad value fails before anything is created.
/// </summary>
internal static class RestartPolicyParser
{
    public static RestartPolicy Parse(string policy)
    {
        // As with --restart "": no policy sent, and the engine keeps its default.
        if (policy.Length == 0)
        {
            return new RestartPolicy { Name = RestartPolicyKind.Undefined };
        }

        var colon = policy.IndexOf(':');
        var name = colon < 0 ? policy : policy.Substring(0, colon);
        var count = colon < 0 ? string.Empty : policy.Substring(colon + 1);
        if (colon == 0)
        {
            throw new ArgumentException($"invalid restart policy format '{policy}': no policy provided before colon");
        }

        long retries = 0;
        if (count.Length > 0 && !long.TryParse(count, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out retries))
        {
            throw new ArgumentException($"invalid restart policy format '{policy}': maximum retry count must be an integer");
        }

        // PowerShell is case-insensitive about such words; the names themselves are the engine's.
        var kind = name.ToLowerInvariant() switch
        {
            "no" => RestartPolicyKind.No,
            "always" => RestartPolicyKind.Always,
            "on-failure" => RestartPolicyKind.OnFailure,
            "unless-stopped" => RestartPolicyKind.UnlessStopped,
            _ => throw new ArgumentException(
                $"invalid restart policy: unknown policy '{name}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'"),
        };

        if (retries < 0)
        {
            throw new ArgumentException($"invalid restart policy '{policy}': maximum retry count cannot be negative");
        }

        if (retries != 0 && kind != RestartPolicyKind.OnFailure)
        {
            throw new ArgumentException(
                $"invalid restart policy '{policy}': maximum retry count cannot be used with restart policy '{name}'; only 'on-failure' takes one");
        }

        return new RestartPolicy { Name = kind, MaximumRetryCount = retries };
    }
}
