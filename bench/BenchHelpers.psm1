# Shared set-up for the benchmark cases (bench/cases): the engine, the run's label, the fixture image, the peers
# (docker CLI, docker-py, raw API calls with curl), timing with working-set growth, and removal of only what the
# bench made. Every object the bench creates carries the label dockerps.bench=<run id>.

$script:Run = [guid]::NewGuid().ToString('n').Substring(0, 8)
$script:Fixture = 'dockerps-fixture/busybox:latest'
$script:Steps = $null
$script:Way = $null

function Get-BenchRunId { $script:Run }
function Get-BenchLabel { "dockerps.bench=$script:Run" }
function Get-BenchFixture { $script:Fixture }

# The engine's unix socket path, for curl (every raw peer needs one; the rig's engines all are unix sockets).
function Get-BenchSocket([string] $HostAddress = $env:DOCKER_HOST) {
    if ($HostAddress -notmatch '^unix://') { throw "the raw API peers need a unix socket engine, not '$HostAddress'" }
    $HostAddress -replace '^unix://'
}

# The engine's Engine API version, which the raw calls name in their paths as the docker CLI does.
function Get-BenchApiVersion {
    if (-not $script:ApiVersion) {
        $script:ApiVersion = (& curl -sf --unix-socket (Get-BenchSocket) http://localhost/version | ConvertFrom-Json).ApiVersion
    }
    $script:ApiVersion
}

# The http://localhost/v1.xx prefix of a raw API call.
function Get-BenchApiUrl([string] $Path) { "http://localhost/v$(Get-BenchApiVersion)$Path" }

# Runs the docker CLI; throws with its output when it fails (set-up and clean-up, never a timed peer).
function Invoke-BenchDocker {
    $output = & docker @args 2>&1
    if ($LASTEXITCODE -ne 0) { throw "docker $($args -join ' ') failed: $output" }
    $output
}

# One raw API call with curl; -Body is JSON. Returns the response text.
function Invoke-BenchApi([string] $Method = 'GET', [string] $Path, [string] $Body) {
    $arguments = @('-sf', '--unix-socket', (Get-BenchSocket), '-X', $Method, (Get-BenchApiUrl $Path))
    if ($Body) { $arguments += '-H', 'Content-Type: application/json', '-d', $Body }
    $output = & curl @arguments
    if ($LASTEXITCODE -ne 0) { throw "curl $Method $Path failed (exit code $LASTEXITCODE)" }
    $output
}

# A raw call whose answer is a JSON progress stream (push, pull); throws when the stream reports an error, as the
# engine answers 200 and reports failures in the stream.
function Invoke-BenchRawStream([string] $Method, [string] $Path) {
    $output = & curl -sf --unix-socket (Get-BenchSocket) -X $Method -H 'X-Registry-Auth: e30=' (Get-BenchApiUrl $Path)
    if ($LASTEXITCODE -ne 0 -or "$output" -match '"error"') { throw "curl $Method $Path failed: $output" }
}

# The same raw call for each of -Item ({} in -Path stands for it), -Parallel at once, through xargs: the physical
# limit a peer can reach. Throws when any call failed.
function Invoke-BenchApiEach([string[]] $Item, [string] $Method, [string] $Path, [int] $Parallel = 1, [string] $BodyFile) {
    $arguments = @('-P', $Parallel, '-I', '{}', 'curl', '-sf', '-o', '/dev/null', '--unix-socket', (Get-BenchSocket), '-X', $Method)
    if ($BodyFile) { $arguments += '-H', 'Content-Type: application/json', '-d', "@$BodyFile" }
    $Item | & xargs @arguments (Get-BenchApiUrl $Path)
    if ($LASTEXITCODE -ne 0) { throw "xargs curl $Method $Path failed (exit code $LASTEXITCODE)" }
}

# Debian's python3 with its python3-docker (installed by the rig), rather than whichever python3 comes first on PATH.
$script:Python = (Test-Path /usr/bin/python3) ? '/usr/bin/python3' : 'python3'

# Runs a docker-py script as a user would (a python3 process with a client on the engine as `client`).
function Invoke-BenchDockerPy([string] $Code) {
    $prelude = "import docker, sys`nclient = docker.DockerClient(base_url='$env:DOCKER_HOST', version='auto')`n"
    $output = & $script:Python -c ($prelude + $Code) 2>&1
    if ($LASTEXITCODE -ne 0) { throw "docker-py failed: $output" }
    $output
}

function Test-BenchDockerPy {
    & $script:Python -c 'import docker' 2>$null
    $LASTEXITCODE -eq 0
}

# Creates -Count containers of the fixture (labelled for this run, and with -Label too), -Parallel raw creates at
# once so that set-up stays short; started too with -Start. Returns their ids in creation order.
function New-BenchContainer {
    param([int] $Count, [string[]] $Label = @(), [string[]] $Command = @('sleep', '3600'), [switch] $Start, [switch] $Volume, [int] $Parallel = 8)
    $labels = @{ 'dockerps.bench' = $script:Run }
    foreach ($pair in $Label) { $key, $value = $pair -split '=', 2; $labels[$key] = "$value" }
    # Init: the stop benchmarks need containers that end on SIGTERM, as sleep as PID 1 does not.
    $spec = @{ Image = $script:Fixture; Cmd = $Command; Labels = $labels; HostConfig = @{ Init = $true } }
    if ($Volume) { $spec.Volumes = @{ '/data' = @{} } }
    $body = New-TemporaryFile
    try {
        Set-Content -LiteralPath $body -Value ($spec | ConvertTo-Json -Depth 5 -Compress)
        $prefix = "dps-bench-$script:Run-$([guid]::NewGuid().ToString('n').Substring(0, 6))"
        Invoke-BenchApiEach -Item (1..$Count) -Method POST -Path "/containers/create?name=$prefix-{}" -Parallel $Parallel -BodyFile $body
    }
    finally {
        Remove-Item -LiteralPath $body
    }
    [string[]] $ids = 1..$Count | ForEach-Object { "$prefix-$_" }
    if ($Start) { Invoke-BenchApiEach -Item $ids -Method POST -Path '/containers/{}/start' -Parallel $Parallel }
    $ids
}

# Builds an image of -SizeMiB of random data in -Layers layers (each a labelled container writes its share, docker
# commit keeps it), tagged -Reference and labelled for this run, as the intermediate images are.
function New-BenchImage([string] $Reference, [int] $SizeMiB, [int] $Layers = 2) {
    $base = $script:Fixture
    foreach ($layer in 1..$Layers) {
        $builder = "dps-bench-$script:Run-builder-$([guid]::NewGuid().ToString('n').Substring(0, 6))"
        $share = [math]::Ceiling($SizeMiB / $Layers)
        Invoke-BenchDocker run --label (Get-BenchLabel) --name $builder $base sh -c "head -c ${share}m /dev/urandom > /layer-$layer" | Out-Null
        $tag = $layer -eq $Layers ? @($Reference) : @()
        $base = Invoke-BenchDocker commit --change "LABEL $(Get-BenchLabel)" $builder @tag
        Invoke-BenchDocker rm $builder | Out-Null
    }
}

# Removes the bench's containers (with their anonymous volumes) and images on the current engine: only objects
# carrying this run's label (or -Label, narrower).
function Remove-BenchObject([string] $Label = (Get-BenchLabel), [switch] $Images) {
    [string[]] $containers = & docker ps -aq --no-trunc --filter "label=$Label"
    if ($containers) { Invoke-BenchApiEach -Item $containers -Method DELETE -Path '/containers/{}?force=1&v=1' -Parallel 8 }
    # Several passes: an image that another of the run's images was built on goes once its child has gone.
    foreach ($pass in 1..($Images ? 3 : 0)) {
        [string[]] $images = & docker images -aq --no-trunc --filter "label=$Label" | Sort-Object -Unique
        if (-not $images) { break }
        foreach ($image in $images) { & docker rmi -f $image *> $null }
    }
}

# What this run made and left on an engine: containers, images, volumes with its label (other runs, maybe of other
# benchmarks on the same engine, are not ours to judge).
function Get-BenchLeftover([string] $HostAddress = $env:DOCKER_HOST) {
    $filter = "label=$(Get-BenchLabel)"
    foreach ($kind in 'container', 'image', 'volume') {
        $list = switch ($kind) {
            'container' { & docker -H $HostAddress ps -aq --filter $filter }
            'image' { & docker -H $HostAddress images -aq --filter $filter }
            'volume' { & docker -H $HostAddress volume ls -q --filter $filter }
        }
        foreach ($id in @($list)) { "$kind $id on $HostAddress" }
    }
}

# Starts a way's round: its steps' figures are collected until the next call.
function Start-BenchWay([string] $Way) {
    $script:Way = $Way
    $script:Steps = [ordered]@{}
}

function Get-BenchWaySteps { $script:Steps }

# Times one step of the current way; output is discarded. For the DockerPS way (run in this process), also the
# growth of the process's peak working set during the step over the working set just before it: on Linux the
# kernel's peak (VmHWM) is reset just before the step through /proc/self/clear_refs. -Lines gives the step's line
# count, for a throughput figure; -OutOfProcess says the DockerPS step runs in a process of its own (no growth).
function Measure-Step {
    param([Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [scriptblock] $ScriptBlock, [long] $Lines, [switch] $OutOfProcess)
    $inProcess = $script:Way -eq 'DockerPS' -and -not $OutOfProcess
    $baseline = 0
    if ($inProcess) {
        [GC]::Collect()
        [GC]::WaitForPendingFinalizers()
        $self = [Diagnostics.Process]::GetCurrentProcess()
        $baseline = $self.WorkingSet64
        if (Test-Path /proc/self/clear_refs) { [IO.File]::WriteAllText('/proc/self/clear_refs', '5') }
    }
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $null = & $ScriptBlock
    $seconds = $clock.Elapsed.TotalSeconds
    $growth = $null
    if ($inProcess) {
        $self.Refresh()
        $growth = [math]::Max(0, $self.PeakWorkingSet64 - $baseline) / 1MB
    }
    $script:Steps[$Name] = [pscustomobject]@{ Seconds = $seconds; GrowthMiB = $growth; Lines = $Lines }
}

# Starts tests/FaultProxy (built with the solution) in front of the engine at -Target (a unix socket address),
# holding every chunk from the engine back -DelayMs: a slower engine. Returns the proxy, with its Address.
function Start-BenchProxy([string] $Target, [int] $DelayMs) {
    $dll = 'Release', 'Debug' | ForEach-Object { Join-Path $PSScriptRoot "../tests/FaultProxy/bin/$_/net10.0/FaultProxy.dll" } |
        Where-Object { Test-Path $_ } | Select-Object -First 1
    if (-not $dll) { throw 'tests/FaultProxy is not built: run ./build.ps1 first.' }
    $socket = Join-Path ([IO.Path]::GetTempPath()) "dps-bench-$script:Run-$([guid]::NewGuid().ToString('n').Substring(0, 6)).sock"
    $start = [Diagnostics.ProcessStartInfo]::new('dotnet')
    @($dll, '--listen', $socket, '--target', (Get-BenchSocket $Target), '--delay-ms', $DelayMs) | ForEach-Object { $start.ArgumentList.Add("$_") }
    $start.RedirectStandardOutput = $true
    $process = [Diagnostics.Process]::Start($start)
    if ($process.StandardOutput.ReadLine() -ne 'ready') { throw 'the fault proxy did not start' }
    [pscustomobject]@{ Process = $process; Socket = $socket; Address = "unix://$socket" }
}

function Stop-BenchProxy($Proxy) {
    $Proxy.Process.Kill()
    $Proxy.Process.WaitForExit()
    Remove-Item -LiteralPath $Proxy.Socket -ErrorAction Ignore
}

# Runs -ScriptBlock with DOCKER_HOST (the CLI's, docker-py's and the raw calls' engine) set to -HostAddress.
function Invoke-BenchOnEngine([string] $HostAddress, [scriptblock] $ScriptBlock) {
    $saved = $env:DOCKER_HOST
    $env:DOCKER_HOST = $HostAddress
    try { & $ScriptBlock } finally { $env:DOCKER_HOST = $saved }
}

# The median of a list of numbers.
function Get-Median([double[]] $Value) {
    $sorted = @($Value | Sort-Object)
    ($sorted[[math]::Floor(($sorted.Count - 1) / 2)] + $sorted[[math]::Ceiling(($sorted.Count - 1) / 2)]) / 2
}

# The pwsh running the bench (a dotnet tool's process is dotnet itself, so not the process path).
function Get-BenchPwsh { Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh') }

Export-ModuleMember -Function *
