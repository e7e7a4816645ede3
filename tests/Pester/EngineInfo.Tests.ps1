# Get-DockerInfo and Get-DockerVersion against the real engine, with docker info and docker version (their JSON) as the
# oracles. Only fields that stay put are compared: other tests change the container and image counts meanwhile.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Initialize-DockerPSTest
}

Describe 'Get-DockerInfo' -Tag 'AnyEngine' {
    BeforeAll {
        $cli = (Invoke-DockerCli info --format '{{json .}}') -join "`n" | ConvertFrom-Json
        $info = Get-DockerInfo
    }

    It 'writes one DockerInfo for the engine, with its endpoint' {
        @($info).Count | Should -Be 1
        $info | Should -BeOfType DockerPS.DockerInfo
        $info.Endpoint.Address | Should -Be $env:DOCKERPS_TEST_HOST
        $info.Product | Should -Be ((Test-PodmanEngine) ? 'Podman' : 'Docker')
    }

    It 'agrees with docker info on the engine and its host' {
        $info.Name | Should -Be $cli.Name
        if (Test-PodmanEngine) {
            # Podman makes up a new ID at each /info.
            $info.Id | Should -Match '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
        }
        else {
            $info.Id | Should -Be $cli.ID
        }
        $info.ServerVersion | Should -Be $cli.ServerVersion
        $info.OperatingSystem | Should -Be $cli.OperatingSystem
        $info.OSType | Should -Be $cli.OSType
        $info.OSVersion | Should -Be $cli.OSVersion
        $info.KernelVersion | Should -Be $cli.KernelVersion
        $info.Architecture | Should -Be $cli.Architecture
        $info.Cpus | Should -Be $cli.NCPU
        $info.Memory | Should -Be $cli.MemTotal
        $info.StorageDriver | Should -Be $cli.Driver
        $info.DataRoot | Should -Be $cli.DockerRootDir
        $info.CgroupDriver | Should -Be $cli.CgroupDriver
        $info.CgroupVersion | Should -Be $cli.CgroupVersion
        $info.SwarmState | Should -Be $cli.Swarm.LocalNodeState
        $info.DefaultRuntime | Should -Be $cli.DefaultRuntime
        @($info.SecurityOptions) | Should -Be @($cli.SecurityOptions)
        foreach ($pair in $cli.DriverStatus) {
            $info.StorageDriverStatus[$pair[0]] | Should -Be $pair[1]
        }
    }

    It 'counts containers and images, the running among them' {
        $info.Containers | Should -Be ($info.ContainersRunning + $info.ContainersPaused + $info.ContainersStopped)
        $info.Images | Should -BeGreaterThan 0
    }

    It 'shows a short list, with the memory as docker info prints it' {
        $text = $info | Out-String
        $text | Should -Match "Server Version\s+: $([regex]::Escape($cli.ServerVersion))"
        $text | Should -Match 'Total Memory\s+: [0-9.]+[KMGT]iB'
        $text | Should -Not -Match 'SecurityOptions'
    }
}

Describe 'Get-DockerVersion' -Tag 'AnyEngine' {
    BeforeAll {
        $cli = (Invoke-DockerCli version --format '{{json .}}') -join "`n" | ConvertFrom-Json
        $version = Get-DockerVersion
    }

    It 'gives DockerPS''s own version and the Engine API versions it speaks' {
        $version | Should -BeOfType DockerPS.DockerVersion
        $version.ClientVersion | Should -Be (Get-Module DockerPS).Version.ToString(3)
        $version.ClientMinimumApiVersion | Should -Be ([version]'1.40')
        $version.ClientApiVersion | Should -Be ([version]'1.54')
    }

    It 'agrees with docker version on the server' {
        $version.Version | Should -Be $cli.Server.Version
        $version.ApiVersion | Should -Be ([version]$cli.Server.ApiVersion)
        $version.MinimumApiVersion | Should -Be ([version]$cli.Server.MinAPIVersion)
        $version.GoVersion | Should -Be $cli.Server.GoVersion
        $version.GitCommit | Should -Be $cli.Server.GitCommit
        $version.OS | Should -Be $cli.Server.Os
        $version.Architecture | Should -Be $cli.Server.Arch
        $version.KernelVersion | Should -Be $cli.Server.KernelVersion
        # The CLI adds an Engine component of its own when the engine sends none (Podman sends none).
        $cliComponents = @($cli.Server.Components | Where-Object { $_.Name -ne 'Engine' -or $version.Components.Name -contains 'Engine' })
        @($version.Components.Name) | Should -Be @($cliComponents.Name)
        @($version.Components.Version) | Should -Be @($cliComponents.Version)
    }

    It 'names the engine as docker version does: Podman as Podman' {
        if (Test-PodmanEngine) {
            $version.Product | Should -Be 'Podman Engine'
            $version.IsPodman | Should -BeTrue
            $cli.Server.Components.Name | Should -Contain 'Podman Engine'
        }
        else {
            $version.IsPodman | Should -BeFalse
            $version.Product | Should -Be ($cli.Server.Platform.Name ? $cli.Server.Platform.Name : 'Docker Engine')
        }
    }

    It 'says which API version the session agreed: the engine''s newest, at most DockerPS''s' {
        $engine = [version]$cli.Server.ApiVersion
        $version.SessionApiVersion | Should -Be (($engine -lt [version]'1.54') ? $engine : [version]'1.54')

        # The docker CLI downgrades the same way, to its own newest.
        if ($engine -le [version]$cli.Client.DefaultAPIVersion) {
            $version.SessionApiVersion | Should -Be ([version]$cli.Client.ApiVersion)
        }
    }

    It 'shows the client and the server, as docker version does' {
        $text = $version | Out-String
        $text | Should -Match "Client\s+: DockerPS $([regex]::Escape($version.ClientVersion)) \(Engine API 1\.40 to 1\.54\)"
        $text | Should -Match "Server\s+: $([regex]::Escape("$($version.Product) $($cli.Server.Version)"))"
    }
}
