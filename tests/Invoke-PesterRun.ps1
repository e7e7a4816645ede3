<#
.SYNOPSIS
    Runs the Pester tests against a built DockerPS; started by Invoke-EngineTests.ps1 in a child pwsh.
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string[]] $Path,
    # Where to write the counts, for build.ps1's closing line.
    [string] $CountsPath,
    # Only the blocks carrying one of these tags; all of them by default.
    [string[]] $Tag
)

$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -Force

# The tests import the module from here; each test file also gets a run id for the labels it puts on
# everything it creates.
$env:DOCKERPS_MODULE_PATH = (Resolve-Path $ModulePath).Path
if (-not $env:DOCKERPS_TEST_RUN) {
    $env:DOCKERPS_TEST_RUN = [guid]::NewGuid().ToString('n').Substring(0, 12)
}

$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.PassThru = $true
if ($Tag) {
    $configuration.Filter.Tag = $Tag
}
$configuration.Output.Verbosity = 'Detailed'
$configuration.Should.ErrorAction = 'Continue'
$result = Invoke-Pester -Configuration $configuration

# Every test removes what it made; anything of this run still on an engine is a leak worth saying, and removing.
foreach ($engine in @($env:DOCKERPS_TEST_HOST, $env:DOCKERPS_TEST_HOST2) | Where-Object { $_ }) {
    [string[]] $leftovers = & docker -H $engine ps -aq --no-trunc --filter "label=dockerps.test=$($env:DOCKERPS_TEST_RUN)" 2>$null
    if ($leftovers) {
        Write-Warning "Tests left $($leftovers.Count) container(s) on $engine; removing them."
        & docker -H $engine rm -f @leftovers *> $null
    }
}

# What failed, one line each with its first words, for build.ps1 to repeat at the end of the whole output, where a
# CI log's tail shows it.
function Format-Failure([string] $Name, $ErrorRecord) {
    "${Name}: $(@($ErrorRecord)[0].Exception.Message -split "`n" | Select-Object -First 1)"
}
$failures = @(
    # A test failed by its block's set-up has no error of its own: the block's line says it.
    foreach ($test in $result.Failed | Where-Object ErrorRecord) {
        Format-Failure $test.ExpandedPath $test.ErrorRecord
    }
    foreach ($block in @($result.FailedBlocks) + @($result.FailedContainers)) {
        Format-Failure ($block.Name ?? $block.Item) $block.ErrorRecord
    }
)
if ($CountsPath) {
    @{ Passed = $result.PassedCount; Failed = $result.FailedCount; Skipped = $result.SkippedCount; Failures = $failures } |
        ConvertTo-Json | Set-Content $CountsPath
}
"Pester: $($result.PassedCount) passed, $($result.FailedCount) failed, $($result.SkippedCount) skipped"
exit ([int]($result.FailedCount -gt 0 -or $result.Result -ne 'Passed'))
