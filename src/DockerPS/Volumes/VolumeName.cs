using System.Text.RegularExpressions;

namespace DockerPS.Volumes;

/// <summary>The local driver's rule for volume names, checked before the engine is asked, in the engine's words.</summary>
internal static class VolumeName
{
    private static readonly Regex Valid = new(@"^[a-zA-Z0-9][a-zA-Z0-9_.-]+\z", RegexOptions.CultureInvariant);

    /// <summary>The name, when the engine would take it.</summary>
    public static string Validate(string name) =>
        Valid.IsMatch(name) ? name
        : name.Length < 2 && Valid.IsMatch(name + "a") ? throw new ArgumentException($"volume name '{name}' is too short, names should be at least two alphanumeric characters")
        : throw new ArgumentException($"\"{name}\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path");
}
