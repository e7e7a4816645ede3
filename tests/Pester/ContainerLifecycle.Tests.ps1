BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Initialize-DockerPSTest
    $run = Get-TestRunId
    $label = Get-TestLabel

    function Get-CliState([string] $Reference) {
        Invoke-DockerCli inspect --format '{{.State.Status}}' $Reference
    }
    function Get-CliExitCode([string] $Reference) {
        [int](Invoke-DockerCli inspect --format '{{.State.ExitCode}}' $Reference)
    }
    # PID 1 ignores SIGTERM unless it handles it: this one exits 7 on SIGUSR1 and stops at once on SIGTERM.
    $polite = 'trap "exit 7" USR1; trap "exit 0" TERM; while true; do sleep 1; done'
}

AfterAll {
    Remove-TestObject
}

Describe 'Start-DockerContainer' -Tag 'AnyEngine' {
    It 'starts created containers, and a running one is no error but a verbose note' {
        $a = New-TestContainer -NoStart
        $b = New-TestContainer
        $verbose = Start-DockerContainer $a, $b -Verbose -ErrorVariable failures 4>&1
        Get-CliState $a | Should -Be 'running'
        $failures.Count | Should -Be 0
        "$verbose" | Should -Match "Container $b is already running"
    }

    It 'returns the started containers with -PassThru, in input order' {
        $ids = 1..3 | ForEach-Object { New-TestContainer -NoStart }
        $started = $ids | Start-DockerContainer -PassThru
        $started.Id | Should -Be $ids
        $started.State | Should -Be @('running', 'running', 'running')
    }
}

Describe 'Stop-DockerContainer' -Tag 'AnyEngine' {
    It 'stops running containers gracefully' {
        $id = New-TestContainer -Command 'sh', '-c', $polite
        Stop-DockerContainer $id
        Get-CliState $id | Should -Be 'exited'
        Get-CliExitCode $id | Should -Be 0
    }

    It 'kills after -Timeout when the container ignores SIGTERM' {
        $id = New-TestContainer
        Stop-DockerContainer $id -Timeout 1
        Get-CliState $id | Should -Be 'exited'
        Get-CliExitCode $id | Should -Be 137
    }

    It 'kills with -Kill and sends another signal with -Signal' {
        $killed = New-TestContainer
        $signalled = New-TestContainer -Command 'sh', '-c', $polite
        Stop-DockerContainer $killed -Kill
        Stop-DockerContainer $signalled -Signal SIGUSR1
        Invoke-DockerCli wait $signalled | Should -Be 7
        Get-CliExitCode $killed | Should -Be 137
    }

    It 'leaves a stopped container alone, saying so in -Verbose' {
        $id = New-TestContainer -NoStart
        $verbose = Stop-DockerContainer $id -Verbose -ErrorVariable failures 4>&1
        $failures.Count | Should -Be 0
        if (-not (Test-PodmanEngine)) {
            # Podman answers stopping a created container as a success (204), not as "not modified" (304).
            "$verbose" | Should -Match "Container $id is not running"
        }
        Get-CliState $id | Should -Be 'created'
        $verbose = Stop-DockerContainer $id -Kill -Verbose -ErrorVariable failures 4>&1
        $failures.Count | Should -Be 0
        "$verbose" | Should -Match "Container $id is not running"
    }

    It 'refuses -Kill with -Timeout' {
        { Stop-DockerContainer x -Kill -Timeout 1 } | Should -Throw -ErrorId 'AmbiguousParameterSet,DockerPS.Commands.StopDockerContainerCommand'
    }
}

Describe 'Restart-DockerContainer' -Tag 'AnyEngine' {
    It 'restarts a running container' {
        $id = New-TestContainer -Command 'sh', '-c', $polite
        $before = (Get-DockerCliInspect $id).State.StartedAt
        $after = Restart-DockerContainer $id -Timeout 5 -PassThru
        $after.State | Should -Be 'running'
        (Get-DockerCliInspect $id).State.StartedAt | Should -Not -Be $before
    }
}

Describe 'Suspend-DockerContainer and Resume-DockerContainer' -Tag 'AnyEngine' {
    It 'pauses and unpauses, and the same again is no error' {
        $id = New-TestContainer
        (Suspend-DockerContainer $id -PassThru).State | Should -Be 'paused'
        Get-CliState $id | Should -Be 'paused'
        Suspend-DockerContainer $id -ErrorVariable failures
        $failures.Count | Should -Be 0
        (Resume-DockerContainer $id -PassThru).State | Should -Be 'running'
        Resume-DockerContainer $id -ErrorVariable failures
        $failures.Count | Should -Be 0
        Get-CliState $id | Should -Be 'running'
    }
}

