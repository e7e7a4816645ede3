# Saving a ~500 MiB image of random data to a file and loading it back. Each way saves to a file of its own, the
# image is removed (not timed), and the way loads its file, so every load brings the layers in.
param([switch] $Quick)

@{
    Name    = 'ImageArchive'
    Title   = "Save-DockerImage -Path and Import-DockerImage of a $($Quick ? 32 : 512) MiB image (two layers of random data)"
    Rounds  = 3
    State   = @{ SizeMiB = $Quick ? 32 : 512 }
    Targets = @{ 'raw GET /images/get, POST /images/load (curl)' = 1.05 }
    Setup   = {
        param($S)
        $S.Reference = "dps-bench-$(Get-BenchRunId)/archive:1"
        $S.Directory = New-Item -ItemType Directory (Join-Path ([IO.Path]::GetTempPath()) "dps-bench-$(Get-BenchRunId)-archive")
        New-BenchImage -Reference $S.Reference -SizeMiB $S.SizeMiB
    }
    Ways    = [ordered]@{
        'DockerPS'                                        = {
            param($S)
            $file = Join-Path $S.Directory 'dockerps.tar'
            Measure-Step 'save' { Save-DockerImage $S.Reference -Path $file -Force }
            Invoke-BenchDocker rmi $S.Reference | Out-Null
            Measure-Step 'load' { Import-DockerImage $file }
        }
        'docker save -o, docker load -i'                  = {
            param($S)
            $file = Join-Path $S.Directory 'cli.tar'
            Measure-Step 'save' { docker save -o $file $S.Reference }
            Invoke-BenchDocker rmi $S.Reference | Out-Null
            Measure-Step 'load' { docker load -i $file | Out-Null }
        }
        'docker-py image.save(), images.load()'           = {
            param($S)
            $file = Join-Path $S.Directory 'docker-py.tar'
            Measure-Step 'save' { Invoke-BenchDockerPy "with open('$file', 'wb') as f:`n    for chunk in client.images.get('$($S.Reference)').save(named=True): f.write(chunk)" }
            Invoke-BenchDocker rmi $S.Reference | Out-Null
            Measure-Step 'load' { Invoke-BenchDockerPy "with open('$file', 'rb') as f: client.images.load(f)" }
        }
        'raw GET /images/get, POST /images/load (curl)'   = {
            param($S)
            $file = Join-Path $S.Directory 'raw.tar'
            $socket = Get-BenchSocket
            Measure-Step 'save' { curl -sf --unix-socket $socket -o $file (Get-BenchApiUrl "/images/get?names=$([uri]::EscapeDataString($S.Reference))"); if ($LASTEXITCODE) { throw 'raw save failed' } }
            Invoke-BenchDocker rmi $S.Reference | Out-Null
            Measure-Step 'load' { curl -sf --unix-socket $socket -X POST -H 'Content-Type: application/x-tar' -T $file -o /dev/null (Get-BenchApiUrl '/images/load?quiet=1'); if ($LASTEXITCODE) { throw 'raw load failed' } }
        }
    }
    Requires = @{ 'docker-py image.save(), images.load()' = { Test-BenchDockerPy } }
    Teardown = {
        param($S)
        Remove-BenchObject -Images
        if ($S.Directory) { Remove-Item -LiteralPath $S.Directory -Recurse -Force -ErrorAction Ignore }
    }
}
