using System.Collections;

namespace DockerPS.Completion;

/// <summary>
/// Engine look-ups for tab completion: bounded in time and silent on failure, because a completer that
/// hangs or throws breaks the user's typing.
/// </summary>
internal static class CompletionQuery
{
    // Long enough for an engine over ssh, whose first connection starts an ssh client (a second or more on a loaded
    // machine); short enough that a hung engine does not hold the prompt for long.
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(3);

    /// <summary>The endpoint the command being completed would use, from its -HostAddress/-Context.</summary>
    public static DockerEndpoint? EndpointFor(IDictionary fakeBoundParameters)
    {
        try
        {
            var context = fakeBoundParameters["Context"] switch
            {
                string one => one,
                object[] several when several.Length > 0 => several[0]?.ToString(),
                _ => null,
            };
            return DockerEndpointResolver.ForSession().Resolve(fakeBoundParameters["HostAddress"] as string, context);
        }
        catch (DockerEndpointException)
        {
            return null;
        }
    }

    /// <summary>Runs a query against the engine; an empty list when it fails or takes longer than its budget.</summary>
    public static IReadOnlyList<T> Run<T>(IDictionary fakeBoundParameters, Func<DockerEngine, CancellationToken, Task<IEnumerable<T>>> query)
    {
        if (EndpointFor(fakeBoundParameters) is not { } endpoint)
        {
            return Array.Empty<T>();
        }

        using var budget = new CancellationTokenSource(Budget);
        var work = Task.Run(async () =>
        {
            var engine = await DockerEngines.GetAsync(endpoint, budget.Token).ConfigureAwait(false);
            return (await query(engine, budget.Token).ConfigureAwait(false)).ToList();
        });
        try
        {
            // Completion is synchronous by nature; the wait is bounded by the budget.
            return work.Wait(Budget) ? work.GetAwaiter().GetResult() : Array.Empty<T>();
        }
        catch (Exception)
        {
            return Array.Empty<T>();
        }
    }

    /// <summary>Completion results for the candidates that start with what was typed, quoted when needed.</summary>
    public static IEnumerable<CompletionResult> Matching(IEnumerable<string> candidates, string wordToComplete, Func<string, string>? tooltip = null)
    {
        var typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
        var pattern = WildcardPattern.Get(typed + "*", WildcardOptions.IgnoreCase);
        return candidates
            .Where(candidate => pattern.IsMatch(candidate))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(candidate => candidate, StringComparer.OrdinalIgnoreCase)
            .Select(candidate => new CompletionResult(
                Quote(candidate),
                candidate,
                CompletionResultType.ParameterValue,
                tooltip?.Invoke(candidate) ?? candidate));
    }

    private static string Quote(string value) =>
        value.IndexOfAny(new[] { ' ', '$', '`', '\'', '"', '(', ')', '{', '}', ',', ';', '@', '#', '&', '|' }) >= 0
            ? "'" + value.Replace("'", "''") + "'"
            : value;
}
