# Sending a 200 MiB build context (a few large files of random data and a thousand small ones) with a Dockerfile
# that only labels the fixture image, so every build sends the whole context and the engine stores nothing of it.
# The classic builder every way (DOCKER_BUILDKIT=0 for the CLI).
param([switch] $Quick)

@{
    Name    = 'ImageBuild'
    Title   = "Build-DockerImage of a $($Quick ? 32 : 200) MiB context"
    Rounds  = 3
    State   = @{ SizeMiB = $Quick ? 32 : 200 }
    Targets = @{}
    Setup   = {
        param($S)
        $S.Context = New-Item -ItemType Directory (Join-Path ([IO.Path]::GetTempPath()) "dps-bench-$(Get-BenchRunId)-context")
        $large = [math]::Max(1, [math]::Floor($S.SizeMiB / 50))
        foreach ($i in 1..$large) {
            & head -c "$([math]::Min(50, $S.SizeMiB))m" /dev/urandom > (Join-Path $S.Context "large-$i.bin")
        }
        $small = New-Item -ItemType Directory (Join-Path $S.Context 'small')
        foreach ($i in 1..1000) { [IO.File]::WriteAllText((Join-Path $small "file-$i.txt"), "small file $i") }
        Set-Content -LiteralPath (Join-Path $S.Context 'Dockerfile') -Value "FROM $(Get-BenchFixture)`nLABEL $(Get-BenchLabel)`n"
        $S.Tag = "dps-bench-$(Get-BenchRunId)/build:1"
    }
    Ways    = [ordered]@{
        'DockerPS'                                          = {
            param($S)
            Measure-Step 'send context and build' { Build-DockerImage $S.Context -Tag $S.Tag -Label (Get-BenchLabel) }
        }
        'docker build -q (classic builder)'                 = {
            param($S)
            $env:DOCKER_BUILDKIT = '0'
            try { Measure-Step 'send context and build' { docker build -q -t $S.Tag --label (Get-BenchLabel) $S.Context | Out-Null } }
            finally { Remove-Item Env:DOCKER_BUILDKIT }
        }
        'docker-py images.build'                            = {
            param($S)
            Measure-Step 'send context and build' { Invoke-BenchDockerPy "client.images.build(path='$($S.Context)', tag='$($S.Tag)', labels={'dockerps.bench': '$(Get-BenchRunId)'})" }
        }
        'raw tar | POST /build (curl)'                      = {
            param($S)
            $url = Get-BenchApiUrl "/build?q=1&t=$([uri]::EscapeDataString($S.Tag))"
            Measure-Step 'send context and build' {
                sh -c "tar -C '$($S.Context)' -c . | curl -sf -o /dev/null --unix-socket '$(Get-BenchSocket)' -X POST -H 'Content-Type: application/x-tar' -T - '$url'"
                if ($LASTEXITCODE) { throw 'raw build failed' }
            }
        }
    }
    Requires = @{ 'docker-py images.build' = { Test-BenchDockerPy } }
    Teardown = {
        param($S)
        Remove-BenchObject -Images
        if ($S.Context) { Remove-Item -LiteralPath $S.Context -Recurse -Force -ErrorAction Ignore }
    }
}
