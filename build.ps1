#Requires -Version 7.2
<#
.SYNOPSIS
    Builds, tests and packages DockerPS.
.DESCRIPTION
    Build   lays out output/DockerPS/<version>/ (manifest, loader, format file, help, bin/).
    Test    builds, gets a real engine (tests/engine/Start-TestEngine.sh unless DOCKERPS_TEST_HOST is set),
            runs the xunit tests and the Pester tests against the built module, then the engine-generic Pester
            files again against Podman when its rig can run (tests/engine/Start-TestPodman.sh: Linux, as root or
            with DOCKERPS_TEST_PODMAN set; DOCKERPS_TEST_PODMAN=none skips it), and stops what it started.
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
    $podmanCounts = Join-Path $results 'pester-podman.json'
    Remove-Item $pesterCounts, $podmanCounts -ErrorAction Ignore
    $podmanExit = 0
    $podmanRan = $false
    $engine = Start-TestEngine
    try {
        $paths = if ($TestPath) { $TestPath } else { Join-Path $root 'tests/Pester' }
        $pesterExit = Invoke-PesterRun -Path $paths -CountsPath $pesterCounts

        # The same engine-generic files against Podman's Docker-compatible API (while the dockerd rig still runs:
        # its plain registry serves Podman too).
        $podmanPaths = @(Get-PodmanTestPath $paths)
        if ($podmanPaths -and (Test-PodmanRig)) {
            $started = [Diagnostics.Stopwatch]::StartNew()
            $podman = Start-TestPodman
            $podmanRan = $true
            try {
                Write-Host "Pester against Podman ($($podman['DOCKERPS_TEST_PODMAN'])): $(($podmanPaths | Split-Path -Leaf) -join ', ')"
                $podmanExit = Invoke-PesterRun -Path $podmanPaths -CountsPath $podmanCounts -Environment @{
                    DOCKERPS_TEST_HOST = $podman['DOCKERPS_TEST_PODMAN']
                    DOCKERPS_TEST_REGISTRY = $podman['DOCKERPS_TEST_PODMAN_REGISTRY']
                    DOCKERPS_TEST_AUTH_REGISTRY = $null; DOCKERPS_TEST_HOST2 = $null; DOCKERPS_TEST_TLS_HOST = $null
                }
            }
            finally {
                Stop-TestPodman $podman
                Write-Host "Podman run took $([int]$started.Elapsed.TotalSeconds) s"
            }
        }
    }
    finally {
        Stop-TestEngine $engine
    }

    $noCounts = [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 }
    $counts = @(if (Test-Path $pesterCounts) { Get-Content $pesterCounts -Raw | ConvertFrom-Json } else { $noCounts })
    if ($podmanRan) {
        $counts += if (Test-Path $podmanCounts) { Get-Content $podmanCounts -Raw | ConvertFrom-Json } else { $noCounts }
    }
    $passed = [int]$xunit.passed + ($counts.Passed | Measure-Object -Sum).Sum
    $failed = [int]$xunit.failed + ($counts.Failed | Measure-Object -Sum).Sum
    $skipped = [int]$xunit.notExecuted + ($counts.Skipped | Measure-Object -Sum).Sum
    "Tests: $passed passed, $failed failed, $skipped skipped"
    if ($xunitExit -ne 0 -or $pesterExit -ne 0 -or $podmanExit -ne 0) {
        throw "Tests failed (xunit exit code $xunitExit, Pester exit code $pesterExit, Pester on Podman exit code $podmanExit)."
    }
}

# Runs Pester in a child pwsh (the build's own session never loads the module it tests), with environment
# variables changed for that run only (null removes one); returns the child's exit code.
function Invoke-PesterRun {
    param([string[]] $Path, [string] $CountsPath, [hashtable] $Environment = @{})
    $saved = @{}
    foreach ($name in $Environment.Keys) {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $Environment[$name])
    }
    try {
        # -Command rather than -File: -File cannot pass several paths to one parameter.
        $quote = { param([string] $Text) "'" + $Text.Replace("'", "''") + "'" }
        $command = "& $(& $quote (Join-Path $root 'tests/Invoke-PesterRun.ps1')) -PesterPath $(& $quote $pester)" +
            " -ModulePath $(& $quote (Join-Path $moduleOutput 'DockerPS.psd1')) -Path $(($Path | ForEach-Object { & $quote $_ }) -join ',')" +
            " -CountsPath $(& $quote $CountsPath); exit `$LASTEXITCODE"
        & (Get-PwshPath) -NoProfile -NonInteractive -Command $command | Out-Host
        $LASTEXITCODE
    }
    finally {
        foreach ($name in $saved.Keys) {
            [Environment]::SetEnvironmentVariable($name, $saved[$name])
        }
    }
}

# The Pester files that hold for any engine, so also run against Podman; of those, the ones this run selected
# (a folder holding them, or their names).
function Get-PodmanTestPath([string[]] $Selected) {
    foreach ($name in 'Get-DockerContainer', 'Get-DockerImage', 'ContainerLifecycle', 'New-DockerContainer', 'ContainerStreams') {
        $file = Join-Path $root "tests/Pester/$name.Tests.ps1"
        foreach ($item in $Selected) {
            $full = if (Test-Path $item) { (Resolve-Path $item).Path.TrimEnd('/') } else { $item }
            if ((Test-Path $full -PathType Container) -and $file.StartsWith("$full/") -or (Split-Path $full -Leaf) -in $name, "$name.Tests.ps1") {
                $file
                break
            }
        }
    }
}

# Podman's rig runs where it can install and start Podman, or where one is given.
function Test-PodmanRig {
    if ($env:DOCKERPS_TEST_PODMAN -eq 'none') { return $false }
    $IsLinux -and ($env:DOCKERPS_TEST_PODMAN -or (id -u) -eq '0')
}

function Start-TestPodman {
    $lines = & bash (Join-Path $root 'tests/engine/Start-TestPodman.sh')
    if ($LASTEXITCODE -ne 0) {
        throw "No Podman for the tests (see the message above). Set DOCKERPS_TEST_PODMAN to a Podman service's address, or DOCKERPS_TEST_PODMAN=none to leave the Podman run out."
    }
    $podman = @{}
    foreach ($line in $lines) {
        if ($line -match '^(DOCKERPS_[A-Z0-9_]+)=(.*)$') {
            $podman[$Matches[1]] = $Matches[2]
        }
    }
    $podman
}

function Stop-TestPodman($podman) {
    if ($podman -and $podman['DOCKERPS_TEST_PODMAN_STARTED'] -eq '1') {
        & bash (Join-Path $root 'tests/engine/Stop-TestPodman.sh')
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
