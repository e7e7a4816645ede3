BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Initialize-DockerPSTest
    $run = Get-TestRunId
    $label = Get-TestLabel

    $running = New-TestContainer -Name "dps-$run-running" -Option '--label', 'tier=web'
    $web = New-TestContainer -Name "dps-$run-web" -Httpd -Command @() -Option '-p', '127.0.0.1::80', '--label', 'tier=web', '-v', '/data'
    $exited = New-TestContainer -Name "dps-$run-exited" -Command 'sh', '-c', 'exit 3'
    Invoke-DockerCli wait $exited | Out-Null
    $created = New-TestContainer -Name "dps-$run-created" -NoStart
    $paused = New-TestContainer -Name "dps-$run-paused"
    Invoke-DockerCli pause $paused | Out-Null

    function Get-CliIds([string[]] $Option) {
        @(Invoke-DockerCli ps --no-trunc -q --filter "label=$label" @Option) | Sort-Object
    }
    # What docker ps lists without -a: running and paused containers. Podman's docker ps leaves paused ones out;
    # DockerPS keeps Docker's meaning on both engines.
    function Get-CliDefaultIds {
        if (Test-PodmanEngine) { Get-CliIds '-a', '--filter', 'status=running', '--filter', 'status=paused' } else { Get-CliIds }
    }
    # Docker's default network; Podman's is called podman.
    $defaultNetwork = if (Test-PodmanEngine) { 'podman' } else { 'bridge' }
    function Get-OurIds($Containers) {
        @($Containers | Where-Object { $_.Labels['dockerps.test'] -eq $run } | ForEach-Object Id) | Sort-Object
    }
}

AfterAll {
    Remove-TestObject
}

Describe 'Get-DockerContainer listing' -Tag 'AnyEngine' {
    It 'lists running (and paused) containers by default, as docker ps does' {
        $ours = Get-OurIds (Get-DockerContainer)
        $ours | Should -Be (Get-CliDefaultIds)
        $ours | Should -Contain $paused
        $ours | Should -Contain $running
        $ours | Should -Not -Contain $exited
    }

    It 'lists every container with -All, as docker ps -a does' {
        $ours = Get-OurIds (Get-DockerContainer -All)
        $ours | Should -Be (Get-CliIds '-a')
        $ours.Count | Should -Be 5
    }

    It 'includes stopped containers with -Status, as the status filter does' {
        Get-OurIds (Get-DockerContainer -Status Exited) | Should -Be @($exited)
        Get-OurIds (Get-DockerContainer -Status Created, Paused) | Should -Be (Get-CliIds '-a', '--filter', 'status=created', '--filter', 'status=paused')
    }

    It 'rejects a status the engine does not know before contacting it' {
        { Get-DockerContainer -Status Sleeping } | Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,DockerPS.Commands.GetDockerContainerCommand'
    }

    It 'filters by ancestor image with -Image, descendants included' {
        Get-OurIds (Get-DockerContainer -All -Image (Get-FixtureImage -Httpd)) | Should -Be @($web)
        # Podman's own ancestor filter knows an image only by its full name (docker.io/…), and not its descendants.
        $ancestor = (Test-PodmanEngine) ? "docker.io/$(Get-FixtureImage -Httpd)" : (Get-FixtureImage -Httpd)
        Get-OurIds (Get-DockerContainer -All -Image (Get-FixtureImage -Httpd)) | Should -Be (Get-CliIds '-a', '--filter', "ancestor=$ancestor")
        # The httpd fixture is built on the busybox one.
        Get-OurIds (Get-DockerContainer -All -Image (Get-FixtureImage)) | Should -Be (@($running, $web, $exited, $created, $paused) | Sort-Object)
    }

    It 'filters by label with -Label key=value and key' {
        Get-OurIds (Get-DockerContainer -All -Label 'tier=web') | Should -Be (@($running, $web) | Sort-Object)
        (Get-DockerContainer -All -Label $label, 'tier').Count | Should -Be 2
    }

    It 'passes -Filter to the engine' {
        Get-OurIds (Get-DockerContainer -All -Filter @{ name = "dps-$run-exi"; label = $label }) | Should -Be @($exited)
        Get-OurIds (Get-DockerContainer -All -Filter @{ label = $label, 'tier=web' }) | Should -Be (Get-CliIds '-a', '--filter', 'label=tier=web')
    }

    It 'returns the n last created containers with -Last, as docker ps -n does' {
        Get-OurIds (Get-DockerContainer -Last 2 -Label $label) | Should -Be (Get-CliIds '-n', '2')
        (Get-DockerContainer -Last 2 -Label $label).Id | Should -Be @($paused, $created)
    }
}

