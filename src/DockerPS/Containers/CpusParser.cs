using System.Globalization;

namespace DockerPS.Containers;

/// <summary>Turns -Cpus (a number of CPUs, such as 1.5) into HostConfig.NanoCPUs, as docker run --cpus does.</summary>
internal static class CpusParser
{
    private const double NanoPerCpu = 1e9;

    public static long ToNanoCpus(double cpus)
    {
        var text = cpus.ToString("R", CultureInfo.InvariantCulture);
        if (double.IsNaN(cpus) || double.IsInfinity(cpus))
        {
            throw new ArgumentException($"invalid CPUs: {text}: not a number of CPUs");
        }

        if (cpus <= 0)
        {
            throw new ArgumentException($"invalid CPUs: {text}: the number of CPUs must be greater than 0");
        }

        // A double cannot say how many decimals were typed, so the value goes to the nearest billionth of a CPU;
        // the CLI refuses anything finer as "value is too precise", and so is anything that rounds to nothing here.
        var nano = Math.Round(cpus * NanoPerCpu, MidpointRounding.AwayFromZero);
        if (nano < 1)
        {
            throw new ArgumentException($"invalid CPUs: {text}: value is too precise (the smallest is 0.000000001)");
        }

        if (nano >= long.MaxValue)
        {
            throw new ArgumentException($"invalid CPUs: {text}: too large");
        }

        return (long)nano;
    }
}
