using System;
using System.Management.Automation;
using DockerPS.Time;
using Xunit;

namespace DockerPS.Tests;

/// <summary>
/// -Since/-Until values turned into the engine's "Unix seconds.nanoseconds" text, against a fixed "now"
/// (2025-11-28T10:00:00Z, which is Unix 1764324000).
/// </summary>
public class EngineTimeTests
{
    private static readonly DateTime Now = new(2025, 11, 28, 10, 0, 0, DateTimeKind.Utc);
    private const string NowText = "1764324000.000000000";

    private static string Convert(object value) => EngineTime.ToEngineTimestamp(value, Now);

    /// <summary>The expected engine text for a UTC moment, worked out independently of EngineTime.</summary>
    private static string Expected(DateTime utc)
    {
        var sinceEpoch = utc - DateTime.UnixEpoch;
        return $"{sinceEpoch.Ticks / TimeSpan.TicksPerSecond}.{sinceEpoch.Ticks % TimeSpan.TicksPerSecond * 100:D9}";
    }

    // ---- DateTime, DateTimeOffset, TimeSpan ----

    [Fact]
    public void ToEngineTimestamp_UtcDateTime_GivesUnixSecondsWithNineDigitFraction()
    {
        var time = new DateTime(2025, 11, 28, 10, 0, 0, 123, DateTimeKind.Utc).AddTicks(4567);

        Assert.Equal("1764324000.123456700", Convert(time));
    }

    [Fact]
    public void ToEngineTimestamp_WholeSecond_PadsTheFractionWithZeros()
    {
        Assert.Equal(NowText, Convert(Now));
    }

    [Fact]
    public void ToEngineTimestamp_SmallFraction_KeepsLeadingZeros()
    {
        Assert.Equal("1764324000.000000100", Convert(Now.AddTicks(1)));
    }

    [Fact]
    public void ToEngineTimestamp_LocalDateTime_IsConvertedToUtc()
    {
        var local = new DateTime(2025, 11, 28, 10, 0, 0, 500, DateTimeKind.Utc).ToLocalTime();
        Assert.Equal(DateTimeKind.Local, local.Kind);

        Assert.Equal("1764324000.500000000", Convert(local));
    }

    [Fact]
    public void ToEngineTimestamp_UnspecifiedDateTime_IsTreatedAsLocalTime()
    {
        var unspecified = new DateTime(2025, 11, 28, 10, 0, 0, DateTimeKind.Unspecified);
        var expected = Expected(TimeZoneInfo.ConvertTimeToUtc(unspecified, TimeZoneInfo.Local));

        Assert.Equal(expected, Convert(unspecified));
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(2, 12)]
    [InlineData(-5, 5)]
    [InlineData(5.5, 15)] // 15:30 at +05:30
    public void ToEngineTimestamp_DateTimeOffset_UsesItsUtcMoment(double offsetHours, int hour)
    {
        var offset = TimeSpan.FromHours(offsetHours);
        var value = new DateTimeOffset(2025, 11, 28, hour, offset.Minutes, 0, offset);

        Assert.Equal(NowText, Convert(value));
    }

    [Fact]
    public void ToEngineTimestamp_TimeSpan_MeansThatLongBeforeNow()
    {
        Assert.Equal("1764323400.000000000", Convert(TimeSpan.FromMinutes(10)));
    }

    [Fact]
    public void ToEngineTimestamp_TimeSpanWithFraction_KeepsTheFraction()
    {
        Assert.Equal("1764323999.750000000", Convert(TimeSpan.FromMilliseconds(250)));
    }

    [Fact]
    public void ToEngineTimestamp_ZeroTimeSpan_IsNow()
    {
        Assert.Equal(NowText, Convert(TimeSpan.Zero));
    }

    [Fact]
    public void ToEngineTimestamp_NowWithAFraction_KeepsItThroughTheSubtraction()
    {
        var now = Now.AddMilliseconds(250);

        Assert.Equal("1764323400.250000000", EngineTime.ToEngineTimestamp("10m", now));
    }

    // ---- PowerShell-wrapped values ----

    [Fact]
    public void ToEngineTimestamp_WrappedTimeSpan_IsUnwrapped()
    {
        Assert.Equal("1764323400.000000000", Convert(PSObject.AsPSObject(TimeSpan.FromMinutes(10))));
    }

    [Fact]
    public void ToEngineTimestamp_WrappedDateTime_IsUnwrapped()
    {
        Assert.Equal("1764324000.250000000", Convert(new PSObject(Now.AddMilliseconds(250))));
    }

    [Fact]
    public void ToEngineTimestamp_WrappedDateTimeOffset_IsUnwrapped()
    {
        Assert.Equal(NowText, Convert(new PSObject(new DateTimeOffset(2025, 11, 28, 11, 0, 0, TimeSpan.FromHours(1)))));
    }

