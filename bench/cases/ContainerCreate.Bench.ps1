# Creating and starting 50 containers: New-DockerContainer over a pipeline of 50 images, against the docker CLI one
# `docker run -d` after another and ten at once, docker-py and raw create+start calls ten at once. Each way's
# containers are removed after it (not timed).
param([switch] $Quick)

@{
    Name    = 'ContainerCreate'
    Title   = "New-DockerContainer (create and start) over a pipeline of $($Quick ? 10 : 50) images"
    Rounds  = 2
    State   = @{ Count = $Quick ? 10 : 50 }
    Targets = @{ 'docker run -d, one after another' = 0.5; 'raw create+start, 10 at once (curl | xargs -P 10)' = 1.0 }
    Setup   = {
        param($S)
        $S.Body = New-TemporaryFile
        Set-Content -LiteralPath $S.Body -Value (@{ Image = Get-BenchFixture; Cmd = 'sleep', '3600'; Labels = @{ 'dockerps.bench' = Get-BenchRunId }; HostConfig = @{ Init = $true } } | ConvertTo-Json -Depth 5 -Compress)
    }
    Ways    = [ordered]@{
        'DockerPS'                                                = {
            param($S)
            $images = @(Get-BenchFixture) * $S.Count
            Measure-Step 'create+start' { $images | New-DockerContainer -Label (Get-BenchLabel) -Init -Command sleep, 3600 }
            Remove-BenchObject
        }
        'docker run -d, one after another'                        = {
            param($S)
            Measure-Step 'create+start' { foreach ($i in 1..$S.Count) { docker run -d --label (Get-BenchLabel) --init (Get-BenchFixture) sleep 3600 | Out-Null } }
            Remove-BenchObject
        }
        'docker run -d, 10 at once (ForEach-Object -Parallel)'    = {
            param($S)
            $label = Get-BenchLabel
            $image = Get-BenchFixture
            Measure-Step 'create+start' { 1..$S.Count | ForEach-Object -ThrottleLimit 10 -Parallel { docker run -d --label $using:label --init $using:image sleep 3600 | Out-Null } }
            Remove-BenchObject
        }
        'docker-py containers.run, one after another'             = {
            param($S)
            Measure-Step 'create+start' { Invoke-BenchDockerPy "for i in range($($S.Count)): client.containers.run('$(Get-BenchFixture)', ['sleep', '3600'], detach=True, init=True, labels={'dockerps.bench': '$(Get-BenchRunId)'})" }
            Remove-BenchObject
        }
        'raw create+start, 10 at once (curl | xargs -P 10)'       = {
            param($S)
            $name = "dps-bench-$(Get-BenchRunId)-create-{}"
            $curl = "curl -sf -o /dev/null --unix-socket '$(Get-BenchSocket)' -X POST"
            $command = "$curl -H 'Content-Type: application/json' -d @'$($S.Body)' '$(Get-BenchApiUrl "/containers/create?name=$name")' && $curl '$(Get-BenchApiUrl "/containers/$name/start")'"
            Measure-Step 'create+start' {
                1..$S.Count | xargs -P 10 -I '{}' sh -c $command
                if ($LASTEXITCODE -ne 0) { throw 'raw create+start failed' }
            }
            Remove-BenchObject
        }
    }
    Requires = @{ 'docker-py containers.run, one after another' = { Test-BenchDockerPy } }
    Teardown = { param($S) Remove-BenchObject; if ($S.Body) { Remove-Item -LiteralPath $S.Body -ErrorAction Ignore } }
}
