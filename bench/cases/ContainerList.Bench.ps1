# Listing 200 and 1,000 created (not started) containers in a warm session, every way filtering on the same label so
# that other objects on a shared engine change nothing.
param([switch] $Quick)

@{
    Name    = 'ContainerList'
    Title   = 'Get-DockerContainer -All -Label over 200 and 1,000 created containers'
    Rounds  = 5
    Targets = @{ 'raw GET /containers/json (curl)' = 1.1; '1000 containers/docker ps -a' = 0.25 }
    Setup   = {
        param($S)
        $S.Small = $S.Quick ? 40 : 200
        $S.Large = $S.Quick ? 200 : 1000
        $S.SmallLabel = "dockerps.bench.set=$(Get-BenchRunId)-small"
        New-BenchContainer -Count $S.Small -Label $S.SmallLabel | Out-Null
        New-BenchContainer -Count ($S.Large - $S.Small) | Out-Null
        $S.Filters = @{ $S.Small = $S.SmallLabel; $S.Large = Get-BenchLabel }
    }
    Ways    = [ordered]@{
        'DockerPS'                               = {
            param($S)
            foreach ($count in $S.Small, $S.Large) {
                Measure-Step "$count containers" { Get-DockerContainer -All -Label $S.Filters[$count] }
            }
        }
        'docker ps -a'                           = {
            param($S)
            foreach ($count in $S.Small, $S.Large) {
                Measure-Step "$count containers" { docker ps -a --filter "label=$($S.Filters[$count])" | Out-Null }
            }
        }
        'docker ps -a --format json | ConvertFrom-Json' = {
            param($S)
            foreach ($count in $S.Small, $S.Large) {
                Measure-Step "$count containers" { docker ps -a --filter "label=$($S.Filters[$count])" --format '{{json .}}' | ConvertFrom-Json }
            }
        }
        'docker-py containers.list'              = {
            param($S)
            foreach ($count in $S.Small, $S.Large) {
                Measure-Step "$count containers" { Invoke-BenchDockerPy "client.containers.list(all=True, filters={'label': '$($S.Filters[$count])'})" }
            }
        }
        'raw GET /containers/json (curl)'        = {
            param($S)
            foreach ($count in $S.Small, $S.Large) {
                $filter = [uri]::EscapeDataString((@{ label = @($S.Filters[$count]) } | ConvertTo-Json -Compress))
                Measure-Step "$count containers" { Invoke-BenchApi GET "/containers/json?all=1&filters=$filter" }
            }
        }
    }
    Requires = @{ 'docker-py containers.list' = { Test-BenchDockerPy } }
    Teardown = { param($S) Remove-BenchObject }
}
