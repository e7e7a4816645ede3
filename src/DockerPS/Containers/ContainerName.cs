using System.Text.RegularExpressions;

namespace DockerPS.Containers;

/// <summary>The engine's rule for container names, checked before the engine is asked, in the engine's words.</summary>
internal static class ContainerName
{
    private static readonly Regex Valid = new(@"^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+\z", RegexOptions.CultureInvariant);

    /// <summary>The name without the leading slash the engine tolerates, when the engine would take it.</summary>
    public static string Validate(string name) =>
        Valid.IsMatch(name) ? name.TrimStart('/')
        : throw new ArgumentException($"Invalid container name ({name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
}
