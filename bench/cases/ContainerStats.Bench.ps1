# One stats sample of each of 100 running containers, named by id every way. Every way needs two readings per
# container for the CPU figure (the engine gives the second a second or two after the first), so what is measured is
# how well each reads many containers at once.
param([switch] $Quick)

@{
    Name    = 'ContainerStats'
    Title   = "Get-DockerContainerStats over $($Quick ? 10 : 100) running containers, one sample each"
    Rounds  = 3
    State   = @{ Count = $Quick ? 10 : 100 }
    Targets = @{ 'docker stats --no-stream' = 1.0 }
    Setup   = { param($S) $S.Ids = New-BenchContainer -Count $S.Count -Start }
    Ways    = [ordered]@{
        'DockerPS'                                        = {
            param($S)
            Measure-Step 'one sample each' { Get-DockerContainerStats $S.Ids }
        }
        'docker stats --no-stream'                        = {
            param($S)
            Measure-Step 'one sample each' { docker stats --no-stream $S.Ids | Out-Null }
        }
        'docker-py stats(stream=False), 16 threads'       = {
            param($S)
            $list = "[$(($S.Ids | ForEach-Object { "'$_'" }) -join ',')]"
            Measure-Step 'one sample each' { Invoke-BenchDockerPy "from concurrent.futures import ThreadPoolExecutor`nlist(ThreadPoolExecutor(16).map(lambda c: client.api.stats(c, stream=False), $list))" }
        }
        'raw, all at once (curl | xargs -P <count>)'      = {
            param($S)
            Measure-Step 'one sample each' { Invoke-BenchApiEach -Item $S.Ids -Method GET -Path '/containers/{}/stats?stream=false' -Parallel $S.Count }
        }
    }
    Requires = @{ 'docker-py stats(stream=False), 16 threads' = { Test-BenchDockerPy } }
    Teardown = { param($S) Remove-BenchObject }
}
