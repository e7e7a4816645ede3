BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Initialize-DockerPSTest
    $run = Get-TestRunId
    $label = Get-TestLabel
    $busybox = Get-FixtureImage
    # Every volume here is named with the run and carries its label; AfterAll removes those, and only those.
    $prefix = "dps-$run-vol"

    # Creates a labelled volume with the docker CLI; returns its name.
    function New-CliVolume([string] $Suffix, [string[]] $Option = @()) {
        (Invoke-DockerCli volume create --label $label @Option "$prefix-$Suffix" | Select-Object -Last 1).Trim()
    }
    # Our volumes that docker volume ls lists with each of these filters, by name. One filter per listing: Podman 4
    # joins several with OR, Docker with AND.
    function Get-CliVolumeName([string[]] $Filter = @()) {
        $names = @(Invoke-DockerCli volume ls -q --filter "label=$label" | Where-Object { $_ })
        foreach ($one in $Filter) {
            $passing = @(Invoke-DockerCli volume ls -q --filter $one | Where-Object { $_ })
            $names = @($names | Where-Object { $_ -in $passing })
        }
        @($names | Sort-Object)
    }
    function Get-CliVolume([string] $Name) {
        (Invoke-DockerCli volume inspect $Name) -join "`n" | ConvertFrom-Json | Select-Object -First 1
    }
    function Test-CliVolume([string] $Name) {
        & docker volume inspect $Name *> $null
        $LASTEXITCODE -eq 0
    }
    # A size as docker system df -v prints it (go-units HumanSize: four significant digits, decimal units).
    function Format-CliSize([long] $Bytes) {
        $units = 'B', 'kB', 'MB', 'GB', 'TB'
        $value = [double] $Bytes
        $unit = 0
        while ($value -ge 1000 -and $unit -lt $units.Count - 1) {
            $value /= 1000
            $unit++
        }
        $value.ToString('G4', [cultureinfo]::InvariantCulture) + $units[$unit]
    }
}

AfterAll {
    # Containers first: a volume they use cannot go.
    Remove-TestObject
    [string[]] $volumes = & docker volume ls -q --filter "label=$(Get-TestLabel)"
    if ($volumes) { & docker volume rm -f @volumes *> $null }
}

Describe 'New-DockerVolume' -Tag 'AnyEngine' {
    It 'creates a named, labelled volume, as docker volume inspect shows it' {
        $volume = New-DockerVolume "$prefix-new" -Label $label, 'tier=db'
        $cli = Get-CliVolume "$prefix-new"
        $volume.Name | Should -Be "$prefix-new"
        $volume.Labels['tier'] | Should -Be 'db'
        $cli.Labels.tier | Should -Be 'db'
        $volume.Driver | Should -Be $cli.Driver
        $volume.Driver | Should -Be 'local'
        $volume.Mountpoint | Should -Be $cli.Mountpoint
        $volume.Scope | Should -Be $cli.Scope
        # ConvertFrom-Json may have read the time already (as UTC); either way it is the same moment.
        $volume.Created | Should -Be ([datetime] $cli.CreatedAt).ToLocalTime()
        $volume.Endpoint.Address | Should -Be $env:DOCKERPS_TEST_HOST
    }

    It 'passes -DriverOption as docker volume create -o does' {
        # A tmpfs volume; Podman's local driver takes no size= without project quotas.
        $mountOptions = if (Test-PodmanEngine) { 'nodev' } else { 'size=1m' }
        $volume = New-DockerVolume "$prefix-tmpfs" -Label $label -DriverOption @{ type = 'tmpfs'; device = 'tmpfs'; o = $mountOptions }
        $cli = Get-CliVolume "$prefix-tmpfs"
        $cli.Options.type | Should -Be 'tmpfs'
        $cli.Options.device | Should -Be 'tmpfs'
        $cli.Options.o | Should -Be $mountOptions
        foreach ($key in 'type', 'device', 'o') {
            $volume.Options[$key] | Should -Be $cli.Options.$key
        }
    }

    It 'lets the engine name the volume without -Name, as docker volume create does' {
        $volume = New-DockerVolume -Label $label
        $volume.Name | Should -Match '^[0-9a-f]{64}$'
        (Get-CliVolume $volume.Name).Labels.'dockerps.test' | Should -Be $run
    }

    It 'returns a volume that exists as it is, as the engine does, and warns of what it did not apply' {
        $name = New-CliVolume 'exists' '--label', 'tier=web'
        $volume = New-DockerVolume $name -Label $label, 'tier=db' -WarningVariable warnings -WarningAction SilentlyContinue
        $volume.Labels['tier'] | Should -Be 'web'
        (Get-CliVolume $name).Labels.tier | Should -Be 'web'
        "$warnings" | Should -Match "Volume $name already exists.*label tier=db"
    }

    It 'refuses a name the engine would refuse, as InvalidArgument, and asks nothing' {
        & docker volume create --label $label 'bad name!' *> $null
        $LASTEXITCODE | Should -Not -Be 0 -Because 'the engine refuses the name too'
        $failure = try { New-DockerVolume 'bad name!' -Label $label -ErrorAction Stop } catch { $_ }
        $failure.FullyQualifiedErrorId | Should -Be 'InvalidVolumeName,DockerPS.Commands.NewDockerVolumeCommand'
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failure.TargetObject | Should -Be 'bad name!'
    }

    It 'creates nothing with -WhatIf' {
        New-DockerVolume "$prefix-whatif" -Label $label -WhatIf
        Test-CliVolume "$prefix-whatif" | Should -BeFalse
    }
}

