using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;
using DockerPS.Cmdlets;

namespace DockerPS.Tests.Fakes;

/// <summary>
/// A runspace in this process with every DockerPS cmdlet in it, for running cmdlets as PowerShell runs them
/// (parameter binding, the pipeline thread, ShouldProcess, error records) without a module on disk.
/// </summary>
public sealed class CmdletRunner : IDisposable
{
    private readonly Runspace runspace;

    public CmdletRunner()
        : this(null)
    {
    }

    // One public constructor: xunit builds class fixtures through it.
    private CmdletRunner(System.Management.Automation.Host.PSHost? host)
    {
        // Select-FirstObjects stands in for Select-Object -First, which the test host does not have.
        var state = InitialSessionState.CreateDefault2();
        foreach (var type in typeof(DockerCmdlet).Assembly.GetTypes().Where(type => !type.IsAbstract).Append(typeof(SelectFirstCommand)))
        {
            if (type.GetCustomAttribute<CmdletAttribute>() is { } cmdlet)
            {
                state.Commands.Add(new SessionStateCmdletEntry($"{cmdlet.VerbName}-{cmdlet.NounName}", type, null));
            }
        }

        runspace = host is null ? RunspaceFactory.CreateRunspace(state) : RunspaceFactory.CreateRunspace(host, state);
        runspace.Open();
    }

    public Runspace Runspace => runspace;

    /// <summary>A runner whose runspace writes to and asks through <paramref name="host"/>, such as a <see cref="RecordingHost"/>.</summary>
    public static CmdletRunner WithHost(System.Management.Automation.Host.PSHost host) => new(host);

    /// <summary>Runs one cmdlet with the parameters given (a switch as true), piping <paramref name="input"/> to it.</summary>
    public RunResult Run(string command, IDictionary? parameters = null, IEnumerable<object>? input = null)
    {
        using var shell = PowerShell.Create();
        shell.Runspace = runspace;
        shell.AddCommand(command);
        if (parameters is not null)
        {
            shell.AddParameters(parameters);
        }

        return RunResult.Of(shell, input);
    }

    /// <summary>Runs a script; a terminating error stops it and is kept apart from the non-terminating ones.</summary>
    public RunResult RunScript(string script)
    {
        using var shell = PowerShell.Create();
        shell.Runspace = runspace;
        shell.AddScript(script);
        return RunResult.Of(shell, null);
    }

    public void Dispose() => runspace.Dispose();
}

/// <summary>What a run wrote: output, non-terminating errors, verbose and warning messages, and the terminating error.</summary>
public sealed class RunResult
{
    private RunResult(IReadOnlyList<object> output, IReadOnlyList<ErrorRecord> errors, IReadOnlyList<string> verbose, IReadOnlyList<string> warnings, ErrorRecord? terminating)
    {
        Output = output;
        Errors = errors;
        Verbose = verbose;
        Warnings = warnings;
        Terminating = terminating;
    }

    public IReadOnlyList<object> Output { get; }

    public IReadOnlyList<ErrorRecord> Errors { get; }

    public IReadOnlyList<string> Verbose { get; }

    public IReadOnlyList<string> Warnings { get; }

    public ErrorRecord? Terminating { get; }

    /// <summary>The error ids written, terminating last, without the command name PowerShell appends.</summary>
    public IReadOnlyList<string> ErrorIds =>
        Errors.Concat(Terminating is null ? Array.Empty<ErrorRecord>() : new[] { Terminating })
            .Select(error => error.FullyQualifiedErrorId.Split(',')[0])
            .ToList();

    internal static RunResult Of(PowerShell shell, IEnumerable<object>? input)
    {
        ErrorRecord? terminating = null;

        // Collected as written, so what came before a terminating error is kept too.
        var output = new List<PSObject>();
        try
        {
            shell.Invoke(input, output);
        }
        catch (RuntimeException e)
        {
            terminating = e.ErrorRecord;
        }

        return new RunResult(
            output.Select(item => item.BaseObject).ToList(),
            shell.Streams.Error.ToList(),
            shell.Streams.Verbose.Select(record => record.Message).ToList(),
            shell.Streams.Warning.Select(record => record.Message).ToList(),
            terminating);
    }
}
