using System.Management.Automation.Host;

namespace DockerPS.Terminal;

/// <summary>What an interactive session in a container needs before it reaches the engine: this terminal, and the keys that leave it.</summary>
internal static class InteractiveTerminal
{
    /// <summary>
    /// The keys (given, else the docker CLI's config.json, else Ctrl+P Ctrl+Q) and the terminal; refused with an
    /// ErrorRecordException when the keys cannot be read or there is no terminal to give the container, as
    /// docker run -it refuses.
    /// </summary>
    public static (LocalTerminal Terminal, DetachKeySequence DetachKeys) Open(PSHost host, string[]? detachKeys, object? target)
    {
        DetachKeySequence keys;
        try
        {
            keys = DetachKeySequence.Resolve(detachKeys, DockerCliEnvironment.Current);
        }
        catch (ArgumentException e)
        {
            throw new ErrorRecordException(new ErrorRecord(e, "InvalidDetachKeys", ErrorCategory.InvalidArgument, detachKeys is null ? null : string.Join(",", detachKeys)));
        }

        return (LocalTerminal.Open(host, target), keys);
    }
}
