# Shared set-up for the Pester tests: the engine under test, the docker CLI as the oracle, and labels
# that mark every object a test creates so that only those are ever removed.

$script:RunId = $env:DOCKERPS_TEST_RUN
$script:Fixture = 'dockerps-fixture/busybox:latest'
$script:HttpdFixture = 'dockerps-fixture/httpd:latest'

function Initialize-DockerPSTest {
    if (-not $env:DOCKERPS_TEST_HOST) {
        throw 'DOCKERPS_TEST_HOST is not set: run the tests through ./build.ps1 -Task Test, or set it to a test engine''s address.'
    }
    # The module and the CLI both follow DOCKER_HOST, so both look at the test engine.
    $env:DOCKER_HOST = $env:DOCKERPS_TEST_HOST
    Remove-Item Env:DOCKER_CONTEXT, Env:DOCKER_TLS_VERIFY, Env:DOCKER_API_VERSION -ErrorAction SilentlyContinue
    Import-Module $env:DOCKERPS_MODULE_PATH -Force -Global
}

function Get-TestLabel {
    "dockerps.test=$script:RunId"
}

function Get-TestRunId { $script:RunId }

function Get-FixtureImage { param([switch] $Httpd) if ($Httpd) { $script:HttpdFixture } else { $script:Fixture } }

# True when the engine under test is Podman's Docker-compatible API (its version lists a "Podman Engine"
# component). Works during discovery too (for -Skip:), before Initialize-DockerPSTest has set DOCKER_HOST.
function Test-PodmanEngine {
    if ($null -eq $script:OnPodman) {
        if (-not $env:DOCKERPS_TEST_HOST) { return $false }
        $components = & docker --host $env:DOCKERPS_TEST_HOST version --format '{{range .Server.Components}}{{.Name}};{{end}}' 2>$null
        $script:OnPodman = $LASTEXITCODE -eq 0 -and "$components" -match 'Podman'
    }
    $script:OnPodman
}

# Runs the docker CLI against the test engine; fails the test when the CLI fails.
function Invoke-DockerCli {
    $cli = 'docker'
    if ($args[0] -eq 'commit' -and (Test-PodmanEngine) -and (Test-Path /usr/bin/docker)) {
        # Podman 4's commit endpoint fails on a request without a body (Decode(): EOF), as the docker CLI 28
        # sends it; Debian's docker.io CLI (20.10) sends one.
        $cli = '/usr/bin/docker'
    }
    $output = & $cli @args 2>&1
    if ($LASTEXITCODE -ne 0) {
        throw "docker $($args -join ' ') failed: $output"
    }
    $output | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] }
}

# The docker CLI's JSON lines (docker ps/images --format '{{json .}}') as objects.
function Invoke-DockerCliJson {
    Invoke-DockerCli @args --format '{{json .}}' | Where-Object { $_ } | ForEach-Object { $_ | ConvertFrom-Json }
}

function Get-DockerCliInspect {
    param([Parameter(Mandatory)] [string] $Reference)
    (Invoke-DockerCli inspect $Reference) -join "`n" | ConvertFrom-Json | Select-Object -First 1
}

# Creates a labelled container from the busybox fixture with the docker CLI; returns its id.
function New-TestContainer {
    param(
        [string] $Name = "dps-$script:RunId-$([guid]::NewGuid().ToString('n').Substring(0, 6))",
        [string[]] $Command = @('sleep', '3600'),
        [string[]] $Option = @(),
        [switch] $NoStart,
        [switch] $Httpd
    )
    $image = if ($Httpd) { $script:HttpdFixture } else { $script:Fixture }
    [string[]] $verb = if ($NoStart) { 'create' } else { 'run', '-d' }
    (Invoke-DockerCli @verb --label (Get-TestLabel) --name $Name @Option $image @Command | Select-Object -Last 1).Trim()
}

