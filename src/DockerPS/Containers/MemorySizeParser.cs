using System.Globalization;
using System.Text.RegularExpressions;

namespace DockerPS.Containers;

/// <summary>
/// Reads sizes such as 512m, 1.5GB or 1048576 as the docker CLI's RAMInBytes (go-units) does: binary units
/// (k = 1024), case-insensitive, an optional b or ib after the unit, fractions truncated to whole bytes.
/// </summary>
internal static class MemorySizeParser
{
    // strconv.ParseFloat's decimal form; Go also takes hex floats, inf and nan, none of which is a size.
    private static readonly char[] NumberCharacters = "0123456789.".ToCharArray();

    private static readonly Regex DecimalNumber = new(@"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant);

    public static long Parse(string size)
    {
        string number;
        string suffix;
        var space = size.IndexOf(' ');
        if (space >= 0)
        {
            number = size.Substring(0, space);
            suffix = size.Substring(space + 1);
        }
        else
        {
            // The number runs up to the last digit or point; whatever follows is the unit.
            var end = size.LastIndexOfAny(NumberCharacters);
            if (end < 0)
            {
                throw Invalid(size);
            }

            number = size.Substring(0, end + 1);
            suffix = size.Substring(end + 1);
        }

        if (!DecimalNumber.IsMatch(number))
        {
            throw Invalid(size);
        }

        var value = double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (value < 0)
        {
            throw Invalid(size);
        }

        value *= Multiplier(size, suffix.ToLowerInvariant());

        // Go would wrap a size past long.MaxValue around; nothing that large is a memory size.
        if (value >= 9.2233720368547758E18)
        {
            throw new ArgumentException($"invalid size: '{size}': too large");
        }

        return (long)value;
    }

    private static double Multiplier(string size, string suffix)
    {
        if (suffix.Length == 0 || suffix == "b")
        {
            return 1;
        }

        var unit = suffix.Length <= 3 ? suffix[0] switch
        {
            'k' => 1024d,
            'm' => 1024d * 1024,
            'g' => 1024d * 1024 * 1024,
            't' => 1024d * 1024 * 1024 * 1024,
            'p' => 1024d * 1024 * 1024 * 1024 * 1024,
            _ => 0,
        } : 0;

        // After the unit only b or ib may follow: 1k, 1kb, 1kib.
        if (unit == 0 || suffix.Substring(1) is not ("" or "b" or "ib"))
        {
            throw new ArgumentException($"invalid size: '{size}': invalid suffix: '{suffix}'");
        }

        return unit;
    }

    private static ArgumentException Invalid(string size) => new($"invalid size: '{size}'");
}
