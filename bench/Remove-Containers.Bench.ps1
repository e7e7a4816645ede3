<#
.SYNOPSIS
    Measures `Get-DockerContainer -All | Remove-DockerContainer -Force -Volumes` against
    `docker rm -fv $(docker ps -aq)` on the same engine, in the same run, as a ratio.
.DESCRIPTION
    Each round creates -Count running containers (busybox fixture, labelled for this run, each with an
    anonymous volume), removes them one way, creates them again and removes them the other way. The two
    ways alternate which goes first. DockerPS is timed in a session that has already imported the module
    and talked to the engine once (an interactive user's situation); the CLI is timed as a process.
    Not a test: it reports, it does not pass or fail. Needs an engine: DOCKERPS_TEST_HOST or DOCKER_HOST,
    for instance the test rig's (eval "$(tests/engine/Start-TestEngine.sh)").
.EXAMPLE
    dotnet pwsh ./bench/Remove-Containers.Bench.ps1 -Count 200 -Rounds 3
#>
param(
    [int] $Count = 200,
    [int] $Rounds = 3,
    [string] $ModulePath = (Join-Path $PSScriptRoot '../output/DockerPS/*/DockerPS.psd1'),
    [string] $Image = 'dockerps-fixture/busybox:latest'
)

$ErrorActionPreference = 'Stop'
if ($env:DOCKERPS_TEST_HOST) { $env:DOCKER_HOST = $env:DOCKERPS_TEST_HOST }
Import-Module (Resolve-Path $ModulePath | Select-Object -Last 1).Path -Force
$label = "dockerps.bench=$([guid]::NewGuid().ToString('n').Substring(0, 8))"

function New-BenchContainers {
    # Created concurrently so that set-up does not dominate the run; only the removal is timed.
    1..$Count | ForEach-Object -ThrottleLimit 16 -Parallel {
        docker run -d --label $using:label -v /data $using:Image sleep 3600 | Out-Null
    }
    $made = @(docker ps -aq --filter "label=$label").Count
    if ($made -ne $Count) { throw "expected $Count containers, found $made" }
}

function Measure-Cli {
    [string[]] $ids = docker ps -aq --filter "label=$label"
    (Measure-Command { docker rm -fv @ids | Out-Null }).TotalSeconds
}

function Measure-DockerPS {
    (Measure-Command { Get-DockerContainer -All -Label $label | Remove-DockerContainer -Force -Volumes }).TotalSeconds
}

Get-DockerContainer -Label $label | Out-Null   # connect once, as an interactive session already has
$results = foreach ($round in 1..$Rounds) {
    $order = if ($round % 2) { 'Cli', 'DockerPS' } else { 'DockerPS', 'Cli' }
    $times = @{}
    foreach ($way in $order) {
        New-BenchContainers
        $times[$way] = & "Measure-$way"
        if (@(docker ps -aq --filter "label=$label").Count) { throw "$way left containers behind" }
    }
    [pscustomobject]@{ Round = $round; CliSeconds = $times.Cli; DockerPSSeconds = $times.DockerPS; Ratio = $times.DockerPS / $times.Cli }
}

$results | Format-Table -AutoSize | Out-String | Write-Host
$sorted = @($results.Ratio | Sort-Object)
$median = ($sorted[[math]::Floor(($sorted.Count - 1) / 2)] + $sorted[[math]::Ceiling(($sorted.Count - 1) / 2)]) / 2
"Removing $Count containers: DockerPS / docker CLI wall-time ratio, median of $Rounds rounds: {0:N2} (below 1 means DockerPS is faster)" -f $median
