BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $onPodman = Test-PodmanEngine
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Initialize-DockerPSTest
    $run = Get-TestRunId

    function Get-Limits([string] $Reference) {
        $hostConfig = (Get-DockerCliInspect $Reference).HostConfig
        [pscustomobject]@{
            Memory = $hostConfig.Memory; MemoryReservation = $hostConfig.MemoryReservation; MemorySwap = $hostConfig.MemorySwap
            NanoCpus = $hostConfig.NanoCpus; CpuShares = $hostConfig.CpuShares; CpusetCpus = $hostConfig.CpusetCpus
            PidsLimit = $hostConfig.PidsLimit; Restart = "$($hostConfig.RestartPolicy.Name):$($hostConfig.RestartPolicy.MaximumRetryCount)"
        }
    }
}

AfterAll {
    Remove-TestObject
}

Describe 'Rename-DockerContainer' -Tag 'AnyEngine' {
    It 'renames a running container, as docker inspect then shows it, and -PassThru writes it under its new name' {
        $id = New-TestContainer
        $new = "dps-$run-renamed-$(Get-Random)"
        $renamed = Rename-DockerContainer $id $new -PassThru
        $renamed.Id | Should -Be $id
        $renamed.Name | Should -Be $new
        (Get-DockerCliInspect $id).Name | Should -Be "/$new"
        (Get-DockerCliInspect $id).State.Status | Should -Be 'running'
    }

    It 'renames a container piped in from Get-DockerContainer' {
        $id = New-TestContainer -NoStart
        $new = "dps-$run-piped-$(Get-Random)"
        Get-DockerContainer -All -Name ((Get-DockerCliInspect $id).Name.TrimStart('/')) | Rename-DockerContainer -NewName $new
        (Get-DockerCliInspect $id).Name | Should -Be "/$new"
    }

    It 'refuses a name another container has, and both keep their names' {
        $taken = "dps-$run-taken-$(Get-Random)"
        $other = New-TestContainer -Name $taken -NoStart
        $id = New-TestContainer -NoStart
        $before = (Get-DockerCliInspect $id).Name
        Rename-DockerContainer $id $taken -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 1
        $failures[0].TargetObject | Should -Be $id
        "$failures" | Should -Match 'already in use|in use'
        (Get-DockerCliInspect $id).Name | Should -Be $before
        (Get-DockerCliInspect $other).Name | Should -Be "/$taken"
    }

    It 'refuses a name the engine would refuse before asking it, and renames nothing' {
        $id = New-TestContainer -NoStart
        $before = (Get-DockerCliInspect $id).Name
        { Rename-DockerContainer $id 'no spaces allowed' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidContainerName,DockerPS.Commands.RenameDockerContainerCommand'
        (Get-DockerCliInspect $id).Name | Should -Be $before
    }

    It 'writes ContainerNotFound for a container that does not exist' {
        Rename-DockerContainer "dps-$run-nosuch" "dps-$run-whatever" -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ContainerNotFound,*'
    }
}

Describe 'Set-DockerContainer' -Tag 'AnyDockerd' {
    It 'changes the limits and restart policy of a running container as docker update does the same to another' {
        $ours = New-TestContainer
        $cli = New-TestContainer
        Set-DockerContainer $ours -Memory 64m -MemoryReservation 32m -MemorySwap 128m -Cpus 0.5 -CpuShares 512 -CpusetCpus 0 -PidsLimit 50 -RestartPolicy on-failure:3
        Invoke-DockerCli update --memory 64m --memory-reservation 32m --memory-swap 128m --cpus 0.5 --cpu-shares 512 --cpuset-cpus 0 --pids-limit 50 --restart on-failure:3 $cli | Out-Null
        $limits = Get-Limits $ours
        ($limits | ConvertTo-Json) | Should -Be (Get-Limits $cli | ConvertTo-Json)
        $limits.Memory | Should -Be 64MB
        $limits.Restart | Should -Be 'on-failure:3'
        # The running container feels the limit at once: the cgroup says so from inside.
        $inside = Invoke-DockerCli exec $ours sh -c 'cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes'
        [long]"$inside".Trim() | Should -Be 64MB
    }

    It 'changes stopped containers piped in, with -PassThru writing them in input order' {
        $ids = 1..3 | ForEach-Object { New-TestContainer -NoStart }
        $changed = $ids | Set-DockerContainer -RestartPolicy unless-stopped -PidsLimit 100 -PassThru
        $changed.Id | Should -Be $ids
        foreach ($id in $ids) {
            (Get-Limits $id).Restart | Should -Be 'unless-stopped:0'
            (Get-Limits $id).PidsLimit | Should -Be 100
        }
    }

    It 'lifts limits with -1, as docker update does' {
        $id = New-TestContainer -Option '--memory', '64m', '--memory-swap', '128m', '--pids-limit', '50'
        Set-DockerContainer $id -MemorySwap -1 -PidsLimit -1
        $limits = Get-Limits $id
        $limits.MemorySwap | Should -Be -1
        $limits.PidsLimit | Should -BeIn @(0, -1, $null)
        $limits.Memory | Should -Be 64MB
    }

    It 'refuses limits that cannot go together before any container is changed' {
        $a = New-TestContainer
        $b = New-TestContainer
        $before = Get-Limits $a
        { Set-DockerContainer $a, $b -Memory 512m -MemorySwap 256m -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidMemory,DockerPS.Commands.SetDockerContainerCommand'
        { Set-DockerContainer $a, $b -Memory 1m -ErrorAction Stop } | Should -Throw '*Minimum memory limit allowed is 6MB*'
        { Set-DockerContainer $a, $b -CpusetCpus 'all' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidCpusetCpus,DockerPS.Commands.SetDockerContainerCommand'
        { Set-DockerContainer $a, $b -ErrorAction Stop } | Should -Throw -ErrorId 'NoChangeGiven,DockerPS.Commands.SetDockerContainerCommand'
        Get-Limits $a | ConvertTo-Json | Should -Be ($before | ConvertTo-Json)
        Get-Limits $b | ConvertTo-Json | Should -Be ($before | ConvertTo-Json)
    }

    It 'writes the engine''s refusal for one container and changes the others' {
        # A container run with --rm cannot be given a restart policy.
        $removed = New-TestContainer -Option '--rm'
        $kept = New-TestContainer
        Set-DockerContainer $removed, $kept -RestartPolicy always -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 1
        $failures[0].TargetObject | Should -Be $removed
        "$failures" | Should -Match 'AutoRemove'
        (Get-Limits $kept).Restart | Should -Be 'always:0'
        (Get-Limits $removed).Restart | Should -Be 'no:0'
    }

    It 'changes nothing with -WhatIf' {
        $id = New-TestContainer
        $before = Get-Limits $id
        Set-DockerContainer $id -Memory 64m -RestartPolicy always -WhatIf
        Get-Limits $id | ConvertTo-Json | Should -Be ($before | ConvertTo-Json)
    }
}

Describe 'Set-DockerContainer on an engine without docker update' -Tag 'AnyEngine' {
    It 'says that Podman before 5.1 cannot change a container in place, and leaves it as it is' -Skip:(-not $onPodman) {
        $id = New-TestContainer
        $before = Get-Limits $id
        Set-DockerContainer $id -Memory 64m -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'UpdateNotSupported,DockerPS.Commands.SetDockerContainerCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'NotImplemented'
        "$failures" | Should -Match 'Podman 4\.\d+\.\d+ has no Docker-compatible container update'
        Get-Limits $id | ConvertTo-Json | Should -Be ($before | ConvertTo-Json)
    }
}
