using System;
using System.IO;
using System.Management.Automation;
using DockerPS.Cmdlets;
using DockerPS.Completion;
using DockerPS.Engine;
using DockerPS.Errors;

namespace DockerPS.Commands;

/// <summary>
/// docker context use: makes a context current for the docker CLI and DockerPS, or with -Scope Session for this
/// PowerShell process only.
/// </summary>
[Cmdlet(VerbsOther.Use, "DockerContext", SupportsShouldProcess = true)]
[OutputType(typeof(DockerContext))]
public sealed class UseDockerContextCommand : DockerCmdlet
{
    /// <summary>The context to use; "default" goes back to DOCKER_HOST or the platform's socket.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ContextNameCompleter))]
    public string Name { get; set; } = string.Empty;

    /// <summary>Global (the docker config, as docker context use does) or Session (this process only).</summary>
    [Parameter]
    public DockerContextScope Scope { get; set; } = DockerContextScope.Global;

    /// <summary>Write the context now in use to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var resolver = DockerEndpointResolver.Current;
        if (!DockerContextStore.Current.Exists(Name))
        {
            WriteError(new ErrorRecord(new ItemNotFoundException($"context \"{Name}\" does not exist"), "ContextNotFound", ErrorCategory.ObjectNotFound, Name));
            return;
        }

        if (!ShouldProcess(Name, Scope == DockerContextScope.Session ? "Use context in this session" : "Use context (docker config)"))
        {
            return;
        }

        try
        {
            if (Scope == DockerContextScope.Session)
            {
                Environment.SetEnvironmentVariable("DOCKER_CONTEXT", Name);
            }
            else
            {
                DockerContextStore.Current.SetCurrent(Name);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            WriteError(DockerErrorMapper.ToErrorRecord(e, "ContextNotSaved", Name));
            return;
        }

        if (Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host)
        {
            WriteWarning($"DOCKER_HOST ({host}) is set and overrides the active context; clear it to use \"{Name}\".");
        }
        else if (Scope == DockerContextScope.Global && Environment.GetEnvironmentVariable("DOCKER_CONTEXT") is { Length: > 0 } pinned && pinned != Name)
        {
            WriteWarning($"DOCKER_CONTEXT ({pinned}) is set in this session and overrides the docker config's current context.");
        }

        if (PassThru)
        {
            WriteObject(new DockerContext(Name, null, resolver.ContextEndpoint(Name), resolver.CurrentContextName() == Name));
        }
    }
}
