using System.IO;
using DockerPS.Completion;

namespace DockerPS.Commands;

/// <summary>docker context rm: removes contexts from the docker CLI's store.</summary>
[Cmdlet(VerbsCommon.Remove, "DockerContext", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveDockerContextCommand : DockerCmdlet
{
    /// <summary>The contexts to remove; DockerContext objects from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ContextNameCompleter))]
    public DockerContextIdentity[] Name { get; set; } = Array.Empty<DockerContextIdentity>();

    /// <summary>Remove the current context too (it then falls back to default), and do not ask again.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var store = DockerContextStore.Current;
        foreach (var name in Accepted(Name).Select(context => context.Reference))
        {
            if (name == DockerEndpointResolver.DefaultContextName)
            {
                WriteError(new ErrorRecord(new InvalidOperationException("the default context cannot be removed"), "DefaultContextFixed", ErrorCategory.InvalidOperation, name));
                continue;
            }

            if (!store.Exists(name))
            {
                WriteError(DockerErrors.ContextNotFound(name));
                continue;
            }

            var isCurrent = Resolver.SelectedContextName() == name;
            if (isCurrent && !Force)
            {
                WriteError(new ErrorRecord(
                    new InvalidOperationException($"context \"{name}\" is in use, set -Force flag to force remove"),
                    "ContextInUse",
                    ErrorCategory.ResourceBusy,
                    name));
                continue;
            }

            if (!ShouldProcessUnlessForced(Force, name, "Remove context"))
            {
                continue;
            }

            try
            {
                store.Remove(name);

                // Whatever selected the removed context falls back to default; other selections stay.
                if (Resolver.ConfiguredContextName() == name)
                {
                    store.SetCurrent(DockerEndpointResolver.DefaultContextName);
                }

                if (SessionContext.Name == name)
                {
                    SessionContext.Set(null);
                }

                if (Environment.GetEnvironmentVariable("DOCKER_CONTEXT") == name)
                {
                    Environment.SetEnvironmentVariable("DOCKER_CONTEXT", null);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                WriteError(DockerErrorMapper.ToErrorRecord(e, null, name));
            }
        }
    }
}
