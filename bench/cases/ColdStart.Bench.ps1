# A scheduled script's cold start: a new pwsh that imports DockerPS and lists containers, against a pwsh that does
# nothing and against the docker CLI listing them. Every way is a new process.
param([switch] $Quick)

@{
    Name    = 'ColdStart'
    Title   = "pwsh -NoProfile -c 'Import-Module DockerPS; Get-DockerContainer' as a new process"
    Rounds  = 5
    Ways    = [ordered]@{
        'DockerPS'                     = {
            param($S)
            Measure-Step 'new process' -OutOfProcess { & (Get-BenchPwsh) -NoProfile -NonInteractive -Command "Import-Module '$env:DOCKERPS_BENCH_MODULE'; Get-DockerContainer | Out-Null" }
        }
        "pwsh -NoProfile -c '`$null'"  = {
            param($S)
            Measure-Step 'new process' { & (Get-BenchPwsh) -NoProfile -NonInteractive -Command '$null' }
        }
        'docker ps -a'                 = {
            param($S)
            Measure-Step 'new process' { docker ps -a | Out-Null }
        }
    }
    # Import-Module and the first call at most 100 ms each: what DockerPS adds to an empty pwsh.
    Extra   = {
        param($Figures)
        $ways = $Figures['new process']
        $added = (Get-Median $ways['DockerPS'].Seconds) - (Get-Median $ways["pwsh -NoProfile -c '`$null'"].Seconds)
        [pscustomobject]@{
            Step = 'new process'; Peer = "Import-Module + first call: DockerPS minus pwsh -c '`$null', ms"
            Value = '{0:N0} ms' -f ($added * 1000); Target = '≤ 200 ms'; Met = $added -le 0.2 ? 'met' : 'not met'
        }
    }
}
