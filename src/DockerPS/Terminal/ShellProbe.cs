using Docker.DotNet.Models;
using DockerPS.Streams;

namespace DockerPS.Terminal;

/// <summary>Finds the shell an interactive session starts: bash if the container has it, else sh.</summary>
internal static class ShellProbe
{
    // Prints the first shell the container has; run without a terminal, before the session.
    private static readonly string[] Probe = { "sh", "-c", "command -v bash || command -v sh" };

    /// <summary>The shell's path (or a busybox applet's bare name), or null when the container has neither.</summary>
    public static async Task<string?> FindAsync(DockerEngine engine, string container, CancellationToken cancellation)
    {
        var probe = await engine.Client.Exec.CreateContainerExecAsync(
            container,
            new ContainerExecCreateParameters { Cmd = Probe, AttachStdout = true, AttachStderr = true },
            cancellation).ConfigureAwait(false);
        string output;
        using (var stream = await engine.Client.Exec.StartContainerExecAsync(probe.ID, new ContainerExecStartParameters(), cancellation).ConfigureAwait(false))
        {
            (output, _) = await stream.ReadOutputToEndAsync(cancellation).ConfigureAwait(false);
        }

        // Without sh the probe itself fails (exit code 126 or 127), and what it printed is the engine's complaint.
        var shell = output.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.Length > 0);
        return await ExecSession.ExitCodeAsync(engine, probe.ID, AttachedTerminal.ExitGrace, cancellation).ConfigureAwait(false) == 0 ? shell : null;
    }
}