Describe 'Get-DockerVolume' -Tag 'AnyEngine' {
    BeforeAll {
        $used = New-CliVolume 'get-used' '--label', 'block=get', '--label', 'kind=used'
        $unused = New-CliVolume 'get-unused' '--label', 'block=get', '--label', 'kind=spare'
        $user = New-TestContainer -Name "$prefix-get-user" -Option '-v', "${used}:/data"
        Invoke-DockerCli exec $user sh -c 'head -c 200000 /dev/zero > /data/zeros' | Out-Null
    }

    It 'lists our volumes as docker volume ls does' {
        $ours = Get-DockerVolume | Where-Object { $_.Labels['dockerps.test'] -eq $run }
        @($ours.Name | Sort-Object) | Should -Be (Get-CliVolumeName)
        $ours.Name | Should -Contain $used
    }

    It 'lists exactly the unused ones with -Dangling' {
        @((Get-DockerVolume -Dangling -Label $label, 'block=get').Name) | Should -Be @($unused)
        @((Get-DockerVolume -Dangling -Label $label, 'block=get').Name) | Should -Be (Get-CliVolumeName 'dangling=true', 'label=block=get')
    }

    It 'filters by -Label and -Driver, as docker volume ls --filter does' {
        (Get-DockerVolume -Label $label, 'kind=used').Name | Should -Be $used
        @((Get-DockerVolume -Label $label, 'block=get' -Driver local).Name) | Should -Be (Get-CliVolumeName 'label=block=get', 'driver=local')
        @((Get-DockerVolume -Label $label, 'block=get' -Driver local).Name) | Should -Be @($unused, $used)
        Get-DockerVolume -Label $label, 'block=get' -Driver "dps-$run-nodriver" | Should -BeNullOrEmpty
    }

    It 'finds volumes by name and by pattern; a missing name is VolumeNotFound' {
        (Get-DockerVolume $used).Name | Should -Be $used
        @((Get-DockerVolume "$prefix-get-*").Name) | Should -Be @($unused, $used)
        Get-DockerVolume "$prefix-nosuch" -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -Be 'VolumeNotFound,DockerPS.Commands.GetDockerVolumeCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].TargetObject | Should -Be "$prefix-nosuch"
    }

    It 'adds Size and RefCount with -Size, as docker system df -v shows them' {
        $volumes = Get-DockerVolume $used, $unused -Size
        $cli = Invoke-DockerCli system df -v --format '{{json .Volumes}}' | ConvertFrom-Json
        foreach ($volume in $volumes) {
            $row = $cli | Where-Object Name -EQ $volume.Name
            $row | Should -Not -BeNullOrEmpty -Because "docker system df -v lists $($volume.Name)"
            Format-CliSize $volume.Size | Should -Be $row.Size
            "$($volume.RefCount)" | Should -Be $row.Links
        }
        ($volumes | Where-Object Name -EQ $used).Size | Should -Be 200000
        ($volumes | Where-Object Name -EQ $used).RefCount | Should -Be 1
        ($volumes | Where-Object Name -EQ $unused).RefCount | Should -Be 0
        (Get-DockerVolume $used).Size | Should -BeNullOrEmpty -Because 'sizes are asked for with -Size only'
    }

    It 'finds the volumes of a container''s mounts piped in' {
        (Get-DockerContainer $user).Mounts | Get-DockerVolume | ForEach-Object Name | Should -Be $used
    }

    It 'acts on the engine a piped volume or volume mount came from, not on DOCKER_HOST' {
        $volume = Get-DockerVolume $used
        $mount = (Get-DockerContainer $user).Mounts
        $saved = $env:DOCKER_HOST
        try {
            $env:DOCKER_HOST = 'unix:///nonexistent/docker.sock'
            ($volume, $mount | Get-DockerVolume).Name | Should -Be @($used, $used)
            { Get-DockerVolume $used -ErrorAction Stop } | Should -Throw -ErrorId 'EngineUnreachable,DockerPS.Commands.GetDockerVolumeCommand'
        }
        finally {
            $env:DOCKER_HOST = $saved
        }
    }

    It 'completes volume names' {
        $line = "Remove-DockerVolume $prefix-get-"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @($unused, $used)
    }
}

