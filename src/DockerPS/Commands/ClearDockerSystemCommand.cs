using DockerPS.Cleanup;
using DockerPS.Lookup;
using DockerPS.Time;

namespace DockerPS.Commands;

/// <summary>
/// docker system prune: removes the stopped containers, then the networks, volumes (-Volumes), images and build cache
/// (-BuildCache) nothing left uses, on one engine or several. Everything is gathered first and asked about object by
/// object (-WhatIf lists each with its size, and the total); then exactly what was confirmed is removed, by id, never
/// forced. Writes one DockerCleanupResult per engine.
/// </summary>
[Cmdlet(VerbsCommon.Clear, "DockerSystem", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(DockerCleanupResult))]
public sealed class ClearDockerSystemCommand : DockerEngineCmdlet
{
    private CleanupRules rules = new(false, false, false, null, LabelFilter.Parse(null));

    /// <summary>Every image no remaining container uses, not only dangling ones; with -BuildCache, all unused build cache (docker system prune -a).</summary>
    [Parameter]
    public SwitchParameter All { get; set; }

    /// <summary>Volumes no remaining container uses too: anonymous ones only from Engine API 1.42, as the engine decides (--volumes).</summary>
    [Parameter]
    public SwitchParameter Volumes { get; set; }

    /// <summary>The build cache too: the records no build holds, each removed by id.</summary>
    [Parameter]
    public SwitchParameter BuildCache { get; set; }

    /// <summary>Only objects created before then: a DateTime, or a duration ago (24h, 1h30m, a TimeSpan), as prune's until filter takes it.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? CreatedBefore { get; set; }

    /// <summary>Only objects with these labels: key, key=value; without them: key!=value, !key (prune's label and label!=).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Label { get; set; }

    /// <summary>Remove without asking for confirmation (docker system prune -f); nothing is forced.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void BeginProcessing() =>
        rules = new CleanupRules(All, Volumes, BuildCache, EngineTime.MomentFromParameter(CreatedBefore, DateTime.UtcNow), LabelFilter.FromParameter(Label));

    protected override void ProcessRecord()
    {
        var endpoints = EndpointsFor(null);
        var plans = new List<CleanupPlan>();
        RunAsync(async cancellation =>
            plans.AddRange((await ForEachEngineAsync(endpoints, (engine, token) => SystemCleanup.GatherAsync(engine, rules, token), cancellation).ConfigureAwait(false))
                .Select(answer => answer.Result)));

        // Asked on the pipeline thread, object by object: -WhatIf names each, -Confirm offers Yes to All.
        var confirmed = plans.Select(plan => (Plan: plan, Confirmed: Confirm(plan))).ToList();
        if (WhatIfInEffect())
        {
            return;
        }

        RunAsync(async cancellation =>
        {
            var report = new CleanupReport(EmitError, EmitWarning, EmitVerbose);
            var results = await Task.WhenAll(confirmed.Select(each => RemoveAsync(each.Plan, each.Confirmed, report, endpoints.Count > 1, cancellation))).ConfigureAwait(false);
            foreach (var result in results.OfType<DockerCleanupResult>())
            {
                Emit(WithEngineColumn(result, endpoints.Count > 1));
            }
        });
    }

    /// <summary>The candidates confirmed; under -WhatIf none are, and the engine's total is said after them.</summary>
    private ISet<CleanupCandidate> Confirm(CleanupPlan plan)
    {
        var confirmed = new HashSet<CleanupCandidate>(plan.Candidates.Where(candidate => ShouldProcessUnlessForced(Force, candidate.Target, candidate.Action)));
        if (WhatIfInEffect())
        {
            ShouldProcess(plan.Engine.Endpoint.ToString(), plan.Summary);
        }

        return confirmed;
    }

    /// <summary>One engine's removal; with several, an engine lost on the way is that engine's error and the others go on.</summary>
    private async Task<DockerCleanupResult?> RemoveAsync(CleanupPlan plan, ISet<CleanupCandidate> confirmed, CleanupReport report, bool severalEngines, CancellationToken cancellation)
    {
        try
        {
            return await SystemCleanup.RemoveAsync(plan, confirmed, report, cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellation.IsCancellationRequested && EngineConnectionLostException.Describes(e))
        {
            var lost = new EngineConnectionLostException(plan.Engine.Endpoint, e);
            if (!severalEngines)
            {
                throw lost;
            }

            EmitError(lost, null, plan.Engine.Endpoint.ToString());
            return null;
        }
    }
}
