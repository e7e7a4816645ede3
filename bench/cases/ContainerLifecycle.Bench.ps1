# Starting, stopping and removing 200 containers (each with an anonymous volume) as batches. Each way creates its own
# containers first (not timed), then starts, stops and removes them; the containers run under an init so that they
# end on SIGTERM at once, and a stop measures the engine and the client, not a ten-second grace period.
param([switch] $Quick)

$count = $Quick ? 20 : 200
@{
    Name    = 'ContainerLifecycle'
    Title   = "Start-, Stop-, Remove-DockerContainer -Force -Volumes over $count containers from the pipeline"
    Rounds  = 2
    State   = @{ Count = $count }
    Targets = @{ 'raw, 50 calls at once (curl | xargs -P 50)' = 1.0 }
    Ways    = [ordered]@{
        'DockerPS'                                     = {
            param($S)
            $ids = New-BenchContainer -Count $S.Count -Volume
            Measure-Step 'start' { $ids | Start-DockerContainer }
            Measure-Step 'stop' { $ids | Stop-DockerContainer }
            Measure-Step 'remove' { $ids | Remove-DockerContainer -Force -Volumes }
        }
        'docker start|stop|rm -fv <all ids>'           = {
            param($S)
            $ids = New-BenchContainer -Count $S.Count -Volume
            Measure-Step 'start' { docker start @ids | Out-Null }
            Measure-Step 'stop' { docker stop @ids | Out-Null }
            Measure-Step 'remove' { docker rm -fv @ids | Out-Null }
        }
        'docker-py, one call after another'            = {
            param($S)
            $ids = New-BenchContainer -Count $S.Count -Volume
            $list = "[$(($ids | ForEach-Object { "'$_'" }) -join ',')]"
            Measure-Step 'start' { Invoke-BenchDockerPy "for c in ${list}: client.api.start(c)" }
            Measure-Step 'stop' { Invoke-BenchDockerPy "for c in ${list}: client.api.stop(c)" }
            Measure-Step 'remove' { Invoke-BenchDockerPy "for c in ${list}: client.api.remove_container(c, v=True, force=True)" }
        }
        'raw, 50 calls at once (curl | xargs -P 50)'   = {
            param($S)
            $ids = New-BenchContainer -Count $S.Count -Volume
            Measure-Step 'start' { Invoke-BenchApiEach -Item $ids -Method POST -Path '/containers/{}/start' -Parallel 50 }
            Measure-Step 'stop' { Invoke-BenchApiEach -Item $ids -Method POST -Path '/containers/{}/stop' -Parallel 50 }
            Measure-Step 'remove' { Invoke-BenchApiEach -Item $ids -Method DELETE -Path '/containers/{}?force=1&v=1' -Parallel 50 }
        }
    }
    Requires = @{ 'docker-py, one call after another' = { Test-BenchDockerPy } }
    Teardown = { param($S) Remove-BenchObject }
}
