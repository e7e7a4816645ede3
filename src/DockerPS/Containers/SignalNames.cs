using System.Globalization;
using System.Text.RegularExpressions;

namespace DockerPS.Containers;

/// <summary>Signals as the engine reads docker run --stop-signal: a number, or a name with or without SIG, any case.</summary>
internal static class SignalNames
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "ABRT", "ALRM", "BUS", "CHLD", "CLD", "CONT", "FPE", "HUP", "ILL", "INT", "IO", "IOT", "KILL", "PIPE", "POLL", "PROF", "PWR", "QUIT",
        "SEGV", "STKFLT", "STOP", "SYS", "TERM", "TRAP", "TSTP", "TTIN", "TTOU", "URG", "USR1", "USR2", "VTALRM", "WINCH", "XCPU", "XFSZ",
        "RTMIN", "RTMAX",
    };

    private static readonly Regex RealTime = new(@"^RT(MIN\+([1-9]|1[0-5])|MAX-([1-9]|1[0-4]))$", RegexOptions.CultureInvariant);

    /// <summary>The signal as given, when the engine would take it.</summary>
    public static string Check(string signal)
    {
        if (int.TryParse(signal, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number is >= 1 and <= 64 ? signal : throw Invalid(signal);
        }

        var name = signal.ToUpperInvariant();
        name = name.StartsWith("SIG", StringComparison.Ordinal) ? name.Substring(3) : name;
        return Known.Contains(name) || RealTime.IsMatch(name) ? signal : throw Invalid(signal);
    }

    private static ArgumentException Invalid(string signal) => new($"Invalid signal: {signal}");
}