# Removes everything this run created: containers and images carrying the run's label, and given tags.
function Remove-TestObject {
    param([string[]] $ImageReference = @())
    # Full ids in arrays: a single short id splatted as a string would become one argument per character,
    # each a prefix that could match someone else's image.
    # Over ssh, the docker CLI's removals at once outnumber the sessions sshd allows, and the refused ones are
    # removed on another pass.
    foreach ($pass in 1..3) {
        [string[]] $containers = & docker ps -aq --no-trunc --filter "label=$(Get-TestLabel)"
        if (-not $containers) { break }
        & docker rm -fv @containers *> $null
    }
    foreach ($reference in $ImageReference) { & docker rmi -f $reference *> $null }
    [string[]] $images = & docker images -q --no-trunc --filter "label=$(Get-TestLabel)" | Sort-Object -Unique
    if ($images) { & docker rmi -f @images *> $null }
}

# Runs a script in a fresh pwsh with the module imported; returns its output lines (stderr included).
function Invoke-ChildPwsh {
    param(
        [Parameter(Mandatory)] [string] $Script,
        [hashtable] $Environment = @{}
    )
    $saved = @{}
    foreach ($name in $Environment.Keys) {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $Environment[$name])
    }
    try {
        $pwsh = Get-PwshPath
        $prelude = "`$ErrorActionPreference = 'Stop'; Import-Module '$($env:DOCKERPS_MODULE_PATH)';"
        & $pwsh -NoProfile -NonInteractive -Command ($prelude + $Script) 2>&1 | ForEach-Object { "$_" }
    }
    finally {
        foreach ($name in $saved.Keys) {
            [Environment]::SetEnvironmentVariable($name, $saved[$name])
        }
    }
}

# A TCP port nobody listens on now, for tests that publish on a fixed host port.
function Get-FreeTcpPort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

# Fetches a page through a published port, retrying briefly while the server in the container starts.
function Get-HttpContent([string] $Address) {
    foreach ($attempt in 1..40) {
        try {
            return (Invoke-WebRequest "http://$Address/" -UseBasicParsing -TimeoutSec 2).Content
        }
        catch {
            Start-Sleep -Milliseconds 250
        }
    }
    throw "nothing answered on http://$Address/"
}

# Starts tests/FaultProxy (built with the solution) between the module and the unix-socket engine under test:
# the Nth request whose request line matches -Match is let through for -CutAfter more bytes, then its connection
# is cut, or with -Die every connection is and no new one is taken. Returns the proxy, with its Address.
function Start-FaultProxy {
    param([string] $Match, [int] $Nth = 1, [long] $CutAfter = 0, [switch] $Die, [int] $DelayMs = 0, [string] $Target = $env:DOCKERPS_TEST_HOST)
    $engine = $Target -replace '^unix://'
    $socket = Join-Path ([IO.Path]::GetTempPath()) "dps-proxy-$([guid]::NewGuid().ToString('n').Substring(0, 8)).sock"
    # Built with the solution, in whichever configuration build.ps1 was given.
    $dll = 'Release', 'Debug' | ForEach-Object { Join-Path $PSScriptRoot "../FaultProxy/bin/$_/net10.0/FaultProxy.dll" } |
        Where-Object { Test-Path $_ } | Select-Object -First 1
    if (-not $dll) { throw 'tests/FaultProxy is not built: run ./build.ps1 first.' }
    $arguments = @($dll, '--listen', $socket, '--target', $engine, '--nth', $Nth, '--cut-after', $CutAfter, '--delay-ms', $DelayMs)
    if ($Match) { $arguments += '--match', $Match }
    if ($Die) { $arguments += '--die' }
    $start = [Diagnostics.ProcessStartInfo]::new('dotnet')
    $arguments | ForEach-Object { $start.ArgumentList.Add("$_") }
    $start.RedirectStandardOutput = $true
    $process = [Diagnostics.Process]::Start($start)
    if ($process.StandardOutput.ReadLine() -ne 'ready') {
        throw 'the fault proxy did not start'
    }
    [pscustomobject]@{ Process = $process; Socket = $socket; Address = "unix://$socket" }
}

function Stop-FaultProxy($Proxy) {
    if ($Proxy) {
        $Proxy.Process.Kill()
        $Proxy.Process.WaitForExit()
        Remove-Item $Proxy.Socket -ErrorAction Ignore
    }
}

# The pwsh running the tests (a dotnet tool's process is dotnet itself, so not the process path).
function Get-PwshPath {
    Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
}

Export-ModuleMember -Function *
