# Exec and logs throughput: 2.6 million short lines (seq) and one 50 MiB line, into Measure-Object and into a file.
# DockerPS writes line objects; the docker CLI is run as a PowerShell user runs it (its lines piped into
# Measure-Object or ForEach-Object; > file, which PowerShell 7.4+ passes byte for byte); docker-py and raw curl write
# the bytes to a file (curl's are the engine's multiplexed stream, frame headers and all: the physical limit).
param([switch] $Quick)

$lines = $Quick ? 100000 : 2600000
$longMiB = $Quick ? 2 : 50
@{
    Name    = 'ContainerStreams'
    Title   = "Invoke-DockerContainerCommand and Get-DockerContainerLog: $lines short lines, one $longMiB MiB line"
    Rounds  = 2
    State   = @{ Lines = $lines; LongMiB = $longMiB }
    Targets = @{
        'exec lines > file/docker exec | Measure-Object, > file' = 1.11
        'logs lines > file/docker logs | Measure-Object, > file' = 1.11
        'docker exec | ForEach-Object { $_ } | Measure-Object'   = 1.0
    }
    Setup   = {
        param($S)
        $S.Short = @('seq', '1', "$($S.Lines)")
        $S.Long = @('sh', '-c', "head -c $($S.LongMiB * 1MB) /dev/zero | tr '\0' x; echo")
        $S.Exec = New-BenchContainer -Count 1 -Start | Select-Object -First 1
        $S.Logs = New-BenchContainer -Count 1 -Start -Command $S.Short | Select-Object -First 1
        $S.LongLogs = New-BenchContainer -Count 1 -Start -Command $S.Long | Select-Object -First 1
        Invoke-BenchDocker wait $S.Logs $S.LongLogs | Out-Null
        $S.File = Join-Path ([IO.Path]::GetTempPath()) "dps-bench-$(Get-BenchRunId)-stream.out"
        # PowerShell's own ceiling for line objects: a compiled cmdlet that only writes as many strings.
        if (-not ('DockerPSBench.WriteBenchLinesCommand' -as [type])) {
            $cmdlet = Add-Type -PassThru -TypeDefinition @'
namespace DockerPSBench {
    [System.Management.Automation.Cmdlet("Write", "BenchLines")]
    public sealed class WriteBenchLinesCommand : System.Management.Automation.PSCmdlet {
        [System.Management.Automation.Parameter(Mandatory = true)] public int Count { get; set; }
        protected override void EndProcessing() { for (var i = 1; i <= Count; i++) WriteObject(i.ToString()); }
    }
}
'@
            Import-Module -Assembly $cmdlet[0].Assembly
        }
    }
    Ways    = [ordered]@{
        'DockerPS'                                             = {
            param($S)
            Measure-Step 'exec lines | Measure-Object' -Lines $S.Lines { Invoke-DockerContainerCommand $S.Exec $S.Short | Measure-Object }
            Measure-Step 'exec lines > file' { Invoke-DockerContainerCommand $S.Exec $S.Short -OutFile $S.File -Force }
            Measure-Step 'exec one long line | Measure-Object' { Invoke-DockerContainerCommand $S.Exec $S.Long | Measure-Object }
            Measure-Step 'logs lines | Measure-Object' -Lines $S.Lines { Get-DockerContainerLog $S.Logs | Measure-Object }
            Measure-Step 'logs lines > file' { Get-DockerContainerLog $S.Logs -OutFile $S.File -Force }
            Measure-Step 'logs one long line | Measure-Object' { Get-DockerContainerLog $S.LongLogs | Measure-Object }
        }
        'docker exec | Measure-Object, > file'                 = {
            param($S)
            Measure-Step 'exec lines | Measure-Object' { docker exec $S.Exec @($S.Short) | Measure-Object }
            Measure-Step 'exec lines > file' { docker exec $S.Exec @($S.Short) > $S.File }
            Measure-Step 'exec one long line | Measure-Object' { docker exec $S.Exec @($S.Long) | Measure-Object }
        }
        'docker logs | Measure-Object, > file'                 = {
            param($S)
            Measure-Step 'logs lines | Measure-Object' { docker logs $S.Logs | Measure-Object }
            Measure-Step 'logs lines > file' { docker logs $S.Logs > $S.File }
            Measure-Step 'logs one long line | Measure-Object' { docker logs $S.LongLogs | Measure-Object }
        }
        'docker exec | ForEach-Object { $_ } | Measure-Object' = {
            param($S)
            Measure-Step 'exec lines | Measure-Object' { docker exec $S.Exec @($S.Short) | ForEach-Object { $_ } | Measure-Object }
        }
        'a compiled cmdlet writing as many strings | Measure-Object' = {
            param($S)
            Measure-Step 'exec lines | Measure-Object' -Lines $S.Lines { Write-BenchLines -Count $S.Lines | Measure-Object }
            Measure-Step 'logs lines | Measure-Object' -Lines $S.Lines { Write-BenchLines -Count $S.Lines | Measure-Object }
        }
        'docker-py exec_start/logs(stream=True) to a file'     = {
            param($S)
            Measure-Step 'exec lines > file' { Invoke-BenchDockerPy "with open('$($S.File)', 'wb') as f:`n    for chunk in client.api.exec_start(client.api.exec_create('$($S.Exec)', $(ConvertTo-Json -Compress $S.Short))['Id'], stream=True): f.write(chunk)" }
            Measure-Step 'logs lines > file' { Invoke-BenchDockerPy "with open('$($S.File)', 'wb') as f:`n    for chunk in client.api.logs('$($S.Logs)', stream=True): f.write(chunk)" }
        }
        'raw exec start, GET logs (curl -o file)'              = {
            param($S)
            $socket = Get-BenchSocket
            Measure-Step 'exec lines > file' {
                $exec = Invoke-BenchApi POST "/containers/$($S.Exec)/exec" (@{ AttachStdout = $true; AttachStderr = $true; Cmd = $S.Short } | ConvertTo-Json -Compress) | ConvertFrom-Json
                curl -sf --unix-socket $socket -X POST -H 'Content-Type: application/json' -d '{"Detach":false,"Tty":false}' -o $S.File (Get-BenchApiUrl "/exec/$($exec.Id)/start")
                if ($LASTEXITCODE) { throw 'raw exec failed' }
            }
            Measure-Step 'logs lines > file' {
                curl -sf --unix-socket $socket -o $S.File (Get-BenchApiUrl "/containers/$($S.Logs)/logs?stdout=1&stderr=1")
                if ($LASTEXITCODE) { throw 'raw logs failed' }
            }
        }
    }
    Requires = @{ 'docker-py exec_start/logs(stream=True) to a file' = { Test-BenchDockerPy } }
    # Line objects at 1 M lines/s or more into Measure-Object, beside what PowerShell itself reaches here.
    Extra    = {
        param($Figures)
        foreach ($step in 'exec lines | Measure-Object', 'logs lines | Measure-Object') {
            $ours = $Figures[$step]['DockerPS']
            $rate = $ours[0].Lines / (Get-Median $ours.Seconds)
            [pscustomobject]@{ Step = $step; Peer = 'DockerPS lines per second'; Value = '{0:N2} M/s' -f ($rate / 1e6); Target = '≥ 1 M/s'; Met = $rate -ge 1e6 ? 'met' : 'not met' }
            $ceiling = $Figures[$step]['a compiled cmdlet writing as many strings | Measure-Object']
            if ($ceiling) {
                $rate = $ceiling[0].Lines / (Get-Median $ceiling.Seconds)
                [pscustomobject]@{ Step = $step; Peer = 'a compiled cmdlet writing strings, lines per second'; Value = '{0:N2} M/s' -f ($rate / 1e6); Target = ''; Met = '' }
            }
        }
    }
    Teardown = {
        param($S)
        Remove-BenchObject
        if ($S.File) { Remove-Item -LiteralPath $S.File -ErrorAction Ignore }
    }
}
