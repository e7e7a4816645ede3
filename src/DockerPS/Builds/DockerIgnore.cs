using System.Text;
using System.Text.RegularExpressions;

namespace DockerPS.Builds;

/// <summary>
/// A .dockerignore file's rules, as the docker CLI applies them to a build context (moby's ignorefile and
/// patternmatcher): Go's filepath.Match syntax (* and ? stop at a slash, [classes], \ escapes) plus **, which spans
/// directories; a pattern that matches a directory matches everything in it; ! makes an exception; the last pattern
/// that matches a path decides. Paths and patterns use forward slashes and are relative to the context.
/// </summary>
internal sealed class DockerIgnore
{
    private readonly IReadOnlyList<Pattern> patterns;

    /// <param name="patterns">Patterns as <see cref="ReadPatterns"/> gives them; a leading ! makes an exception.</param>
    /// <exception cref="ArgumentException">A pattern that is no filepath.Match pattern, or a lone !.</exception>
    public DockerIgnore(IEnumerable<string> patterns)
    {
        var compiled = new List<Pattern>();
        foreach (var line in patterns)
        {
            var text = line.Trim();
            if (text.Length == 0)
            {
                continue;
            }

            text = Clean(text);
            var exception = text[0] == '!';
            if (exception)
            {
                if (text.Length == 1)
                {
                    throw new ArgumentException("illegal exclusion pattern: \"!\"");
                }

                text = text.Substring(1);
            }

            compiled.Add(new Pattern(text, exception));
        }

        this.patterns = compiled;
    }

    /// <summary>Whether any pattern is an exception (!pattern).</summary>
    public bool HasExceptions => patterns.Any(pattern => pattern.IsException);

    /// <summary>
    /// The patterns of a .dockerignore file: comment lines (# first) and blank lines dropped, each pattern trimmed,
    /// cleaned as a path and made relative (/a and a are the same); a byte order mark is dropped.
    /// </summary>
    public static IReadOnlyList<string> ReadPatterns(string text)
    {
        var result = new List<string>();
        var lines = text.TrimStart('\uFEFF').Split('\n');
        foreach (var raw in lines)
        {
            // Only a # in the first column starts a comment: the check comes before the trim.
            if (raw.StartsWith("#", StringComparison.Ordinal))
            {
                continue;
            }

            var pattern = raw.Trim();
            if (pattern.Length == 0)
            {
                continue;
            }

            var exception = pattern[0] == '!';
            if (exception)
            {
                pattern = pattern.Substring(1).Trim();
            }

            if (pattern.Length > 0)
            {
                pattern = Clean(pattern);
                if (pattern.Length > 1 && pattern[0] == '/')
                {
                    pattern = pattern.Substring(1);
                }
            }

            result.Add(exception ? "!" + pattern : pattern);
        }

        return result;
    }

    /// <summary>
    /// Whether <paramref name="path"/> is left out of the context. <paramref name="parent"/> is what its directory's
    /// own call gave back as <paramref name="matched"/> (a pattern that matched the directory matches what is in it);
    /// without it, the path's parent directories are tried against each pattern here.
    /// </summary>
    public bool Excludes(string path, IReadOnlyList<bool>? parent, out IReadOnlyList<bool> matched)
    {
        var own = new bool[patterns.Count];
        var excluded = false;
        for (var i = 0; i < patterns.Count; i++)
        {
            var pattern = patterns[i];
            var match = parent is not null && parent[i];

            // An inclusion when the path is already excluded, or an exception when it is not, changes nothing.
            if (!match && pattern.IsException == excluded)
            {
                match = pattern.Matches(path) || parent is null && ParentsOf(path).Any(pattern.Matches);
            }

            own[i] = match;
            if (match)
            {
                excluded = !pattern.IsException;
            }
        }

        matched = own;
        return excluded;
    }

    /// <summary>Whether <paramref name="path"/> is left out, its parent directories tried too.</summary>
    public bool Excludes(string path) => Excludes(path, null, out _);

    /// <summary>
    /// Whether an excluded directory must still be walked: an exception's pattern starts with it (!dir/keep keeps
    /// dir/keep). Only the literal start of the exception counts, as in the docker CLI: !*/keep does not.
    /// </summary>
    public bool MayKeepInside(string directory) =>
        patterns.Any(pattern => pattern.IsException && (pattern.Text + "/").StartsWith(directory + "/", StringComparison.Ordinal));

    /// <summary>Go's path.Clean: no empty or . elements, .. resolved where it can be, no trailing slash; "" is ".".</summary>
    internal static string Clean(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }

