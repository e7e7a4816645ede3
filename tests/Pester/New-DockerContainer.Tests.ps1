BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $onPodman = Test-PodmanEngine
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Initialize-DockerPSTest
    $run = Get-TestRunId
    $label = Get-TestLabel
    $busybox = Get-FixtureImage
    $httpd = Get-FixtureImage -Httpd
    $bogus = 'unix:///nonexistent/dockerps.sock'

    # Every container the tests make carries the run's label.
    function New-Web([string[]] $Publish, [hashtable] $Extra = @{}) {
        New-DockerContainer $httpd -Label $label -Publish $Publish @Extra
    }
    function Get-CliPorts([string] $Id) {
        @(Invoke-DockerCli port $Id) | Sort-Object
    }
}

AfterAll {
    Remove-TestObject
}

Describe 'New-DockerContainer -Publish, with real HTTP through each mapping' -Tag 'AnyEngine' {
    It 'hostPort:containerPort (-p 81:80)' {
        $port = Get-FreeTcpPort
        $web = New-Web "${port}:80"
        $web.State | Should -Be 'running'
        ($web.Ports | Where-Object IsPublished).HostPort | Should -Contain $port
        Get-HttpContent "127.0.0.1:$port" | Should -Match 'dockerps-httpd-ok'
    }

    It 'ip:hostPort:containerPort (-p 172.20.131.181:81:80)' {
        $port = Get-FreeTcpPort
        $web = New-Web "127.0.0.1:${port}:80"
        Get-CliPorts $web.Id | Should -Be "80/tcp -> 127.0.0.1:$port"
        Get-HttpContent "127.0.0.1:$port" | Should -Match 'dockerps-httpd-ok'
    }

    It 'ip::containerPort, a random host port (-p 172.20.131.181::80)' {
        $web = New-Web '127.0.0.1::80'
        $binding = $web.Ports | Where-Object IsPublished
        $binding.HostIp | Should -Be '127.0.0.1'
        $binding.HostPort | Should -BeGreaterThan 0
        Get-HttpContent $binding.HostEndpointText | Should -Match 'dockerps-httpd-ok'
    }

    It 'a container port alone publishes it on a random host port (-p 80)' {
        $web = New-Web '80'
        $binding = $web.Ports | Where-Object { $_.IsPublished -and $_.HostIp -eq '0.0.0.0' }
        Get-HttpContent "127.0.0.1:$($binding.HostPort)" | Should -Match 'dockerps-httpd-ok'
    }

    It 'ip:hostPort:containerPort/udp (-p 172.20.131.181:83:80/udp), shown by docker port' {
        $port = Get-FreeTcpPort
        $web = New-Web "127.0.0.1:${port}:80/udp"
        Get-CliPorts $web.Id | Should -Be "80/udp -> 127.0.0.1:$port"
        "$(Get-DockerContainerPort $web)" | Should -Be "80/udp -> 127.0.0.1:$port"
    }

    It 'several mappings and protocols at once (-p ip:80:80 -p 443:443/tcp -p 53:53/udp)' {
        $http, $https, $dns = (Get-FreeTcpPort), (Get-FreeTcpPort), (Get-FreeTcpPort)
        $web = New-Web "127.0.0.1:${http}:80", "127.0.0.1:${https}:443/tcp", "127.0.0.1:${dns}:53/udp"
        Get-CliPorts $web.Id | Should -Be (@("53/udp -> 127.0.0.1:$dns", "80/tcp -> 127.0.0.1:$http", "443/tcp -> 127.0.0.1:$https") | Sort-Object)
        Get-HttpContent "127.0.0.1:$http" | Should -Match 'dockerps-httpd-ok'
    }

    It 'ranges, pairwise (-p 8000-8002:80-82)' {
        $first = Get-FreeTcpPort
        $web = New-Web "127.0.0.1:$first-$($first + 2):80-82"
        Get-CliPorts $web.Id | Should -Be (@(0..2 | ForEach-Object { "$(80 + $_)/tcp -> 127.0.0.1:$($first + $_)" }) | Sort-Object)
        Get-HttpContent "127.0.0.1:$first" | Should -Match 'dockerps-httpd-ok'
    }

    It 'a host range for one container port takes a port from the range' -Skip:$onPodman {
        $first = Get-FreeTcpPort
        $web = New-Web "127.0.0.1:$first-$($first + 5):80"
        $port = ($web.Ports | Where-Object IsPublished).HostPort
        $port | Should -BeGreaterOrEqual $first
        $port | Should -BeLessOrEqual ($first + 5)
        Get-HttpContent "127.0.0.1:$port" | Should -Match 'dockerps-httpd-ok'
    }

    It 'says that Podman cannot publish on a host range, and creates nothing' -Skip:(-not $onPodman) {
        $first = Get-FreeTcpPort
        New-DockerContainer $httpd -Label $label -Name "dps-$run-range" -Publish "127.0.0.1:$first-$($first + 5):80" -ErrorVariable failures -ErrorAction SilentlyContinue |
            Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -Be 'PublishRangeNotSupported,DockerPS.Commands.NewDockerContainerCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'NotImplemented'
        "$($failures[0])" | Should -Match "range of host ports \(127\.0\.0\.1:$first-$($first + 5):80/tcp\)"
        Invoke-DockerCli ps -aq --filter "name=^/?dps-$run-range$" | Should -BeNullOrEmpty
    }

    It 'publishes every exposed port on an ephemeral host port with -PublishAll (-P)' {
        $web = New-DockerContainer $httpd -Label $label -PublishAll
        $binding = $web.Ports | Where-Object { $_.IsPublished -and $_.HostIp -eq '0.0.0.0' }
        $low, $high = (Get-Content /proc/sys/net/ipv4/ip_local_port_range) -split '\s+'
        $binding.HostPort | Should -BeGreaterOrEqual ([int]$low)
        $binding.HostPort | Should -BeLessOrEqual ([int]$high)
        Get-HttpContent "127.0.0.1:$($binding.HostPort)" | Should -Match 'dockerps-httpd-ok'
    }
}

