using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Docker.DotNet.Models;
using DockerPS.Lookup;
using DockerPS.Mapping;

namespace DockerPS.Services;

/// <summary>
/// Whether a Swarm service has converged: every task it should have runs the service's current spec, and no rolling
/// update is under way. What the docker CLI shows as a spinner, read as the CLI reads it: the service and its tasks,
/// asked again until they agree.
/// </summary>
internal static class ServiceConvergence
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    // Update states that end only when someone acts: the wait would never end by itself.
    private static readonly string[] PausedStates = { "paused", "rollback_paused" };

    // Update states the updater is still working in.
    private static readonly string[] UpdatingStates = { "updating", "rollback_started" };

    /// <summary>
    /// Waits until the service has converged and the same tasks have stayed running for <paramref name="stableFor"/>
    /// (a task that starts and fails at once is seen running for a moment), and returns it read again. Each task of
    /// the current spec that fails or is rejected is told to <paramref name="taskFailed"/> once, with its error;
    /// <paramref name="progress"/> hears what is still missing after each look, for the timeout's message.
    /// </summary>
    /// <exception cref="InvalidOperationException">The rolling update is paused (it failed, and waits for a person).</exception>
    public static async Task<DockerService> WaitAsync(DockerEngine engine, string reference, TimeSpan stableFor, Action<DockerServiceTask> taskFailed, Action<string> progress, CancellationToken cancellation)
    {
        var reported = new HashSet<string>(StringComparer.Ordinal);

        // Measured on this machine's clock from the first look that saw these tasks converged: the engine's may differ.
        var stable = new StableTasks();
        while (true)
        {
            var (raw, service) = await ServiceLookup.ReadAsync(engine, reference, cancellation).ConfigureAwait(false);
            if (PausedStates.Contains(service.UpdateState))
            {
                throw new InvalidOperationException($"The update of service {service.Name} is {service.UpdateState}: {service.UpdateMessage}");
            }

            var tasks = await engine.Client.Tasks.ListAsync(
                new TasksListParameters { Filters = new EngineFilters().Add("service", raw.ID).ToParameter()! },
                cancellation).ConfigureAwait(false);
            var state = Assess(raw, service, tasks.Where(task => task.ServiceID == raw.ID).ToList());
            foreach (var failed in state.Failed.Where(task => reported.Add(task.ID)))
            {
                taskFailed(ServiceMapper.ToTask(failed, engine.Endpoint, service.Name, null, service.Mode == ServiceMapper.Global));
            }

            if (state.Missing is not null)
            {
                stable.Reset();
            }

            var missing = state.Missing ?? stable.Missing(state.Running, stableFor);
            if (missing is null)
            {
                return service;
            }

            progress(missing);
            await Task.Delay(PollInterval, cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// What is still missing for the service to have converged (null when nothing is), the tasks of its current spec
    /// that failed or were rejected, and the ids of those running it.
    /// </summary>
    public static (string? Missing, IReadOnlyList<TaskResponse> Failed, IReadOnlyCollection<string> Running) Assess(SwarmService raw, DockerService service, IReadOnlyList<TaskResponse> tasks)
    {
        var template = Comparable(raw.Spec?.TaskTemplate);
        var current = new HashSet<TaskResponse>(tasks.Where(task => Comparable(task.Spec) == template));
        bool Current(TaskResponse task) => current.Contains(task);
        var active = tasks.Where(task => task.DesiredState == TaskState.Running).ToList();
        var runningIds = active.Where(task => task.Status?.State == TaskState.Running && Current(task)).Select(task => task.ID!).ToList();
        var running = runningIds.Count;
        var outdated = active.Count(task => !Current(task));
        var stopping = tasks.Count(task => task.DesiredState != TaskState.Running && task.Status?.State == TaskState.Running);
        var failed = tasks.Where(task => task.Status?.State is TaskState.Failed or TaskState.Rejected && Current(task)).ToList();

        // A global service should run on as many nodes as the engine counts eligible; before Engine API 1.41 it does
        // not count, and the nodes its tasks were given are the best guess.
        var desired = service.Mode == ServiceMapper.Global
            ? service.DesiredTasks ?? (ulong)active.Select(task => task.NodeID).Distinct(StringComparer.Ordinal).Count()
            : service.Replicas ?? 0;
        var missing = new List<string>();
        if ((ulong)running != desired || active.Count != running)
        {
            missing.Add($"{running}/{desired} tasks running at the current spec");
        }

        if (outdated > 0)
        {
            missing.Add($"{outdated} task(s) still at the previous spec");
        }

        if (stopping > 0)
        {
            missing.Add($"{stopping} task(s) still stopping");
        }

        if (UpdatingStates.Contains(service.UpdateState))
        {
            missing.Add($"the update is {service.UpdateState}");
        }

        if (missing.Count > 0 && failed.OrderByDescending(task => task.Status?.Timestamp).FirstOrDefault() is { } last)
        {
            missing.Add($"last task error: {last.Status?.Err ?? last.Status?.Message}");
        }

        return (missing.Count == 0 ? null : string.Join("; ", missing), failed, runningIds);
    }

    /// <summary>The converged tasks seen running since when; other tasks (one replaced) start the time again.</summary>
    private sealed class StableTasks
    {
        private readonly Stopwatch since = new();
        private HashSet<string> tasks = new(StringComparer.Ordinal);

        /// <summary>What is missing for these running tasks to count as stable; null once they have run long enough.</summary>
        public string? Missing(IReadOnlyCollection<string> running, TimeSpan stableFor)
        {
            if (!since.IsRunning || !tasks.SetEquals(running))
            {
                tasks = new HashSet<string>(running, StringComparer.Ordinal);
                since.Restart();
            }

            return since.Elapsed >= stableFor
                ? null
                : $"the tasks run, but not yet for {stableFor.TotalSeconds.ToString(CultureInfo.InvariantCulture)} seconds (-StableFor)";
        }

        public void Reset() => since.Reset();
    }

    /// <summary>
    /// What of a task's spec says which service spec it was made from: its container (the image, command, environment,
    /// mounts …) and the forced-update counter. The engine answers the service's spec with its defaults filled in (a stop
    /// grace period, DNS settings) and a task's without, so those are left out of the comparison.
    /// </summary>
    private static string Comparable(TaskSpec? spec)
    {
        if (spec?.ContainerSpec is not { } container)
        {
            return string.Empty;
        }

        var copy = JsonSerializer.Deserialize<ContainerSpec>(JsonSerializer.Serialize(container))!;
        copy.StopGracePeriod = null;
        copy.DNSConfig = null!;
        return JsonSerializer.Serialize(copy) + "#" + spec.ForceUpdate.ToString(CultureInfo.InvariantCulture);
    }
}
