<#
.SYNOPSIS
    Measures `Get-DockerContainerStats` against `docker stats --no-stream` for the same -Count running containers
    on the same engine, in the same run, as a ratio.
.DESCRIPTION
    Starts -Count idle containers (busybox fixture, labelled for this run), then each round reads all of them once
    each way, naming them by id both times. The two ways alternate which goes first. Both need two readings per
    container for the CPU figure (dockerd gives a second reading a second or two after the first), so what is
    measured is how well each reads many containers at once.

    DockerPS is timed in a session that has already imported the module and talked to the engine once (an
    interactive user's situation); the CLI is timed as a process. The containers are removed at the end.

    Not a test: it reports, it does not pass or fail. Needs an engine: DOCKERPS_TEST_HOST or DOCKER_HOST, for
    instance the test rig's (eval "$(tests/engine/Start-TestEngine.sh)").
.EXAMPLE
    dotnet pwsh ./bench/Container-Stats.Bench.ps1 -Count 50 -Rounds 3
#>
param(
    [ValidateRange(1, 1000)]
    [int] $Count = 50,
    [ValidateRange(1, 20)]
    [int] $Rounds = 3,
    [string] $ModulePath = (Join-Path $PSScriptRoot '../output/DockerPS/*/DockerPS.psd1'),
    [string] $Image = 'dockerps-fixture/busybox:latest'
)

$ErrorActionPreference = 'Stop'
if ($env:DOCKERPS_TEST_HOST) { $env:DOCKER_HOST = $env:DOCKERPS_TEST_HOST }
Import-Module (Resolve-Path $ModulePath | Select-Object -Last 1).Path -Force
$label = "dockerps.bench=$([guid]::NewGuid().ToString('n').Substring(0, 8))"

try {
    # Started concurrently so that set-up does not dominate the run; only the readings are timed.
    1..$Count | ForEach-Object -ThrottleLimit 16 -Parallel {
        docker run -d --label $using:label $using:Image sleep 3600 | Out-Null
    }
    [string[]] $ids = docker ps -q --no-trunc --filter "label=$label"
    if ($ids.Count -ne $Count) { throw "expected $Count running containers, found $($ids.Count)" }

    Get-DockerContainer -Label $label | Out-Null   # connect once, as an interactive session already has
    $results = foreach ($round in 1..$Rounds) {
        $order = if ($round % 2) { 'Cli', 'DockerPS' } else { 'DockerPS', 'Cli' }
        $times = @{}
        foreach ($way in $order) {
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $rows = if ($way -eq 'Cli') {
                @(docker stats --no-stream --format '{{.ID}}' @ids).Count
            }
            else {
                @(Get-DockerContainerStats $ids).Count
            }
            $times[$way] = $clock.Elapsed.TotalSeconds
            if ($rows -ne $Count) { throw "$way read $rows containers, expected $Count" }
        }
        [pscustomobject]@{ Round = $round; CliSeconds = $times.Cli; DockerPSSeconds = $times.DockerPS; Ratio = $times.DockerPS / $times.Cli }
    }

    $results | Format-Table -AutoSize | Out-String | Write-Host
    $sorted = @($results.Ratio | Sort-Object)
    $median = ($sorted[[math]::Floor(($sorted.Count - 1) / 2)] + $sorted[[math]::Ceiling(($sorted.Count - 1) / 2)]) / 2
    "Reading $Count running containers once: DockerPS / docker CLI wall-time ratio, median of $Rounds rounds: {0:N2} (below 1 means DockerPS is faster)" -f $median
}
finally {
    [string[]] $made = docker ps -aq --no-trunc --filter "label=$label"
    if ($made) { docker rm -f @made | Out-Null }
}
