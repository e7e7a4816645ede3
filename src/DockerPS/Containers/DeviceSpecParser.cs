using System.Text.RegularExpressions;
using Docker.DotNet.Models;

namespace DockerPS.Containers;

/// <summary>Reads docker run --device values: /dev/host[:/dev/container][:permissions], permissions of r, w and m.</summary>
internal static class DeviceSpecParser
{
    private static readonly Regex Permissions = new("^[rwm]{1,3}$", RegexOptions.CultureInvariant);

    public static DeviceMapping Parse(string spec)
    {
        var parts = spec.Split(':');
        string host = parts[0], container = host, permissions = "rwm";
        switch (parts.Length)
        {
            case 1:
                break;
            case 2 when Permissions.IsMatch(parts[1]):
                permissions = parts[1];
                break;
            case 2:
                container = parts[1];
                break;
            case 3:
                container = parts[1];
                permissions = Permissions.IsMatch(parts[2]) ? parts[2] : throw new ArgumentException($"invalid device mode: {parts[2]}");
                break;
            default:
                throw new ArgumentException($"invalid device specification: {spec}");
        }

        if (!host.StartsWith("/", StringComparison.Ordinal) || !container.StartsWith("/", StringComparison.Ordinal))
        {
            throw new ArgumentException($"{(host.StartsWith("/", StringComparison.Ordinal) ? container : host)} is not an absolute path");
        }

        return new DeviceMapping { PathOnHost = host, PathInContainer = container, CgroupPermissions = permissions };
    }
}
