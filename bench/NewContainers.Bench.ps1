<#
.SYNOPSIS
    Measures creating and starting -Count containers with `$names | New-DockerContainer` (one batch) against
    `docker run -d` once per container, one after the other and -Parallel at a time, on the same engine, in the
    same run, as ratios.
.DESCRIPTION
    Each round makes -Count running containers (busybox fixture, `sleep 3600`, labelled for this run, named from
    the round) each of these ways, removing them after each way (not timed):
      Cli          docker run -d, one after the other (the issue's yardstick)
      CliParallel  docker run -d, -Parallel at once (ForEach-Object -Parallel)
      DockerPS     the names piped to one New-DockerContainer: a concurrent batch
      DockerPSLoop one New-DockerContainer per name, as a script written before the batch would
    The ways rotate which goes first from round to round. DockerPS is timed in a session that has already imported
    the module and talked to the engine once (an interactive user's situation); the CLI is timed as processes.
    Prints each round, then the median of each ratio to the sequential CLI with its min-max.
    Not a test: it reports, it does not pass or fail. Needs an engine: DOCKERPS_TEST_HOST or DOCKER_HOST, for
    instance the test rig's (eval "$(tests/engine/Start-TestEngine.sh)").
.EXAMPLE
    dotnet pwsh ./bench/NewContainers.Bench.ps1 -Count 50 -Rounds 5
#>
param(
    [int] $Count = 50,
    [int] $Rounds = 5,
    [int] $Parallel = 10,
    [string[]] $Way = @('Cli', 'CliParallel', 'DockerPS', 'DockerPSLoop'),
    [string] $ModulePath = (Join-Path $PSScriptRoot '../output/DockerPS/*/DockerPS.psd1'),
    [string] $Image = 'dockerps-fixture/busybox:latest'
)

$ErrorActionPreference = 'Stop'
if ($env:DOCKERPS_TEST_HOST) { $env:DOCKER_HOST = $env:DOCKERPS_TEST_HOST }
Import-Module (Resolve-Path $ModulePath | Select-Object -Last 1).Path -Force
$tag = [guid]::NewGuid().ToString('n').Substring(0, 8)
$label = "dockerps.bench=$tag"

function Get-Names([string] $Way, [int] $Round) { 1..$Count | ForEach-Object { "bench-$tag-$Way-$Round-$_" } }

function Measure-Cli([string[]] $Names) {
    (Measure-Command { foreach ($name in $Names) { docker run -d --label $label --name $name $Image sleep 3600 | Out-Null } }).TotalSeconds
}

function Measure-CliParallel([string[]] $Names) {
    (Measure-Command {
        $Names | ForEach-Object -ThrottleLimit $Parallel -Parallel { docker run -d --label $using:label --name $_ $using:Image sleep 3600 | Out-Null }
    }).TotalSeconds
}

function Measure-DockerPS([string[]] $Names) {
    (Measure-Command { $Names | New-DockerContainer $Image sleep, 3600 -Label $label | Out-Null }).TotalSeconds
}

function Measure-DockerPSLoop([string[]] $Names) {
    (Measure-Command { foreach ($name in $Names) { New-DockerContainer $Image sleep, 3600 -Label $label -Name $name | Out-Null } }).TotalSeconds
}

function Remove-BenchContainers {
    [string[]] $ids = docker ps -aq --no-trunc --filter "label=$label"
    if ($ids) { docker rm -f @ids | Out-Null }
}

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    ($sorted[[math]::Floor(($sorted.Count - 1) / 2)] + $sorted[[math]::Ceiling(($sorted.Count - 1) / 2)]) / 2
}

Get-DockerContainer -Label $label | Out-Null   # connect once, as an interactive session already has
try {
    $results = foreach ($round in 1..$Rounds) {
        # Rotate the order so that no way always runs on the engine the previous one left busy.
        $shift = ($round - 1) % $Way.Count
        $order = $Way[$shift..($Way.Count - 1)] + $(if ($shift) { $Way[0..($shift - 1)] })
        $row = [ordered]@{ Round = $round }
        foreach ($one in $order) {
            $names = Get-Names $one $round
            $row[$one] = & "Measure-$one" $names
            $running = @(docker ps -q --filter "label=$label").Count
            if ($running -ne $Count) { throw "$one left $running running containers, not $Count" }
            Remove-BenchContainers
        }
        [pscustomobject]$row
    }
}
finally {
    Remove-BenchContainers
}

$results | Format-Table -AutoSize | Out-String | Write-Host
foreach ($one in $Way | Where-Object { $_ -ne 'Cli' }) {
    $ratios = @($results | ForEach-Object { $_.$one / $_.Cli })
    "{0} / docker run -d x {1} one after the other: median {2:N2} (min {3:N2}, max {4:N2}) over {5} rounds" -f $one, $Count, (Get-Median $ratios), ($ratios | Measure-Object -Minimum).Minimum, ($ratios | Measure-Object -Maximum).Maximum, $Rounds
}
"Sequential docker run -d x {0}: median {1:N1} s" -f $Count, (Get-Median @($results.Cli))