    [Fact]
    public void ToEngineTimestamp_WrappedString_IsUnwrapped()
    {
        Assert.Equal("1764318600.000000000", Convert(new PSObject("1h30m")));
    }

    // ---- Go durations ----

    [Theory]
    [InlineData("10m", "1764323400.000000000")]
    [InlineData("1h30m", "1764318600.000000000")]
    [InlineData("1.5h", "1764318600.000000000")]
    [InlineData("90m", "1764318600.000000000")]
    [InlineData("5400s", "1764318600.000000000")]
    [InlineData("90s", "1764323910.000000000")]
    [InlineData("1m30s", "1764323910.000000000")]
    [InlineData("1h", "1764320400.000000000")]
    [InlineData("24h", "1764237600.000000000")]
    [InlineData("250ms", "1764323999.750000000")]
    [InlineData("1.5s", "1764323998.500000000")]
    [InlineData("0.5m", "1764323970.000000000")]
    [InlineData("250us", "1764323999.999750000")]
    [InlineData("250\u00B5s", "1764323999.999750000")] // µ, MICRO SIGN
    [InlineData("1\u00B5s", "1764323999.999999000")]
    [InlineData("100ns", "1764323999.999999900")]
    [InlineData("1h2m3s4ms5us6ns", "1764320276.995995000")] // 3723.004005006 s ago, to the engine's 100 ns ticks
    [InlineData("0s", NowText)]
    [InlineData("0h0m", NowText)]
    public void ToEngineTimestamp_GoDuration_MeansThatLongBeforeNow(string duration, string expected)
    {
        Assert.Equal(expected, Convert(duration));
    }

    [Fact]
    public void ToEngineTimestamp_RepeatedUnits_AddUp()
    {
        // Go accepts "1m1m" as two minutes.
        Assert.Equal("1764323880.000000000", Convert("1m1m"));
    }

    [Theory]
    [InlineData(" 10m")]
    [InlineData("10m ")]
    [InlineData("\t10m\n")]
    public void ToEngineTimestamp_TrimsWhitespace(string duration)
    {
        Assert.Equal("1764323400.000000000", Convert(duration));
    }

    [Fact]
    public void ToEngineTimestamp_DecimalDuration_IsExact()
    {
        // 0.57 * 10_000_000 is 5699999.999999999 as a double; Go parses "0.57s" as exactly 570 ms.
        Assert.Equal("1764323999.430000000", Convert("0.57s"));
    }

    [Fact]
    public void ToEngineTimestamp_GreekMuMicroseconds_AreAccepted()
    {
        Assert.Equal("1764323999.999750000", Convert("250\u03BCs"));
    }

    // ---- Unix seconds ----

    [Theory]
    [InlineData("1700000000", "1700000000")]
    [InlineData("1700000000.5", "1700000000.5")]
    [InlineData("1700000000.123456789", "1700000000.123456789")]
    [InlineData("0", "0")]
    [InlineData("  1700000000  ", "1700000000")]
    public void ToEngineTimestamp_UnixSeconds_PassThroughUnchanged(string text, string expected)
    {
        Assert.Equal(expected, Convert(text));
    }

    // ---- RFC 3339 / ISO 8601 times ----

    [Theory]
    [InlineData("2025-11-28T10:00:00Z", NowText)]
    [InlineData("2025-11-28T10:00:00z", NowText)]
    [InlineData("2025-11-28T10:00:00+00:00", NowText)]
    [InlineData("2025-11-28T12:00:00+02:00", NowText)]
    [InlineData("2025-11-28T05:00:00-05:00", NowText)]
    [InlineData("2025-11-28T15:30:00+05:30", NowText)]
    [InlineData("2025-11-29T00:00:00+14:00", NowText)]
    [InlineData("2025-11-28T10:00:00.5Z", "1764324000.500000000")]
    [InlineData("2025-11-28T10:00:00.1234567Z", "1764324000.123456700")]
    [InlineData("2025-11-28T11:00:00.25+01:00", "1764324000.250000000")]
    [InlineData("1970-01-01T00:00:00Z", "0.000000000")]
    [InlineData(" 2025-11-28T10:00:00Z ", NowText)]
    public void ToEngineTimestamp_Rfc3339Time_IsConvertedToUtcSeconds(string text, string expected)
    {
        Assert.Equal(expected, Convert(text));
    }

    [Fact]
    public void ToEngineTimestamp_IsoTimeWithoutZone_IsLocalTime()
    {
        var expected = Expected(TimeZoneInfo.ConvertTimeToUtc(new DateTime(2025, 11, 28, 10, 0, 0, DateTimeKind.Unspecified), TimeZoneInfo.Local));

        Assert.Equal(expected, Convert("2025-11-28T10:00:00"));
    }

