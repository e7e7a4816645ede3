using DockerPS.Lookup;

namespace DockerPS.Cmdlets;

/// <summary>
/// A Get- cmdlet that looks names up on one engine or several (-Context a,b): each engine answers with what it has;
/// a name is missing only when no engine that answered has it; output spanning engines gets a CONTEXT column.
/// Contexts from the pipeline stand for everything on their engines.
/// </summary>
public abstract class DockerLookupCmdlet : DockerEngineCmdlet
{
    private readonly List<DockerEndpoint> pipedEngines = new();
    private Action? lookupOfPipedEngines;

    /// <summary>
    /// Asks every engine about the names (all objects when there are none), reports missing and ambiguous names,
    /// and writes what was found, after <paramref name="complete"/> when given (such as -Detailed's inspect).
    /// Names that came from the pipeline with an engine of their own are asked of that engine. A name one engine
    /// lacks is reported as soon as it answers; across several, once all have and none has it.
    /// </summary>
    private protected void RunLookup<T>(
        IReadOnlyList<DockerObjectIdentity>? names,
        DockerObjectKind kind,
        Func<DockerEngine, IReadOnlyList<string>, EngineAnswer<T>, CancellationToken, Task> ask,
        Func<DockerEngine, IReadOnlyList<T>, CancellationToken, Task<List<T>>>? complete = null)
        where T : notnull
    {
        // Contexts from the pipeline (Get-DockerContext prod-* | Get-DockerContainer) stand for everything on their
        // engines; they are gathered and asked together at the end, so the engines answer at once.
        var contexts = ListsWholeEngines ? names?.Where(identity => identity.ContextEngine is not null).ToList() : null;
        if (contexts is { Count: > 0 })
        {
            foreach (var engine in contexts.Select(identity => identity.ContextEngine!).Where(engine => !pipedEngines.Contains(engine)))
            {
                pipedEngines.Add(engine);
            }

            lookupOfPipedEngines ??= () => Lookup(new[] { ((IReadOnlyList<string>)Array.Empty<string>(), (IReadOnlyList<DockerEndpoint>)pipedEngines) }, kind, ask, complete);
        }

        var accepted = Accepted(names?.Except(contexts ?? Enumerable.Empty<DockerObjectIdentity>()) ?? Array.Empty<DockerObjectIdentity>()).ToList();
        if (names is { Count: > 0 } && accepted.Count == 0)
        {
            return;
        }

        // Typed names share the engine options; piped objects bring their engines. Every engine is resolved here,
        // on the pipeline thread, and all are asked at once.
        var groups = accepted.Count == 0
            ? new[] { Group(null, Array.Empty<string>()) }
            : accepted.GroupBy(identity => identity.Endpoint).Select(group => Group(group.First(), group.Select(identity => identity.Reference).ToList())).ToArray();
        Lookup(groups, kind, ask, complete);
    }

    /// <summary>
    /// Whether the cmdlet lists what an engine has when given no names, so a context from the pipeline means "on this
    /// engine"; the others, which need names, refuse a context.
    /// </summary>
    private protected virtual bool ListsWholeEngines => false;

    /// <summary>Lists everything on the engines of the contexts that came down the pipeline.</summary>
    protected override void EndProcessing() => lookupOfPipedEngines?.Invoke();

    private void Lookup<T>(
        IReadOnlyList<(IReadOnlyList<string> Names, IReadOnlyList<DockerEndpoint> Endpoints)> groups,
        DockerObjectKind kind,
        Func<DockerEngine, IReadOnlyList<string>, EngineAnswer<T>, CancellationToken, Task> ask,
        Func<DockerEngine, IReadOnlyList<T>, CancellationToken, Task<List<T>>>? complete)
        where T : notnull
    {
        RunAsync(async cancellation =>
        {
            var asked = groups
                .Select(async group => (Group: group, Answers: await ForEachEngineAsync(group.Endpoints, (engine, token) => AskAsync(engine, group, token), cancellation).ConfigureAwait(false)))
                .ToList();
            foreach (var answered in asked)
            {
                var (group, answers) = await answered.ConfigureAwait(false);
                foreach (var name in group.Names.Where(name => group.Endpoints.Count > 1 && answers.Count > 0 && answers.All(answer => answer.Result.Missing.Contains(name))))
                {
                    EmitError(DockerErrors.NotFound(kind, name));
                }

                foreach (var (engine, answer) in answers)
                {
                    foreach (var (name, reason) in answer.Ambiguous)
                    {
                        EmitError(DockerErrors.Ambiguous(kind, name, reason));
                    }

                    var found = complete is null ? answer.Found : await complete(engine, answer.Found, cancellation).ConfigureAwait(false);
                    foreach (var value in found)
                    {
                        Emit(WithEngineColumn(value, group.Endpoints.Count > 1));
                    }
                }
            }
        });

        async Task<EngineAnswer<T>> AskAsync(DockerEngine engine, (IReadOnlyList<string> Names, IReadOnlyList<DockerEndpoint> Endpoints) group, CancellationToken token)
        {
            var answer = new EngineAnswer<T>(group.Endpoints.Count == 1 ? name => EmitError(DockerErrors.NotFound(kind, name)) : null);
            await ask(engine, group.Names, answer, token).ConfigureAwait(false);
            return answer;
        }
    }

    private (IReadOnlyList<string> Names, IReadOnlyList<DockerEndpoint> Endpoints) Group(DockerObjectIdentity? item, IReadOnlyList<string> names) =>
        (names, EndpointsFor(item));
}
