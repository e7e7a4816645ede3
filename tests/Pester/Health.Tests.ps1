# Health checks, waiting and docker top against the real engine, with the docker CLI as the oracle: the health
# options New-DockerContainer sends (docker inspect against the same flags given to docker create), Wait-DockerContainer's
# conditions, Get-DockerContainer -Health against docker ps --filter health=..., the status text, and the processes
# against docker top.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Initialize-DockerPSTest
    $label = Get-TestLabel
    $fixture = Get-FixtureImage

    function New-Name { "dps-$(Get-TestRunId)-$([guid]::NewGuid().ToString('n').Substring(0, 6))" }

    # Podman schedules health checks with systemd timers; a service running without systemd (this rig) runs them only
    # when asked, so the tests ask, as a timer would, where the engine is Podman.
    function Invoke-TestHealthcheck([string] $Id) {
        if (Test-PodmanEngine) {
            & podman --url $env:DOCKERPS_TEST_HOST healthcheck run $Id *> $null
        }
    }

    function Get-CliHealthcheck([string] $Id) {
        (Get-DockerCliInspect $Id).Config.Healthcheck
    }

    function Get-CliHealth([string] $Id) {
        Invoke-DockerCli inspect --format '{{if .State.Health}}{{.State.Health.Status}}{{end}}' $Id
    }

    # Waits (at most a minute) for the engine to report the health given; on Podman runs the check meanwhile.
    function Wait-CliHealth([string] $Id, [string] $Status) {
        foreach ($attempt in 1..120) {
            Invoke-TestHealthcheck $Id
            if ((Get-CliHealth $Id) -eq $Status) { return }
            Start-Sleep -Milliseconds 500
        }
        throw "container $Id never became $Status"
    }

    # docker top's output as objects: the header's columns, each row cut into as many, the last keeping the rest.
    function Get-CliTop([string] $Id, [string[]] $PsArgument = @()) {
        $lines = @(Invoke-DockerCli top $Id @PsArgument | Where-Object { $_.Trim() })
        $titles = @($lines[0].Trim() -split '\s+')
        foreach ($line in $lines | Select-Object -Skip 1) {
            $values = @($line.Trim() -split '\s+', $titles.Count)
            $row = [ordered]@{}
            for ($i = 0; $i -lt $titles.Count; $i++) { $row[$titles[$i]] = $values[$i] }
            [pscustomobject]$row
        }
    }
}

AfterAll {
    Remove-TestObject
}

