using System.IO;
using DockerPS.Completion;

namespace DockerPS.Commands;

/// <summary>
/// docker context use: makes a context current for the docker CLI and DockerPS, or with -Scope Session for this
/// PowerShell session (runspace) only; -Clear forgets the session's choice.
/// </summary>
[Cmdlet(VerbsOther.Use, "DockerContext", SupportsShouldProcess = true, DefaultParameterSetName = NameSet)]
[OutputType(typeof(DockerContext))]
public sealed class UseDockerContextCommand : DockerCmdlet
{
    private const string NameSet = "Name";
    private const string ClearSet = "Clear";

    /// <summary>The context to use ("default" goes back to DOCKER_HOST or the platform's socket), or a context from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    [ArgumentCompleter(typeof(ContextNameCompleter))]
    public DockerContextIdentity Name { get; set; } = null!;

    /// <summary>Global (the docker config, as docker context use does) or Session (this PowerShell session only).</summary>
    [Parameter(ParameterSetName = NameSet)]
    public DockerContextScope Scope { get; set; } = DockerContextScope.Global;

    /// <summary>Forget the context this session chose with -Scope Session: it follows DOCKER_CONTEXT and the docker config again.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ClearSet)]
    public SwitchParameter Clear { get; set; }

    /// <summary>Write the context now in use to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (Clear)
        {
            if (ShouldProcess("this session", "Forget the session's context"))
            {
                SessionContext.Set(null);
                WritePassThru(Resolver.CurrentContextName());
            }

            return;
        }

        if (!Accepted(new[] { Name }).Any())
        {
            return;
        }

        var name = Name.Reference;
        if (!DockerContextStore.Current.Exists(name))
        {
            WriteError(DockerErrors.ContextNotFound(name));
            return;
        }

        if (!ShouldProcess(name, Scope == DockerContextScope.Session ? "Use context in this session" : "Use context (docker config)"))
        {
            return;
        }

        try
        {
            if (Scope == DockerContextScope.Session)
            {
                SessionContext.Set(name);
            }
            else
            {
                DockerContextStore.Current.SetCurrent(name);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            WriteError(DockerErrorMapper.ToErrorRecord(e, "ContextNotSaved", name));
            return;
        }

        if (Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host)
        {
            WriteWarning($"DOCKER_HOST ({host}) is set and overrides the active context; clear it to use \"{name}\".");
        }
        else if (Scope == DockerContextScope.Global && Resolver.SelectedContextName() is var selected && selected != name)
        {
            WriteWarning($"This session uses context \"{selected}\" (Use-DockerContext -Scope Session, or DOCKER_CONTEXT), which overrides the docker config's current context.");
        }

        WritePassThru(name);
    }

    private void WritePassThru(string name)
    {
        if (PassThru)
        {
            var resolver = Resolver;
            WriteObject(new DockerContext(name, null, resolver.ContextEndpoint(name), resolver.CurrentContextName() == name));
        }
    }
}
