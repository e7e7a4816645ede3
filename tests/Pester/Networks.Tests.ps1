BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $onPodman = Test-PodmanEngine
    # Podman resolves container names on its networks through aardvark-dns, which the test rig does not install.
    $noPodmanDns = $onPodman -and -not (Test-Path /usr/lib/podman/aardvark-dns)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Initialize-DockerPSTest
    $run = Get-TestRunId
    $label = Get-TestLabel

    # Our networks take /26s of 10.213.230.0/24 to 10.213.239.0/24: ones no network of the engine and no route of the
    # host (both engines' bridges live on this host) overlaps. Read now; one taken meanwhile is skipped when the engine
    # refuses it.
    $usedSubnets = @(
        @(Invoke-DockerCli network ls -q) | ForEach-Object { Invoke-DockerCli network inspect $_ --format '{{range .IPAM.Config}}{{.Subnet}} {{end}}' }
        @(& ip -4 route show 2>$null) | ForEach-Object { ($_ -split ' ')[0] }
    ) | ForEach-Object { $_ -split ' ' } | Where-Object { $_ -match '^[0-9.]+/[0-9]+$' } | ForEach-Object { [System.Net.IPNetwork]::Parse($_) }
    $script:freeBlocks = [System.Collections.Generic.Queue[string]]::new()
    foreach ($octet in 230..239) {
        foreach ($start in 0, 64, 128, 192) {
            $candidate = [System.Net.IPNetwork]::Parse("10.213.$octet.$start/26")
            if (-not ($usedSubnets | Where-Object { $_.Contains($candidate.BaseAddress) -or $candidate.Contains($_.BaseAddress) })) {
                $script:freeBlocks.Enqueue("10.213.$octet.$start")
            }
        }
    }

    # Creates one of our networks with New-DockerNetwork, labelled and named for this run, on the next free /26.
    # -Options makes more parameters from a function giving the subnet's addresses by offset (& $at 1 is its first
    # host). Returns the network, its name and that function.
    function New-TestNetwork {
        param([Parameter(Mandatory)] [string] $Suffix, [scriptblock] $Options = { @{} })
        while ($script:freeBlocks.Count -gt 0) {
            $base = $script:freeBlocks.Dequeue()
            $at = { param([int] $offset) $octets = $base -split '\.'; "$($octets[0]).$($octets[1]).$($octets[2]).$([int]$octets[3] + $offset)" }.GetNewClosure()
            $extra = & $Options $at
            $network = New-DockerNetwork "dps-$run-$Suffix" -Subnet "$base/26" -Label $label @extra -ErrorAction SilentlyContinue -ErrorVariable failed
            if ($network) {
                return [pscustomobject]@{ Network = $network; Name = $network.Name; At = $at }
            }
            if ("$failed" -notmatch 'overlaps|already used') {
                throw "New-DockerNetwork failed: $failed"
            }
        }
        throw 'No free /26 is left in 10.213.230.0-10.213.239.255 for the network tests.'
    }

    function Get-CliNetwork([string] $Reference) {
        (Invoke-DockerCli network inspect $Reference) -join "`n" | ConvertFrom-Json | Select-Object -First 1
    }

    function Get-CliNetworkNames([string] $Reference) {
        (Get-DockerCliInspect $Reference).NetworkSettings.Networks.PSObject.Properties.Name
    }

    # Fetches the httpd fixture's page from inside a container, by the name given, retrying while the server starts.
    function Get-PageFrom([string] $Container, [string] $Address) {
        foreach ($attempt in 1..20) {
            # The fixture's busybox wget crashes with -T; timeout bounds it instead.
            $page = & docker exec $Container timeout 5 wget -q -O - "http://$Address/" 2>$null
            if ($LASTEXITCODE -eq 0) { return "$page" }
            Start-Sleep -Milliseconds 250
        }
        throw "$Container could not fetch http://$Address/"
    }

}

AfterAll {
    # Containers first: a network with containers attached cannot be removed.
    Remove-TestObject
    [string[]] $networks = & docker network ls -q --filter "label=$(Get-TestLabel)"
    if ($networks) { & docker network rm @networks *> $null }
}

