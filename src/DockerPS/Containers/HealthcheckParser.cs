using Docker.DotNet.Models;
using DockerPS.Time;
using Version = System.Version;

namespace DockerPS.Containers;

/// <summary>
/// docker run's health options (--health-cmd, --health-interval, --health-timeout, --health-start-period,
/// --health-start-interval, --health-retries, --no-healthcheck), checked as the docker CLI and the engine check them.
/// </summary>
internal static class HealthcheckParser
{
    /// <summary>The Engine API that first takes a start interval (Docker 25).</summary>
    public static readonly Version StartIntervalApi = new(1, 44);

    // The engine refuses shorter times, but for 0, which means its default.
    private static readonly TimeSpan Shortest = TimeSpan.FromMilliseconds(1);

    /// <summary>One of the duration options, named as the cmdlet names it (HealthInterval): a TimeSpan or a duration such as 30s.</summary>
    /// <exception cref="ArgumentException">No duration, a negative one, or one shorter than the engine takes.</exception>
    public static TimeSpan Duration(string value, string option)
    {
        var duration = EngineTime.Duration(value);
        if (duration < TimeSpan.Zero)
        {
            throw new ArgumentException($"-{option} cannot be negative");
        }

        if (duration > TimeSpan.Zero && duration < Shortest)
        {
            throw new ArgumentException($"-{option} cannot be less than 1ms");
        }

        return duration;
    }

    /// <summary>
    /// The health check the options make, as the docker CLI makes it: the command run by the container's shell
    /// (CMD-SHELL), zero times and retries left to the engine's defaults, a check without a command keeping the image's
    /// own; NONE for -NoHealthcheck. Null when no option is given: the image's health check stays as it is.
    /// </summary>
    /// <exception cref="ArgumentException">-NoHealthcheck with any other health option.</exception>
    public static HealthcheckConfig? Build(string? command, TimeSpan interval, TimeSpan timeout, TimeSpan startPeriod, TimeSpan startInterval, int retries, bool disable)
    {
        var given = command is not null || new[] { interval, timeout, startPeriod, startInterval }.Any(time => time != TimeSpan.Zero) || retries != 0;
        if (disable)
        {
            return given
                ? throw new ArgumentException("-NoHealthcheck conflicts with the -Health* options (docker run: --no-healthcheck conflicts with --health-* options)")
                : new HealthcheckConfig { Test = new List<string> { "NONE" } };
        }

        static TimeSpan? Set(TimeSpan time) => time == TimeSpan.Zero ? null : time;
        return given
            ? new HealthcheckConfig
            {
                Test = command is null ? null! : new List<string> { "CMD-SHELL", command },
                Interval = Set(interval),
                Timeout = Set(timeout),
                StartPeriod = Set(startPeriod),
                StartInterval = Set(startInterval),
                Retries = retries == 0 ? null : retries,
            }
            : null;
    }

    /// <summary>Whether the health check asks for more than an engine speaking <paramref name="api"/> takes: a start interval before API 1.44.</summary>
    public static bool NeedsNewerApi(HealthcheckConfig? healthcheck, Version api) => healthcheck?.StartInterval is not null && api < StartIntervalApi;
}
