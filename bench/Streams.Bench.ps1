<#
.SYNOPSIS
    Measures exec and logs throughput: DockerPS against the docker CLI for the same output on the same engine, in
    the same run, as ratios of wall time, with DockerPS's working-set growth.
.DESCRIPTION
    Two outputs: 2.6 M short lines (seq 1 2600000, about 19 MB) and one 50 MiB line. Each is read as exec output
    and as a container's log, three ways:
      Lines  DockerPS's line objects into Measure-Object     against  docker exec|logs … | wc -l
      Bytes  -AsByteStream into Measure-Object -Sum Length   against  docker exec|logs … > /dev/null
      File   -OutFile                                        against  docker exec|logs … > file
    Each DockerPS run is a child pwsh that has imported the module and talked to the engine once (a warm session);
    only the command is timed, and the growth is the child's peak resident set (VmHWM) over its resident set before
    the command. The peer runs under bash. DockerPS and the peer alternate which goes first; the figures are medians
    over the rounds, with min and max of the ratio. The containers are labelled for the run and removed at the end.

    Not a test: it reports, it does not pass or fail. Needs an engine: DOCKERPS_TEST_HOST or DOCKER_HOST, for
    instance the test rig's first engine (unix:///run/dockerps-test/docker.sock).
.EXAMPLE
    dotnet pwsh ./bench/Streams.Bench.ps1 -Rounds 5 -Case ExecLines, ExecFile
#>
param(
    [ValidateSet('ExecLines', 'ExecBytes', 'ExecFile', 'ExecLongLine', 'ExecLongLineFile', 'LogsLines', 'LogsBytes', 'LogsFile', 'LogsLongLine', 'LogsLongLineFile')]
    [string[]] $Case = @('ExecLines', 'ExecBytes', 'ExecFile', 'ExecLongLine', 'ExecLongLineFile', 'LogsLines', 'LogsBytes', 'LogsFile', 'LogsLongLine', 'LogsLongLineFile'),
    [ValidateRange(1, 20)]
    [int] $Rounds = 3,
    [string] $ModulePath = (Join-Path $PSScriptRoot '../output/DockerPS/*/DockerPS.psd1'),
    [string] $Image = 'dockerps-fixture/busybox:latest'
)

$ErrorActionPreference = 'Stop'
if ($env:DOCKERPS_TEST_HOST) { $env:DOCKER_HOST = $env:DOCKERPS_TEST_HOST }
$module = (Resolve-Path $ModulePath | Select-Object -Last 1).Path
$run = [guid]::NewGuid().ToString('n').Substring(0, 8)
$label = "dockerps.bench=$run"
$work = Join-Path ([IO.Path]::GetTempPath()) "dps-bench-$run"
New-Item -ItemType Directory $work | Out-Null

$shortLines = 'seq 1 2600000'
$longLine = 'head -c 52428800 /dev/zero | tr "\0" a; echo'

