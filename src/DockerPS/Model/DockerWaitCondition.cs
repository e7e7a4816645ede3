namespace DockerPS;

/// <summary>What Wait-DockerContainer waits for.</summary>
public enum DockerWaitCondition
{
    /// <summary>The container is not running: it has exited, or was never started (docker wait).</summary>
    NotRunning,

    /// <summary>The container's next exit, even when it is not running now (the engine's next-exit condition).</summary>
    NextExit,

    /// <summary>The container is removed (the engine's removed condition).</summary>
    Removed,

    /// <summary>The container's health check reports healthy.</summary>
    Healthy,

    /// <summary>The container is running.</summary>
    Running,
}
