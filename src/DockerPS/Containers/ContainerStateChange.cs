namespace DockerPS.Containers;

/// <summary>A state change that finds the container already in the wanted state is no error, as with docker stop.</summary>
internal static class ContainerStateChange
{
    /// <summary>
    /// Runs the change; the engine's refusal carrying <paramref name="alreadyThere"/> becomes a verbose note
    /// (a 409 mostly, but some engines answer unpause of a running container with a 500).
    /// </summary>
    public static Task TolerateAsync(Func<Task> change, string alreadyThere, BatchOutcome outcome, string note) =>
        TolerateAsync(change, new[] { alreadyThere }, outcome, note);

    /// <summary>As above, for a refusal the engines word differently (Docker's words, then Podman's).</summary>
    public static async Task TolerateAsync(Func<Task> change, string[] alreadyThere, BatchOutcome outcome, string note)
    {
        try
        {
            await change().ConfigureAwait(false);
        }
        catch (DockerApiException e) when ((int)DockerErrorMapper.Status(e) is 409 or 500
            && alreadyThere.Any(words => DockerErrorMapper.DaemonMessage(e).IndexOf(words, StringComparison.OrdinalIgnoreCase) >= 0))
        {
            outcome.WriteVerbose(note);
        }
    }
}