Describe 'Get-DockerContainer objects' -Tag 'AnyEngine' {
    BeforeAll {
        $cli = @{}
        Invoke-DockerCliJson ps -a --no-trunc --filter "label=$label" | ForEach-Object { $cli[$_.ID] = $_ }
        $ours = @{}
        Get-DockerContainer -All -Label $label | ForEach-Object { $ours[$_.Id] = $_ }
    }

    It 'carries what docker ps shows: <Field>' -ForEach @(
        @{ Field = 'Names'; OursOf = { param($c) $c.Names -join ',' }; CliOf = { param($c) $c.Names } }
        @{ Field = 'Image'; OursOf = { param($c) $c.Image }; CliOf = { param($c) $c.Image } }
        @{ Field = 'State'; OursOf = { param($c) $c.State }; CliOf = { param($c) $c.State } }
        @{ Field = 'Labels'; OursOf = { param($c) ($c.Labels.GetEnumerator() | Sort-Object Key | ForEach-Object { "$($_.Key)=$($_.Value)" }) -join ',' }; CliOf = { param($c) ($c.Labels -split ',' | Sort-Object) -join ',' } }
        @{ Field = 'ShortId'; OursOf = { param($c) $c.ShortId }; CliOf = { param($c) $c.ID.Substring(0, 12) } }
    ) {
        $cli.Count | Should -Be 5
        foreach ($id in $cli.Keys) {
            & $OursOf $ours[$id] | Should -Be (& $CliOf $cli[$id]) -Because "container $id"
        }
    }

    It 'has the status text of docker ps, up to the clock ticking' {
        $ours[$exited].Status | Should -Match '^Exited \(3\) '
        $ours[$running].Status | Should -Match '^Up '
        $ours[$paused].Status | Should -Match '\(Paused\)$'
        $ours[$created].Status | Should -Be 'Created'
    }

    It 'has the creation time docker inspect reports, as a local DateTime' {
        $inspected = [datetime]::Parse((Get-DockerCliInspect $running).Created, [cultureinfo]::InvariantCulture, 'RoundtripKind')
        $ours[$running].Created.Kind | Should -Be 'Local'
        [math]::Abs(($ours[$running].Created.ToUniversalTime() - $inspected.ToUniversalTime()).TotalSeconds) | Should -BeLessThan 1
    }

    It 'has typed port bindings that docker port agrees with' {
        $binding = $ours[$web].Ports | Where-Object IsPublished
        $binding.ContainerPort | Should -Be 80
        $binding.Protocol | Should -Be 'tcp'
        $binding.HostIp | Should -Be '127.0.0.1'
        "$binding" | Should -Be (Invoke-DockerCli port $web | Select-Object -First 1)
        $ours[$web].PortSummary | Should -Be "127.0.0.1:$($binding.HostPort)->80/tcp"
    }

    It 'has the mounts and networks docker inspect reports' {
        $inspect = Get-DockerCliInspect $web
        $ours[$web].Mounts.Destination | Should -Be '/data'
        $ours[$web].Mounts[0].Type | Should -Be 'volume'
        $ours[$web].Mounts[0].Name | Should -Be $inspect.Mounts[0].Name
        $ours[$web].Networks[$defaultNetwork].IPAddress | Should -Not -BeNullOrEmpty
        $ours[$web].Networks[$defaultNetwork].IPAddress | Should -Be $inspect.NetworkSettings.Networks.$defaultNetwork.IPAddress
    }

    It 'records the engine it came from' {
        $ours[$running].Endpoint.Address | Should -Be $env:DOCKERPS_TEST_HOST
    }

    It 'shows a docker ps table by default' {
        $table = Get-DockerContainer $running | Out-String -Width 250
        $table | Should -Match 'CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES'
        # Podman reports the image by its full name (docker.io/…), docker ps on Podman too.
        $image = (Test-PodmanEngine) ? "docker.io/$(Get-FixtureImage)" : (Get-FixtureImage)
        $table | Should -Match ([regex]::Escape($running.Substring(0, 12)) + '\s+' + [regex]::Escape($image) + '\s+"sleep 3600"\s+(\d+ seconds? ago|Less than a second ago)')
        $table | Should -Match "dps-$run-running"
    }
}

Describe 'Get-DockerContainer by name or id' -Tag 'AnyEngine' {
    It 'finds a stopped container by exact name without -All, as docker inspect does' {
        (Get-DockerContainer "dps-$run-exited").Id | Should -Be $exited
    }

    It 'finds containers by full id and by unique id prefix' {
        (Get-DockerContainer $running).Name | Should -Be "dps-$run-running"
        (Get-DockerContainer $created.Substring(0, 12)).Id | Should -Be $created
    }

    It 'matches names with wildcards, honouring -All' {
        (Get-DockerContainer "dps-$run-*").Id | Sort-Object | Should -Be (Get-CliDefaultIds)
        (Get-DockerContainer "DPS-$run-*" -All).Count | Should -Be 5
    }

    It 'writes a non-terminating ObjectNotFound error for a name that matches nothing, and goes on' {
        $found = Get-DockerContainer "dps-$run-nothing", "dps-$run-running" -ErrorVariable failures -ErrorAction SilentlyContinue
        $found.Id | Should -Be $running
        $failures.Count | Should -Be 1
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].FullyQualifiedErrorId | Should -Be 'ContainerNotFound,DockerPS.Commands.GetDockerContainerCommand'
        $failures[0].TargetObject | Should -Be "dps-$run-nothing"
        $failures[0].Exception.Message | Should -Be "No such container: dps-$run-nothing"
    }

    It 'is silent when a wildcard matches nothing' {
        $found = Get-DockerContainer "dps-$run-none*" -All -ErrorVariable failures
        $found | Should -BeNullOrEmpty
        $failures.Count | Should -Be 0
    }

    It 'takes names from the pipeline, by value and by property name' {
        ("dps-$run-running", "dps-$run-exited" | Get-DockerContainer).Id | Should -Be @($running, $exited)
        ([pscustomobject]@{ Name = "dps-$run-created" } | Get-DockerContainer).Id | Should -Be $created
    }

    It 'acts on the engine a piped object came from, not on DOCKER_HOST' {
        $object = Get-DockerContainer $running
        $saved = $env:DOCKER_HOST
        try {
            $env:DOCKER_HOST = 'unix:///nonexistent/docker.sock'
            ($object | Get-DockerContainer -Detailed).Pid | Should -BeGreaterThan 0
            { Get-DockerContainer $running -ErrorAction Stop } | Should -Throw -ErrorId 'EngineUnreachable,DockerPS.Commands.GetDockerContainerCommand'
        }
        finally {
            $env:DOCKER_HOST = $saved
        }
    }
}

