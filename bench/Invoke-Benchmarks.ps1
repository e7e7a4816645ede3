#Requires -Version 7.2
<#
.SYNOPSIS
    Runs the DockerPS benchmark suite (bench/cases) against the test rig's engine; started by build.ps1 -Task Bench.
.DESCRIPTION
    Gets a Docker engine as the Pester tests do (tests/engine/Start-TestEngine.sh unless DOCKERPS_TEST_HOST is set;
    it reuses a running rig and is stopped afterwards only when this run started it). Each case sets up its objects
    (labelled dockerps.bench=<run id>), then for several rounds runs DockerPS and each peer in turn (the docker CLI
    as a PowerShell user runs it, docker-py, raw API calls with curl), rotating which goes first, and removes what it
    made. DockerPS runs in this process, which has imported the module and talked to the engine once (an interactive
    user's situation); the peers run as processes.

    Prints per case and step the median ratio DockerPS / peer of the rounds' wall times with min-max (below 1 means
    DockerPS is faster), the issue's target beside it (information only: the suite never fails on a figure), and
    DockerPS's working-set growth (the largest of the rounds). Writes the table with the date, machine, engine and
    DockerPS commit to -ResultsPath. Fails only when a case could not run or the bench left objects behind.

    A case is a file bench/cases/<Name>.Bench.ps1 taking -Quick and returning a hashtable: Name, Title (what it
    compares), Rounds (its default), State (its sizes, handed to every block as $S), Setup and Teardown (untimed),
    Ways (an ordered table: 'DockerPS' first, then one entry per peer, named as the table should show it; each block
    times its steps with Measure-Step from bench/BenchHelpers.psm1, untimed work in between), Requires (per way, a
    test that the peer is available), Targets (the issue's ceiling on the ratio, by '<step>/<peer>' or '<peer>') and
    Extra (figures that are not ratios, from the collected timings).
.EXAMPLE
    dotnet pwsh ./bench/Invoke-Benchmarks.ps1 -ModulePath output/DockerPS/0.1.0/DockerPS.psd1 -Case list -Quick
#>
[CmdletBinding()]
param(
    # The built module's manifest.
    [Parameter(Mandatory)] [string] $ModulePath,
    # Cases to run (names of files in bench/cases without .Bench.ps1; wildcards); all by default.
    [string[]] $Case = '*',
    # Rounds per case; each case's own default (small enough for the whole suite to take at most 15 minutes) if 0.
    [ValidateRange(0, 50)] [int] $Rounds = 0,
    # Smaller sizes and one round: the whole suite in about 3 minutes, to check it runs, not to compare figures.
    [switch] $Quick,
    # Where the results table goes (Markdown).
    [string] $ResultsPath = (Join-Path $PSScriptRoot '../output/bench/results.md')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = Split-Path $PSScriptRoot
# pwsh -File passes "a,b" as one string.
$Case = @($Case -split ',' | ForEach-Object Trim | Where-Object { $_ })

# The rig prints DOCKERPS_* assignments on stdout; its messages go to stderr.
function Start-BenchEngine {
    if ($env:DOCKERPS_TEST_HOST) { return @{} }
    $lines = & bash (Join-Path $root 'tests/engine/Start-TestEngine.sh')
    if ($LASTEXITCODE -ne 0) { throw 'No Docker engine for the bench: set DOCKERPS_TEST_HOST, or run as root on Debian so tests/engine/Start-TestEngine.sh can start one.' }
    $engine = @{}
    foreach ($line in $lines) {
        if ($line -match '^(DOCKERPS_[A-Z0-9_]+)=(.*)$') {
            $engine[$Matches[1]] = $Matches[2]
            [Environment]::SetEnvironmentVariable($Matches[1], $Matches[2])
        }
    }
    $engine
}

function Stop-BenchEngine([hashtable] $Engine) {
    if ($Engine['DOCKERPS_TEST_STARTED'] -eq '1') {
        & bash (Join-Path $root 'tests/engine/Stop-TestEngine.sh') | Out-Host
    }
}

function Get-MachineDescription {
    $cpu = (Get-Content /proc/cpuinfo -ErrorAction Ignore | Where-Object { $_ -match '^model name' } | Select-Object -First 1) -replace '^model name\s*:\s*'
    $memory = (Get-Content /proc/meminfo -ErrorAction Ignore | Select-Object -First 1) -replace '\D'
    '{0} cores, {1}, {2:N1} GiB memory, {3}' -f [Environment]::ProcessorCount, $cpu, ([long]$memory / 1MB), [Runtime.InteropServices.RuntimeInformation]::OSDescription
}

function Format-Ratio([double[]] $Ratio) {
    $sorted = @($Ratio | Sort-Object)
    if ($sorted.Count -eq 1) { return '{0:N2}' -f $sorted[0] }
    '{0:N2} ({1:N2}-{2:N2})' -f (Get-Median $Ratio), $sorted[0], $sorted[-1]
}

# One row per step and peer: DockerPS / peer per round, its median, min and max, against the target if any.
function Get-CaseRow($Definition, [Collections.Specialized.OrderedDictionary] $Figures) {
    $targets = if ($Definition.Contains('Targets')) { $Definition.Targets } else { @{} }
    foreach ($step in $Figures.Keys) {
        $ways = $Figures[$step]
        if (-not $ways.Contains('DockerPS')) { continue }
        $ours = $ways['DockerPS']
        $growth = ($ours.GrowthMiB | Where-Object { $null -ne $_ } | Measure-Object -Maximum).Maximum
        foreach ($peer in @($ways.Keys | Where-Object { $_ -ne 'DockerPS' })) {
            $theirs = $ways[$peer]
            $count = [math]::Min($ours.Count, $theirs.Count)
            [double[]] $ratios = 0..($count - 1) | ForEach-Object { $ours[$_].Seconds / $theirs[$_].Seconds }
            $target = $targets["$step/$peer"] ?? $targets[$peer]
            [pscustomobject]@{
                Case       = $Definition.Name
                Step       = $step
                Peer       = $peer
                Ratio      = Format-Ratio $ratios
                Seconds    = '{0:N3} / {1:N3}' -f (Get-Median $ours.Seconds), (Get-Median $theirs.Seconds)
                Target     = $target ? "≤ $target" : ''
                Met        = $target ? ((Get-Median $ratios) -le $target ? 'met' : 'not met') : ''
                GrowthMiB  = $null -eq $growth ? '' : '{0:N1}' -f $growth
            }
        }
    }
    # Figures that are not ratios (throughput, start-up time in ms), from the case itself.
    if ($Definition.Contains('Extra')) {
        foreach ($extra in @(& $Definition.Extra $Figures)) {
            [pscustomobject]@{
                Case = $Definition.Name; Step = $extra.Step; Peer = $extra.Peer; Ratio = $extra.Value; Seconds = ''
                Target = $extra.Target; Met = $extra.Met; GrowthMiB = ''
            }
        }
    }
}

function ConvertTo-MarkdownTable([object[]] $Row) {
    '| Case | Step | DockerPS / peer | Ratio, median (min-max) | Seconds, DockerPS / peer | Target | Met | DockerPS working set +MiB |'
    '|---|---|---|---|---|---|---|---|'
    foreach ($r in $Row) {
        $cells = $r.Case, $r.Step, $r.Peer, $r.Ratio, $r.Seconds, $r.Target, $r.Met, $r.GrowthMiB | ForEach-Object { "$_" -replace '\|', '\|' }
        "| $($cells -join ' | ') |"
    }
}

# Runs one case: set-up, rounds of every way in rotating order, clean-up. Returns its rows.
function Invoke-BenchCase([string] $File) {
    $definition = & $File -Quick:$Quick
    # The case's sizes and what its set-up finds, for every block of the case (a case file's own variables are out
    # of their reach when they run).
    $state = @{ Quick = [bool]$Quick }
    if ($definition.Contains('State')) { $definition.State.GetEnumerator() | ForEach-Object { $state[$_.Key] = $_.Value } }
    $ways = [ordered]@{}
    foreach ($way in $definition.Ways.Keys) {
        $needs = $definition.Contains('Requires') ? $definition.Requires[$way] : $null
        if ($needs -and -not (& $needs)) { Write-Host "  ($way left out: not available here)"; continue }
        $ways[$way] = $definition.Ways[$way]
    }
    $caseRounds = $Quick ? 1 : ($Rounds ? $Rounds : ($definition.Contains('Rounds') ? $definition.Rounds : 3))
    Write-Host "== $($definition.Name): $($definition.Title) ($caseRounds round(s))" -ForegroundColor Cyan
    $figures = [ordered]@{}
    $clock = [Diagnostics.Stopwatch]::StartNew()
    try {
        if ($definition.Contains('Setup')) { & $definition.Setup $state }
        $names = @($ways.Keys)
        foreach ($round in 1..$caseRounds) {
            foreach ($index in 0..($names.Count - 1)) {
                $way = $names[($index + $round - 1) % $names.Count]
                Start-BenchWay $way
                & $ways[$way] $state
                $steps = Get-BenchWaySteps
                foreach ($step in $steps.Keys) {
                    if (-not $figures.Contains($step)) { $figures[$step] = [ordered]@{} }
                    if (-not $figures[$step].Contains($way)) { $figures[$step][$way] = [Collections.Generic.List[object]]::new() }
                    $figures[$step][$way].Add($steps[$step])
                }
            }
        }
    }
    finally {
        if ($definition.Contains('Teardown')) { & $definition.Teardown $state }
    }
    # Ways keep their declared order in the table whatever order they ran in.
    foreach ($step in @($figures.Keys)) {
        $ordered = [ordered]@{}
        foreach ($way in $names) { if ($figures[$step].Contains($way)) { $ordered[$way] = $figures[$step][$way] } }
        $figures[$step] = $ordered
    }
    $rows = @(Get-CaseRow $definition $figures)
    $rows | Format-Table -AutoSize Step, Peer, Ratio, Seconds, Target, Met, GrowthMiB | Out-String -Width 250 | Write-Host
    Write-Host ("   {0} took {1:N0} s" -f $definition.Name, $clock.Elapsed.TotalSeconds)
    $rows
}

$engine = Start-BenchEngine
$configDirectory = New-Item -ItemType Directory (Join-Path ([IO.Path]::GetTempPath()) "dps-bench-config-$PID")
try {
    # DockerPS, the CLI and docker-py all follow DOCKER_HOST; contexts the bench makes go to a configuration folder
    # of its own, never the user's.
    $env:DOCKER_HOST = $env:DOCKERPS_TEST_HOST
    $env:DOCKER_CONFIG = $configDirectory.FullName
    Remove-Item Env:DOCKER_CONTEXT, Env:DOCKER_TLS_VERIFY, Env:DOCKER_API_VERSION, Env:DOCKER_CERT_PATH -ErrorAction Ignore
    $env:DOCKERPS_BENCH_MODULE = (Resolve-Path $ModulePath).Path
    Import-Module $env:DOCKERPS_BENCH_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'BenchHelpers.psm1') -Force
    $hosts = @($env:DOCKERPS_TEST_HOST, $env:DOCKERPS_TEST_HOST2, $env:DOCKERPS_TEST_HOST3) | Where-Object { $_ }

    Get-DockerContainer -Label (Get-BenchLabel) | Out-Null   # connect once, as an interactive session already has
    $files = @(Get-ChildItem (Join-Path $PSScriptRoot 'cases') -Filter '*.Bench.ps1' | Sort-Object Name |
        Where-Object { $name = $_.Name -replace '\.Bench\.ps1$'; @($Case | Where-Object { $name -like $_ }).Count })
    if (-not $files) { throw "No bench case matches '$($Case -join ', ')'." }
    $started = [Diagnostics.Stopwatch]::StartNew()
    $failed = @()
    $rows = @()
    $done = 0
    $engineVersion = & docker version --format '{{.Server.Version}} (Engine API {{.Server.APIVersion}})'
    $commit = & git -C $root rev-parse --short HEAD
    if (& git -C $root status --porcelain -- src DockerPS.psd1) { $commit += ' with uncommitted changes' }
    $mode = $Quick ? 'quick mode (smaller sizes, one round: checks the suite runs, figures are not comparable)' : "$($Rounds ? $Rounds : 'each case''s default number of') rounds"
    $python = (Test-Path /usr/bin/python3) ? '/usr/bin/python3' : 'python3'
    $peers = "docker CLI $(& docker version --format '{{.Client.Version}}'); docker-py $(& $python -c 'import docker; print(docker.__version__)' 2>$null); curl $((& curl --version | Select-Object -First 1) -replace '^curl (\S+).*', '$1'); PowerShell $($PSVersionTable.PSVersion)"
    foreach ($file in $files) {
        try {
            $rows += @(Invoke-BenchCase $file.FullName)
        }
        catch {
            $failed += $file.Name
            Write-Host "Case $($file.Name) failed: $_`n$($_.ScriptStackTrace)" -ForegroundColor Red
        }
        # Written after every case, so a long run interrupted still leaves the cases it finished.
        $done++
        $markdown = @(
            '# DockerPS benchmark results'
            ''
            'Run on a shared 2-core machine while other engineers built and tested on it, so figures are noisy: compare ratios, not seconds, and treat differences under about 10% as noise.'
            ''
            "- Date: $((Get-Date).ToUniversalTime().ToString('yyyy-MM-dd HH:mm')) UTC; $mode; $done of $($files.Count) cases in $([int]$started.Elapsed.TotalMinutes) min$($failed ? "; failed: $($failed -join ', ')" : '')"
            "- Machine: $(Get-MachineDescription)"
            "- Engine: dockerd $engineVersion at $env:DOCKERPS_TEST_HOST; peers: $peers"
            "- DockerPS commit: $commit"
            ''
            'Ratio: DockerPS wall time / the peer''s, median of the rounds (min-max); below 1 means DockerPS is faster. Seconds: medians. Targets are issue 19''s, shown as information. Working set: growth of the pwsh process''s peak working set during the DockerPS step over the working set just before it, largest of the rounds.'
            ''
            ConvertTo-MarkdownTable $rows
        )
        New-Item -ItemType Directory -Force (Split-Path $ResultsPath) | Out-Null
        Set-Content -LiteralPath $ResultsPath -Value $markdown
    }

    $rows | Format-Table -AutoSize Case, Step, Peer, Ratio, Target, Met, GrowthMiB | Out-String -Width 250 | Write-Host
    Write-Host "Results written to $ResultsPath (suite took $([int]$started.Elapsed.TotalSeconds) s)"

    $after = @($hosts | ForEach-Object { Get-BenchLeftover $_ }) +
        @(& docker context ls -q 2>$null | Where-Object { $_ -like 'dps-bench-*' } | ForEach-Object { "context $_" })
    if ($after) { throw "The bench left objects behind: $($after -join '; ')" }
    Write-Host "Left behind: nothing (containers, images and volumes labelled $(Get-BenchLabel) on every engine, and contexts, checked)."
    if ($failed) { throw "Bench cases failed: $($failed -join ', ')" }
}
finally {
    Remove-Item $configDirectory -Recurse -Force -ErrorAction Ignore
    Stop-BenchEngine $engine
}