Describe 'New-DockerContainer options' -Tag 'AnyEngine' {
    It 'returns the running container, re-read after start' {
        $c = New-DockerContainer $busybox sleep, 3600 -Label $label -Name "dps-$run-named"
        $c.Name | Should -Be "dps-$run-named"
        $c.State | Should -Be 'running'
        $c.Command | Should -Be 'sleep 3600'
        (Get-DockerCliInspect $c.Id).State.Status | Should -Be 'running'
    }

    It 'only creates with -NoStart' {
        (New-DockerContainer $busybox -Label $label -NoStart).State | Should -Be 'created'
    }

    It 'writes -Dns into /etc/resolv.conf' {
        $c = New-DockerContainer $busybox sleep, 3600 -Label $label -Dns 223.6.6.6
        Invoke-DockerCli exec $c.Id cat /etc/resolv.conf | Should -Contain 'nameserver 223.6.6.6'
    }

    It 'removes an -AutoRemove container once it exits' {
        # It runs until killed: a container that exits by itself could be gone before a slow engine is asked.
        $c = New-DockerContainer $busybox sleep, 3600 -Label $label -AutoRemove
        (Get-DockerCliInspect $c.Id).HostConfig.AutoRemove | Should -BeTrue
        Invoke-DockerCli kill $c.Id | Out-Null
        foreach ($attempt in 1..60) {
            if (-not (Invoke-DockerCli ps -aq --no-trunc --filter "id=$($c.Id)")) { break }
            Start-Sleep -Milliseconds 250
        }
        Invoke-DockerCli ps -aq --no-trunc --filter "id=$($c.Id)" | Should -BeNullOrEmpty
    }

    It 'passes environment variables from a hashtable and from NAME=value strings' {
        $env:DPS_FROM_HERE = 'local-value'
        try {
            $a = New-DockerContainer $busybox -Label $label -NoStart -Environment @{ MODE = 'prod'; EMPTY = $null }
            $b = New-DockerContainer $busybox -Label $label -NoStart -Environment 'A=1', 'B=x=y', 'DPS_FROM_HERE'
        }
        finally {
            Remove-Item Env:DPS_FROM_HERE
        }
        (Get-DockerCliInspect $a.Id).Config.Env | Should -Contain 'MODE=prod'
        (Get-DockerCliInspect $a.Id).Config.Env | Should -Contain 'EMPTY='
        $envB = (Get-DockerCliInspect $b.Id).Config.Env
        $envB | Should -Contain 'A=1'
        $envB | Should -Contain 'B=x=y'
        $envB | Should -Contain 'DPS_FROM_HERE=local-value'
    }

    It 'mounts binds, named and anonymous volumes' {
        $dir = Join-Path ([IO.Path]::GetTempPath()) "dps-$run-bind"
        New-Item -ItemType Directory -Force $dir | Out-Null
        Set-Content (Join-Path $dir 'hello.txt') 'from-the-host'
        $volume = "dps-$run-named-volume"
        try {
            $c = New-DockerContainer $busybox sleep, 3600 -Label $label -Volume "${dir}:/host:ro", "${volume}:/named", '/anonymous'
            Invoke-DockerCli exec $c.Id cat /host/hello.txt | Should -Be 'from-the-host'
            $mounts = (Get-DockerCliInspect $c.Id).Mounts
            ($mounts | Where-Object Destination -eq '/host').RW | Should -BeFalse
            ($mounts | Where-Object Destination -eq '/named').Name | Should -Be $volume
            ($mounts | Where-Object Destination -eq '/anonymous').Type | Should -Be 'volume'
            $c.Mounts.Destination | Sort-Object | Should -Be @('/anonymous', '/host', '/named')
        }
        finally {
            Remove-TestObject
            & docker volume rm $volume *> $null
            Remove-Item $dir -Recurse -Force
        }
    }

    It 'sets labels, entrypoint, working directory, user, host name, network, restart policy, memory, CPUs and TTY' {
        $c = New-DockerContainer $busybox -Label @{ 'dockerps.test' = $run; tier = 'web' } -NoStart `
            -Entrypoint /bin/sh -Command '-c', 'sleep 3600' -WorkingDirectory /tmp -User 'nobody' -Hostname 'dps-host' `
            -Network none -RestartPolicy on-failure:3 -Memory 64m -Cpus 0.5 -Tty
        $inspect = Get-DockerCliInspect $c.Id
        $inspect.Config.Labels.tier | Should -Be 'web'
        $inspect.Config.Entrypoint | Should -Be '/bin/sh'
        $inspect.Config.Cmd | Should -Be @('-c', 'sleep 3600')
        $inspect.Config.WorkingDir | Should -Be '/tmp'
        $inspect.Config.User | Should -Be 'nobody'
        $inspect.Config.Hostname | Should -Be 'dps-host'
        $inspect.HostConfig.NetworkMode | Should -Be 'none'
        $inspect.HostConfig.RestartPolicy.Name | Should -Be 'on-failure'
        $inspect.HostConfig.RestartPolicy.MaximumRetryCount | Should -Be 3
        $inspect.HostConfig.Memory | Should -Be 67108864
        $inspect.HostConfig.NanoCpus | Should -Be 500000000
        $inspect.Config.Tty | Should -BeTrue
    }

    It 'refuses a name that is taken as ResourceExists, and creates nothing' {
        $name = "dps-$run-taken"
        New-DockerContainer $busybox -Label $label -NoStart -Name $name | Out-Null
        { New-DockerContainer $busybox -Label $label -NoStart -Name $name -ErrorAction Stop } |
            Should -Throw -ErrorId 'DockerApi.Conflict,DockerPS.Commands.NewDockerContainerCommand'
        $failure = try { New-DockerContainer $busybox -Label $label -NoStart -Name $name -ErrorAction Stop } catch { $_ }
        $failure.CategoryInfo.Category | Should -Be 'ResourceExists'
        # Docker matches the name filter against /name, Podman against name.
        @(Invoke-DockerCli ps -aq --filter "label=$label" --filter "name=^/?$name$").Count | Should -Be 1
    }

    It 'changes nothing with -WhatIf' {
        $before = @(Invoke-DockerCli ps -aq --filter "label=$label").Count
        New-DockerContainer $busybox -Label $label -WhatIf
        @(Invoke-DockerCli ps -aq --filter "label=$label").Count | Should -Be $before
    }
}

