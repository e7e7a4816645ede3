<#
.SYNOPSIS
    Measures Save-DockerImage and Import-DockerImage on a large image against `docker save -o` and
    `docker load -i` on the same engine, in the same run: wall time as a ratio, and how much the pwsh
    process's working set grows while it streams the archive.
.DESCRIPTION
    Builds an image of -SizeMiB of random data (a labelled container writes it, docker commit keeps it), then
    each round saves it both ways and loads it both ways, removing the image before each load so that every
    load brings in the layer. The two ways alternate which goes first.

    DockerPS runs in a child pwsh that has imported the module and talked to the engine once (an interactive
    user's situation); only the cmdlet is timed. Its working-set growth is the peak resident set during the
    cmdlet minus the working set just before it: on Linux the kernel's peak (VmHWM) is reset just before the
    cmdlet through /proc/self/clear_refs, elsewhere the process's peak since it started is used. Streaming
    means the growth stays small (the aim is under 64 MiB) whatever the image's size. The CLI is timed as a
    process.

    Not a test: it reports, it does not pass or fail. Needs an engine: DOCKERPS_TEST_HOST or DOCKER_HOST,
    for instance the test rig's (eval "$(tests/engine/Start-TestEngine.sh)"), and room for about four times
    -SizeMiB on the engine's disk and in -WorkDirectory.
.EXAMPLE
    dotnet pwsh ./bench/ImageArchive.Bench.ps1 -SizeMiB 512 -Rounds 3
#>
param(
    [ValidateRange(1, 65536)]
    [int] $SizeMiB = 512,
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
$reference = "dps-bench-$run/blob:1"
$directory = New-Item -ItemType Directory (Join-Path $WorkDirectory "dps-bench-$run")

function Invoke-Docker {
    $output = & docker @args 2>&1
    if ($LASTEXITCODE -ne 0) { throw "docker $($args -join ' ') failed: $output" }
}

function Measure-Cli([string[]] $Arguments) {
    (Measure-Command { Invoke-Docker @Arguments }).TotalSeconds
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
    Write-Host "Building a $SizeMiB MiB image of random data ($reference)..."
    $builder = "dps-bench-$run"
    Invoke-Docker run --label $label --name $builder $Image sh -c "head -c ${SizeMiB}m /dev/urandom > /blob"
    Invoke-Docker commit --change "LABEL $label" $builder $reference
    Invoke-Docker rm $builder
    $imageBytes = [long](& docker image inspect -f '{{.Size}}' $reference)

    $cliArchive = Join-Path $directory 'cli.tar'
    $psArchive = Join-Path $directory 'dockerps.tar'
    $results = foreach ($round in 1..$Rounds) {
        $order = if ($round % 2) { 'Cli', 'DockerPS' } else { 'DockerPS', 'Cli' }
        $save = @{}
        $load = @{}
        Remove-Item $cliArchive, $psArchive -ErrorAction Ignore
        foreach ($way in $order) {
            $save[$way] = if ($way -eq 'Cli') { [pscustomobject]@{ Seconds = Measure-Cli save, -o, $cliArchive, $reference } }
            else { Measure-DockerPS "Save-DockerImage '$reference' -Path '$psArchive'" }
        }
        foreach ($way in $order) {
            Invoke-Docker rmi $reference
            $load[$way] = if ($way -eq 'Cli') { [pscustomobject]@{ Seconds = Measure-Cli load, -i, $cliArchive } }
            else { Measure-DockerPS "Import-DockerImage '$psArchive'" }
        }
        [pscustomobject]@{
            Round              = $round
            CliSaveSeconds     = $save.Cli.Seconds
            SaveSeconds        = $save.DockerPS.Seconds
            SaveRatio          = $save.DockerPS.Seconds / $save.Cli.Seconds
            SaveGrowthMiB      = $save.DockerPS.GrowthMiB
            CliLoadSeconds     = $load.Cli.Seconds
            ImportSeconds      = $load.DockerPS.Seconds
            ImportRatio        = $load.DockerPS.Seconds / $load.Cli.Seconds
            ImportGrowthMiB    = $load.DockerPS.GrowthMiB
            BaselineMiB        = $load.DockerPS.BaselineMiB
        }
    }

    $results | Format-Table -AutoSize @(
        'Round'
        @{ n = 'docker save s'; e = { '{0:N2}' -f $_.CliSaveSeconds } }
        @{ n = 'Save s'; e = { '{0:N2}' -f $_.SaveSeconds } }
        @{ n = 'ratio'; e = { '{0:N2}' -f $_.SaveRatio } }
        @{ n = 'Save +MiB'; e = { '{0:N1}' -f $_.SaveGrowthMiB } }
        @{ n = 'docker load s'; e = { '{0:N2}' -f $_.CliLoadSeconds } }
        @{ n = 'Import s'; e = { '{0:N2}' -f $_.ImportSeconds } }
        @{ n = 'ratio'; e = { '{0:N2}' -f $_.ImportRatio } }
        @{ n = 'Import +MiB'; e = { '{0:N1}' -f $_.ImportGrowthMiB } }
        @{ n = 'pwsh base MiB'; e = { '{0:N0}' -f $_.BaselineMiB } }
    ) | Out-String -Width 200 | Write-Host

    function Get-Median([double[]] $Values) {
        $sorted = @($Values | Sort-Object)
        ($sorted[[math]::Floor(($sorted.Count - 1) / 2)] + $sorted[[math]::Ceiling(($sorted.Count - 1) / 2)]) / 2
    }
    $archiveMiB = (Get-Item $psArchive).Length / 1MB
    "Image of {0:N0} MiB ({1:N0} MiB archive), median of {2} rounds (below 1 means DockerPS is faster):" -f ($imageBytes / 1MB), $archiveMiB, $Rounds
    "  Save-DockerImage / docker save -o:   {0:N2}; pwsh working-set growth at most {1:N1} MiB" -f (Get-Median $results.SaveRatio), ($results.SaveGrowthMiB | Measure-Object -Maximum).Maximum
    "  Import-DockerImage / docker load -i: {0:N2}; pwsh working-set growth at most {1:N1} MiB" -f (Get-Median $results.ImportRatio), ($results.ImportGrowthMiB | Measure-Object -Maximum).Maximum
}
finally {
    & docker rm -f "dps-bench-$run" *> $null
    [string[]] $images = & docker images -q --no-trunc --filter "label=$label" | Sort-Object -Unique
    if ($images) { & docker rmi -f @images *> $null }
    Remove-Item $directory -Recurse -Force -ErrorAction Ignore
}
