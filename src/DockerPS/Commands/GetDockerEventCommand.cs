using System.Collections;
using DockerPS.Completion;
using DockerPS.Events;
using DockerPS.Time;

namespace DockerPS.Commands;

/// <summary>
/// docker events: what engines did, as objects; up to now, or with -Follow as it happens, several engines' events
/// merged as they come.
/// </summary>
[Cmdlet(VerbsCommon.Get, "DockerEvent")]
[OutputType(typeof(DockerEvent))]
public sealed class GetDockerEventCommand : DockerEngineWideCmdlet
{
    private EventQuery? query;

    /// <summary>Only events since then: a DateTime, a TimeSpan or duration (10m, 1h30m) ago, an RFC 3339 time, or Unix seconds.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? Since { get; set; }

    /// <summary>Only events before then, in the forms -Since takes; without -Follow, now when not given.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? Until { get; set; }

    /// <summary>Only events about these kinds of objects: container, image, volume, network, daemon, plugin, node, service, secret, config.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(EventTypeCompleter))]
    public string[]? Type { get; set; }

    /// <summary>Only these actions: start, die, destroy, pull …</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(EventActionCompleter))]
    public string[]? Action { get; set; }

    /// <summary>Engine filters passed as they are: @{ label = 'tier=web'; container = 'web' }.</summary>
    [Parameter]
    public Hashtable? Filter { get; set; }

    /// <summary>Keep writing events as they happen, until Ctrl+C or -Until (docker events without --until).</summary>
    [Parameter]
    public SwitchParameter Follow { get; set; }

    protected override void BeginProcessing()
    {
        var now = DateTime.UtcNow;
        var since = EngineTime.MomentFromParameter(Since, now);

        // Without -Follow the events end now, as docker events --until now; the engine would otherwise wait for more.
        var until = EngineTime.MomentFromParameter(Until, now) ?? (Follow ? null : now);
        var types = Validated("InvalidEventType", Type, () => EventCatalog.ParseTypes(Type ?? Array.Empty<string>()));
        var actions = (Action ?? Array.Empty<string>()).Select(action => action.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
        query = Validated("InvalidFilter", Filter, () => new EventQuery(since, until, types, actions, Filter));
    }

    private protected override void AskEngines(IReadOnlyList<DockerEndpoint> endpoints)
    {
        var severalEngines = endpoints.Count > 1;
        RunAsync(cancellation => ForEachEngineAsync(
            endpoints,
            (engine, token) => EventStream.ReadAsync(engine, query!, batch => OnPipelineThread(() => WriteEach(batch, severalEngines)), token),
            cancellation));
    }

    private void WriteEach(IReadOnlyList<DockerEvent> batch, bool severalEngines)
    {
        foreach (var found in batch)
        {
            WriteObject(WithEngineColumn(found, severalEngines));
        }
    }
}