Describe 'New-DockerContainer refuses bad options before contacting the engine' -Tag 'AnyEngine' {
    It 'refuses <Option> <Value> with <Id>' -ForEach @(
        @{ Option = 'Publish'; Value = '80/foo'; Id = 'InvalidPublish'; Words = 'invalid proto'; Shows = 'foo' }
        @{ Option = 'Publish'; Value = '1.2.3:81:80'; Id = 'InvalidPublish'; Words = 'invalid IP address'; Shows = '1.2.3' }
        @{ Option = 'Publish'; Value = '8000-8002:80-81'; Id = 'InvalidPublish'; Words = 'invalid ranges'; Shows = '80-81 and 8000-8002' }
        @{ Option = 'Environment'; Value = '=x'; Id = 'InvalidEnvironment'; Words = 'invalid environment variable'; Shows = '=x' }
        @{ Option = 'Volume'; Value = 'data:relative'; Id = 'InvalidVolume'; Words = 'absolute'; Shows = 'relative' }
        @{ Option = 'Memory'; Value = '12x'; Id = 'InvalidMemory'; Words = 'invalid size'; Shows = '12x' }
        @{ Option = 'RestartPolicy'; Value = 'always:3'; Id = 'InvalidRestartPolicy'; Words = 'maximum retry count'; Shows = 'always' }
    ) {
        $splat = @{ $Option = $Value }
        $failure = try { New-DockerContainer $busybox -HostAddress $bogus @splat } catch { $_ }
        $failure.FullyQualifiedErrorId | Should -Be "$Id,DockerPS.Commands.NewDockerContainerCommand"
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        "$failure" | Should -Match ([regex]::Escape($Words))
        "$failure" | Should -Match ([regex]::Escape($Shows))
    }
}

