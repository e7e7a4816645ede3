#Requires -Version 7.2
<#
.SYNOPSIS
    Builds, tests and packages DockerPS.
.DESCRIPTION
    Build    lays out output/DockerPS/<version>/ (manifest, loader, format file, help, bin/).
    UnitTest runs the xunit tests (tests/DockerPS.Tests) alone: no engine, no module layout.
    Test     packages, runs the xunit tests, then tests/Invoke-EngineTests.ps1: the Pester tests against a real
             engine (tests/engine/Start-TestEngine.sh unless DOCKERPS_TEST_HOST is set), then the blocks tagged
             AnyEngine again against Podman when its rig can run (tests/engine/Start-TestPodman.sh: Linux, as root
             or with DOCKERPS_TEST_PODMAN set; DOCKERPS_TEST_PODMAN=none skips it), stopping what it started.
    Package  builds and writes output/DockerPS.<version>.nupkg, installable from a folder repository.
    Bench    builds, then runs the benchmark suite (bench/Invoke-Benchmarks.ps1) against the test rig's engine, started
             like Test does when it is not running: DockerPS against the docker CLI, docker-py and raw API calls, as
             ratios. Not part of Test. -BenchCase picks cases, -BenchRounds sets the rounds, -Quick runs small sizes
             once (about 3 minutes). A full run of every case writes bench/results.md and copies its table into the
             README; other runs write output/bench/results.md.
    Clean    removes output/ and the bin/obj folders.
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'UnitTest', 'Test', 'Package', 'Clean', 'Bench')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Pester tests to run (paths or names under tests/Pester); all of them by default.
    [string[]] $TestPath,

    # Bench cases to run (names of files in bench/cases without .Bench.ps1; wildcards); all of them by default.
    [string[]] $BenchCase = '*',

    # Rounds per bench case; each case's own default if 0.
    [int] $BenchRounds = 0,

    # Bench with small sizes and one round: checks the suite runs (about 3 minutes); figures not comparable.
    [switch] $Quick
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$root = $PSScriptRoot
$output = Join-Path $root 'output'
$version = (Import-PowerShellDataFile (Join-Path $root 'DockerPS.psd1')).ModuleVersion
$moduleOutput = Join-Path $output "DockerPS/$version"

function Invoke-Native {
    param([string] $FilePath, [string[]] $ArgumentList)
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) {
        throw "$FilePath $($ArgumentList -join ' ') failed with exit code $LASTEXITCODE"
    }
}

function Invoke-Build {
    Invoke-Native dotnet @('build', (Join-Path $root 'DockerPS.sln'), '-c', $Configuration, '--nologo', '-v', 'quiet', '-clp:ErrorsOnly')

    if (Test-Path $moduleOutput) {
        Remove-Item $moduleOutput -Recurse -Force
    }
    $bin = New-Item -ItemType Directory -Force (Join-Path $moduleOutput 'bin')
    $moduleBuild = Join-Path $root "src/DockerPS/bin/$Configuration/netstandard2.0"
    Get-ChildItem $moduleBuild -Filter *.dll | Copy-Item -Destination $bin
    Add-ReadyToRunImage -Source $moduleBuild -Bin $bin.FullName
    Copy-Item (Join-Path $root "src/DockerPS.LoadContext/bin/$Configuration/net8.0/DockerPS.LoadContext.dll") $moduleOutput
    Copy-Item (Join-Path $root 'DockerPS.psd1'), (Join-Path $root 'src/DockerPS/DockerPS.psm1'), (Join-Path $root 'src/DockerPS/DockerPS.Format.ps1xml') $moduleOutput

    $help = New-Item -ItemType Directory -Force (Join-Path $moduleOutput 'en-US')
    & (Join-Path $root 'tools/Build-DockerPSHelp.ps1') -ModulePath (Join-Path $moduleOutput 'DockerPS.psd1') -SourcePath (Join-Path $root 'en-US') -OutputPath $help.FullName
    Write-Host "Built DockerPS $version -> $moduleOutput"
}

# The assemblies a session's first call loads, compiled ahead of time for each platform PowerShell 7 runs on, so that
# the JIT does not compile them method by method: PowerShell 7 loads them from bin/ReadyToRun/<platform>/
# (DockerPSLoadContext); Windows PowerShell, and PowerShell 7 anywhere else, load bin/ as it is.
$readyToRunAssemblies = 'DockerPS', 'Docker.DotNet', 'Docker.DotNet.Handler.Abstractions', 'Docker.DotNet.X509',
    'Microsoft.Net.Http.Client', 'Microsoft.Extensions.Logging.Abstractions'
