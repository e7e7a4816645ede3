using System;
using System.Globalization;
using System.Management.Automation;
using System.Text.RegularExpressions;

namespace DockerPS.Streams;

/// <summary>
/// Turns -Since/-Until values into the engine's timestamps (Unix seconds with a fraction): a DateTime, a
/// TimeSpan or Go duration (10m, 1h30m) meaning that long ago, an RFC 3339 time, or Unix seconds.
/// </summary>
internal static class EngineTime
{
    private static readonly DateTime Epoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly Regex GoDuration = new(@"^(?:(?<n>\d+(?:\.\d+)?)(?<unit>ns|us|µs|ms|s|m|h))+$", RegexOptions.CultureInvariant);

    public static string ToEngineTimestamp(object value, DateTime nowUtc)
    {
        var moment = value is PSObject wrapped ? wrapped.BaseObject : value;
        return moment switch
        {
            DateTime time => Format(time.ToUniversalTime()),
            DateTimeOffset offset => Format(offset.UtcDateTime),
            TimeSpan ago => Format(nowUtc - ago),
            string text => FromText(text.Trim(), nowUtc),
            _ => throw new ArgumentException($"invalid time '{value}': expected a DateTime, a TimeSpan, a duration such as 10m or 1h30m, or an RFC 3339 time"),
        };
    }

    private static string FromText(string text, DateTime nowUtc)
    {
        if (Regex.IsMatch(text, @"^\d+(\.\d+)?$"))
        {
            return text;
        }

        if (TryParseGoDuration(text, out var ago))
        {
            return Format(nowUtc - ago);
        }

        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeLocal, out var time))
        {
            return Format(time);
        }

        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span))
        {
            return Format(nowUtc - span);
        }

        throw new ArgumentException($"invalid time '{text}': expected a duration such as 10m or 1h30m, an RFC 3339 time, or Unix seconds");
    }

    private static bool TryParseGoDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = GoDuration.Match(text);
        if (!match.Success)
        {
            return false;
        }

        var ticks = 0.0;
        for (var i = 0; i < match.Groups["n"].Captures.Count; i++)
        {
            var amount = double.Parse(match.Groups["n"].Captures[i].Value, CultureInfo.InvariantCulture);
            ticks += amount * match.Groups["unit"].Captures[i].Value switch
            {
                "h" => TimeSpan.TicksPerHour,
                "m" => TimeSpan.TicksPerMinute,
                "s" => TimeSpan.TicksPerSecond,
                "ms" => TimeSpan.TicksPerMillisecond,
                "us" or "µs" => TimeSpan.TicksPerMillisecond / 1000.0,
                _ => TimeSpan.TicksPerMillisecond / 1_000_000.0,
            };
        }

        duration = TimeSpan.FromTicks((long)ticks);
        return true;
    }

    private static string Format(DateTime utc)
    {
        var ticks = (utc - Epoch).Ticks;
        var seconds = ticks / TimeSpan.TicksPerSecond;
        var nanoseconds = ticks % TimeSpan.TicksPerSecond * 100;
        return seconds.ToString(CultureInfo.InvariantCulture) + "." + nanoseconds.ToString("D9", CultureInfo.InvariantCulture);
    }
}