Describe 'New-DockerContainer health options' -Tag 'AnyEngine' {
    It 'sends the health check the docker CLI sends for the same --health-* flags' {
        $ours = New-DockerContainer $fixture -Command sleep, 3600 -Label $label -NoStart -HealthCommand 'test -e /bin/sh' `
            -HealthInterval 1m30s -HealthTimeout 5s -HealthStartPeriod 00:00:30 -HealthRetries 4
        $cli = Invoke-DockerCli create --label $label --health-cmd 'test -e /bin/sh' --health-interval 1m30s --health-timeout 5s `
            --health-start-period 30s --health-retries 4 $fixture sleep 3600
        $expected = Get-CliHealthcheck $cli
        $actual = Get-CliHealthcheck $ours.Id
        $actual.Test | Should -Be @('CMD-SHELL', 'test -e /bin/sh')
        $actual.Test | Should -Be $expected.Test
        $actual.Interval | Should -Be 90000000000
        $actual.Interval | Should -Be $expected.Interval
        $actual.Timeout | Should -Be $expected.Timeout
        $actual.StartPeriod | Should -Be $expected.StartPeriod
        $actual.Retries | Should -Be 4
        $actual.Retries | Should -Be $expected.Retries
    }

    It '-NoHealthcheck sends NONE, as --no-healthcheck does' {
        $ours = New-DockerContainer $fixture -Command sleep, 3600 -Label $label -NoStart -NoHealthcheck
        $cli = Invoke-DockerCli create --label $label --no-healthcheck $fixture sleep 3600
        (Get-CliHealthcheck $ours.Id).Test | Should -Be @('NONE')
        (Get-CliHealthcheck $ours.Id).Test | Should -Be (Get-CliHealthcheck $cli).Test
    }

    It 'refuses a time that is no duration before the engine is asked, and creates nothing' {
        $name = New-Name
        { New-DockerContainer $fixture -Name $name -Label $label -HealthCommand true -HealthInterval soon -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidHealthcheck,DockerPS.Commands.NewDockerContainerCommand'
        Invoke-DockerCli ps -aq --filter "name=^$name$" | Should -BeNullOrEmpty
    }

    It '-HealthStartInterval is refused as the docker CLI refuses it by an engine before API 1.44, and sent to a newer one' {
        $api = [version](Invoke-DockerCli version --format '{{.Server.APIVersion}}')
        $name = New-Name
        $made = New-DockerContainer $fixture -Command sleep, 3600 -Name $name -Label $label -NoStart -HealthCommand true `
            -HealthStartPeriod 30s -HealthStartInterval 2s -ErrorVariable failures -ErrorAction SilentlyContinue
        if ($api -lt [version]'1.44') {
            $made | Should -BeNullOrEmpty
            $failures[0].FullyQualifiedErrorId | Should -Be 'HealthStartIntervalNotSupported,DockerPS.Commands.NewDockerContainerCommand'
            $failures[0].CategoryInfo.Category | Should -Be 'NotImplemented'
            "$failures" | Should -Match "API version is $([regex]::Escape("$($api.Major).$($api.Minor)"))"
            Invoke-DockerCli ps -aq --filter "name=^$name$" | Should -BeNullOrEmpty
            # The CLI's own refusal, for the same engine.
            & docker create --health-start-interval 2s $fixture 2>&1 | Out-String | Should -Match 'requires API version 1.44'
        }
        else {
            $failures.Count | Should -Be 0
            (Get-CliHealthcheck $made.Id).StartInterval | Should -Be 2000000000
        }
    }
}

Describe 'Wait-DockerContainer -Condition Healthy' -Tag 'AnyEngine' {
    It 'returns the container once its health check succeeds' {
        $made = New-DockerContainer $fixture -Command sleep, 3600 -Label $label -HealthCommand true -HealthInterval 1s
        Invoke-TestHealthcheck $made.Id
        $healthy = $made | Wait-DockerContainer -Condition Healthy -Timeout 60
        $healthy | Should -BeOfType DockerPS.DockerContainer
        $healthy.Id | Should -Be $made.Id
        $healthy.Health | Should -Be 'healthy'
        $healthy.Status | Should -Match '\(healthy\)$'
        Get-CliHealth $made.Id | Should -Be 'healthy'
    }

    It 'gives ContainerUnhealthy for a container whose check fails, naming it' {
        $sick = New-DockerContainer $fixture -Command sleep, 3600 -Label $label -HealthCommand false -HealthInterval 1s -HealthRetries 1
        Invoke-TestHealthcheck $sick.Id
        $written = Wait-DockerContainer $sick.Id -Condition Healthy -Timeout 60 -ErrorVariable failures -ErrorAction SilentlyContinue
        $written | Should -BeNullOrEmpty
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'ContainerUnhealthy,DockerPS.Commands.WaitDockerContainerCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidResult'
        $failures[0].TargetObject | Should -Be $sick.Id
        Get-CliHealth $sick.Id | Should -Be 'unhealthy'
    }

    It 'gives WaitTimedOut (OperationTimeout) for each container still starting at -Timeout, and writes the healthy one' {
        $late = 1..2 | ForEach-Object {
            New-DockerContainer $fixture -Command sleep, 3600 -Label $label -HealthCommand true -HealthStartPeriod 60s -HealthInterval 30s
        }
        $ok = New-DockerContainer $fixture -Command sleep, 3600 -Label $label -HealthCommand true -HealthInterval 1s
        Wait-CliHealth $ok.Id 'healthy'
        # Long enough for a loaded engine to answer for all three; the late ones stay starting for a minute.
        $written = Wait-DockerContainer $late[0].Name, $ok.Name, $late[1].Name -Condition Healthy -Timeout 6 -ErrorVariable failures -ErrorAction SilentlyContinue
        @($written).Count | Should -Be 1
        $written.Id | Should -Be $ok.Id
        $failures.Count | Should -Be 2
        $failures.TargetObject | Sort-Object | Should -Be ($late.Name | Sort-Object)
        $failures | ForEach-Object {
            $_.CategoryInfo.Category | Should -Be 'OperationTimeout'
            $_.FullyQualifiedErrorId | Should -Be 'WaitTimedOut,DockerPS.Commands.WaitDockerContainerCommand'
            "$_" | Should -Match "Container $($_.TargetObject) was not healthy after 6 seconds \(health: starting\)"
        }
        $late | ForEach-Object { Get-CliHealth $_.Id | Should -Be 'starting' }
    }

    It 'gives NoHealthcheck at once for a container without one' {
        $plain = New-TestContainer
        Wait-DockerContainer $plain -Condition Healthy -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -Be 'NoHealthcheck,DockerPS.Commands.WaitDockerContainerCommand'
        $failures[0].TargetObject | Should -Be $plain
    }

    It 'gives ContainerExited, with the exit code, for a container that exits before it is healthy' {
        $short = New-DockerContainer $fixture -Command sh, -c, 'sleep 1; exit 3' -Label $label -HealthCommand true -HealthInterval 30s
        Wait-DockerContainer $short -Condition Healthy -Timeout 60 -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -Be 'ContainerExited,DockerPS.Commands.WaitDockerContainerCommand'
        "$($failures[0])" | Should -Match 'exited with code 3 before it was healthy'
    }
}

Describe 'Wait-DockerContainer -Condition Running, NextExit and Removed' -Tag 'AnyEngine' {
    It 'Running returns the running container' {
        $id = New-TestContainer -NoStart
        Invoke-DockerCli start $id | Out-Null
        $running = Wait-DockerContainer $id -Condition Running -Timeout 60
        $running.Id | Should -Be $id
        $running.State | Should -Be 'running'
    }

    It 'NextExit waits through a stopped container to its next exit, where NotRunning returns at once' {
        # A restart policy runs it again and again: each run exits 4 after a second.
        $again = New-TestContainer -Option '--restart', 'always' -Command 'sh', '-c', 'sleep 1; exit 4'
        $exit = Wait-DockerContainer $again -Condition NextExit -Timeout 60
        $exit | Should -BeOfType DockerPS.DockerContainerExit
        $exit.ExitCode | Should -Be 4

        # An exited container without one never exits again.
        $done = New-TestContainer -Command 'sh', '-c', 'exit 5'
        (Wait-DockerContainer $done).ExitCode | Should -Be 5
        Wait-DockerContainer $done -Condition NextExit -Timeout 2 -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -Be 'WaitTimedOut,DockerPS.Commands.WaitDockerContainerCommand'
        "$($failures[0])" | Should -Match "Container $done had not exited after 2 seconds"
    }

    It 'Removed returns once an -AutoRemove container is gone, with its exit code' {
        $gone = New-DockerContainer $fixture -Command sh, -c, 'sleep 3; exit 6' -Label $label -AutoRemove
        $exit = $gone | Wait-DockerContainer -Condition Removed -Timeout 60
        if (Test-PodmanEngine) {
            # Podman removes such a container as it exits and then often no longer knows the exit: it says 0, and why.
            ($exit.ExitCode -eq 6 -or $exit.Error -match 'already been removed|no such container') | Should -BeTrue
        }
        else {
            $exit.ExitCode | Should -Be 6
        }
        Invoke-DockerCli ps -aq --no-trunc --filter "id=$($gone.Id)" | Should -BeNullOrEmpty
    }

    It 'Removed returns once someone removes the exited container, with its exit code' {
        $job = New-DockerContainer $fixture -Command sh, -c, 'sleep 3; exit 6' -Label $label
        $id = $job.Id
        # Someone else: a process of its own (a thread job's clean-up raced its removal, "Job repository does not contain
        # an item", in CI).
        $removal = [Diagnostics.ProcessStartInfo]::new('bash')
        $removal.ArgumentList.Add('-c')
        $removal.ArgumentList.Add("docker wait $id >/dev/null && docker rm $id >/dev/null")
        $remover = [Diagnostics.Process]::Start($removal)
        $exit = $job | Wait-DockerContainer -Condition Removed -Timeout 60
        $remover.WaitForExit()
        $remover.ExitCode | Should -Be 0
        $remover.Dispose()
        $exit.ExitCode | Should -Be 6
        $exit.Error | Should -BeNullOrEmpty
        Invoke-DockerCli ps -aq --no-trunc --filter "id=$($job.Id)" | Should -BeNullOrEmpty
    }
}

Describe 'Get-DockerContainer -Health and the status text' -Tag 'AnyEngine' {
    BeforeAll {
        $scene = "dps.health.scene=$([guid]::NewGuid().ToString('n').Substring(0, 8))"
        $healthy = New-DockerContainer $fixture -Command sleep, 3600 -Label $label, $scene -HealthCommand true -HealthInterval 1s
        $unhealthy = New-DockerContainer $fixture -Command sleep, 3600 -Label $label, $scene -HealthCommand false -HealthInterval 1s -HealthRetries 1
        $starting = New-DockerContainer $fixture -Command sleep, 3600 -Label $label, $scene -HealthCommand true -HealthStartPeriod 60s -HealthInterval 30s
        $none = New-DockerContainer $fixture -Command sleep, 3600 -Label $label, $scene
        Wait-CliHealth $healthy.Id 'healthy'
        Wait-CliHealth $unhealthy.Id 'unhealthy'
        $expected = @{ healthy = $healthy.Id; unhealthy = $unhealthy.Id; starting = $starting.Id; none = $none.Id }
    }

    It 'lists the <_> containers as docker ps --filter health=<_> does' -ForEach 'healthy', 'unhealthy', 'starting', 'none' {
        $ours = @(Get-DockerContainer -Label $scene -Health $_).Id
        $ours | Should -Be @($expected[$_])
        if ($_ -ne 'none' -or -not (Test-PodmanEngine)) {
            # Podman's health filter matches nothing for none: there the expected container is the oracle.
            @(Invoke-DockerCli ps -q --no-trunc --filter "label=$scene" --filter "health=$_") | Should -Be $ours
        }
    }

    It 'takes several states at once' {
        @(Get-DockerContainer -Label $scene -Health Healthy, None).Id | Sort-Object | Should -Be (@($healthy.Id, $none.Id) | Sort-Object)
    }

    It 'shows the health in Status and Health, as docker ps shows it' {
        $listed = Get-DockerContainer -Label $scene | Group-Object Id -AsHashTable
        $listed[$healthy.Id].Status | Should -Match '^Up .+ \(healthy\)$'
        $listed[$unhealthy.Id].Status | Should -Match '^Up .+ \(unhealthy\)$'
        $listed[$starting.Id].Status | Should -Match '^Up .+ \(health: starting\)$'
        $listed[$none.Id].Status | Should -Not -Match '\('
        $listed[$healthy.Id].Health | Should -Be 'healthy'
        $listed[$starting.Id].Health | Should -Be 'starting'
        $listed[$none.Id].Health | Should -BeNullOrEmpty
        if (-not (Test-PodmanEngine)) {
            # Podman's own status text leaves health out; Docker's is the oracle where it has it.
            foreach ($id in $healthy.Id, $unhealthy.Id, $starting.Id, $none.Id) {
                $cli = Invoke-DockerCli ps --filter "id=$id" --format '{{.Status}}'
                ($listed[$id].Status -replace '^Up [^(]+') | Should -Be ($cli -replace '^Up [^(]+')
            }
        }
    }

    It 'reads the health from inspect with -Detailed' {
        (Get-DockerContainer $unhealthy.Id -Detailed).Health | Should -Be (Get-CliHealth $unhealthy.Id)
    }
}

Describe 'Get-DockerContainerProcess' -Tag 'AnyEngine' {
    BeforeAll {
        $id = New-TestContainer -Command 'sh', '-c', 'sleep 3600 & exec sleep 3601'
        $name = (Get-DockerCliInspect $id).Name.TrimStart('/')
    }

    It 'lists the processes docker top lists, with their columns, PIDs as numbers and the container on each' {
        $cli = @(Get-CliTop $id)
        $ours = @(Get-DockerContainerProcess $id)
        $cli.Count | Should -BeGreaterOrEqual 2
        $ours.Count | Should -Be $cli.Count
        $ours[0].Titles | Should -Be @($cli[0].PSObject.Properties.Name)
        $ours.Pid | Should -Be @($cli.PID | ForEach-Object { [int]$_ })
        $ours[0].Pid | Should -BeOfType [int]
        $command = $ours[0].Titles[-1]
        $ours.$command | Should -Be @($cli.$command)
        $ours.ContainerName | Select-Object -Unique | Should -Be $name
        $ours.ContainerId | Select-Object -Unique | Should -Be $id
        $ours.Command | Should -Contain 'sleep 3601'
    }

    It 'passes -PsArgument to ps, as docker top CONTAINER aux does' {
        $cli = @(Get-CliTop $id 'aux')
        $ours = @(Get-DockerContainerProcess $id -PsArgument aux)
        $ours[0].Titles | Should -Be @($cli[0].PSObject.Properties.Name)
        $ours.Pid | Should -Be @($cli.PID | ForEach-Object { [int]$_ })
    }

    It 'shows docker top''s table' {
        $table = Get-DockerContainerProcess $id | Out-String
        $header = @(Get-CliTop $id)[0].PSObject.Properties.Name
        if ($header[0] -eq 'UID') {
            $table | Should -Match 'CONTAINER\s+UID\s+PID\s+PPID\s+C\s+STIME\s+TTY\s+TIME\s+CMD'
        }
        $table | Should -Match ([regex]::Escape('sleep 3601'))
    }

    It 'gives ContainerNotRunning for a stopped container, as docker top refuses it' {
        $stopped = New-TestContainer -NoStart
        Get-DockerContainerProcess $stopped, $id -ErrorVariable failures -ErrorAction SilentlyContinue | Select-Object -ExpandProperty ContainerId -Unique | Should -Be $id
        $failures[0].FullyQualifiedErrorId | Should -Be 'ContainerNotRunning,DockerPS.Commands.GetDockerContainerProcessCommand'
        $failures[0].TargetObject | Should -Be $stopped
        if (-not (Test-PodmanEngine)) {
            # Podman's top answers a stopped container with nothing; dockerd refuses it.
            & docker top $stopped 2>&1 | Out-String | Should -Match 'is not running'
        }
    }
}