$readyToRunPlatforms = 'linux-x64', 'linux-arm64', 'osx-x64', 'osx-arm64', 'win-x64', 'win-arm64'

function Add-ReadyToRunImage([string] $Source, [string] $Bin) {
    # The SDK picks the compiler (the crossgen2 of its own runtime) and restores it from NuGet.
    $project = Join-Path $root 'src/DockerPS.ReadyToRun/DockerPS.ReadyToRun.csproj'
    $answer = & dotnet msbuild $project -restore -nologo -v:q '-t:ResolveFrameworkReferences;ResolveReadyToRunCompilers' -getItem:Crossgen2Tool
    if ($LASTEXITCODE -ne 0) {
        throw "Could not find the SDK's crossgen2: $answer"
    }
    $crossgen = (($answer -join "`n") | ConvertFrom-Json).Items.Crossgen2Tool[0].FullPath
    $references = [System.Runtime.InteropServices.RuntimeEnvironment]::GetRuntimeDirectory(), $PSHOME, $Source |
        ForEach-Object { '-r:' + (Join-Path $_ '*.dll') }

    # Images stay in output/readytorun between builds: only an assembly newer than its image is compiled again.
    $cache = Join-Path $output "readytorun/$Configuration"
    $compilerStamp = Join-Path $cache 'compiler.txt'
    if ((Test-Path $compilerStamp) -and (Get-Content $compilerStamp) -ne $crossgen) {
        Remove-Item $cache -Recurse -Force
    }
    $null = New-Item -ItemType Directory -Force $cache
    Set-Content $compilerStamp $crossgen

    foreach ($platform in $readyToRunPlatforms) {
        $os, $architecture = $platform -split '-'
        $images = New-Item -ItemType Directory -Force (Join-Path $cache $platform)
        foreach ($name in $readyToRunAssemblies) {
            $assembly = Get-Item (Join-Path $Source "$name.dll")
            $image = Get-Item (Join-Path $images "$name.dll") -ErrorAction Ignore
            if (-not $image -or $image.LastWriteTimeUtc -lt $assembly.LastWriteTimeUtc) {
                # In a response file: PowerShell would expand the references' wildcards itself.
                $arguments = Join-Path $images "$name.rsp"
                Set-Content $arguments (@($assembly.FullName, "-o:$(Join-Path $images "$name.dll")", '-O',
                    "--targetos:$($os -eq 'win' ? 'windows' : $os)", "--targetarch:$architecture") + $references)
                Invoke-Native $crossgen @("@$arguments") | Out-Null
            }
        }
        $null = New-Item -ItemType Directory -Force (Join-Path $Bin "ReadyToRun/$platform")
        Copy-Item (Join-Path $images '*.dll') -Destination (Join-Path $Bin "ReadyToRun/$platform")
    }
}

