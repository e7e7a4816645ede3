# Loads the DockerPS cmdlets. In PowerShell 7 they and their dependencies (Docker.DotNet,
# Microsoft.Extensions.*, System.Text.Json …) live in their own AssemblyLoadContext, so other modules'
# versions of those assemblies can be loaded before or after this one; it runs this platform's ReadyToRun images of
# them from bin/ReadyToRun/<platform>/ where the build made them. Windows PowerShell resolves them
# from the bin folder beside the module assembly.
# Kept to plain statements: every command and script block here is compiled on each import, and the import is
# part of every scheduled script's start. Paths are joined by .NET: Join-Path would load its module,
# Microsoft.PowerShell.Management, into every session that imports DockerPS (about 70 ms here).
$binPath = [System.IO.Path]::Combine($PSScriptRoot, 'bin')

if ($PSEdition -eq 'Core') {
    # Loaded as Add-Type would load it, without starting Add-Type's compiler support.
    $null = [System.Reflection.Assembly]::LoadFrom([System.IO.Path]::Combine($PSScriptRoot, 'DockerPS.LoadContext.dll'))
    $moduleAssembly = [DockerPS.LoadContext.DockerPSLoadContext]::LoadModule($binPath)
}
else {
    $moduleAssembly = [System.Reflection.Assembly]::LoadFrom([System.IO.Path]::Combine($binPath, 'DockerPS.dll'))
    [DockerPS.Internal.DesktopDependencyResolver]::Register($binPath)
}

# A re-import (Import-Module -Force) finds the binary module of the earlier import still loaded and would
# export nothing: remove it first.
foreach ($earlier in Get-Module -All) {
    if ($earlier.ModuleType -eq 'Binary' -and $earlier.ImplementingAssembly -eq $moduleAssembly) {
        Remove-Module -ModuleInfo $earlier -Force
    }
}
Import-Module -Assembly $moduleAssembly
