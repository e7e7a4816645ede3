# New-DockerContainer's storage and network options against the real engine, the docker CLI (docker inspect,
# docker exec) as the oracle: -Mount, -Tmpfs, -AddHost, -Network (several), -NetworkAlias and -IPAddress.
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
    $onPodman = Test-PodmanEngine
    $folder = Join-Path ([IO.Path]::GetTempPath()) "dps-$run-mounts"
    New-Item -ItemType Directory -Force $folder | Out-Null
    $volumes = [System.Collections.Generic.List[string]]::new()

    function New-Sleeper([hashtable] $Option = @{}) {
        New-DockerContainer $busybox -Command sleep, 3600 -Label $label @Option
    }
    # A command's output lines and exit code inside a container (docker exec, which does not throw).
    function Invoke-InContainer([string] $Id, [string] $Script) {
        $output = & docker exec $Id sh -c $Script 2>&1 | ForEach-Object { "$_" }
        [pscustomobject]@{ Output = $output; ExitCode = $LASTEXITCODE }
    }
    function Get-Refusal([hashtable] $Option) {
        try { New-DockerContainer $busybox -HostAddress $bogus @Option } catch { $_ }
    }
}

AfterAll {
    Remove-TestObject
    foreach ($volume in $volumes) { & docker volume rm $volume *> $null }
    Remove-Item $folder -Recurse -Force -ErrorAction Ignore
}

