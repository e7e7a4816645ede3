#Requires -Version 7.2
<#
.SYNOPSIS
    Runs the Pester tests against real engines; started by build.ps1 -Task Test.
.DESCRIPTION
    Gets a Docker engine (tests/engine/Start-TestEngine.sh unless DOCKERPS_TEST_HOST is set) and runs the selected
    Pester files against it. Then runs their blocks tagged AnyEngine or AnyDockerd again against the rig's newer
    dockerd (Engine API 1.45; DOCKERPS_TEST_HOST3 names another, DOCKERPS_TEST_HOST3=none skips it), and their
    blocks tagged AnyEngine against Podman when its rig can run (tests/engine/Start-TestPodman.sh: Linux, as root or
    with DOCKERPS_TEST_PODMAN set; DOCKERPS_TEST_PODMAN=none skips it). Stops what it started. Each run is a child
    pwsh (tests/Invoke-PesterRun.ps1), so this session never loads the module it tests.
    Outputs one object per run: Name, Passed, Failed, Skipped, Failures (a line per failure), ExitCode.
.EXAMPLE
    dotnet pwsh tests/Invoke-EngineTests.ps1 -ModulePath output/DockerPS/0.1.0/DockerPS.psd1 -Path ContainerLifecycle
#>
[CmdletBinding()]
param(
    # The built module's manifest.
    [Parameter(Mandatory)] [string] $ModulePath,
    # Pester tests to run (paths or names under tests/Pester); all of them by default.
    [string[]] $Path,
    # The folder the runs write their counts to.
    [Parameter(Mandatory)] [string] $ResultsPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

# Pester files whose tests hold for any engine carry this tag on their Describe blocks; they also run on Podman and
# on the newer dockerd.
$anyEngineTag = 'AnyEngine'
# Blocks that hold for any dockerd, but not Podman, carry this one; they also run on the newer dockerd.
$anyDockerdTag = 'AnyDockerd'
$pesterFolder = Join-Path $PSScriptRoot 'Pester'
$engineFolder = Join-Path $PSScriptRoot 'engine'

function Get-NuGetPackageFolder {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    $line = dotnet nuget locals global-packages --list
    return ($line -replace '^global-packages:\s*', '').Trim()
}

# The selected test files: paths (files or folders) as given, or names of files in tests/Pester.
function Get-TestFile([string[]] $Selected) {
    foreach ($item in $Selected) {
        $found = @($item, (Join-Path $pesterFolder $item), (Join-Path $pesterFolder "$item.Tests.ps1")) |
            Where-Object { Test-Path $_ } | Select-Object -First 1
        if (-not $found) {
            throw "No Pester tests at '$item': give a path, or the name of a file in tests/Pester."
        }
        Get-ChildItem $found -Recurse -Filter '*.Tests.ps1' | ForEach-Object FullName
    }
}

# Of these files, the ones with blocks carrying one of these tags: worth starting another engine for. Pester's
# Filter.Tag then picks the blocks.
function Get-TaggedTestFile([string[]] $File, [string[]] $Tag) {
    Select-String -Path $File -Pattern "\s-Tags?\s.*\b($($Tag -join '|'))\b" -List | ForEach-Object Path
}

# The pwsh running this script (a dotnet tool's process is dotnet itself, so not the process path).
function Get-PwshPath {
    Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
}

# Runs Pester in a child pwsh, with environment variables changed for that run only (null removes one); returns
# the run's counts and the child's exit code (a run that wrote no counts counts as one failure).
function Invoke-PesterRun {
    param([string] $Name, [string[]] $File, [string] $CountsPath, [string[]] $Tag, [hashtable] $Environment = @{})
    Remove-Item $CountsPath -ErrorAction Ignore
    $saved = @{}
    foreach ($variable in $Environment.Keys) {
        $saved[$variable] = [Environment]::GetEnvironmentVariable($variable)
        [Environment]::SetEnvironmentVariable($variable, $Environment[$variable])
    }
    try {
        # -Command rather than -File: -File cannot pass several paths to one parameter.
        $quote = { param([string] $Text) "'" + $Text.Replace("'", "''") + "'" }
        $command = "& $(& $quote (Join-Path $PSScriptRoot 'Invoke-PesterRun.ps1')) -PesterPath $(& $quote $pesterPath)" +
            " -ModulePath $(& $quote $ModulePath) -Path $(($File | ForEach-Object { & $quote $_ }) -join ',')" +
            " -CountsPath $(& $quote $CountsPath)"
        if ($Tag) {
            $command += " -Tag $(($Tag | ForEach-Object { & $quote $_ }) -join ',')"
        }
        & (Get-PwshPath) -NoProfile -NonInteractive -Command "$command; exit `$LASTEXITCODE" | Out-Host
        $exitCode = $LASTEXITCODE
    }
    finally {
        foreach ($variable in $saved.Keys) {
            [Environment]::SetEnvironmentVariable($variable, $saved[$variable])
        }
    }
    $counts = if (Test-Path $CountsPath) { Get-Content $CountsPath -Raw | ConvertFrom-Json } else { @{ Passed = 0; Failed = 1; Skipped = 0; Failures = 'the run wrote no counts' } }
    [pscustomobject]@{ Name = $Name; Passed = $counts.Passed; Failed = $counts.Failed; Skipped = $counts.Skipped; Failures = @($counts.Failures); ExitCode = $exitCode }
}

# The rig prints DOCKERPS_* assignments on stdout; its messages go to stderr.
function ConvertFrom-RigOutput([string[]] $Line) {
    $variables = @{}
    foreach ($assignment in $Line) {
        if ($assignment -match '^(DOCKERPS_[A-Z0-9_]+)=(.*)$') {
            $variables[$Matches[1]] = $Matches[2]
        }
    }
    $variables
}

# The engine's variables are set in this process, so every Pester run inherits them. -WithoutNewerEngine leaves the
# third engine out: without engine-generic tests to run there, it is not worth starting.
function Start-TestEngine([switch] $WithoutNewerEngine) {
    $saved = $env:DOCKERPS_TEST_HOST3
    if ($WithoutNewerEngine) { $env:DOCKERPS_TEST_HOST3 = 'none' }
    try {
        $lines = & bash (Join-Path $engineFolder 'Start-TestEngine.sh')
    }
    finally {
        $env:DOCKERPS_TEST_HOST3 = $saved
    }
    if ($LASTEXITCODE -ne 0) {
        throw "No Docker engine for the tests (see the message above). Set DOCKERPS_TEST_HOST to an engine's address, or run as root on Debian so tests/engine/Start-TestEngine.sh can start one; DOCKERPS_TEST_HOST3=none leaves the newer third engine out."
    }
    $engine = ConvertFrom-RigOutput $lines
    foreach ($variable in $engine.Keys) {
        [Environment]::SetEnvironmentVariable($variable, $engine[$variable])
    }
    $engine
}

function Stop-TestEngine([hashtable] $Engine) {
    if ($Engine['DOCKERPS_TEST_STARTED'] -eq '1') {
        & bash (Join-Path $engineFolder 'Stop-TestEngine.sh') | Out-Host
        [Environment]::SetEnvironmentVariable('DOCKERPS_TEST_HOST', $null)
    }
}

# Podman's rig runs where it can install and start Podman, or where one is given.
function Test-PodmanRig {
    if ($env:DOCKERPS_TEST_PODMAN -eq 'none') { return $false }
    $IsLinux -and ($env:DOCKERPS_TEST_PODMAN -or (id -u) -eq '0')
}

function Start-TestPodman {
    $lines = & bash (Join-Path $engineFolder 'Start-TestPodman.sh')
    if ($LASTEXITCODE -ne 0) {
        throw "No Podman for the tests (see the message above). Set DOCKERPS_TEST_PODMAN to a Podman service's address, or DOCKERPS_TEST_PODMAN=none to leave the Podman run out."
    }
    ConvertFrom-RigOutput $lines
}

function Stop-TestPodman([hashtable] $Podman) {
    if ($Podman['DOCKERPS_TEST_PODMAN_STARTED'] -eq '1') {
        & bash (Join-Path $engineFolder 'Stop-TestPodman.sh') | Out-Host
    }
}

# The host's network interfaces, by name (none off Linux), but for the ones the test engines make and remove
# themselves: their bridges (user networks' br-<id> too, which tests running alongside remove) and their
# containers' veth ends.
function Get-HostInterface {
    if ($IsLinux -and (Get-Command ip -ErrorAction Ignore)) {
        @(ip -o link show) -replace '^\d+:\s+([^:@]+).*$', '$1' | Where-Object { $_ -notmatch '^(veth|dockerps|podman|br-[0-9a-f]{12}$)' }
    }
}

# The rig must leave the host's network alone (a dockerd started with --bridge none deletes docker0): as root on a
# host without docker0, a stand-in named so is made for the run, and every interface there before the rig
# started must still be there once it stopped. One result, counted like a test.
function Test-RigHygiene([string[]] $Before, [bool] $MadeStandIn) {
    $gone = @($Before | Where-Object { $_ -notin @(Get-HostInterface) })
    if ($MadeStandIn -and 'docker0' -notin $gone) {
        & ip link del docker0
    }
    if ($gone) {
        Write-Host "The test rig removed host interfaces it did not create: $($gone -join ', ')" -ForegroundColor Red
    }
    [pscustomobject]@{
        Name = 'Rig hygiene'; Passed = [int](-not $gone); Failed = [int][bool]$gone; Skipped = 0
        Failures = @($gone | ForEach-Object { "host interface $_ removed" }); ExitCode = [int][bool]$gone
    }
}

& dotnet restore (Join-Path $PSScriptRoot 'tools/tools.csproj') --nologo -v quiet | Out-Host
if ($LASTEXITCODE -ne 0) {
    throw "dotnet restore of tests/tools (Pester) failed with exit code $LASTEXITCODE"
}
$pesterPath = Join-Path (Get-NuGetPackageFolder) 'pester/5.7.1/tools/Pester.psd1'
New-Item -ItemType Directory -Force $ResultsPath | Out-Null
$files = @(Get-TestFile ($Path ? $Path : $pesterFolder))

$madeStandIn = $false
if ($IsLinux -and -not $env:DOCKERPS_TEST_HOST -and (id -u) -eq '0' -and 'docker0' -notin @(Get-HostInterface)) {
    & ip link add docker0 type bridge
    $madeStandIn = $LASTEXITCODE -eq 0
}
$interfaces = @(Get-HostInterface)

$anyEngineFiles = @(Get-TaggedTestFile $files $anyEngineTag)
$newerDockerdFiles = @(Get-TaggedTestFile $files $anyEngineTag, $anyDockerdTag)
$engine = Start-TestEngine -WithoutNewerEngine:(-not $newerDockerdFiles)
try {
    Invoke-PesterRun -Name 'Pester' -File $files -CountsPath (Join-Path $ResultsPath 'pester.json')

    # The same files' blocks for any engine or any dockerd against the newer dockerd, whose Engine API answers differ
    # from the first engine's (several networks at create, network names checked by the engine, OCI image archives).
    if ($newerDockerdFiles -and $engine['DOCKERPS_TEST_HOST3']) {
        $started = [Diagnostics.Stopwatch]::StartNew()
        Write-Host "Pester against the newer dockerd ($($engine['DOCKERPS_TEST_HOST3'])), tagged $anyEngineTag or ${anyDockerdTag}: $(($newerDockerdFiles | Split-Path -Leaf) -join ', ')"
        Invoke-PesterRun -Name 'Pester on the newer dockerd' -File $files -Tag $anyEngineTag, $anyDockerdTag -CountsPath (Join-Path $ResultsPath 'pester-dockerd3.json') -Environment @{
            DOCKERPS_TEST_HOST = $engine['DOCKERPS_TEST_HOST3']
            DOCKERPS_TEST_REGISTRY = $engine['DOCKERPS_TEST_REGISTRY3']; DOCKERPS_TEST_AUTH_REGISTRY = $engine['DOCKERPS_TEST_AUTH_REGISTRY3']
            DOCKERPS_TEST_HOST2 = $null; DOCKERPS_TEST_TLS_HOST = $null; DOCKERPS_TEST_SWARM = $null
        }
        Write-Host "Newer dockerd run took $([int]$started.Elapsed.TotalSeconds) s"
    }

    # The same files' engine-generic blocks against the first engine reached over ssh, with the rig's ssh client
    # (its key and known_hosts) first on PATH, for DockerPS and the docker CLI alike.
    if ($anyEngineFiles -and $engine['DOCKERPS_TEST_SSH']) {
        $started = [Diagnostics.Stopwatch]::StartNew()
        Write-Host "Pester over ssh ($($engine['DOCKERPS_TEST_SSH'])), tagged ${anyEngineTag}: $(($anyEngineFiles | Split-Path -Leaf) -join ', ')"
        Invoke-PesterRun -Name 'Pester over ssh' -File $files -Tag $anyEngineTag -CountsPath (Join-Path $ResultsPath 'pester-ssh.json') -Environment @{
            DOCKERPS_TEST_HOST = $engine['DOCKERPS_TEST_SSH']
            PATH = "$($engine['DOCKERPS_TEST_SSH_PATH'])$([IO.Path]::PathSeparator)$env:PATH"
            DOCKERPS_TEST_SSH = $null; DOCKERPS_TEST_HOST2 = $null; DOCKERPS_TEST_TLS_HOST = $null; DOCKERPS_TEST_SWARM = $null
        }
        Write-Host "Run over ssh took $([int]$started.Elapsed.TotalSeconds) s"
    }

    # The same files' engine-generic blocks against Podman's Docker-compatible API (while the dockerd rig still
    # runs: its plain registry serves Podman too).
    if ($anyEngineFiles -and (Test-PodmanRig)) {
        $started = [Diagnostics.Stopwatch]::StartNew()
        $podman = Start-TestPodman
        try {
            Write-Host "Pester against Podman ($($podman['DOCKERPS_TEST_PODMAN'])), tagged ${anyEngineTag}: $(($anyEngineFiles | Split-Path -Leaf) -join ', ')"
            Invoke-PesterRun -Name 'Pester on Podman' -File $files -Tag $anyEngineTag -CountsPath (Join-Path $ResultsPath 'pester-podman.json') -Environment @{
                DOCKERPS_TEST_HOST = $podman['DOCKERPS_TEST_PODMAN']
                DOCKERPS_TEST_REGISTRY = $podman['DOCKERPS_TEST_PODMAN_REGISTRY']
                DOCKERPS_TEST_AUTH_REGISTRY = $null; DOCKERPS_TEST_HOST2 = $null; DOCKERPS_TEST_TLS_HOST = $null; DOCKERPS_TEST_SWARM = $null
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
    if ($interfaces) {
        Test-RigHygiene $interfaces $madeStandIn
    }
}