# Runs the xunit tests (no engine, no module layout needed); returns their counts.
function Invoke-UnitTest {
    $results = New-Item -ItemType Directory -Force (Join-Path $output 'test-results')
    $trx = Join-Path $results 'xunit.trx'
    Remove-Item $trx -ErrorAction Ignore
    & dotnet test (Join-Path $root 'tests/DockerPS.Tests/DockerPS.Tests.csproj') -c $Configuration --nologo -v quiet --logger "trx;LogFileName=$trx" | Out-Host
    $exitCode = $LASTEXITCODE
    if (-not (Test-Path $trx)) {
        throw "xunit wrote no results (dotnet test exit code $exitCode)."
    }
    $run = ([xml](Get-Content $trx -Raw)).TestRun
    $counters = $run.ResultSummary.Counters
    $failures = @($run.Results.UnitTestResult | Where-Object outcome -eq 'Failed' | ForEach-Object {
        "$($_.testName): $(($_.Output.ErrorInfo.Message -split "`n")[0])"
    })
    [pscustomobject]@{
        Name = 'xunit'; Passed = [int]$counters.passed; Failed = [int]$counters.failed; Skipped = [int]$counters.notExecuted
        Failures = $failures; ExitCode = $exitCode
    }
}

function Invoke-Test {
    # The package too: a test installs it the way an administrator would.
    Invoke-Package
    $runs = @(Invoke-UnitTest)
    $runs += & (Join-Path $root 'tests/Invoke-EngineTests.ps1') -ModulePath (Join-Path $moduleOutput 'DockerPS.psd1') -Path $TestPath -ResultsPath (Join-Path $output 'test-results')
    Write-TestSummary $runs
}

# The closing line, over every run; fails when any run failed.
function Write-TestSummary([object[]] $Runs) {
    $passed = ($Runs.Passed | Measure-Object -Sum).Sum
    $failed = ($Runs.Failed | Measure-Object -Sum).Sum
    $skipped = ($Runs.Skipped | Measure-Object -Sum).Sum
    foreach ($run in $Runs) {
        foreach ($failure in $run.Failures) {
            "Failed in $($run.Name): $failure"
        }
    }
    "Tests: $passed passed, $failed failed, $skipped skipped"
    if ($Runs | Where-Object ExitCode -ne 0) {
        throw "Tests failed ($(($Runs | ForEach-Object { "$($_.Name) exit code $($_.ExitCode)" }) -join ', '))."
    }
}

function Invoke-Package {
    Invoke-Build
    $repository = Join-Path $output 'repository'
    New-Item -ItemType Directory -Force $repository | Out-Null
    # A folder repository refuses a version it already holds.
    Remove-Item (Join-Path $repository "DockerPS.$version.nupkg") -ErrorAction Ignore
    $name = "DockerPS-build-$PID"
    Register-PSResourceRepository -Name $name -Uri $repository -Trusted
    try {
        Publish-PSResource -Path $moduleOutput -Repository $name -SkipDependenciesCheck
    }
    finally {
        Unregister-PSResourceRepository -Name $name
    }
    $package = Get-ChildItem $repository -Filter "DockerPS.$version.nupkg"
    Write-Host "Packaged $($package.FullName)"
}

# In a child pwsh, so this session never loads the module it measures.
function Invoke-Bench {
    Invoke-Build
    $complete = -not $Quick -and "$BenchCase" -eq '*'
    $results = $complete ? (Join-Path $root 'bench/results.md') : (Join-Path $output 'bench/results.md')
    $quote = { param([string] $Text) "'" + $Text.Replace("'", "''") + "'" }
    $command = "& $(& $quote (Join-Path $root 'bench/Invoke-Benchmarks.ps1')) -ModulePath $(& $quote (Join-Path $moduleOutput 'DockerPS.psd1'))" +
        " -Case $(($BenchCase | ForEach-Object { & $quote $_ }) -join ',') -Rounds $BenchRounds -Quick:`$$([bool]$Quick) -ResultsPath $(& $quote $results)"
    & (Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')) -NoProfile -NonInteractive -Command "$command; exit `$LASTEXITCODE"
    if ($LASTEXITCODE -ne 0) { throw "The bench failed (exit code $LASTEXITCODE)." }
    if ($complete) { Update-ReadmeBenchTable $results }
}

# The README shows the latest full run's table, between its bench-results markers.
function Update-ReadmeBenchTable([string] $Results) {
    $readme = Join-Path $root 'README.md'
    $table = (Get-Content -LiteralPath $Results | Where-Object { $_.StartsWith('|') }) -join "`n"
    $text = Get-Content -LiteralPath $readme -Raw
    $pattern = '(?s)(<!-- bench-results:start -->\r?\n).*?(<!-- bench-results:end -->)'
    Set-Content -LiteralPath $readme -Value ([regex]::Replace($text, $pattern, { param($m) $m.Groups[1].Value + $table + "`n" + $m.Groups[2].Value })) -NoNewline
}

function Invoke-Clean {
    Remove-Item $output -Recurse -Force -ErrorAction SilentlyContinue
    Get-ChildItem $root -Directory -Recurse -Include bin, obj |
        Where-Object { $_.FullName -notmatch '[\\/]\.git[\\/]' } |
        Remove-Item -Recurse -Force
}

switch ($Task) {
    'Build' { Invoke-Build }
    'UnitTest' { Write-TestSummary @(Invoke-UnitTest) }
    'Test' { Invoke-Test }
    'Package' { Invoke-Package }
    'Clean' { Invoke-Clean }
    'Bench' { Invoke-Bench }
}