Describe 'New-DockerContainer -Mount' -Tag 'AnyEngine' {
    It 'mounts a host folder read-only: the container reads it, and a write fails' {
        Set-Content (Join-Path $folder 'hello.txt') 'from-the-host'
        $c = New-Sleeper @{ Mount = "type=bind,source=$folder,target=/host,readonly" }
        Invoke-DockerCli exec $c.Id cat /host/hello.txt | Should -Be 'from-the-host'
        $write = Invoke-InContainer $c.Id 'echo x > /host/new.txt'
        $write.ExitCode | Should -Not -Be 0
        "$($write.Output)" | Should -Match 'Read-only file system'
        Join-Path $folder 'new.txt' | Should -Not -Exist
        $mount = (Get-DockerCliInspect $c.Id).Mounts | Where-Object Destination -EQ '/host'
        $mount.Type | Should -Be 'bind'
        $mount.Source | Should -Be $folder
        $mount.RW | Should -BeFalse
    }

    It 'mounts a host folder read-write, a source starting with . resolved against the location' {
        Push-Location $folder
        try {
            $c = New-Sleeper @{ Mount = 'type=bind,src=.,dst=/host' }
        }
        finally {
            Pop-Location
        }
        Invoke-DockerCli exec $c.Id sh -c 'echo from-the-container > /host/written.txt' | Out-Null
        Get-Content (Join-Path $folder 'written.txt') | Should -Be 'from-the-container'
        ((Get-DockerCliInspect $c.Id).Mounts | Where-Object Destination -EQ '/host').RW | Should -BeTrue
    }

    It 'creates a named volume that does not exist, with -Mount and with -Volume, as docker run does' {
        $viaMount = "dps-$run-mountvol"
        $viaVolume = "dps-$run-volumevol"
        $volumes.AddRange([string[]] @($viaMount, $viaVolume))
        & docker volume inspect $viaMount *> $null
        $LASTEXITCODE | Should -Not -Be 0 -Because 'the volume must not exist before the run'
        & docker volume inspect $viaVolume *> $null
        $LASTEXITCODE | Should -Not -Be 0 -Because 'the volume must not exist before the run'

        $writer = New-Sleeper @{ Mount = "type=volume,source=$viaMount,target=/data"; Volume = "${viaVolume}:/other" }
        (Invoke-DockerCli volume inspect $viaMount --format '{{.Name}}') | Should -Be $viaMount
        (Invoke-DockerCli volume inspect $viaVolume --format '{{.Name}}') | Should -Be $viaVolume
        $mounts = (Get-DockerCliInspect $writer.Id).Mounts
        ($mounts | Where-Object Destination -EQ '/data').Type | Should -Be 'volume'
        ($mounts | Where-Object Destination -EQ '/data').Name | Should -Be $viaMount
        ($mounts | Where-Object Destination -EQ '/other').Name | Should -Be $viaVolume
        Invoke-DockerCli exec $writer.Id sh -c 'echo kept > /data/file' | Out-Null

        # The same volume, read-only (ro=true) in another container: what was written is there, and it stays.
        $reader = New-Sleeper @{ Mount = "type=volume,src=$viaMount,destination=/data,ro=true" }
        Invoke-DockerCli exec $reader.Id cat /data/file | Should -Be 'kept'
        (Invoke-InContainer $reader.Id 'echo x > /data/other').ExitCode | Should -Not -Be 0
    }

    It 'labels a volume it creates with volume-label' -Skip:$onPodman {
        # Podman 4.3 creates the volume without the labels of the mount.
        $name = "dps-$run-labelled"
        $volumes.Add($name)
        New-Sleeper @{ Mount = "type=volume,source=$name,target=/data,volume-label=dps.tier=cache" } | Out-Null
        (Invoke-DockerCli volume inspect $name --format '{{index .Labels "dps.tier"}}') | Should -Be 'cache'
    }

    It 'mounts a tmpfs of the size and mode asked' {
        $c = New-Sleeper @{ Mount = 'type=tmpfs,target=/scratch,tmpfs-size=1m,tmpfs-mode=1770' }
        $df = (Invoke-DockerCli exec $c.Id df -k /scratch | Select-Object -Last 1) -split '\s+'
        $df[0] | Should -Be 'tmpfs'
        $df[1] | Should -Be '1024'
        Invoke-DockerCli exec $c.Id stat -c '%a' /scratch | Should -Be '1770'
        if (-not $onPodman) {
            # Podman's inspect does not give the mounts asked for back.
            $mount = (Get-DockerCliInspect $c.Id).HostConfig.Mounts | Where-Object Target -EQ '/scratch'
            $mount.Type | Should -Be 'tmpfs'
            $mount.TmpfsOptions.SizeBytes | Should -Be 1048576
        }
    }

    It 'refuses <Spec> as docker does, before contacting the engine' -ForEach @(
        @{ Spec = 'type=bind,target=/data'; Words = 'invalid mount config for type "bind": field Source must not be empty' }
        @{ Spec = 'type=volume,source=v'; Words = 'invalid mount config for type "volume": field Target must not be empty' }
        @{ Spec = 'type=volume,target=/data,colour=red'; Words = "unknown option 'colour' in 'colour=red'" }
        @{ Spec = 'type=bind,source=/srv,target=/data,volume-nocopy'; Words = "cannot mix 'volume-*' options with mount type 'bind'" }
        @{ Spec = 'type=volume,target=/data,tmpfs-size=1m'; Words = "cannot mix 'tmpfs-*' options with mount type 'volume'" }
        @{ Spec = 'type=tmpfs,source=/srv,target=/data'; Words = 'field Source must not be specified' }
        @{ Spec = 'type=bind,source=srv,target=/data'; Words = "invalid mount path: 'srv' mount path must be absolute" }
        @{ Spec = 'type=bind,source=/srv,target=/data,readonly=yes'; Words = 'invalid boolean value ("yes")' }
        @{ Spec = 'type=tmpfs,target=/data,tmpfs-mode=999'; Words = 'invalid value for tmpfs-mode: 999' }
    ) {
        $failure = Get-Refusal @{ Mount = $Spec }
        $failure.FullyQualifiedErrorId | Should -Be 'InvalidMount,DockerPS.Commands.NewDockerContainerCommand'
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failure.TargetObject | Should -Be $Spec
        "$failure" | Should -BeLike "*$Words*"
    }
}