Describe 'New-DockerContainer -Attach' -Tag 'AnyEngine' {
    It 'streams stdout to the pipeline and stderr to the error stream, then ends' {
        $out = New-DockerContainer $busybox -Label $label -Attach -Command sh, -c, 'echo one; echo two >&2; echo three' -ErrorVariable failures -ErrorAction SilentlyContinue
        $out | Should -Be @('one', 'three')
        $failures.Count | Should -Be 1
        "$($failures[0])" | Should -Be 'two'
    }

    It 'runs the seed''s foreground command (tail of /etc/hosts)' {
        $out = New-DockerContainer $busybox -Label $label -Attach -Command /usr/bin/head, -n, 1, /etc/hosts
        $out | Should -Match '^127\.0\.0\.1\s+localhost$'
    }

    It 'reports a non-zero exit code as an error carrying it' {
        New-DockerContainer $busybox -Label $label -Attach -Command sh, -c, 'exit 3' -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'ContainerExitCode,DockerPS.Commands.NewDockerContainerCommand'
        $failures[0].Exception.ExitCode | Should -Be 3
    }

    It 'works with -AutoRemove, even for a command that exits at once' {
        $out = New-DockerContainer $busybox -Label $label -Attach -AutoRemove -Command echo, quick
        $out | Should -Be 'quick'
    }

    It 'works with -Tty' {
        New-DockerContainer $busybox -Label $label -Attach -Tty -Command echo, tty | Should -Be 'tty'
    }

    It 'passes Ctrl+C on to the container as SIGINT (docker run --sig-proxy), and with -NoSignalProxy leaves it running' -ForEach @(
        @{ Proxy = $true; Extra = '' }
        @{ Proxy = $false; Extra = '-NoSignalProxy' }
    ) {
        $name = "dps-$run-sigint-$Proxy"
        $shell = [powershell]::Create()
        $null = $shell.AddScript("Import-Module '$($env:DOCKERPS_MODULE_PATH)'; New-DockerContainer '$busybox' -Name $name -Label '$label' -Attach $Extra -Command sh, -c, 'trap ""exit 130"" INT; while :; do sleep 0.2; done'")
        $invocation = $shell.BeginInvoke()
        try {
            foreach ($attempt in 1..100) {
                if ((& docker inspect --format '{{.State.Running}}' $name 2>$null) -eq 'true') { break }
                Start-Sleep -Milliseconds 100
            }
            # Time for the shell to set its trap: PID 1 without a handler ignores SIGINT (CI lost one so, over ssh).
            Start-Sleep -Seconds 1
            # Stop is what Ctrl+C does to a running pipeline.
            $shell.Stop()
            $invocation.AsyncWaitHandle.WaitOne(10000) | Should -BeTrue
            if ($Proxy) {
                foreach ($attempt in 1..100) {
                    if ((& docker inspect --format '{{.State.Running}}' $name 2>$null) -eq 'false') { break }
                    Start-Sleep -Milliseconds 100
                }
                (Get-DockerCliInspect $name).State.ExitCode | Should -Be 130
            }
            else {
                Start-Sleep -Seconds 1
                (Get-DockerCliInspect $name).State.Status | Should -Be 'running'
            }
        }
        finally {
            $shell.Dispose()
        }
    }
}