    [Fact]
    public void ToEngineTimestamp_DateOnly_IsLocalMidnight()
    {
        var expected = Expected(TimeZoneInfo.ConvertTimeToUtc(new DateTime(2025, 11, 28, 0, 0, 0, DateTimeKind.Unspecified), TimeZoneInfo.Local));

        Assert.Equal(expected, Convert("2025-11-28"));
    }

    [Fact]
    public void ToEngineTimestamp_Rfc3339Nanoseconds_AreKeptExactly()
    {
        // The docker CLI sends 1764324000.123456789 for this; DateTime rounds it to .1234568.
        Assert.Equal("1764324000.123456789", Convert("2025-11-28T10:00:00.123456789Z"));
    }

    [Fact]
    public void ToEngineTimestamp_BeforeTheEpoch_FormatsAsTheEngineParsesIt()
    {
        // The docker CLI's "%d.%09d" of Unix() and Nanosecond(): whole seconds floored, fraction positive.
        var time = new DateTime(1969, 12, 31, 23, 59, 58, 500, DateTimeKind.Utc);

        Assert.Equal("-2.500000000", Convert(time));
    }

    // ---- TimeSpan text ----

    [Theory]
    [InlineData("1.00:00:00", "1764237600.000000000")]
    [InlineData("1.02:03:04", "1764230216.000000000")]
    [InlineData("2.00:00:00.5", "1764151199.500000000")]
    public void ToEngineTimestamp_TimeSpanTextWithDays_MeansThatLongBeforeNow(string text, string expected)
    {
        Assert.Equal(expected, Convert(text));
    }

    [Theory]
    [InlineData("00:10:00", "1764323400.000000000")]
    [InlineData("01:30:00", "1764318600.000000000")]
    [InlineData("00:00:30", "1764323970.000000000")]
    public void ToEngineTimestamp_TimeSpanText_MeansThatLongBeforeNow(string text, string expected)
    {
        Assert.Equal(expected, Convert(text));
    }

    // ---- Refusals ----

    [Theory]
    [InlineData("soon")]
    [InlineData("10x")]
    [InlineData("-5m")]
    [InlineData("m")]
    [InlineData("10 m")]
    [InlineData("10M")]
    [InlineData("1h30")]
    [InlineData("-1700000000")]
    [InlineData("1700000000.")]
    [InlineData("1,5h")]
    [InlineData("\u00B5s")]
    [InlineData("2025-13-45T10:00:00Z")]
    public void ToEngineTimestamp_InvalidText_IsRefusedNamingTheValue(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => Convert(text));

        Assert.StartsWith($"invalid time '{text}': ", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t")]
    public void ToEngineTimestamp_EmptyText_IsRefused(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => Convert(text));

        Assert.Equal("invalid time '': expected a duration such as 10m or 1h30m, an RFC 3339 time, or Unix seconds", error.Message);
    }

    [Fact]
    public void ToEngineTimestamp_InvalidText_IsNamedTrimmed()
    {
        var error = Assert.Throws<ArgumentException>(() => Convert("  soon  "));

        Assert.Equal("invalid time 'soon': expected a duration such as 10m or 1h30m, an RFC 3339 time, or Unix seconds", error.Message);
    }

    [Theory]
    [InlineData(1700000000, "1700000000")]
    [InlineData((short)10, "10")]
    [InlineData(1700000000.5, "1700000000.5")]
    public void ToEngineTimestamp_Number_IsUnixSeconds(object number, string expected)
    {
        // docker logs --since 1700000000 reads a bare number the same way.
        Assert.Equal(expected, Convert(number));
        Assert.Equal(expected, Convert(new PSObject(number)));
    }

