<#
.SYNOPSIS
    Measures a new session's start with DockerPS: Import-Module, the first call (Get-DockerContainer by default), a
    warm call, and the whole `pwsh -NoProfile -c 'Import-Module DockerPS; Get-DockerContainer'` against
    `pwsh -NoProfile -c '$null'`, for one or more builds of the module, alternated, as medians.
.DESCRIPTION
    Each round starts one child pwsh per module path (the order rotates from round to round), one bare pwsh, and one
    that imports an empty script module: what PowerShell's module loader takes for any module, the floor under
    DockerPS's import. Inside the child each step is timed four ways: wall time, the process's CPU time (which a busy
    shared machine inflates far less than wall time), the number of methods the JIT compiled and the time it took
    compiling them, which say where the time goes on a runtime that compiles methods on first use (DockerPS,
    Docker.DotNet and, in PowerShell installed as a .NET tool, PowerShell itself). The parent times the whole process.
    Every child starts from the same state. PowerShell records the methods each process compiles (its startup
    profile, in its cache folder) and the next process compiles them again on a background thread from its start,
    so a child would inherit the work of the child before it: the children here get a cache folder of their own
    (XDG_CACHE_HOME, so on Linux and macOS) with no startup profile in it, or, with -Primed, the profile of an
    unmeasured run of the same child just before, as a scheduled script that runs again and again finds it.
    Give two -ModulePath values (say a build of main and a build of a branch) to compare them in the same run.
    Not a test: it reports, it does not pass or fail. Needs an engine for the first call: DOCKERPS_TEST_HOST or
    DOCKER_HOST, for instance the test rig's (eval "$(tests/engine/Start-TestEngine.sh)").
.EXAMPLE
    dotnet pwsh ./tools/Measure-Startup.ps1 -Rounds 15
.EXAMPLE
    dotnet pwsh ./tools/Measure-Startup.ps1 -ModulePath /tmp/main/DockerPS/0.1.0/DockerPS.psd1, ./output/DockerPS/0.1.0/DockerPS.psd1 -Rounds 21
#>
param(
    [string[]] $ModulePath = @((Resolve-Path (Join-Path $PSScriptRoot '../output/DockerPS/*/DockerPS.psd1') | Select-Object -Last 1).Path),
    [int] $Rounds = 11,
    [string] $FirstCall = 'Get-DockerContainer -All',
    # Run each child once unmeasured before it is measured, so it starts with its own startup profile.
    [switch] $Primed
)

$ErrorActionPreference = 'Stop'
if ($env:DOCKERPS_TEST_HOST) { $env:DOCKER_HOST = $env:DOCKERPS_TEST_HOST }
$pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
$paths = @($ModulePath | ForEach-Object { (Resolve-Path $_).Path })

# Runs in the child: each step's wall ms, CPU ms and JIT-compiled methods, as one JSON line.
$probe = @'
param($Path, $FirstCall)
$process = [Diagnostics.Process]::GetCurrentProcess()
$clock = [Diagnostics.Stopwatch]::new()
$result = [ordered]@{}
function Measure-Step([string] $Name, [scriptblock] $Step) {
    $process.Refresh()
    $cpu = $process.TotalProcessorTime
    $jit = [System.Runtime.JitInfo]::GetCompiledMethodCount($false)
    $jitTime = [System.Runtime.JitInfo]::GetCompilationTime($false)
    $clock.Restart()
    & $Step | Out-Null
    $clock.Stop()
    $process.Refresh()
    $result["${Name}Ms"] = $clock.Elapsed.TotalMilliseconds
    $result["${Name}CpuMs"] = ($process.TotalProcessorTime - $cpu).TotalMilliseconds
    $result["${Name}Jit"] = [System.Runtime.JitInfo]::GetCompiledMethodCount($false) - $jit
    $result["${Name}JitMs"] = ([System.Runtime.JitInfo]::GetCompilationTime($false) - $jitTime).TotalMilliseconds
}
Measure-Step Import { Import-Module $Path }
Measure-Step First { Invoke-Expression $FirstCall }
Measure-Step Warm { Invoke-Expression $FirstCall }
$result | ConvertTo-Json -Compress
'@
$probePath = Join-Path ([IO.Path]::GetTempPath()) "dockerps-startup-probe-$PID.ps1"
Set-Content -LiteralPath $probePath -Value $probe