Describe 'Containers on a user network' -Tag 'AnyEngine' {
    It 'reach each other by name and by alias' -Skip:$noPodmanDns {
        $network = New-TestNetwork 'dns'
        $web = New-TestContainer -Name "dps-$run-web" -Httpd -Command @()
        $client = New-TestContainer -Name "dps-$run-client" -Option '--network', $network.Name
        Connect-DockerNetwork $network.Network $web -Alias "dps-$run-alias"
        Get-PageFrom $client "dps-$run-web" | Should -Match 'dockerps-httpd-ok'
        Get-PageFrom $client "dps-$run-alias" | Should -Match 'dockerps-httpd-ok'
        # Off the network, the name no longer resolves there.
        Disconnect-DockerNetwork $network.Name $web
        & docker exec $client timeout 2 wget -q -O - "http://dps-$run-alias/" *> $null
        $LASTEXITCODE | Should -Not -Be 0
    }
}

Describe 'Connect-DockerNetwork and Disconnect-DockerNetwork' -Tag 'AnyEngine' {
    BeforeAll {
        $network = New-TestNetwork 'conn'
    }

    It 'connect and disconnect as docker inspect shows, and -PassThru writes the container afterwards' {
        $id = New-TestContainer
        $connected = Connect-DockerNetwork $network.Name $id -PassThru
        $connected.Id | Should -Be $id
        $connected.Networks.Keys | Should -Contain $network.Name
        Get-CliNetworkNames $id | Should -Contain $network.Name

        $disconnected = Disconnect-DockerNetwork $network.Name $id -PassThru
        $disconnected.Networks.Keys | Should -Not -Contain $network.Name
        Get-CliNetworkNames $id | Should -Not -Contain $network.Name
    }

    It 'says in the engine''s words that a container is already connected, or not connected' {
        $id = New-TestContainer -Option '--network', $network.Name
        Connect-DockerNetwork $network.Name $id -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'ContainerAlreadyConnected,DockerPS.Commands.ConnectDockerNetworkCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        "$($failures[0])" | Should -Match 'Error response from daemon: .*already'

        Disconnect-DockerNetwork $network.Name $id
        Disconnect-DockerNetwork $network.Name $id -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'ContainerNotConnected,DockerPS.Commands.DisconnectDockerNetworkCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        "$($failures[0])" | Should -Match 'is not connected'
    }

    It 'takes containers from the pipeline, and a network''s containers stand for themselves' {
        $ids = 1..2 | ForEach-Object { New-TestContainer }
        Get-DockerContainer $ids | Connect-DockerNetwork $network.Network
        $attached = (Get-DockerNetwork $network.Name).Containers
        $attached.Id | Sort-Object | Should -Be ($ids | Sort-Object)

        $attached | Disconnect-DockerNetwork $network.Network
        foreach ($id in $ids) { Get-CliNetworkNames $id | Should -Not -Contain $network.Name }
    }

    It 'names a network or a container that does not exist' {
        $id = New-TestContainer
        Connect-DockerNetwork "dps-$run-nosuch" $id -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'NetworkNotFound,DockerPS.Commands.ConnectDockerNetworkCommand'
        $failures[0].TargetObject | Should -Be "dps-$run-nosuch"
        Disconnect-DockerNetwork $network.Name "dps-$run-nosuch" -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'ContainerNotFound,DockerPS.Commands.DisconnectDockerNetworkCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'refuses an -IPAddress that is no address before asking the engine' {
        { Connect-DockerNetwork $network.Name x -IPAddress 10.213.1 } | Should -Throw -ErrorId 'InvalidIPAddress,DockerPS.Commands.ConnectDockerNetworkCommand'
    }
}