Describe 'Volumes and containers' -Tag 'AnyEngine' {
    It 'keeps what a container wrote to a named volume once it is removed, for the next container' {
        $name = (New-DockerVolume "$prefix-keep" -Label $label).Name
        $writer = New-DockerContainer $busybox -Label $label -Volume "${name}:/data" -Command sh, -c, 'echo kept-data > /data/file'
        Invoke-DockerCli wait $writer.Id | Should -Be 0
        # -Volumes removes a container's anonymous volumes only, as docker rm -v does.
        Remove-DockerContainer $writer -Force -Volumes
        Test-CliVolume $name | Should -BeTrue
        $reader = New-DockerContainer $busybox -Label $label -Volume "${name}:/data" -Command cat, /data/file -NoStart
        Invoke-DockerCli start -a $reader.Id | Should -Be 'kept-data'
    }

    It 'refuses to remove a volume a container uses, running or not, naming the container, and keeps it' {
        $name = New-CliVolume 'busy'
        $user = New-TestContainer -Name "$prefix-busy-user" -Option '-v', "${name}:/data" -NoStart
        foreach ($force in $false, $true) {
            Remove-DockerVolume $name -Force:$force -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be 'VolumeInUse,DockerPS.Commands.RemoveDockerVolumeCommand'
            $failures[0].CategoryInfo.Category | Should -Be 'ResourceBusy'
            $failures[0].TargetObject | Should -Be $name
            "$($failures[0])" | Should -Match "in use by container $prefix-busy-user \($($user.Substring(0, 12))\)"
            Test-CliVolume $name | Should -BeTrue
        }
    }

    It 'removes the volume of a removed container''s mount piped in' {
        $name = New-CliVolume 'mounted'
        $user = New-TestContainer -Option '-v', "${name}:/data" -NoStart
        $mounts = (Get-DockerContainer $user).Mounts
        Invoke-DockerCli rm $user | Out-Null
        $mounts | Remove-DockerVolume -Confirm:$false
        Test-CliVolume $name | Should -BeFalse
    }
}

Describe 'Remove-DockerVolume' -Tag 'AnyEngine' {
    It 'removes several piped volumes' {
        $names = 'rm-1', 'rm-2', 'rm-3' | ForEach-Object { New-CliVolume $_ }
        Get-DockerVolume "$prefix-rm-*" | Remove-DockerVolume -Confirm:$false
        Get-CliVolumeName | Where-Object { $_ -in $names } | Should -BeNullOrEmpty
    }

    It 'removes several piped names, writing the missing one as VolumeNotFound' {
        $names = 'rmn-1', 'rmn-2' | ForEach-Object { New-CliVolume $_ }
        $names[0], "$prefix-rmn-nosuch", $names[1] | Remove-DockerVolume -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'VolumeNotFound,DockerPS.Commands.RemoveDockerVolumeCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].TargetObject | Should -Be "$prefix-rmn-nosuch"
        Get-CliVolumeName | Where-Object { $_ -in $names } | Should -BeNullOrEmpty
    }

    It 'takes a missing volume for removed with -Force, as docker volume rm -f does' {
        & docker volume rm -f "$prefix-never" *> $null
        $LASTEXITCODE | Should -Be 0
        Remove-DockerVolume "$prefix-never" -Force -ErrorVariable failures
        $failures.Count | Should -Be 0
    }

    It 'removes nothing with -WhatIf' {
        $name = New-CliVolume 'kept'
        Remove-DockerVolume $name -WhatIf
        Test-CliVolume $name | Should -BeTrue
    }
}