# What PowerShell's module loader takes for any module: a manifest and a script module that does nothing.
$emptyFolder = Join-Path ([IO.Path]::GetTempPath()) "dockerps-startup-empty-$PID"
$emptyPath = Join-Path $emptyFolder 'Empty.psd1'
$null = New-Item -ItemType Directory -Path $emptyFolder -Force
Set-Content -LiteralPath (Join-Path $emptyFolder 'Empty.psm1') -Value '$null = 1'
Set-Content -LiteralPath $emptyPath -Value "@{ RootModule = 'Empty.psm1'; ModuleVersion = '1.0.0'; GUID = '$([guid]::NewGuid())'; FunctionsToExport = @(); CmdletsToExport = @() }"

$cacheFolder = Join-Path ([IO.Path]::GetTempPath()) "dockerps-startup-cache-$PID"
$parentCacheHome = $env:XDG_CACHE_HOME
$env:XDG_CACHE_HOME = $cacheFolder

function Measure-Process([string[]] $Arguments) {
    Remove-Item -Path (Join-Path $cacheFolder 'powershell/StartupProfileData-*') -ErrorAction Ignore
    if ($Primed) {
        $null = & $pwsh -NoProfile -NonInteractive @Arguments
    }
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $output = & $pwsh -NoProfile -NonInteractive @Arguments
    if ($LASTEXITCODE) { throw "pwsh $($Arguments -join ' ') failed: $output" }
    [pscustomobject]@{ ProcessMs = $clock.Elapsed.TotalMilliseconds; Output = $output | Select-Object -Last 1 }
}

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    ($sorted[[math]::Floor(($sorted.Count - 1) / 2)] + $sorted[[math]::Ceiling(($sorted.Count - 1) / 2)]) / 2
}

try {
    $runs = foreach ($round in 1..$Rounds) {
        $shift = ($round - 1) % ($paths.Count + 2)
        $order = @(@('bare', 'empty') + $paths)
        $order = $order[$shift..($order.Count - 1)] + $(if ($shift) { $order[0..($shift - 1)] })
        foreach ($one in $order) {
            if ($one -eq 'bare') {
                $measured = Measure-Process @('-Command', '$null')
                [pscustomobject]@{ Round = $round; Module = 'pwsh -c $null'; ProcessMs = $measured.ProcessMs }
            }
            elseif ($one -eq 'empty') {
                $steps = (Measure-Process @('-File', $probePath, $emptyPath, '$null')).Output | ConvertFrom-Json
                [pscustomobject]@{ Round = $round; Module = 'an empty script module'; ImportMs = $steps.ImportMs; ImportCpuMs = $steps.ImportCpuMs; ImportJit = $steps.ImportJit; ImportJitMs = $steps.ImportJitMs }
            }
            else {
                $measured = Measure-Process @('-File', $probePath, $one, $FirstCall)
                $steps = $measured.Output | ConvertFrom-Json
                $row = [ordered]@{ Round = $round; Module = $one; ProcessMs = $measured.ProcessMs }
                foreach ($property in $steps.PSObject.Properties) { $row[$property.Name] = $property.Value }
                [pscustomobject]$row
            }
        }
    }
}
finally {
    Remove-Item -LiteralPath $probePath -ErrorAction Ignore
    Remove-Item -LiteralPath $emptyFolder -Recurse -ErrorAction Ignore
    Remove-Item -LiteralPath $cacheFolder -Recurse -ErrorAction Ignore
    $env:XDG_CACHE_HOME = $parentCacheHome
}

$columns = 'ProcessMs', 'ImportMs', 'ImportCpuMs', 'ImportJit', 'ImportJitMs', 'FirstMs', 'FirstCpuMs', 'FirstJit', 'FirstJitMs', 'WarmMs'
$summary = foreach ($group in $runs | Group-Object Module) {
    $row = [ordered]@{ Module = $group.Name }
    foreach ($column in $columns) {
        $values = @($group.Group | Where-Object { $null -ne $_.$column } | ForEach-Object { [double]$_.$column })
        $row[$column] = if ($values) { [math]::Round((Get-Median $values), 1) } else { $null }
    }
    [pscustomobject]$row
}
"Medians of $Rounds rounds (ms; Jit = methods compiled, JitMs = time compiling them; first call: $FirstCall; $($Primed ? 'each child primed with its own startup profile' : 'no startup profile')):"
$summary | Format-Table -AutoSize | Out-String -Width 250