Describe 'New-DockerNetwork' -Tag 'AnyEngine' {
    It 'gives the subnet, gateway and range asked for, and Connect -IPAddress the address asked for' {
        $network = New-TestNetwork 'addr' { param($at) @{ Gateway = & $at 62; IPRange = "$(& $at 32)/27" } }
        $at = $network.At
        $network.Network.Subnets.Subnet | Should -Be "$(& $at 0)/26"
        $network.Network.Subnets.Gateway | Should -Be (& $at 62)
        $pool = (Get-CliNetwork $network.Name).IPAM.Config
        $pool.Subnet | Should -Be "$(& $at 0)/26"
        $pool.Gateway | Should -Be (& $at 62)

        $ranged = New-TestContainer -Option '--network', $network.Name
        $address = (Get-DockerCliInspect $ranged).NetworkSettings.Networks.($network.Name)
        $address.Gateway | Should -Be (& $at 62)
        [int]($address.IPAddress -split '\.')[3] | Should -BeGreaterOrEqual ([int]((& $at 32) -split '\.')[3])

        $fixed = New-TestContainer
        Connect-DockerNetwork $network.Name $fixed -IPAddress (& $at 40)
        (Get-DockerCliInspect $fixed).NetworkSettings.Networks.($network.Name).IPAddress | Should -Be (& $at 40)
        ((Get-DockerNetwork $network.Name).Containers | Where-Object Id -EQ $fixed).IPv4Address | Should -Be (& $at 40)
    }

    It 'reports the range back as the engine does' -Skip:$onPodman {
        # Podman 4.3 keeps the range (addresses come from it) but its Docker-compatible API does not report it.
        $network = New-TestNetwork 'range' { param($at) @{ IPRange = "$(& $at 16)/28" } }
        $network.Network.Subnets.IPRange | Should -Be "$(& $network.At 16)/28"
        (Get-CliNetwork $network.Name).IPAM.Config.IPRange | Should -Be "$(& $network.At 16)/28"
    }

    It 'writes labels, options and flags as docker network inspect shows them' {
        $network = New-TestNetwork 'opts' { param($at) @{ Internal = $true; Option = @{ 'com.docker.network.driver.mtu' = '1400' } } }
        $cli = Get-CliNetwork $network.Name
        $network.Network.Id | Should -Be $cli.Id
        $network.Network.Internal | Should -BeTrue
        $cli.Internal | Should -BeTrue
        $network.Network.Labels['dockerps.test'] | Should -Be $run
        $cli.Labels.'dockerps.test' | Should -Be $run
        $network.Network.Options.Count | Should -Be @($cli.Options.PSObject.Properties).Count
    }

    It 'refuses a taken name in the engine''s words, and creates no second network' {
        $network = New-TestNetwork 'taken'
        New-DockerNetwork $network.Name -Label $label -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -Be 'DockerApi.Conflict,DockerPS.Commands.NewDockerNetworkCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        "$($failures[0])" | Should -Match "$($network.Name) already"
        @(Invoke-DockerCli network ls --filter "name=$($network.Name)" --format '{{.Name}}' | Where-Object { $_ -eq $network.Name }).Count | Should -Be 1
    }

    It 'looks for a taken name itself with DOCKER_API_VERSION=1.41 pinned: the whole name, refused in the engine''s words' {
        # Below API 1.44 DockerPS looks for the name before the create; the engine's name filter also matches parts of
        # names, so a name that is the start of a taken one must still be free.
        $network = New-TestNetwork 'pinned'
        $start = $network.Name.Substring(0, $network.Name.Length - 1)
        $base = $script:freeBlocks.Dequeue()
        $script = "try { New-DockerNetwork '$($network.Name)' -Label '$label' } catch { 'error ' + `$_.FullyQualifiedErrorId + ' | ' + `$_.CategoryInfo.Category + ' | ' + `$_ }; " +
            "'created ' + (New-DockerNetwork '$start' -Label '$label' -Subnet '$base/26').Name"
        $output = Invoke-ChildPwsh -Script $script -Environment @{ DOCKER_HOST = $env:DOCKERPS_TEST_HOST; DOCKER_API_VERSION = '1.41' }
        $refusals = @($output -like 'error *')
        $refusals.Count | Should -Be 1 -Because "$output"
        $refusals[0] | Should -Match "^error DockerApi\.Conflict,DockerPS\.Commands\.NewDockerNetworkCommand \| ResourceExists \| .*network with name $([regex]::Escape($network.Name)) already exists"
        $output | Should -Contain "created $start"
        @(Invoke-DockerCli network ls --filter "name=$($network.Name)" --format '{{.Name}}' | Where-Object { $_ -eq $network.Name }).Count | Should -Be 1
        (Get-CliNetwork $start).IPAM.Config.Subnet | Should -Be "$base/26"
    }

    It 'refuses a subnet, range or gateway it cannot use before asking the engine' {
        $name = "dps-$run-bad"
        { New-DockerNetwork $name -Label $label -Subnet 10.213.230.5/24 } | Should -Throw -ErrorId 'InvalidSubnet,DockerPS.Commands.NewDockerNetworkCommand'
        { New-DockerNetwork $name -Label $label -Subnet 10.213.230.0/24 -IPRange 10.213.231.0/25 } | Should -Throw -ErrorId 'InvalidIPRange,DockerPS.Commands.NewDockerNetworkCommand'
        { New-DockerNetwork $name -Label $label -Subnet 10.213.230.0/24 -Gateway 10.213.231.1 } | Should -Throw -ErrorId 'InvalidGateway,DockerPS.Commands.NewDockerNetworkCommand'
        Invoke-DockerCli network ls -q --filter "name=$name" | Should -BeNullOrEmpty
    }
}

