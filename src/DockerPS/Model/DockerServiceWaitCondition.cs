namespace DockerPS;

/// <summary>What Wait-DockerService waits for.</summary>
public enum DockerServiceWaitCondition
{
    /// <summary>
    /// Every task the service should have is running at the service's current spec (a replicated service's replicas,
    /// a global service's one task per eligible node), and no rolling update is under way.
    /// </summary>
    Converged,
}
