namespace DockerPS.Images;

/// <summary>
/// The Dockerfile instructions docker commit -c and docker import -c take: those that change an image's
/// configuration, not its files. STOPSIGNAL is taken by newer engines only (dockerd 20.10 refuses it in its own
/// words); SHELL, RUN, COPY, ADD, FROM, ARG and MAINTAINER by none.
/// </summary>
internal static class ImageChange
{
    private static readonly HashSet<string> Instructions = new(StringComparer.OrdinalIgnoreCase)
    {
        "CMD", "ENTRYPOINT", "ENV", "EXPOSE", "HEALTHCHECK", "LABEL", "ONBUILD", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
    };

    /// <summary>The changes as they are, when every one is such an instruction with an argument.</summary>
    /// <exception cref="ArgumentException">A change that is no such instruction, or has nothing after it.</exception>
    public static IList<string> Validate(IEnumerable<string> changes)
    {
        var result = new List<string>();
        foreach (var change in changes)
        {
            var text = change.Trim();
            var end = 0;
            while (end < text.Length && !char.IsWhiteSpace(text[end]))
            {
                end++;
            }

            var instruction = text.Substring(0, end);
            if (!Instructions.Contains(instruction))
            {
                throw new ArgumentException(
                    $"'{change}' is not a change an image takes: give one of {string.Join(", ", Instructions.OrderBy(name => name, StringComparer.Ordinal))} with its arguments, as in a Dockerfile.");
            }

            if (text.Substring(end).Trim().Length == 0)
            {
                throw new ArgumentException($"'{change}': {instruction.ToUpperInvariant()} needs an argument.");
            }

            result.Add(text);
        }

        return result;
    }
}