Describe 'New-DockerContainer -Tmpfs' -Tag 'AnyEngine' {
    It 'mounts each path as tmpfs with the options given: the size shows in df and in the mount options' {
        $c = New-Sleeper @{ Tmpfs = '/run/dps:rw,size=2m,mode=1777', '/cache' }
        $line = Invoke-DockerCli exec $c.Id cat /proc/mounts | Where-Object { $_ -match '^\S+ /run/dps ' }
        $line | Should -Match '^tmpfs /run/dps tmpfs rw,.*size=2048k'
        ((Invoke-DockerCli exec $c.Id df -k /run/dps | Select-Object -Last 1) -split '\s+')[1] | Should -Be '2048'
        Invoke-DockerCli exec $c.Id stat -c '%a' /run/dps | Should -Be '1777'
        Invoke-DockerCli exec $c.Id cat /proc/mounts | Where-Object { $_ -match '^\S+ /cache tmpfs ' } | Should -Not -BeNullOrEmpty
        # Podman's inspect adds the options it chose itself (rprivate,nosuid,nodev,tmpcopyup) after the ones given.
        $tmpfs = (Get-DockerCliInspect $c.Id).HostConfig.Tmpfs
        $tmpfs.'/run/dps' | Should -BeLike ($onPodman ? 'rw,size=2m,mode=1777,*' : 'rw,size=2m,mode=1777')
        $tmpfs.PSObject.Properties.Name | Should -Contain '/cache'
    }

    It 'refuses <Spec> before contacting the engine' -ForEach @(
        @{ Spec = 'run'; Words = 'must be absolute' }
        @{ Spec = '/run:size=64MB'; Words = "invalid size '64MB'" }
        @{ Spec = '/run:mode=rwx'; Words = "invalid mode 'rwx'" }
    ) {
        $failure = Get-Refusal @{ Tmpfs = $Spec }
        $failure.FullyQualifiedErrorId | Should -Be 'InvalidTmpfs,DockerPS.Commands.NewDockerContainerCommand'
        $failure.TargetObject | Should -Be $Spec
        "$failure" | Should -BeLike "*$Words*"
    }
}

Describe 'New-DockerContainer -AddHost' -Tag 'AnyEngine' {
    It 'adds the entries to /etc/hosts, IPv6 after the first colon or in brackets' {
        $c = New-Sleeper @{ AddHost = 'dps-db:10.213.99.5', 'dps-v6=[2001:db8::5]', 'dps-v6b:2001:db8::6' }
        $hosts = Invoke-DockerCli exec $c.Id cat /etc/hosts
        $hosts | Should -Contain "10.213.99.5`tdps-db"
        $hosts | Should -Contain "2001:db8::5`tdps-v6"
        $hosts | Should -Contain "2001:db8::6`tdps-v6b"
        (Get-DockerCliInspect $c.Id).HostConfig.ExtraHosts | Should -Be @('dps-db:10.213.99.5', 'dps-v6:2001:db8::5', 'dps-v6b:2001:db8::6')
    }

    It 'passes host-gateway on, which the engine turns into its host address' -Skip:$onPodman {
        # Podman 4.3 writes host-gateway into /etc/hosts as it is (see the README's Podman notes).
        $c = New-Sleeper @{ AddHost = 'dps-gw:host-gateway' }
        $line = Invoke-DockerCli exec $c.Id cat /etc/hosts | Where-Object { $_ -match '\sdps-gw$' }
        $line | Should -Match '^\d+\.\d+\.\d+\.\d+\s+dps-gw$'
    }

    It 'refuses <Value> before contacting the engine' -ForEach @(
        @{ Value = 'dps-db'; Words = 'bad format for add-host: "dps-db"' }
        @{ Value = 'dps-db:10.0.0'; Words = 'invalid IP address in add-host: "10.0.0"' }
        @{ Value = 'dps-db:db.example.com'; Words = 'invalid IP address in add-host: "db.example.com"' }
    ) {
        $failure = Get-Refusal @{ AddHost = $Value }
        $failure.FullyQualifiedErrorId | Should -Be 'InvalidAddHost,DockerPS.Commands.NewDockerContainerCommand'
        $failure.TargetObject | Should -Be $Value
        "$failure" | Should -BeLike "*$Words*"
    }
}

