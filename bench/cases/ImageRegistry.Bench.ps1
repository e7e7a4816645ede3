# Pushing an image of random data to the rig's loopback registry (DOCKERPS_TEST_REGISTRY) and pulling it back. Each
# way pushes an image of its own, built just before (not timed), since a registry that already holds a layer takes
# no upload; then the image is removed (not timed) and the way pulls it back. The registry keeps what was pushed
# (it stops with the rig); the engine keeps nothing.
param([switch] $Quick)

@{
    Name    = 'ImageRegistry'
    Title   = "Submit-DockerImage and Request-DockerImage of a $($Quick ? 16 : 256) MiB image through the loopback registry"
    Rounds  = 2
    State   = @{ SizeMiB = $Quick ? 16 : 256 }
    Targets = @{ 'raw POST /images/push, /images/create (curl)' = 1.05 }
    Setup   = {
        param($S)
        if (-not $env:DOCKERPS_TEST_REGISTRY) { throw 'DOCKERPS_TEST_REGISTRY is not set: the rig''s registry is needed' }
        $S.Repository = "$env:DOCKERPS_TEST_REGISTRY/dps-bench-$(Get-BenchRunId)"
    }
    Ways    = [ordered]@{
        'DockerPS'                                        = {
            param($S)
            $reference = "$($S.Repository)/dockerps:$([guid]::NewGuid().ToString('n').Substring(0, 8))"
            New-BenchImage -Reference $reference -SizeMiB $S.SizeMiB
            Measure-Step 'push' { Submit-DockerImage $reference }
            Remove-BenchObject -Images
            Measure-Step 'pull' { Request-DockerImage $reference }
            Remove-BenchObject -Images
        }
        'docker push, docker pull'                        = {
            param($S)
            $reference = "$($S.Repository)/cli:$([guid]::NewGuid().ToString('n').Substring(0, 8))"
            New-BenchImage -Reference $reference -SizeMiB $S.SizeMiB
            Measure-Step 'push' { docker push -q $reference | Out-Null }
            Remove-BenchObject -Images
            Measure-Step 'pull' { docker pull -q $reference | Out-Null }
            Remove-BenchObject -Images
        }
        'docker-py images.push, images.pull'              = {
            param($S)
            $tag = [guid]::NewGuid().ToString('n').Substring(0, 8)
            $repository = "$($S.Repository)/docker-py"
            New-BenchImage -Reference "${repository}:$tag" -SizeMiB $S.SizeMiB
            Measure-Step 'push' { Invoke-BenchDockerPy "for line in client.images.push('$repository', tag='$tag', stream=True): pass" }
            Remove-BenchObject -Images
            Measure-Step 'pull' { Invoke-BenchDockerPy "client.images.pull('$repository', tag='$tag')" }
            Remove-BenchObject -Images
        }
        'raw POST /images/push, /images/create (curl)'    = {
            param($S)
            $tag = [guid]::NewGuid().ToString('n').Substring(0, 8)
            $repository = "$($S.Repository)/raw"
            New-BenchImage -Reference "${repository}:$tag" -SizeMiB $S.SizeMiB
            # An empty X-Registry-Auth ({} in base64): the loopback registry takes anonymous pushes.
            Measure-Step 'push' { Invoke-BenchRawStream POST "/images/$repository/push?tag=$tag" }
            Remove-BenchObject -Images
            Measure-Step 'pull' { Invoke-BenchRawStream POST "/images/create?fromImage=$([uri]::EscapeDataString($repository))&tag=$tag" }
            Remove-BenchObject -Images
        }
    }
    Requires = @{ 'docker-py images.push, images.pull' = { Test-BenchDockerPy } }
    Teardown = { param($S) Remove-BenchObject -Images }
}