    [Fact]
    public void ToEngineTimestamp_NegativeNumber_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => Convert(-5));

        Assert.Equal("invalid time '-5': expected a DateTime, a TimeSpan, a duration such as 10m or 1h30m, or an RFC 3339 time", error.Message);
    }

    [Fact]
    public void ToEngineTimestamp_OtherObject_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => Convert(new object()));

        Assert.StartsWith("invalid time 'System.Object': ", error.Message);
    }

    [Fact]
    public void ToEngineTimestamp_Null_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => EngineTime.ToEngineTimestamp(null!, Now));

        Assert.StartsWith("invalid time '': ", error.Message);
    }

    [Fact]
    public void ToEngineTimestamp_NonAsciiDigits_AreRefusedAsInvalidTime()
    {
        var error = Assert.Throws<ArgumentException>(() => Convert("\u0661\u0660m"));

        Assert.StartsWith("invalid time '\u0661\u0660m': ", error.Message);
    }

    // ---- ToMoment: -CreatedBefore, as prune's until= reads it ----

    [Theory]
    [InlineData("24h", 24 * 60)]
    [InlineData("90m", 90)]
    [InlineData("1h30m", 90)]
    [InlineData("1.5h", 90)]
    [InlineData("45s", 0.75)]
    [InlineData("00:10:00", 10)]
    public void ToMoment_Duration_IsThatLongBeforeNow(string duration, double minutes)
    {
        Assert.Equal(Now - TimeSpan.FromMinutes(minutes), EngineTime.ToMoment(duration, Now));
    }

    [Fact]
    public void ToMoment_DateTimeAndTimeSpan_AreTakenAsTheyAre()
    {
        var local = new DateTime(2025, 11, 1, 8, 30, 0, DateTimeKind.Local);

        Assert.Equal(local.ToUniversalTime(), EngineTime.ToMoment(local, Now));
        Assert.Equal(DateTimeKind.Utc, EngineTime.ToMoment(local, Now).Kind);
        Assert.Equal(Now.AddDays(-2), EngineTime.ToMoment(TimeSpan.FromDays(2), Now));
        Assert.Equal(Now.AddDays(-2), EngineTime.ToMoment(new PSObject(TimeSpan.FromDays(2)), Now));
        Assert.Equal(new DateTime(2025, 11, 1, 0, 0, 0, DateTimeKind.Utc), EngineTime.ToMoment(new DateTimeOffset(2025, 11, 1, 2, 0, 0, TimeSpan.FromHours(2)), Now));
    }

    [Theory]
    [InlineData("2025-11-01T08:30:00Z")]
    [InlineData("2025-11-01T10:30:00+02:00")]
    [InlineData("1761985800")]
    public void ToMoment_Rfc3339OrUnixSeconds(string text)
    {
        Assert.Equal(new DateTime(2025, 11, 1, 8, 30, 0, DateTimeKind.Utc), EngineTime.ToMoment(text, Now));
    }

    [Fact]
    public void ToMoment_BeforeUnixTime_IsTheSameMoment()
    {
        var early = new DateTime(1969, 12, 31, 23, 59, 58, 250, DateTimeKind.Utc);

        Assert.Equal(early, EngineTime.ToMoment(early, Now));
        Assert.Equal(Now - TimeSpan.FromDays(30000), EngineTime.ToMoment(TimeSpan.FromDays(30000), Now));
    }

    [Fact]
    public void ToMoment_UnixSecondsAsANumber_KeepsTheFraction()
    {
        Assert.Equal(DateTime.UnixEpoch.AddSeconds(1761985800.5), EngineTime.ToMoment(1761985800.5, Now));
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("24x")]
    [InlineData("-1h")]
    [InlineData("99999999999999")]
    public void ToMoment_WhatNamesNoMoment_IsRefusedNamingIt(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => EngineTime.ToMoment(text, Now));

        Assert.StartsWith("invalid time '", error.Message);
    }

    [Fact]
    public void MomentFromParameter_NullIsNone_AndABadValueIsAnInvalidTimeError()
    {
        Assert.Null(EngineTime.MomentFromParameter(null, Now));
        var error = Assert.Throws<DockerPS.Errors.ErrorRecordException>(() => EngineTime.MomentFromParameter("soon", Now));

        Assert.Equal("InvalidTime", error.ErrorRecord.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.ErrorRecord.CategoryInfo.Category);
        Assert.Equal("soon", error.ErrorRecord.TargetObject);
    }

    private static readonly DateTime CreatedUtc = new(2026, 11, 28, 10, 0, 0, DateTimeKind.Utc);

    // ---- Parse: the engine's own times ----

    [Fact]
    public void Parse_KeepsTheTicksOfANanosecondTime()
    {
        var expected = CreatedUtc.AddTicks(1_234_567).ToLocalTime();

        var parsed = EngineTime.Parse("2026-11-28T10:00:00.123456789Z");

        Assert.Equal(expected, parsed);
        Assert.Equal(DateTimeKind.Local, parsed!.Value.Kind);
    }

    [Theory]
    [InlineData("2026-11-28T10:00:00Z", 0)]
    [InlineData("2026-11-28T10:00:00.5Z", 5_000_000)]
    [InlineData("2026-11-28T12:00:00.123456789+02:00", 1_234_567)]
    [InlineData("2026-11-28T05:30:00.25-04:30", 2_500_000)]
    public void Parse_HonoursOffsets(string text, long ticksAfterTen)
    {
        Assert.Equal(CreatedUtc.AddTicks(ticksAfterTen).ToLocalTime(), EngineTime.Parse(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("not a time")]
    public void Parse_NeverOrUnreadableIsNull(string? text)
    {
        Assert.Null(EngineTime.Parse(text));
    }
}