Describe 'New-DockerContainer on networks of its own' -Tag 'AnyEngine' {
    BeforeAll {
        # Two subnets of 10.213.241.0/24 … 10.213.245.0/24 that no network of the engine and no route of the host uses.
        $taken = (@(& docker network ls -q | ForEach-Object { & docker network inspect $_ --format '{{range .IPAM.Config}}{{.Subnet}} {{end}}' }) +
            @(if (Get-Command ip -ErrorAction Ignore) { & ip -4 route })) -join ' '
        $free = @(241..245 | Where-Object { $taken -notmatch "10\.213\.$_\." } | Select-Object -First 2)
        $free.Count | Should -Be 2 -Because 'the tests need two unused subnets of 10.213.241.0/24 … 10.213.245.0/24'
        $front = "dps-$run-front"
        $back = "dps-$run-back"
        $frontPrefix = "10.213.$($free[0])"
        $backPrefix = "10.213.$($free[1])"
        Invoke-DockerCli network create --label $label --subnet "$frontPrefix.0/24" $front | Out-Null
        Invoke-DockerCli network create --label $label --subnet "$backPrefix.0/24" $back | Out-Null
        $apiVersion = [version](Invoke-DockerCli version --format '{{.Server.APIVersion}}')

        # A page from the httpd fixture, through a peer container (nc: the fixture's wget cannot fetch), retried
        # while the server starts.
        function Get-PageFrom([string] $Peer, [string] $Address) {
            foreach ($attempt in 1..40) {
                $page = & docker exec $Peer sh -c "printf 'GET / HTTP/1.0\r\n\r\n' | nc -w 2 $Address 80" 2>$null
                if ($LASTEXITCODE -eq 0 -and $page) { return ($page -join "`n") }
                Start-Sleep -Milliseconds 250
            }
            throw "nothing answered on http://$Address/ from $Peer"
        }
    }

    AfterAll {
        Remove-TestObject
        & docker network rm $front $back *> $null
    }

    It 'gives the container its address and aliases on the network' {
        $web = New-DockerContainer $httpd -Label $label -Name "dps-$run-web" -Network $front -IPAddress "$frontPrefix.10" -NetworkAlias "web-$run", "www-$run"
        $web.Networks[$front].IPAddress | Should -Be "$frontPrefix.10"
        $endpoint = (Get-DockerCliInspect $web.Id).NetworkSettings.Networks.$front
        $endpoint.IPAddress | Should -Be "$frontPrefix.10"
        $endpoint.Aliases | Should -Contain "web-$run"
        $endpoint.Aliases | Should -Contain "www-$run"
        $peer = New-Sleeper @{ Network = $front }
        Get-PageFrom $peer.Id "$frontPrefix.10" | Should -Match 'dockerps-httpd-ok'
    }

    It 'answers to its aliases on the network' -Skip:$onPodman {
        # The rig's Podman has no DNS on its networks (no aardvark-dns): not even names resolve there.
        $peer = New-Sleeper @{ Network = $front }
        Get-PageFrom $peer.Id "www-$run" | Should -Match 'dockerps-httpd-ok'
    }

    It 'joins two networks, reachable on each, with the aliases on the first only' {
        $both = New-DockerContainer $httpd -Label $label -Name "dps-$run-both" -Network $front, $back -NetworkAlias "both-$run" -Verbose 4>&1
        $verbose = @($both | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $container = $both | Where-Object { $_ -is [DockerPS.DockerContainer] }
        if ($apiVersion -lt [version]'1.44') {
            $verbose | Should -Contain "Connected container $($container.ShortId) to network $back before starting it (Engine API $apiVersion takes one network at create)."
        }
        else {
            # Every network went in the create.
            $verbose -match 'before starting it' | Should -BeNullOrEmpty
        }

        $networks = (Get-DockerCliInspect $container.Id).NetworkSettings.Networks
        @($networks.PSObject.Properties.Name | Sort-Object) | Should -Be @(@($front, $back) | Sort-Object)
        $networks.$front.Aliases | Should -Contain "both-$run"
        $networks.$back.Aliases | Should -Not -Contain "both-$run"
        $container.Networks.Keys | Sort-Object | Should -Be (@($front, $back) | Sort-Object)

        $onFront = New-Sleeper @{ Network = $front }
        $onBack = New-Sleeper @{ Network = $back }
        Get-PageFrom $onFront.Id $networks.$front.IPAddress | Should -Match 'dockerps-httpd-ok'
        Get-PageFrom $onBack.Id $networks.$back.IPAddress | Should -Match 'dockerps-httpd-ok'
        $networks.$back.IPAddress | Should -BeLike "$backPrefix.*"
    }

    It 'joins two networks with DOCKER_API_VERSION=1.41 pinned, connecting the second after the create, on newer engines too' {
        $name = "dps-$run-pinned"
        $script = "New-DockerContainer '$httpd' -Label '$label' -Name $name -Network $front, $back -NetworkAlias 'pinned-$run' -Verbose 4>&1 | " +
            "ForEach-Object { if (`$_ -is [System.Management.Automation.VerboseRecord]) { 'verbose ' + `$_.Message } else { 'state ' + `$_.State } }"
        $output = Invoke-ChildPwsh -Script $script -Environment @{ DOCKER_HOST = $env:DOCKERPS_TEST_HOST; DOCKER_API_VERSION = '1.41' }
        $cli = Get-DockerCliInspect $name
        $output | Should -Contain "verbose Connected container $($cli.Id.Substring(0, 12)) to network $back before starting it (Engine API 1.41 takes one network at create)."
        $output | Should -Contain 'state running'
        $networks = $cli.NetworkSettings.Networks
        @($networks.PSObject.Properties.Name | Sort-Object) | Should -Be @(@($front, $back) | Sort-Object)
        $networks.$front.Aliases | Should -Contain "pinned-$run"
        $networks.$back.Aliases | Should -Not -Contain "pinned-$run"
        $networks.$back.IPAddress | Should -BeLike "$backPrefix.*"
    }

    It 'refuses a second network the engine does not have, and creates nothing' {
        $name = "dps-$run-nonet"
        New-DockerContainer $busybox -Label $label -Name $name -Network $front, "dps-$run-nosuch" -ErrorVariable failures -ErrorAction SilentlyContinue |
            Should -BeNullOrEmpty
        $failures.Count | Should -Be 1
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].TargetObject | Should -Be $name
        "$($failures[0])" | Should -Match "dps-$run-nosuch"
        Invoke-DockerCli ps -aq --filter "name=^/?$name$" | Should -BeNullOrEmpty
    }

    It 'refuses <Case> before contacting the engine' -ForEach @(
        @{ Case = 'aliases on bridge'; Option = @{ Network = 'bridge'; NetworkAlias = 'web' }; Id = 'InvalidNetworkAlias'; Words = 'only supported for user-defined networks' }
        @{ Case = 'an address without a network of its own'; Option = @{ IPAddress = '10.213.241.10' }; Id = 'InvalidIPAddress'; Words = 'user defined networks only' }
        @{ Case = 'an IPv6 address as -IPAddress'; Option = @{ Network = 'front'; IPAddress = '2001:db8::5' }; Id = 'InvalidIPAddress'; Words = 'give it to -IP6Address' }
        @{ Case = 'a network twice'; Option = @{ Network = 'front', 'front' }; Id = 'InvalidNetwork'; Words = 'specified multiple times' }
        @{ Case = 'bridge with a network of its own'; Option = @{ Network = 'front', 'bridge' }; Id = 'InvalidNetwork'; Words = 'cannot attach both user-defined and non-user-defined' }
    ) {
        $failure = Get-Refusal $Option
        $failure.FullyQualifiedErrorId | Should -Be "$Id,DockerPS.Commands.NewDockerContainerCommand"
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        "$failure" | Should -BeLike "*$Words*"
    }
}
