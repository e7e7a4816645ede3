using System;
using System.Management.Automation;

namespace DockerPS.Tests.Fakes;

/// <summary>
/// Select-Object -First as PowerShell 7 runs it, for runspaces without Microsoft.PowerShell.Utility (the test host has
/// only System.Management.Automation): it passes the first n objects on, then throws PowerShell's own
/// StopUpstreamCommandsException from inside the upstream command's write, which stops the commands before it and ends
/// the pipeline as a success. The exception type is internal to PowerShell, so it is made by reflection.
/// </summary>
[Cmdlet("Select", "FirstObjects")]
public sealed class SelectFirstCommand : PSCmdlet
{
    private static readonly Type StopUpstream =
        typeof(PSObject).Assembly.GetType("System.Management.Automation.StopUpstreamCommandsException", throwOnError: true)!;

    private int passed;

    [Parameter(ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    [Parameter(Mandatory = true, Position = 0)]
    public int First { get; set; }

    protected override void ProcessRecord()
    {
        WriteObject(InputObject);
        if (++passed >= First)
        {
            throw (Exception)Activator.CreateInstance(StopUpstream, this)!;
        }
    }
}