Describe 'New-DockerContainer -Pull' -Tag 'AnyEngine' -Skip:(-not $env:DOCKERPS_TEST_REGISTRY) {
    BeforeAll {
        $remote = "$($env:DOCKERPS_TEST_REGISTRY)/dps-$run/busybox:1"
        Invoke-DockerCli tag $busybox $remote | Out-Null
        Invoke-DockerCli push $remote | Out-Null
        Invoke-DockerCli rmi $remote | Out-Null
    }
    AfterAll {
        & docker rmi $remote *> $null
    }

    It 'refuses a missing image with -Pull Never' {
        $failure = try { New-DockerContainer $remote -Label $label -NoStart -Pull Never } catch { $_ }
        $failure.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'pulls a missing image from host:port/project/name:tag, as docker run does' {
        $c = New-DockerContainer $remote -Label $label -Command sleep, 3600
        $c.Image | Should -Be $remote
        Invoke-DockerCli image inspect --format '{{index .RepoDigests 0}}' $remote | Should -Match "^$([regex]::Escape("$($env:DOCKERPS_TEST_REGISTRY)/dps-$run/busybox"))@sha256:"
    }

    It 'reports an image the registry does not have as ObjectNotFound' {
        $failure = try { New-DockerContainer "$($env:DOCKERPS_TEST_REGISTRY)/dps-$run/missing:1" -Label $label -NoStart } catch { $_ }
        $failure.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        "$failure" | Should -Match 'not found|manifest unknown'
    }
}

Describe 'New-DockerContainer over a pipeline (a batch)' -Tag 'AnyEngine' {
    It 'makes and starts a container for each of 20 names piped in, written in input order' {
        $names = 1..20 | ForEach-Object { "dps-$run-batch-$_" }
        $made = $names | New-DockerContainer $busybox sleep, 3600 -Label $label
        $made.Name | Should -Be $names
        foreach ($container in $made) {
            $container.State | Should -Be 'running'
            $inspect = Get-DockerCliInspect $container.Id
            $inspect.Name.TrimStart('/') | Should -Be $container.Name
            $inspect.State.Status | Should -Be 'running'
            $inspect.Config.Cmd | Should -Be @('sleep', '3600')
        }
        @(Invoke-DockerCli ps -q --filter "label=$label" --filter "name=dps-$run-batch-").Count | Should -Be 20
    }

    It 'gives a name that is taken its own ResourceExists error, and still makes the others' {
        $taken = "dps-$run-batch-taken"
        $existing = New-TestContainer -Name $taken -NoStart
        $names = "dps-$run-batch-before", $taken, "dps-$run-batch-after"
        $made = $names | New-DockerContainer $busybox -Label $label -NoStart -ErrorVariable failures -ErrorAction SilentlyContinue
        $made.Name | Should -Be "dps-$run-batch-before", "dps-$run-batch-after"
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'DockerApi.Conflict,DockerPS.Commands.NewDockerContainerCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $failures[0].TargetObject | Should -Be $taken
        (Get-DockerCliInspect $taken).Id | Should -Be $existing
        foreach ($name in $made.Name) { (Get-DockerCliInspect $name).State.Status | Should -Be 'created' }
    }

    It 'runs each image piped in, in input order' {
        $made = $busybox, $httpd, $busybox | New-DockerContainer -Label $label -NoStart
        $made.Count | Should -Be 3
        # Podman names a local image with its registry (docker.io/… or localhost/…), as its inspect does.
        $made.Image -replace '^(docker\.io|localhost)/', '' | Should -Be $busybox, $httpd, $busybox
        foreach ($container in $made) { (Get-DockerCliInspect $container.Id).Config.Image | Should -Be $container.Image }
    }

    It 'changes nothing with -WhatIf' {
        $names = 1..3 | ForEach-Object { "dps-$run-batch-whatif-$_" }
        $names | New-DockerContainer $busybox -Label $label -WhatIf
        @(Invoke-DockerCli ps -aq --filter "label=$label" --filter "name=dps-$run-batch-whatif").Count | Should -Be 0
    }
}
