<#
.SYNOPSIS
    Measures Build-DockerImage sending a large build context against `docker build` (the classic builder) on the
    same engine: wall time as a ratio, and how much the pwsh process's working set grows while the context streams.
.DESCRIPTION
    Writes a context of -SizeMiB of random data (a few large files and a thousand small ones) with a Dockerfile
    that only labels the fixture image, so every build sends the whole context and the engine stores nothing of it.
    Each round builds it both ways, alternating which goes first.

    DockerPS runs in a child pwsh that has imported the module and talked to the engine once; only the cmdlet is
    timed. Its working-set growth is the peak resident set during the cmdlet minus the working set just before it
    (on Linux the kernel's peak, VmHWM, is reset through /proc/self/clear_refs). The context is made as the upload
    reads it, so the growth stays small (the aim is under 64 MiB) whatever the context's size.

    Not a test: it reports, it does not pass or fail. Needs an engine: DOCKERPS_TEST_HOST or DOCKER_HOST, for
    instance the test rig's, and room for -SizeMiB in -WorkDirectory.
.EXAMPLE
    dotnet pwsh ./bench/ImageBuild.Bench.ps1 -SizeMiB 200 -Rounds 3
#>
param(
    [ValidateRange(1, 65536)]
    [int] $SizeMiB = 200,
    [ValidateRange(1, 20)]
    [int] $Rounds = 3,
    [string] $ModulePath = (Join-Path $PSScriptRoot '../output/DockerPS/*/DockerPS.psd1'),
    [string] $Image = 'dockerps-fixture/busybox:latest',
    [string] $WorkDirectory = [IO.Path]::GetTempPath()
)

$ErrorActionPreference = 'Stop'
if ($env:DOCKERPS_TEST_HOST) { $env:DOCKER_HOST = $env:DOCKERPS_TEST_HOST }
$module = (Resolve-Path $ModulePath | Select-Object -Last 1).Path
$pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
$run = [guid]::NewGuid().ToString('n').Substring(0, 8)
$label = "dockerps.bench=$run"
$context = New-Item -ItemType Directory (Join-Path $WorkDirectory "dps-bench-$run")

function Invoke-Docker {
    $output = & docker @args 2>&1
    if ($LASTEXITCODE -ne 0) { throw "docker $($args -join ' ') failed: $output" }
}

# Runs one DockerPS command in a fresh pwsh; returns its time and the working-set figures around it.
function Measure-DockerPS([string] $Command) {
    $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$module'
Get-DockerImage -Filter @{ label = '$label' } | Out-Null
[GC]::Collect()
`$self = [Diagnostics.Process]::GetCurrentProcess()
`$self.Refresh()
`$baseline = `$self.WorkingSet64
if (Test-Path /proc/self/clear_refs) { [IO.File]::WriteAllText('/proc/self/clear_refs', '5') }
`$elapsed = Measure-Command { $Command | Out-Null }
`$self.Refresh()
[pscustomobject]@{ Seconds = `$elapsed.TotalSeconds; BaselineMiB = `$baseline / 1MB; GrowthMiB = [math]::Max(0, `$self.PeakWorkingSet64 - `$baseline) / 1MB } | ConvertTo-Json -Compress
"@
    $lines = & $pwsh -NoProfile -NonInteractive -Command $script 2>&1
    if ($LASTEXITCODE -ne 0) { throw "DockerPS failed: $lines" }
    ($lines | Where-Object { "$_".StartsWith('{') } | Select-Object -Last 1) | ConvertFrom-Json
}

try {
    Write-Host "Writing a $SizeMiB MiB context ($context)..."
    $large = [math]::Max(1, [math]::Floor($SizeMiB / 50))
    foreach ($i in 1..$large) {
        & head -c "$([math]::Min(50, $SizeMiB))m" /dev/urandom > (Join-Path $context "large-$i.bin")
    }
    $small = New-Item -ItemType Directory (Join-Path $context 'small')
    foreach ($i in 1..1000) { [IO.File]::WriteAllText((Join-Path $small "file-$i.txt"), "small file $i") }
    Set-Content -LiteralPath (Join-Path $context 'Dockerfile') -Value "FROM $Image`nLABEL $label`n"
    $bytes = (Get-ChildItem -LiteralPath $context -Recurse -File | Measure-Object Length -Sum).Sum

    $env:DOCKER_BUILDKIT = '0'
    $results = foreach ($round in 1..$Rounds) {
        $order = if ($round % 2) { 'Cli', 'DockerPS' } else { 'DockerPS', 'Cli' }
        $build = @{}
        foreach ($way in $order) {
            $build[$way] = if ($way -eq 'Cli') { [pscustomobject]@{ Seconds = (Measure-Command { Invoke-Docker build -q -t "dps-bench-$run/cli:1" --label $label $context }).TotalSeconds } }
            else { Measure-DockerPS "Build-DockerImage '$context' -Tag 'dps-bench-$run/ps:1' -Label '$label'" }
        }
        [pscustomobject]@{
            Round        = $round
            CliSeconds   = $build.Cli.Seconds
            Seconds      = $build.DockerPS.Seconds
            Ratio        = $build.DockerPS.Seconds / $build.Cli.Seconds
            GrowthMiB    = $build.DockerPS.GrowthMiB
            BaselineMiB  = $build.DockerPS.BaselineMiB
        }
    }

    $results | Format-Table -AutoSize @(
        'Round'
        @{ n = 'docker build s'; e = { '{0:N2}' -f $_.CliSeconds } }
        @{ n = 'Build s'; e = { '{0:N2}' -f $_.Seconds } }
        @{ n = 'ratio'; e = { '{0:N2}' -f $_.Ratio } }
        @{ n = 'Build +MiB'; e = { '{0:N1}' -f $_.GrowthMiB } }
        @{ n = 'pwsh base MiB'; e = { '{0:N0}' -f $_.BaselineMiB } }
    ) | Out-Host
    $worst = ($results | Measure-Object GrowthMiB -Maximum).Maximum
    Write-Host ("Context of {0:N0} MiB: working set grew by at most {1:N1} MiB (aim: under 64 MiB)." -f ($bytes / 1MB), $worst)
}
finally {
    Remove-Item Env:DOCKER_BUILDKIT -ErrorAction Ignore
    [string[]] $images = & docker images -q --no-trunc --filter "label=$label" | Sort-Object -Unique
    if ($images) { & docker rmi -f @images *> $null }
    Remove-Item -LiteralPath $context -Recurse -Force -ErrorAction Ignore
}
