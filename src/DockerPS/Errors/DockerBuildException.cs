namespace DockerPS.Errors;

/// <summary>
/// A build that stopped: a step whose command ended with a non-zero exit code, a step the engine could not carry out
/// (a COPY of a file the context lacks), or a Dockerfile the engine refused before the first step. The error
/// record's id is BuildFailed; its category is InvalidResult when a command failed, InvalidData otherwise.
/// </summary>
public sealed class DockerBuildException : Exception
{
    internal DockerBuildException(string message, int? step, int? stepCount, string? instruction, IReadOnlyList<string> output, long? exitCode, Exception? inner = null)
        : base(Describe(message, step, stepCount, instruction), inner)
    {
        EngineMessage = message;
        Step = step;
        StepCount = stepCount;
        Instruction = instruction;
        Output = output;
        ExitCode = exitCode;
    }

    /// <summary>What the engine said: "The command '/bin/sh -c false' returned a non-zero code: 1".</summary>
    public string EngineMessage { get; }

    /// <summary>The step that failed, counting from 1; null when the build failed before its first step.</summary>
    public int? Step { get; }

    /// <summary>How many steps the Dockerfile has, when a step had begun.</summary>
    public int? StepCount { get; }

    /// <summary>The failed step's instruction, as the engine printed it: RUN make test.</summary>
    public string? Instruction { get; }

    /// <summary>What the failed step printed, stdout and stderr as they came, without colour codes.</summary>
    public IReadOnlyList<string> Output { get; }

    /// <summary>The exit code of the failed step's command; null when no command failed.</summary>
    public long? ExitCode { get; }

    private static string Describe(string message, int? step, int? stepCount, string? instruction) =>
        step is null ? message : $"Step {step}/{stepCount} : {instruction} failed: {message}";
}
