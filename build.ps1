#Requires -Version 7.2
<#
.SYNOPSIS
    Builds, tests and packages DockerPS.
.DESCRIPTION
    Build   lays out output/DockerPS/<version>/ (manifest, loader, format file, help, bin/).
    Test    builds, gets a real engine (tests/engine/Start-TestEngine.sh unless DOCKERPS_TEST_HOST is set),
            runs the xunit tests and the Pester tests against the built module, and stops what it started.
    Package builds and writes output/DockerPS.<version>.nupkg, installable from a folder repository.
    Clean   removes output/ and the bin/obj folders.
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Pester tests to run (paths or names under tests/Pester); all of them by default.
    [string[]] $TestPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$root = $PSScriptRoot
$output = Join-Path $root 'output'
$version = (Import-PowerShellDataFile (Join-Path $root 'DockerPS.psd1')).ModuleVersion
$moduleOutput = Join-Path $output "DockerPS/$version"

function Invoke-Native {
    param([string] $FilePath, [string[]] $ArgumentList)
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) {
        throw "$FilePath $($ArgumentList -join ' ') failed with exit code $LASTEXITCODE"
    }
}

function Invoke-Build {
    Invoke-Native dotnet @('build', (Join-Path $root 'DockerPS.sln'), '-c', $Configuration, '--nologo', '-v', 'quiet', '-clp:ErrorsOnly')

    if (Test-Path $moduleOutput) {
        Remove-Item $moduleOutput -Recurse -Force
    }
    $bin = New-Item -ItemType Directory -Force (Join-Path $moduleOutput 'bin')
    $moduleBuild = Join-Path $root "src/DockerPS/bin/$Configuration/netstandard2.0"
    Get-ChildItem $moduleBuild -Filter *.dll | Copy-Item -Destination $bin
    Copy-Item (Join-Path $root "src/DockerPS.LoadContext/bin/$Configuration/net8.0/DockerPS.LoadContext.dll") $moduleOutput
    Copy-Item (Join-Path $root 'DockerPS.psd1'), (Join-Path $root 'src/DockerPS/DockerPS.psm1'), (Join-Path $root 'src/DockerPS/DockerPS.Format.ps1xml') $moduleOutput

    $help = New-Item -ItemType Directory -Force (Join-Path $moduleOutput 'en-US')
    & (Join-Path $root 'src/DockerPS/Help/Build-DockerPSHelp.ps1') -ModulePath (Join-Path $moduleOutput 'DockerPS.psd1') -SourcePath (Join-Path $root 'en-US') -OutputPath $help.FullName
    Write-Host "Built DockerPS $version -> $moduleOutput"
}

function Get-NuGetPackageFolder {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    $line = dotnet nuget locals global-packages --list
    return ($line -replace '^global-packages:\s*', '').Trim()
}

function Invoke-Test {
    # The package too: a test installs it the way an administrator would.
    Invoke-Package
    Invoke-Native dotnet @('restore', (Join-Path $root 'tests/tools/tools.csproj'), '--nologo', '-v', 'quiet')
    $pester = Join-Path (Get-NuGetPackageFolder) 'pester/5.7.1/tools/Pester.psd1'
    $results = New-Item -ItemType Directory -Force (Join-Path $output 'test-results')

    $trx = Join-Path $results 'xunit.trx'
    Remove-Item $trx -ErrorAction Ignore
    & dotnet test (Join-Path $root 'tests/DockerPS.Tests/DockerPS.Tests.csproj') -c $Configuration --nologo -v quiet --logger "trx;LogFileName=$trx"
    $xunitExit = $LASTEXITCODE
    $xunit = ([xml](Get-Content $trx -Raw)).TestRun.ResultSummary.Counters

    $pesterCounts = Join-Path $results 'pester.json'
    Remove-Item $pesterCounts -ErrorAction Ignore
    $engine = Start-TestEngine
    try {
        $paths = if ($TestPath) { $TestPath } else { Join-Path $root 'tests/Pester' }
        # A child pwsh: the build's own session never loads the module it tests.
        & (Get-PwshPath) -NoProfile -NonInteractive -File (Join-Path $root 'tests/Invoke-PesterRun.ps1') `
            -PesterPath $pester -ModulePath (Join-Path $moduleOutput 'DockerPS.psd1') -Path $paths -CountsPath $pesterCounts
        $pesterExit = $LASTEXITCODE
    }
    finally {
        Stop-TestEngine $engine
    }

    $counts = if (Test-Path $pesterCounts) { Get-Content $pesterCounts -Raw | ConvertFrom-Json } else { [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 } }
    $passed = [int]$xunit.passed + $counts.Passed
    $failed = [int]$xunit.failed + $counts.Failed
    $skipped = [int]$xunit.notExecuted + $counts.Skipped
    "Tests: $passed passed, $failed failed, $skipped skipped"
    if ($xunitExit -ne 0 -or $pesterExit -ne 0) {
        throw "Tests failed (xunit exit code $xunitExit, Pester exit code $pesterExit)."
    }
}

# The pwsh running this script (a dotnet tool's process is dotnet itself, so not the process path).
function Get-PwshPath {
    Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
}

function Start-TestEngine {
    $script = Join-Path $root 'tests/engine/Start-TestEngine.sh'
    $lines = & bash $script
    if ($LASTEXITCODE -ne 0) {
        throw "No Docker engine for the tests (see the message above). Set DOCKERPS_TEST_HOST to an engine's address, or run as root on Debian so tests/engine/Start-TestEngine.sh can start one."
    }
    $started = @{}
    foreach ($line in $lines) {
        if ($line -match '^(DOCKERPS_[A-Z0-9_]+)=(.*)$') {
            [Environment]::SetEnvironmentVariable($Matches[1], $Matches[2])
            $started[$Matches[1]] = $Matches[2]
        }
    }
    $started
}

function Stop-TestEngine($engine) {
    if ($engine -and $engine['DOCKERPS_TEST_STARTED'] -eq '1') {
        & bash (Join-Path $root 'tests/engine/Stop-TestEngine.sh')
        [Environment]::SetEnvironmentVariable('DOCKERPS_TEST_HOST', $null)
    }
}

function Invoke-Package {
    Invoke-Build
    $repository = Join-Path $output 'repository'
    New-Item -ItemType Directory -Force $repository | Out-Null
    # A folder repository refuses a version it already holds.
    Remove-Item (Join-Path $repository "DockerPS.$version.nupkg") -ErrorAction Ignore
    $name = "DockerPS-build-$PID"
    Register-PSResourceRepository -Name $name -Uri $repository -Trusted
    try {
        Publish-PSResource -Path $moduleOutput -Repository $name -SkipDependenciesCheck
    }
    finally {
        Unregister-PSResourceRepository -Name $name
    }
    $package = Get-ChildItem $repository -Filter "DockerPS.$version.nupkg"
    Write-Host "Packaged $($package.FullName)"
}

function Invoke-Clean {
    Remove-Item $output -Recurse -Force -ErrorAction SilentlyContinue
    Get-ChildItem $root -Directory -Recurse -Include bin, obj |
        Where-Object { $_.FullName -notmatch '[\\/]\.git[\\/]' } |
        Remove-Item -Recurse -Force
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Package' { Invoke-Package }
    'Clean' { Invoke-Clean }
}
