using System.Globalization;
using System.Text.RegularExpressions;

namespace DockerPS.Time;

/// <summary>
/// Times as the engine writes and reads them: its RFC 3339 answers (with nanoseconds) read as DateTime, and
/// -Since/-Until values turned into its timestamps (Unix seconds with a fraction): a DateTime, a TimeSpan or
/// Go duration (10m, 1h30m) meaning that long ago, an RFC 3339 time, or Unix seconds.
/// </summary>
internal static class EngineTime
{
    private static readonly DateTime Epoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly Regex GoDuration = new(@"^(?:(?<n>[0-9]+(?:\.[0-9]+)?)(?<unit>ns|us|µs|μs|ms|s|m|h))+$", RegexOptions.CultureInvariant);

    // RFC 3339 with more than the seven fraction digits DateTime keeps: the engine's own log timestamps.
    private static readonly Regex NanosecondTime = new(@"^(?<head>[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2})\.(?<fraction>[0-9]{8,9})(?<zone>[Zz]|[+-][0-9]{2}:[0-9]{2})$", RegexOptions.CultureInvariant);

    /// <summary>An RFC 3339 time of the engine's, in local time; its zero time means "never" (null).</summary>
    public static DateTime? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text) || text!.StartsWith("0001-01-01", StringComparison.Ordinal))
        {
            return null;
        }

        // DateTime keeps seven fraction digits; the engine writes nine.
        var dot = text.IndexOf('.');
        if (dot > 0)
        {
            var zone = text.IndexOfAny(new[] { 'Z', '+', '-' }, dot);
            var fraction = zone < 0 ? text.Substring(dot + 1) : text.Substring(dot + 1, zone - dot - 1);
            var suffix = zone < 0 ? string.Empty : text.Substring(zone);
            text = text.Substring(0, dot) + (fraction.Length > 7 ? "." + fraction.Substring(0, 7) : "." + fraction) + suffix;
        }

        return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed)
            ? parsed.ToLocalTime()
            : null;
    }

    /// <summary>A time Docker.DotNet has read already, in local time; its zero time means "never" (null).</summary>
    public static DateTime? Local(DateTime time) => time == default ? null : time.ToLocalTime();

    /// <summary>Whole Unix seconds, rounded down: what the engine's events take as since and until.</summary>
    public static long ToUnixSeconds(DateTime time) => WholeSeconds(time.ToUniversalTime());

    public static string ToEngineTimestamp(object value, DateTime nowUtc)
    {
        var moment = value is PSObject wrapped ? wrapped.BaseObject : value;
        return moment switch
        {
            DateTime time => Format(time.ToUniversalTime()),
            DateTimeOffset offset => Format(offset.UtcDateTime),
            TimeSpan ago => Format(nowUtc - ago),
            string text => FromText(text.Trim(), nowUtc),

            // A bare number is Unix seconds, as docker logs --since 1700000000 reads it.
            int or long or short or decimal or double when Convert.ToDecimal(moment, CultureInfo.InvariantCulture) >= 0 =>
                Convert.ToDecimal(moment, CultureInfo.InvariantCulture).ToString("0.#########", CultureInfo.InvariantCulture),
            _ => throw new ArgumentException($"invalid time '{moment}': expected a DateTime, a TimeSpan, a duration such as 10m or 1h30m, or an RFC 3339 time"),
        };
    }

    /// <summary>
    /// The moment a "before then" value names, in UTC, as docker's prune filter until= takes it: a DateTime, a
    /// TimeSpan or Go duration (24h, 1h30m) meaning that long before <paramref name="nowUtc"/>, an RFC 3339 time, or
    /// Unix seconds; the forms of <see cref="ToEngineTimestamp"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A value that names no moment, naming it.</exception>
    public static DateTime ToMoment(object value, DateTime nowUtc)
    {
        // The engine's timestamp text: whole seconds, rounded down, and a fraction that is never negative.
        var timestamp = ToEngineTimestamp(value, nowUtc);
        var dot = timestamp.IndexOf('.');
        try
        {
            var seconds = long.Parse(dot < 0 ? timestamp : timestamp.Substring(0, dot), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            var fraction = dot < 0 ? 0m : decimal.Parse("0" + timestamp.Substring(dot), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            return Epoch.AddTicks(checked((seconds * TimeSpan.TicksPerSecond) + (long)(fraction * TimeSpan.TicksPerSecond)));
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException)
        {
            throw new ArgumentException($"invalid time '{timestamp}': beyond any date", e);
        }
    }

    /// <summary>A parameter's moment (-CreatedBefore), or null when not given; one naming no moment is the cmdlet's terminating InvalidTime error.</summary>
    public static DateTime? MomentFromParameter(object? value, DateTime nowUtc)
    {
        try
        {
            return value is null ? null : ToMoment(value, nowUtc);
        }
        catch (ArgumentException e)
        {
            throw new ErrorRecordException(DockerErrors.InvalidTime(e, value));
        }
    }

    /// <summary>
    /// A length of time as docker's duration options take it (docker run --health-interval 1m30s): a TimeSpan, a Go
    /// duration (500ms, 30s, 1m30s, 0; a sign allowed, as Go allows it) or a TimeSpan's text (00:01:30).
    /// </summary>
    /// <exception cref="ArgumentException">A value that is no duration, in Go's words where it is text.</exception>
    public static TimeSpan Duration(object value)
    {
        var given = value is PSObject wrapped ? wrapped.BaseObject : value;
        if (given is TimeSpan span)
        {
            return span;
        }

        var text = Convert.ToString(given, CultureInfo.InvariantCulture)?.Trim() ?? string.Empty;
        var negative = text.StartsWith("-", StringComparison.Ordinal);
        var unsigned = negative || text.StartsWith("+", StringComparison.Ordinal) ? text.Substring(1) : text;
        if (unsigned == "0")
        {
            return TimeSpan.Zero;
        }

        if (TryParseGoDuration(unsigned, out var duration))
        {
            return negative ? duration.Negate() : duration;
        }

        // Only with a colon: TimeSpan reads a bare "30" as 30 days, where Go wants a unit.
        if (text.IndexOf(':') >= 0 && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out span))
        {
            return span;
        }

        throw new ArgumentException(Regex.IsMatch(unsigned, @"^[0-9]+(\.[0-9]*)?$")
            ? $"time: missing unit in duration \"{text}\""
            : $"time: invalid duration \"{text}\"");
    }

    private static string FromText(string text, DateTime nowUtc)
    {
        if (Regex.IsMatch(text, @"^[0-9]+(\.[0-9]+)?$"))
        {
            return text;
        }

        if (TryParseGoDuration(text, out var ago))
        {
            return Format(nowUtc - ago);
        }

        // Before DateTime: "00:10:00" would otherwise be read as ten past midnight today.
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span))
        {
            return Format(nowUtc - span);
        }

        if (NanosecondTime.Match(text) is { Success: true } precise
            && DateTime.TryParse(precise.Groups["head"].Value + precise.Groups["zone"].Value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var whole))
        {
            // Keep every nanosecond, so a log line's own timestamp used as -Since includes that line.
            return WholeSeconds(whole).ToString(CultureInfo.InvariantCulture) + "." + precise.Groups["fraction"].Value.PadRight(9, '0');
        }

        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeLocal, out var time))
        {
            return Format(time);
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

        var ticks = 0m;
        for (var i = 0; i < match.Groups["n"].Captures.Count; i++)
        {
            var amount = decimal.Parse(match.Groups["n"].Captures[i].Value, CultureInfo.InvariantCulture);
            ticks += amount * match.Groups["unit"].Captures[i].Value switch
            {
                "h" => TimeSpan.TicksPerHour,
                "m" => TimeSpan.TicksPerMinute,
                "s" => TimeSpan.TicksPerSecond,
                "ms" => TimeSpan.TicksPerMillisecond,
                "us" or "µs" or "μs" => TimeSpan.TicksPerMillisecond / 1000m,
                _ => TimeSpan.TicksPerMillisecond / 1_000_000m,
            };
        }

        duration = TimeSpan.FromTicks((long)ticks);
        return true;
    }

    private static string Format(DateTime utc)
    {
        var ticks = (utc - Epoch).Ticks;
        var remainder = ticks % TimeSpan.TicksPerSecond;

        // Seconds round down, so times before 1970 keep a positive fraction.
        var seconds = WholeSeconds(utc);
        var nanoseconds = (remainder < 0 ? remainder + TimeSpan.TicksPerSecond : remainder) * 100;
        return seconds.ToString(CultureInfo.InvariantCulture) + "." + nanoseconds.ToString("D9", CultureInfo.InvariantCulture);
    }

    private static long WholeSeconds(DateTime utc)
    {
        var ticks = (utc - Epoch).Ticks;
        var seconds = ticks / TimeSpan.TicksPerSecond;
        return ticks % TimeSpan.TicksPerSecond < 0 ? seconds - 1 : seconds;
    }
}