Describe 'Get-DockerNetwork' -Tag 'AnyEngine' {
    BeforeAll {
        $used = New-TestNetwork 'used'
        $idle = New-TestNetwork 'idle'
        $user = New-TestContainer -Option '--network', $used.Name
    }

    It 'lists our networks as docker network ls does' {
        $cli = Invoke-DockerCliJson network ls --no-trunc --filter "label=$label" | Sort-Object Name
        $ours = Get-DockerNetwork -Label $label | Sort-Object Name
        $ours.Name | Should -Be @($cli.Name)
        $ours.Id | Should -Be @($cli.ID)
        $ours.Driver | Should -Be @($cli.Driver)
        $ours.ShortId | Should -Be @($cli.ID | ForEach-Object { $_.Substring(0, 12) })
    }

    It 'finds networks by name, id prefix and wildcard, and names one that does not exist' {
        (Get-DockerNetwork $used.Network.ShortId).Name | Should -Be $used.Name
        (Get-DockerNetwork "dps-$run-*d*" -Driver bridge).Name | Should -Contain $idle.Name
        Get-DockerNetwork "dps-$run-nosuch" -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -Be 'NetworkNotFound,DockerPS.Commands.GetDockerNetworkCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'shows the containers attached, as docker network inspect does' {
        $attached = (Get-DockerNetwork $used.Name).Containers
        $attached.Id | Should -Be $user
        $attached.IPv4Address | Should -Be ((Get-DockerCliInspect $user).NetworkSettings.Networks.($used.Name).IPAddress)
    }

    It '-Unused lists exactly our networks no container is attached to' {
        $unused = (Get-DockerNetwork -Unused -Label $label).Name
        $unused | Should -Contain $idle.Name
        $unused | Should -Not -Contain $used.Name
        $cliUnused = @(Invoke-DockerCli network ls -q --filter "label=$label") |
            ForEach-Object { Get-CliNetwork $_ } |
            Where-Object { -not @($_.Containers.PSObject.Properties).Count } |
            ForEach-Object Name
        $unused | Sort-Object | Should -Be ($cliUnused | Sort-Object)
        Get-DockerNetwork $used.Name -Unused -ErrorVariable failures | Should -BeNullOrEmpty
        $failures.Count | Should -Be 0
    }

    It 'stands a container''s network for the network' {
        ((Get-DockerContainer $user).Networks.Values | Get-DockerNetwork).Name | Should -Be $used.Name
    }

    It 'offers network names to complete, and Remove- only those it may remove' {
        $line = "Remove-DockerNetwork dps-$run-idl"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be $idle.Name
        $line = 'Get-DockerNetwork bri'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain 'bridge'
        $line = 'Remove-DockerNetwork bri'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Not -Contain 'bridge' 
    }
}

Describe 'Remove-DockerNetwork' -Tag 'AnyEngine' {
    It 'keeps a network a container is attached to, naming the container, and removes it once it is free' {
        $network = New-TestNetwork 'busy'
        $name = "dps-$run-busy-user"
        $user = New-TestContainer -Name $name -Option '--network', $network.Name
        Remove-DockerNetwork $network.Name -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'NetworkInUse,DockerPS.Commands.RemoveDockerNetworkCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'ResourceBusy'
        "$($failures[0])" | Should -Match "in use by container $name"
        (Get-CliNetwork $network.Name).Id | Should -Be $network.Network.Id

        Invoke-DockerCli rm -f $user
        $network.Network | Remove-DockerNetwork -Confirm:$false
        Invoke-DockerCli network ls -q --filter "id=$($network.Network.Id)" | Should -BeNullOrEmpty
    }

    It 'refuses the predefined networks, by name and by id, and keeps them' {
        $bridgeId = (Get-CliNetwork bridge).Id
        Remove-DockerNetwork bridge, host, none, $bridgeId.Substring(0, 12) -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 4
        $failures.FullyQualifiedErrorId | Sort-Object -Unique | Should -Be 'PredefinedNetwork,DockerPS.Commands.RemoveDockerNetworkCommand'
        $failures.CategoryInfo.Category | Sort-Object -Unique | Should -Be 'InvalidOperation'
        (Get-CliNetwork bridge).Id | Should -Be $bridgeId
    }

    It 'removes nothing with -WhatIf, and takes a missing network as removed with -Force' {
        $network = New-TestNetwork 'whatif'
        Remove-DockerNetwork $network.Name -Force -WhatIf
        (Get-CliNetwork $network.Name).Id | Should -Be $network.Network.Id
        Remove-DockerNetwork $network.Name, "dps-$run-nosuch" -Force -ErrorVariable failures
        $failures.Count | Should -Be 0
        Invoke-DockerCli network ls -q --filter "id=$($network.Network.Id)" | Should -BeNullOrEmpty
    }
}