function Invoke-DockerPSTimed([string] $Command) {
    # The child prints its seconds and its growth in MiB; the module is imported and the engine asked once before.
    $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$module'
Get-DockerVersion | Out-Null
function Rss([string] `$field) { [long]((Get-Content /proc/self/status | Where-Object { `$_ -like "`${field}:*" }) -replace '\D') * 1KB }
[GC]::Collect()
`$before = Rss VmRSS
`$clock = [Diagnostics.Stopwatch]::StartNew()
`$result = & { $Command }
`$seconds = `$clock.Elapsed.TotalSeconds
'{0} {1} {2}' -f `$seconds, [math]::Round(((Rss VmHWM) - `$before) / 1MB), "`$result"
"@
    $answer = & (Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')) -NoProfile -NonInteractive -Command $script
    $seconds, $growth, $result = "$($answer | Select-Object -Last 1)".Split(' ', 3)
    [pscustomobject]@{ Seconds = [double]$seconds; GrowthMiB = [int]$growth; Result = $result }
}

function Invoke-PeerTimed([string] $Command) {
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $result = & bash -c $Command
    [pscustomobject]@{ Seconds = $clock.Elapsed.TotalSeconds; Result = "$result".Trim() }
}

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    ($sorted[[math]::Floor(($sorted.Count - 1) / 2)] + $sorted[[math]::Ceiling(($sorted.Count - 1) / 2)]) / 2
}

try {
    $execContainer = docker run -d --label $label --name "dps-bench-$run-exec" $Image sleep 36000
    $shortLogger = docker run -d --label $label --name "dps-bench-$run-short" $Image sh -c "$shortLines; sleep 36000"
    $longLogger = docker run -d --label $label --name "dps-bench-$run-long" $Image sh -c "$longLine; sleep 36000"
    # The logs are whole once the last line is there.
    foreach ($attempt in 1..600) {
        if ((docker logs --tail 1 $shortLogger) -eq '2600000' -and [long](bash -c "docker logs --tail 1 $longLogger | wc -c") -gt 52428800) { break }
        Start-Sleep -Milliseconds 500
    }

    $file = Join-Path $work 'out'
    $cases = @{
        ExecLines = @{ DockerPS = "(Invoke-DockerContainerCommand $execContainer -Command sh, -c, '$shortLines' | Measure-Object).Count"; Peer = "docker exec $execContainer sh -c '$shortLines' | wc -l" }
        ExecBytes = @{ DockerPS = "(Invoke-DockerContainerCommand $execContainer -Command sh, -c, '$shortLines' -AsByteStream | Measure-Object -Property Length -Sum).Sum"; Peer = "docker exec $execContainer sh -c '$shortLines' > /dev/null" }
        ExecFile = @{ DockerPS = "Invoke-DockerContainerCommand $execContainer -Command sh, -c, '$shortLines' -OutFile '$file' -Force"; Peer = "docker exec $execContainer sh -c '$shortLines' > '$file'" }
        ExecLongLine = @{ DockerPS = "(Invoke-DockerContainerCommand $execContainer -Command sh, -c, '$longLine' | Measure-Object).Count"; Peer = "docker exec $execContainer sh -c '$longLine' | wc -l" }
        ExecLongLineFile = @{ DockerPS = "Invoke-DockerContainerCommand $execContainer -Command sh, -c, '$longLine' -OutFile '$file' -Force"; Peer = "docker exec $execContainer sh -c '$longLine' > '$file'" }
        LogsLines = @{ DockerPS = "(Get-DockerContainerLog $shortLogger | Measure-Object).Count"; Peer = "docker logs $shortLogger | wc -l" }
        LogsBytes = @{ DockerPS = "(Get-DockerContainerLog $shortLogger -AsByteStream | Measure-Object -Property Length -Sum).Sum"; Peer = "docker logs $shortLogger > /dev/null" }
        LogsFile = @{ DockerPS = "Get-DockerContainerLog $shortLogger -OutFile '$file' -Force"; Peer = "docker logs $shortLogger > '$file'" }
        LogsLongLine = @{ DockerPS = "(Get-DockerContainerLog $longLogger | Measure-Object).Count"; Peer = "docker logs $longLogger | wc -l" }
        LogsLongLineFile = @{ DockerPS = "Get-DockerContainerLog $longLogger -OutFile '$file' -Force"; Peer = "docker logs $longLogger > '$file'" }
    }

    $rows = foreach ($name in $Case) {
        $measured = foreach ($round in 1..$Rounds) {
            $order = if ($round % 2) { 'Peer', 'DockerPS' } else { 'DockerPS', 'Peer' }
            $times = @{}
            foreach ($way in $order) {
                $times[$way] = if ($way -eq 'Peer') { Invoke-PeerTimed $cases[$name].Peer } else { Invoke-DockerPSTimed $cases[$name].DockerPS }
            }
            [pscustomobject]@{ DockerPS = $times.DockerPS.Seconds; Peer = $times.Peer.Seconds; Ratio = $times.DockerPS.Seconds / $times.Peer.Seconds; GrowthMiB = $times.DockerPS.GrowthMiB; Answers = "$($times.DockerPS.Result) / $($times.Peer.Result)" }
        }

        $ratios = @($measured.Ratio)
        [pscustomobject]@{
            Case = $name
            DockerPSSeconds = [math]::Round((Get-Median $measured.DockerPS), 2)
            PeerSeconds = [math]::Round((Get-Median $measured.Peer), 2)
            Ratio = [math]::Round((Get-Median $ratios), 2)
            RatioRange = '{0:N2}–{1:N2}' -f ($ratios | Measure-Object -Minimum).Minimum, ($ratios | Measure-Object -Maximum).Maximum
            GrowthMiB = (Get-Median $measured.GrowthMiB)
            Answers = $measured[0].Answers
        }
    }

    "DockerPS / peer wall time, median of $Rounds rounds (below 1 means DockerPS is faster); peers: Lines docker … | wc -l, Bytes docker … > /dev/null, File docker … > file"
    $rows | Format-Table -AutoSize | Out-String -Width 200
}
finally {
    [string[]] $made = docker ps -aq --no-trunc --filter "label=$label"
    if ($made) { docker rm -f @made | Out-Null }
    Remove-Item -Recurse -Force $work -ErrorAction Ignore
}