Describe 'Wait-DockerContainer' -Tag 'AnyEngine' {
    It 'returns the exit codes, each as soon as its container stops' {
        # The one that stops first is started first: however long the second takes to start on a loaded engine,
        # the first has stopped by then.
        $zero = New-TestContainer -Command 'true'
        $five = New-TestContainer -Command 'sh', '-c', 'sleep 2; exit 5'
        $exits = Wait-DockerContainer $five, $zero
        $exits.ExitCode | Should -Be @(0, 5)
        $exits.Name | Should -Be @($zero, $five)
        "$($exits[1])" | Should -Be '5'
    }

    It 'gives up after -Timeout with an OperationTimeout error' {
        $id = New-TestContainer
        Wait-DockerContainer $id -Timeout 1 -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $failures[0].FullyQualifiedErrorId | Should -Be 'WaitTimedOut,DockerPS.Commands.WaitDockerContainerCommand'
        Get-CliState $id | Should -Be 'running'
    }
}

Describe 'Remove-DockerContainer' -Tag 'AnyEngine' {
    It 'removes a stopped container' {
        $id = New-TestContainer -NoStart
        Remove-DockerContainer $id -Confirm:$false
        Invoke-DockerCli ps -aq --no-trunc --filter "id=$id" | Should -BeNullOrEmpty
    }

    It 'refuses a running container without -Force, as ResourceBusy, and removes nothing' {
        $id = New-TestContainer
        Remove-DockerContainer $id -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].CategoryInfo.Category | Should -Be 'ResourceBusy'
        $failures[0].TargetObject | Should -Be $id
        Get-CliState $id | Should -Be 'running'
    }

    It 'removes a running container with -Force, without asking' {
        $id = New-TestContainer
        Remove-DockerContainer $id -Force
        Invoke-DockerCli ps -aq --no-trunc --filter "id=$id" | Should -BeNullOrEmpty
    }

    It 'removes anonymous volumes with -Volumes, and keeps them without' {
        $with = New-TestContainer -Option '-v', '/data'
        $without = New-TestContainer -Option '-v', '/data'
        $withVolume = (Get-DockerCliInspect $with).Mounts[0].Name
        $withoutVolume = (Get-DockerCliInspect $without).Mounts[0].Name
        try {
            Remove-DockerContainer $with -Force -Volumes
            Remove-DockerContainer $without -Force
            Invoke-DockerCli volume ls -q --filter "name=$withVolume" | Should -BeNullOrEmpty
            Invoke-DockerCli volume ls -q --filter "name=$withoutVolume" | Should -Be $withoutVolume
        }
        finally {
            & docker volume rm $withoutVolume *> $null
        }
    }

    It 'treats a container already gone as removed with -Force, and as ObjectNotFound without' {
        Remove-DockerContainer "dps-$run-gone" -Force -ErrorVariable failures
        $failures.Count | Should -Be 0
        Remove-DockerContainer "dps-$run-gone" -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].FullyQualifiedErrorId | Should -Be 'ContainerNotFound,DockerPS.Commands.RemoveDockerContainerCommand'
    }

    It 'changes nothing with -WhatIf, even with -Force' {
        $id = New-TestContainer
        Remove-DockerContainer $id -Force -WhatIf
        Stop-DockerContainer $id -WhatIf
        Get-CliState $id | Should -Be 'running'
    }
}

