# Loads the DockerPS cmdlets. In PowerShell 7 they and their dependencies (Docker.DotNet,
# Microsoft.Extensions.*, System.Text.Json …) live in their own AssemblyLoadContext, so other modules'
# versions of those assemblies can be loaded before or after this one. Windows PowerShell resolves them
# from the bin folder beside the module assembly.
$binPath = Join-Path $PSScriptRoot 'bin'

if ($PSEdition -eq 'Core') {
    Add-Type -LiteralPath (Join-Path $PSScriptRoot 'DockerPS.LoadContext.dll')
    $moduleAssembly = [DockerPS.LoadContext.DockerPSLoadContext]::LoadModule($binPath)
}
else {
    $moduleAssembly = [System.Reflection.Assembly]::LoadFrom((Join-Path $binPath 'DockerPS.dll'))
    [DockerPS.Internal.DesktopDependencyResolver]::Register($binPath)
}

# A re-import (Import-Module -Force) finds the binary module of the earlier import still loaded and would
# export nothing: remove it first.
Get-Module -All | Where-Object { $_.ModuleType -eq 'Binary' -and $_.ImplementingAssembly -eq $moduleAssembly } | Remove-Module -Force
Import-Module -Assembly $moduleAssembly
