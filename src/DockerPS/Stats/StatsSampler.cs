using Docker.DotNet.Models;
using DockerPS.Internal;
using DockerPS.Mapping;

namespace DockerPS.Stats;

/// <summary>
/// Reads containers' resource use from an engine: one row each, the containers read at once (docker stats
/// --no-stream), or a row each time the engine has a new reading (docker stats).
/// </summary>
internal static class StatsSampler
{
    /// <summary>
    /// How many containers are read at once, each on a connection of its own: dockerd takes a second or two over each
    /// reading, so a host's containers are best read together, but thousands would be as many sockets.
    /// </summary>
    private const int Concurrency = 256;

    /// <summary>
    /// How long to wait for the second of two readings when the engine gives no previous CPU figures with its answer
    /// (Podman): the interval at which dockerd takes the readings it compares.
    /// </summary>
    private static readonly TimeSpan SecondReadingDelay = TimeSpan.FromSeconds(1);

    /// <summary>
    /// One row per container, in the order given, the containers read at once. A container removed in the meantime is
    /// left out; another refusal is that container's error, given to <paramref name="refused"/>.
    /// </summary>
    public static async Task<List<DockerContainerStats>> SampleAsync(
        DockerEngine engine,
        IReadOnlyList<DockerContainer> containers,
        Action<ErrorRecord> refused,
        CancellationToken cancellation)
    {
        using var slots = new SemaphoreSlim(Concurrency);
        var rows = await Task.WhenAll(containers.Select(async container =>
        {
            await slots.WaitAsync(cancellation).ConfigureAwait(false);
            try
            {
                return await SampleOneAsync(engine, container, cancellation).ConfigureAwait(false);
            }
            catch (DockerContainerNotFoundException)
            {
                return null;
            }
            catch (DockerApiException e)
            {
                refused(DockerErrors.Refusal(DockerObjectKind.Container, e, container.Name));
                return null;
            }
            finally
            {
                slots.Release();
            }
        })).ConfigureAwait(false);
        return rows.OfType<DockerContainerStats>().ToList();
    }

    /// <summary>
    /// A row each time the engine has a new reading of the container, until cancelled or the container's readings end.
    /// A reading without anything to compare its CPU figures with (dockerd's first) only starts the comparison. A
    /// container that is not running ends the readings, unless <paramref name="keepStopped"/>, when it gives rows of
    /// zeros as docker stats -a shows it; Podman ends them itself when the container stops.
    /// </summary>
    public static async Task FollowAsync(
        DockerEngine engine,
        DockerContainer container,
        bool keepStopped,
        Action<DockerContainerStats> emit,
        CancellationToken cancellation)
    {
        using var stopped = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        ContainerStatsResponse? earlier = null;
        var readings = engine.Client.Containers.GetContainerStatsAsync(
            container.Id,
            new ContainerStatsParameters { Stream = true },
            new SynchronousProgress<ContainerStatsResponse>(reading =>
            {
                if (!StatsCalculator.HasCpu(reading.CPUStats))
                {
                    if (keepStopped)
                    {
                        emit(ModelMapper.ToContainerStats(container, reading, null));
                    }
                    else
                    {
                        stopped.Cancel();
                    }

                    return;
                }

                var baseline = StatsCalculator.Baseline(reading, earlier);
                earlier = reading;
                if (baseline is not null)
                {
                    emit(ModelMapper.ToContainerStats(container, reading, baseline));
                }
            }),
            stopped.Token);
        try
        {
            await readings.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopped.IsCancellationRequested && !cancellation.IsCancellationRequested)
        {
            return;
        }

        // The engine ended the readings: Podman does when the container stops or goes. An engine that went away
        // instead cannot answer this, and that failure is the lost connection.
        try
        {
            await engine.Client.Containers.InspectContainerAsync(container.Id, cancellation).ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException)
        {
            // Removed while it was read.
        }
    }

    /// <summary>
    /// The container's reading compared with the engine's previous one; when the engine gives none with it (Podman), with a
    /// second reading a moment later. A container that is not running gives a row of zeros.
    /// </summary>
    private static async Task<DockerContainerStats> SampleOneAsync(DockerEngine engine, DockerContainer container, CancellationToken cancellation)
    {
        var first = await ReadOnceAsync(engine, container.Id, cancellation).ConfigureAwait(false);
        if (first is null || !StatsCalculator.HasCpu(first.CPUStats))
        {
            return ModelMapper.ToContainerStats(container, first, null);
        }

        if (StatsCalculator.Baseline(first, null) is { } baseline)
        {
            return ModelMapper.ToContainerStats(container, first, baseline);
        }

        await Task.Delay(SecondReadingDelay, cancellation).ConfigureAwait(false);
        var second = await ReadOnceAsync(engine, container.Id, cancellation).ConfigureAwait(false);
        return second is null || !StatsCalculator.HasCpu(second.CPUStats)
            ? ModelMapper.ToContainerStats(container, second, null)
            : ModelMapper.ToContainerStats(container, second, StatsCalculator.Baseline(second, first));
    }

    /// <summary>
    /// One reading, as docker stats --no-stream asks for it (stream=false: dockerd waits for a second reading to give the
    /// first as the previous one); null when the engine answers with none, as Podman does for a container not running.
    /// </summary>
    private static async Task<ContainerStatsResponse?> ReadOnceAsync(DockerEngine engine, string id, CancellationToken cancellation)
    {
        ContainerStatsResponse? reading = null;
        await engine.Client.Containers.GetContainerStatsAsync(
            id,
            new ContainerStatsParameters { Stream = false },
            new SynchronousProgress<ContainerStatsResponse>(answer => reading ??= answer),
            cancellation).ConfigureAwait(false);
        return reading;
    }
}