Describe 'Batch pipelines from the seed, on 24 containers' -Tag 'AnyEngine' {
    BeforeAll {
        $batchLabel = "dockerps.batch=$run"
        $ids = 1..24 | ForEach-Object { New-TestContainer -Option '--label', $batchLabel, '-v', '/data' }
        # docker inspect, not docker ps: dockerd answers a stop or kill once the container stopped but updates its
        # listing just after, and on a busy machine docker ps can still show it running (seen on dockerd 26).
        function Get-BatchStates {
            @(Invoke-DockerCli inspect --format '{{.State.Status}}' @ids) | Sort-Object -Unique
        }
    }

    It 'docker kill $(docker ps -q): Get-DockerContainer | Stop-DockerContainer -Kill' {
        Get-DockerContainer -Label $batchLabel | Stop-DockerContainer -Kill
        Get-BatchStates | Should -Be 'exited'
    }

    It 'docker start $(docker ps -aq): Get-DockerContainer -All | Start-DockerContainer' {
        Get-DockerContainer -All -Label $batchLabel | Start-DockerContainer
        Get-BatchStates | Should -Be 'running'
    }

    It 'docker stop $(docker ps -aq): Get-DockerContainer -All | Stop-DockerContainer' {
        Get-DockerContainer -All -Label $batchLabel | Stop-DockerContainer -Timeout 0
        Get-BatchStates | Should -Be 'exited'
    }

    It 'docker rm -fv $(docker ps -aq -f status=exited): Get-DockerContainer -Status Exited | Remove-DockerContainer -Force -Volumes' {
        Start-DockerContainer $ids[0..3]
        $volumes = $ids[4..23] | ForEach-Object { (Get-DockerCliInspect $_).Mounts[0].Name }
        Get-DockerContainer -Status Exited -Label $batchLabel | Remove-DockerContainer -Force -Volumes
        @(Invoke-DockerCli ps -aq --no-trunc --filter "label=$batchLabel") | Sort-Object | Should -Be ($ids[0..3] | Sort-Object)
        foreach ($volume in $volumes) {
            Invoke-DockerCli volume ls -q --filter "name=$volume" | Should -BeNullOrEmpty
        }
    }

    It 'docker rm -fv $(docker ps -aq): Get-DockerContainer -All | Remove-DockerContainer -Force -Volumes' {
        Get-DockerContainer -All -Label $batchLabel | Remove-DockerContainer -Force -Volumes
        Invoke-DockerCli ps -aq --filter "label=$batchLabel" | Should -BeNullOrEmpty
    }

    It 'reports the items that do not exist, processes the rest, and keeps input order' {
        $present = 1..3 | ForEach-Object { New-TestContainer -NoStart }
        $names = $present[0], "dps-$run-missing1", $present[1], "dps-$run-missing2", $present[2]
        $started = $names | Start-DockerContainer -PassThru -ErrorVariable failures -ErrorAction SilentlyContinue
        $started.Id | Should -Be $present
        $failures.TargetObject | Should -Be @("dps-$run-missing1", "dps-$run-missing2")
        $failures.CategoryInfo.Category | Should -Be @('ObjectNotFound', 'ObjectNotFound')
        foreach ($id in $present) { Get-CliState $id | Should -Be 'running' }
    }

    It 'takes anything with an Id property from the pipeline' {
        $id = New-TestContainer -NoStart
        [pscustomobject]@{ Id = $id } | Start-DockerContainer
        Get-CliState $id | Should -Be 'running'
    }

    It 'honours -ThrottleLimit' {
        $few = 1..4 | ForEach-Object { New-TestContainer -NoStart }
        ($few | Start-DockerContainer -ThrottleLimit 1 -PassThru).Id | Should -Be $few
        { Start-DockerContainer x -ThrottleLimit 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,DockerPS.Commands.StartDockerContainerCommand'
    }
}

Describe 'Get-DockerContainerPort' -Tag 'AnyEngine' {
    BeforeAll {
        $web = New-TestContainer -Httpd -Command @() -Option '-p', '127.0.0.1::80', '-p', '127.0.0.1::53/udp'
    }

    It 'lists the published ports as docker port prints them' {
        $ours = Get-DockerContainerPort $web
        ($ours | ForEach-Object { "$_" }) | Sort-Object | Should -Be (@(Invoke-DockerCli port $web) | Sort-Object)
        $ours.ContainerPortText | Should -Be @('53/udp', '80/tcp')
        $ours[0].Container | Should -Be (Get-DockerCliInspect $web).Name.TrimStart('/')
    }

    It 'selects one port with -ContainerPort' {
        "$(Get-DockerContainerPort $web -ContainerPort 53/udp)" | Should -Be (Invoke-DockerCli port $web 53/udp | ForEach-Object { "53/udp -> $_" })
        (Get-DockerContainerPort $web 80).HostPort | Should -Be ([int]((Invoke-DockerCli port $web 80/tcp) -split ':')[-1])
    }

    It 'says when a port is not published' {
        Get-DockerContainerPort $web -ContainerPort 81 -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -Be 'PortNotPublished,DockerPS.Commands.GetDockerContainerPortCommand'
        "$($failures[0])" | Should -Be "No public port '81/tcp' published for $web"
    }

    It 'refuses a malformed -ContainerPort before asking the engine' {
        { Get-DockerContainerPort $web -ContainerPort 80/xyz } | Should -Throw -ErrorId 'InvalidContainerPort,DockerPS.Commands.GetDockerContainerPortCommand'
    }

    It 'serves HTTP through the published port' {
        $binding = Get-DockerContainerPort $web -ContainerPort 80
        (Invoke-WebRequest "http://$($binding.HostEndpointText)/" -UseBasicParsing).Content | Should -Match 'dockerps-httpd-ok'
    }
}

Describe 'Container completion by state' -Tag 'AnyEngine' {
    BeforeAll {
        $stopped = New-TestContainer -Name "dps-$run-cmp-stopped" -NoStart
        $running = New-TestContainer -Name "dps-$run-cmp-running"
    }

    It 'offers stopped containers to Start-DockerContainer' {
        $line = "Start-DockerContainer dps-$run-cmp-"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be "dps-$run-cmp-stopped"
    }

    It 'offers running containers to Stop-DockerContainer' {
        $line = "Stop-DockerContainer dps-$run-cmp-"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be "dps-$run-cmp-running"
    }
}
