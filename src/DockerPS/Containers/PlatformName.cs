using System.Text.RegularExpressions;

namespace DockerPS.Containers;

/// <summary>An image platform as docker run --platform takes it: os[/architecture[/variant]], such as linux/arm64/v8.</summary>
internal static class PlatformName
{
    private static readonly Regex Valid = new(@"^[a-z0-9]+(/[a-z0-9_]+(/[a-z0-9]+)?)?$", RegexOptions.CultureInvariant);

    public static string Check(string platform)
    {
        var lower = platform.ToLowerInvariant();
        return Valid.IsMatch(lower) ? lower : throw new ArgumentException($"\"{platform}\": unknown operating system or architecture: invalid argument");
    }
}