Describe 'Get-DockerContainer -Detailed' -Tag 'AnyEngine' {
    BeforeAll {
        $detailed = Get-DockerContainer $running, $exited, $web -Detailed
        $inspect = Get-DockerCliInspect $running
    }

    It 'has the main process id docker inspect reports' {
        $detailed[0].IsDetailed | Should -BeTrue
        $detailed[0].Pid | Should -Be $inspect.State.Pid
        $detailed[0].Pid | Should -BeGreaterThan 0
    }

    It 'has exit code, start and finish times of a stopped container' {
        $stopped = Get-DockerCliInspect $exited
        $detailed[1].ExitCode | Should -Be 3
        $detailed[1].Pid | Should -Be 0
        [math]::Abs(($detailed[1].StartedAt.ToUniversalTime() - [datetime]::Parse($stopped.State.StartedAt, [cultureinfo]::InvariantCulture, 'RoundtripKind').ToUniversalTime()).TotalSeconds) | Should -BeLessThan 1
        [math]::Abs(($detailed[1].FinishedAt.ToUniversalTime() - [datetime]::Parse($stopped.State.FinishedAt, [cultureinfo]::InvariantCulture, 'RoundtripKind').ToUniversalTime()).TotalSeconds) | Should -BeLessThan 1
        $detailed[1].RestartCount | Should -Be 0
    }

    It 'carries the whole inspect document' {
        $detailed[0].Inspect.State.Pid | Should -Be $inspect.State.Pid
        $detailed[0].Inspect.Config.Labels.'dockerps.test' | Should -Be $run
        $detailed[0].Inspect.HostConfig.NetworkMode | Should -Be $inspect.HostConfig.NetworkMode
        $detailed[2].Inspect.NetworkSettings.Networks.$defaultNetwork.IPAddress | Should -Be $detailed[2].Networks[$defaultNetwork].IPAddress
    }

    It 'leaves the inspect data out without -Detailed' {
        $plain = Get-DockerContainer $running
        $plain.IsDetailed | Should -BeFalse
        $plain.Pid | Should -BeNullOrEmpty
        $plain.Inspect | Should -BeNullOrEmpty
    }
}

Describe 'Container name completion' -Tag 'AnyEngine' {
    It 'offers the test containers by name' {
        $line = "Get-DockerContainer dps-$run-ru"
        $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $completion.CompletionMatches.CompletionText | Should -Be @("dps-$run-running")
    }

    It 'completes -Status with the states' {
        $line = 'Get-DockerContainer -Status ex'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be 'Exited'
    }
}

Describe 'Names together with filters' -Tag 'AnyEngine' {
    It 'is silent about a container the filters leave out, as docker ps -f is' {
        Get-DockerContainer "dps-$run-running" -Status Exited -ErrorVariable failures | Should -BeNullOrEmpty
        $failures.Count | Should -Be 0
        (Get-DockerContainer "dps-$run-running" -Last 50).Id | Should -Be $running
    }

    It 'still reports a name that does not exist at all' {
        Get-DockerContainer "dps-$run-nothing" -Status Exited -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'ContainerNotFound,DockerPS.Commands.GetDockerContainerCommand'
    }
}

Describe 'Objects that went through serialization' -Tag 'AnyEngine' {
    It 'still act on the engine they came from' {
        $file = Join-Path ([IO.Path]::GetTempPath()) "dps-$run-container.xml"
        try {
            Get-DockerContainer $running | Export-Clixml $file
            $saved = $env:DOCKER_HOST
            $env:DOCKER_HOST = 'unix:///nonexistent/docker.sock'
            try {
                (Import-Clixml $file | Get-DockerContainer).Id | Should -Be $running
            }
            finally {
                $env:DOCKER_HOST = $saved
            }
        }
        finally {
            Remove-Item $file -ErrorAction Ignore
        }
    }
}