        var rooted = path[0] == '/';
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0 && parts[parts.Count - 1] != "..")
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                else if (!rooted)
                {
                    parts.Add(part);
                }

                continue;
            }

            parts.Add(part);
        }

        var cleaned = (rooted ? "/" : string.Empty) + string.Join("/", parts);
        return cleaned.Length == 0 ? "." : cleaned;
    }

    /// <summary>a/b/c's parents: a, a/b.</summary>
    private static IEnumerable<string> ParentsOf(string path)
    {
        for (var slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            yield return path.Substring(0, slash);
        }
    }

    /// <summary>One pattern, compiled as patternmatcher compiles it: a plain comparison where it can, else a regular expression.</summary>
    private sealed class Pattern
    {
        private readonly Kind kind;
        private readonly Regex? regex;

        public Pattern(string text, bool isException)
        {
            Validate(text);
            Text = text;
            IsException = isException;
            (kind, regex) = Compile(text);
        }

        private enum Kind
        {
            Exact,
            Prefix,
            Suffix,
            Expression,
        }

        public string Text { get; }

        public bool IsException { get; }

        public bool Matches(string path)
        {
            switch (kind)
            {
                case Kind.Exact:
                    return path == Text;
                case Kind.Prefix:
                    return path.StartsWith(Text.Substring(0, Text.Length - 2), StringComparison.Ordinal);
                case Kind.Suffix:
                    // **/foo ends paths in /foo, and is foo itself.
                    var suffix = Text.Substring(2);
                    return path.EndsWith(suffix, StringComparison.Ordinal) || suffix[0] == '/' && path == suffix.Substring(1);
                default:
                    return regex!.IsMatch(path);
            }
        }

        /// <summary>
        /// ** at the end matches anything from there on (a prefix when nothing before it was a wildcard); ** elsewhere
        /// any number of directories; ** first, a suffix when nothing after it is a wildcard; * and ? anything but a
        /// slash; \ escapes the next character; classes as they are.
        /// </summary>
        private static (Kind, Regex?) Compile(string text)
        {
            var expression = new StringBuilder("^");
            var kind = Kind.Exact;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '*' && i + 1 < text.Length && text[i + 1] == '*')
                {
                    var first = i == 0;
                    i++;
                    if (i + 1 < text.Length && text[i + 1] == '/')
                    {
                        i++;
                    }

                    if (i + 1 == text.Length)
                    {
                        if (kind == Kind.Exact)
                        {
                            kind = Kind.Prefix;
                        }
                        else
                        {
                            expression.Append(".*");
                            kind = Kind.Expression;
                        }
                    }
                    else
                    {
                        expression.Append("(.*/)?");
                        kind = Kind.Expression;
                    }

                    if (first)
                    {
                        kind = Kind.Suffix;
                    }
                }
                else if (c == '*')
                {
                    expression.Append("[^/]*");
                    kind = Kind.Expression;
                }
                else if (c == '?')
                {
                    expression.Append("[^/]");
                    kind = Kind.Expression;
                }
                else if (".+()|{}$".IndexOf(c) >= 0)
                {
                    expression.Append('\\').Append(c);
                }
                else if (c == '\\')
                {
                    if (i + 1 < text.Length)
                    {
                        expression.Append('\\').Append(text[++i]);
                        kind = Kind.Expression;
                    }
                    else
                    {
                        expression.Append("\\\\");
                    }
                }
                else if (c is '[' or ']')
                {
                    expression.Append(c);
                    kind = Kind.Expression;
                }
                else
                {
                    expression.Append(c);
                }
            }

            if (kind != Kind.Expression)
            {
                return (kind, null);
            }

            try
            {
                return (kind, new Regex(expression.Append("\\z").ToString(), RegexOptions.CultureInvariant));
            }
            catch (ArgumentException)
            {
                throw BadPattern(text);
            }
        }

        /// <summary>Go's filepath.Match syntax: an escape needs a character after it; a class must close, and be no empty range.</summary>
        private static void Validate(string text)
        {
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '\\')
                {
                    if (++i == text.Length)
                    {
                        throw BadPattern(text);
                    }
                }
                else if (text[i] == '[')
                {
                    i = ClassEnd(text, i + 1);
                }
            }
        }

        /// <summary>The index of the ] that closes the class starting at <paramref name="i"/>, or a bad pattern.</summary>
        private static int ClassEnd(string text, int i)
        {
            if (i < text.Length && text[i] == '^')
            {
                i++;
            }

            for (var ranges = 0; ; ranges++)
            {
                if (i < text.Length && text[i] == ']' && ranges > 0)
                {
                    return i;
                }

                i = Escaped(text, i);
                if (text[i] == '-')
                {
                    i = Escaped(text, i + 1);
                }
            }
        }

        /// <summary>Past one character of a class (or its escape); there must be more pattern after it.</summary>
        private static int Escaped(string text, int i)
        {
            if (i >= text.Length || text[i] is '-' or ']')
            {
                throw BadPattern(text);
            }

            if (text[i] == '\\' && ++i >= text.Length)
            {
                throw BadPattern(text);
            }

            i += char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : 1;
            return i < text.Length ? i : throw BadPattern(text);
        }

        private static ArgumentException BadPattern(string text) => new($"syntax error in pattern: {text}");
    }
}
