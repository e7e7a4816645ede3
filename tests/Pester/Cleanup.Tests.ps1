# Clear-DockerSystem (docker system prune) and Get-DockerDiskUsage (docker system df) against the real engine, which
# other test runs share. Clear-DockerSystem never runs here without -Label naming both this run's label and a label
# unique to the test, so nothing another run (or the user) owns can be gathered; -WhatIf is checked first to list
# exactly this test's objects. The oracle is the docker CLI: its listings, its inspect, its own filtered prunes
# (container, network, volume and image prune, each with the test's own label), which must find nothing more once
# Clear-DockerSystem has removed what it listed. docker system prune itself is not run: on Docker 20.10 its build
# cache prune ignores label filters and would prune every run's build cache.
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

    # Our networks take /26s of 10.213.250.0/24 to 10.213.254.0/24, a range no other test file uses: ones that no
    # network of the engine and no route of the host overlaps. One taken meanwhile is skipped when the engine refuses it.
    $usedSubnets = @(
        @(Invoke-DockerCli network ls -q) | ForEach-Object { Invoke-DockerCli network inspect $_ --format '{{range .IPAM.Config}}{{.Subnet}} {{end}}' }
        @(& ip -4 route show 2>$null) | ForEach-Object { ($_ -split ' ')[0] }
    ) | ForEach-Object { $_ -split ' ' } | Where-Object { $_ -match '^[0-9.]+/[0-9]+$' } | ForEach-Object { [System.Net.IPNetwork]::Parse($_) }
    $script:freeBlocks = [System.Collections.Generic.Queue[string]]::new()
    foreach ($octet in 250..254) {
        foreach ($start in 0, 64, 128, 192) {
            $candidate = [System.Net.IPNetwork]::Parse("10.213.$octet.$start/26")
            if (-not ($usedSubnets | Where-Object { $_.Contains($candidate.BaseAddress) -or $candidate.Contains($_.BaseAddress) })) {
                $script:freeBlocks.Enqueue("10.213.$octet.$start/26")
            }
        }
    }

    # A network of this run, with the docker CLI, on the next free /26; returns its name.
    function New-CliNetwork([string] $Name, [string[]] $Labels) {
        while ($script:freeBlocks.Count -gt 0) {
            $subnet = $script:freeBlocks.Dequeue()
            $arguments = @('network', 'create', '--subnet', $subnet) + @($Labels | ForEach-Object { '--label', $_ }) + $Name
            $output = & docker @arguments 2>&1
            if ($LASTEXITCODE -eq 0) { return $Name }
            if ("$output" -notmatch 'overlap|already used|in use') { throw "docker network create $Name failed: $output" }
        }
        throw 'No free /26 is left in 10.213.250.0-10.213.254.255 for the cleanup tests.'
    }

    # A volume of this run, anonymous in the engine's eyes (its label, as docker run gives a volume it makes), so
    # that prune removes it on engines before and after API 1.42 alike; -Named leaves the label out.
    function New-CliVolume([string] $Name, [string[]] $Labels, [switch] $Named) {
        $Labels = @($Labels) + @(if (-not $Named) { 'com.docker.volume.anonymous=' })
        $arguments = @('volume', 'create') + @($Labels | ForEach-Object { '--label', $_ }) + $Name
        (Invoke-DockerCli @arguments | Select-Object -Last 1).Trim()
    }

    # A container of this run from an image, with the docker CLI: running (sleeps), or exited once it ran true.
    function New-CliContainer([string] $Name, [string] $Image, [string] $Volume, [string] $Network, [string[]] $Labels, [switch] $Exited) {
        $arguments = @('run', '-d', '--name', $Name, '-v', "${Volume}:/data", '--network', $Network) + @($Labels | ForEach-Object { '--label', $_ }) + $Image
        $arguments += if ($Exited) { 'true' } else { 'sleep', '3600' }
        $id = (Invoke-DockerCli @arguments | Select-Object -Last 1).Trim()
        if ($Exited) { Invoke-DockerCli wait $id | Out-Null }
        $id
    }

    # Commits the source container as a tag, with the labels given; returns the image id, sha256:… (Podman's commit
    # answers without it).
    function New-CliCommit([string] $Source, [string] $Tag, [string[]] $Labels) {
        $changes = @($Labels | ForEach-Object { '--change', "LABEL $_" })
        $id = (Invoke-DockerCli commit @changes $Source $Tag).Trim()
        if ($id -notmatch '^sha256:') { $id = "sha256:$id" }
        $id
    }

    function Test-CliObject([string] $Kind, [string] $Reference) {
        & docker $Kind inspect $Reference *> $null
        $LASTEXITCODE -eq 0
    }

    # -WhatIf's lines, from a child pwsh (PowerShell writes them to the host, to no stream), as objects: the kind, the
    # name (a container's, network's or volume's; an image's tags, or its short id) and the size.
    function Get-WhatIf([string] $Command) {
        $lines = Invoke-ChildPwsh -Script $Command
        foreach ($line in $lines) {
            if ($line -match '^What if: Performing the operation "Remove (?<kind>container|network|volume|image|build cache record)" on target "(?<target>.*)"\.$') {
                $target = $Matches.target
                $kind = $Matches.kind
                $name, $size = switch -Regex ($target) {
                    '^(?<name>.+) \([0-9a-f]{12}\), (?<size>[^,]+)$' { $Matches.name, $Matches.size; break }
                    '^(?<name>.+) \([0-9a-f]{12}\)$' { $Matches.name, $null; break }
                    '^(?<name>.+), (?<size>[^,]+)$' { $Matches.name, $Matches.size; break }
                    default { $target, $null }
                }
                [pscustomobject]@{ Kind = $kind; Name = $name; Size = $size }
            }
            elseif ($line -match '^What if: Performing the operation "Reclaim (?<total>\S+) in all') {
                [pscustomobject]@{ Kind = 'total'; Name = $null; Size = $Matches.total }
            }
        }
    }

    # What the CLI's prune says it removed: container ids, network and volume names, image lines.
    function Get-Pruned([string[]] $Output) {
        @($Output | Where-Object { $_ -and $_ -notmatch '^(Deleted (Containers|Networks|Volumes|Images):|Total reclaimed space:|WARNING)' })
    }
}

AfterAll {
    # Containers first: the networks and volumes they use cannot go before them.
    Remove-TestObject -ImageReference @(Invoke-DockerCli images --format '{{.Repository}}:{{.Tag}}' --filter "label=$label" | Where-Object { $_ -like "dps-$run/*" })
    [string[]] $networks = & docker network ls -q --filter "label=$label"
    if ($networks) { & docker network rm @networks *> $null }
    [string[]] $volumes = & docker volume ls -q --filter "label=$label"
    if ($volumes) { & docker volume rm -f @volumes *> $null }
}

Describe 'Clear-DockerSystem on this run''s labelled objects' -Tag 'AnyEngine' {
    BeforeAll {
        # Every object of the scene carries this run's label and one unique to the test; the decoys only the run's.
        $clean = "dps.clean=$run-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
        $mine = @($label, $clean)
        $prefix = "dps-$run-clean"
        $repo = "dps-$run/clean"

        $source = New-TestContainer -Name "$prefix-src" -Command 'sh', '-c', 'echo x > /x'
        Invoke-DockerCli wait $source | Out-Null
        $images = @{
            used    = New-CliCommit $source "${repo}:used" $mine
            stopped = New-CliCommit $source "${repo}:stopped" $mine
            unused  = New-CliCommit $source "${repo}:unused" $mine
            first   = New-CliCommit $source "${repo}:again" $mine
        }
        # Committing to the tag again leaves the first commit untagged: dangling, and used by nothing.
        $images.again = New-CliCommit $source "${repo}:again" $mine
        $danglingShort = $images.first.Substring(7, 12)

        $volumes = @{ running = New-CliVolume "$prefix-v1" $mine; stopped = New-CliVolume "$prefix-v2" $mine; unused = New-CliVolume "$prefix-v3" $mine }
        $networks = @{ running = New-CliNetwork "$prefix-n1" $mine; stopped = New-CliNetwork "$prefix-n2" $mine; unused = New-CliNetwork "$prefix-n3" $mine }
        $running = New-CliContainer "$prefix-running" "${repo}:used" $volumes.running $networks.running $mine
        $stopped = New-CliContainer "$prefix-stopped" "${repo}:stopped" $volumes.stopped $networks.stopped $mine -Exited

        # Unused too, but without the test's label: nothing may touch them.
        $decoys = @{ volume = New-CliVolume "$prefix-decoy" @($label); network = New-CliNetwork "$prefix-decoy" @($label) }

        $filter = "Clear-DockerSystem -Label '$label', '$clean'"
    }

    It 'lists in -WhatIf exactly the stopped container, the networks and volumes nothing left uses, and the dangling image' {
        $listed = @(Get-WhatIf "$filter -Volumes -BuildCache -WhatIf")

        @($listed | Where-Object Kind -EQ container | ForEach-Object Name) | Should -Be @("$prefix-stopped")
        @($listed | Where-Object Kind -EQ network | ForEach-Object Name | Sort-Object) | Should -Be @($networks.stopped, $networks.unused)
        @($listed | Where-Object Kind -EQ volume | ForEach-Object Name | Sort-Object) | Should -Be @($volumes.stopped, $volumes.unused)
        @($listed | Where-Object Kind -EQ image | ForEach-Object Name) | Should -Be @($danglingShort)
        @($listed | Where-Object Kind -EQ 'build cache record') | Should -BeNullOrEmpty
        @($listed | Where-Object Kind -EQ total).Count | Should -Be 1
        @($listed | Where-Object { $_.Kind -in 'container', 'volume', 'image' -and -not $_.Size }) | Should -BeNullOrEmpty

        # Nothing changed.
        Test-CliObject container $stopped | Should -BeTrue
        Test-CliObject volume $volumes.unused | Should -BeTrue
        Test-CliObject image $images.first | Should -BeTrue
    }

    It 'lists with -All also the tagged images no remaining container uses, the stopped container''s among them' {
        $listed = @(Get-WhatIf "$filter -All -WhatIf")

        @($listed | Where-Object Kind -EQ image | ForEach-Object Name | Sort-Object) |
            Should -Be (@("${repo}:again", "${repo}:stopped", "${repo}:unused", $danglingShort) | Sort-Object)
        @($listed | Where-Object Kind -EQ volume) | Should -BeNullOrEmpty
    }

    It 'removes exactly those, and nothing the running container or another run needs' {
        $report = Clear-DockerSystem -Label $label, $clean -All -Volumes -Force

        $report | Should -BeOfType ([DockerPS.DockerCleanupResult])
        $report.Endpoint.Address | Should -Be $env:DOCKERPS_TEST_HOST
        $report.ContainersDeleted | Should -Be @($stopped)
        @($report.NetworksDeleted | Sort-Object) | Should -Be @($networks.stopped, $networks.unused)
        @($report.VolumesDeleted | Sort-Object) | Should -Be @($volumes.stopped, $volumes.unused)
        @($report.ImagesDeleted.Deleted | Where-Object { $_ } | ForEach-Object { if ($_ -notmatch '^sha256:') { "sha256:$_" } else { $_ } } | Sort-Object) |
            Should -Be (@($images.stopped, $images.unused, $images.first, $images.again) | Sort-Object)
        $report.Kept | Should -BeNullOrEmpty
        $report.ToString() | Should -Match 'Total reclaimed space: \S+$'

        Test-CliObject container $stopped | Should -BeFalse
        foreach ($gone in $networks.stopped, $networks.unused) { Test-CliObject network $gone | Should -BeFalse -Because $gone }
        foreach ($gone in $volumes.stopped, $volumes.unused) { Test-CliObject volume $gone | Should -BeFalse -Because $gone }
        foreach ($gone in $images.stopped, $images.unused, $images.first, $images.again) { Test-CliObject image $gone | Should -BeFalse -Because $gone }

        (Get-DockerCliInspect $running).State.Status | Should -Be 'running'
        Test-CliObject network $networks.running | Should -BeTrue
        Test-CliObject volume $volumes.running | Should -BeTrue
        # Podman names the tag in full (docker.io/…).
        (Get-DockerCliInspect $images.used).RepoTags -replace '^docker\.io/' | Should -Contain "${repo}:used"
        Test-CliObject volume $decoys.volume | Should -BeTrue
        Test-CliObject network $decoys.network | Should -BeTrue
    }

    It 'leaves the docker CLI''s own prunes, with the same labels, nothing more to remove' {
        # The test's own label alone: Podman 4 joins a prune's filters with OR, and the decoys carry the run's label.
        $filters = '--filter', "label=$clean"
        Get-Pruned (Invoke-DockerCli container prune -f @filters) | Should -BeNullOrEmpty
        Get-Pruned (Invoke-DockerCli network prune -f @filters) | Should -BeNullOrEmpty
        Get-Pruned (Invoke-DockerCli volume prune -f @filters) | Should -BeNullOrEmpty
        if (-not (Test-PodmanEngine)) {
            # Podman 4.3's compatible API refuses the CLI's prune -a ("specifying dangling filter more than once").
            Get-Pruned (Invoke-DockerCli image prune -a -f @filters) | Should -BeNullOrEmpty
        }
        (Get-DockerCliInspect $running).State.Status | Should -Be 'running'
    }
}

Describe 'Clear-DockerSystem keeps what a container it keeps uses' -Tag 'AnyEngine' {
    BeforeAll {
        $clean = "dps.clean=$run-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
        $mine = @($label, $clean)
        $prefix = "dps-$run-keep"
        $repo = "dps-$run/keep"
        $source = New-TestContainer -Name "$prefix-src" -Command 'sh', '-c', 'echo x > /x'
        Invoke-DockerCli wait $source | Out-Null
        $image = New-CliCommit $source "${repo}:kept" $mine
        $volume = New-CliVolume "$prefix-v" $mine
        $network = New-CliNetwork "$prefix-n" $mine

        # Stopped, but the filters leave it out (keep!=yes): its image, volume and network stay with it.
        $kept = New-CliContainer "$prefix-stopped" "${repo}:kept" $volume $network ($mine + 'keep=yes') -Exited
        $free = New-CliVolume "$prefix-free" $mine
    }

    It 'removes only what nothing kept uses' {
        $report = Clear-DockerSystem -Label $label, $clean, 'keep!=yes' -All -Volumes -Force

        $report.VolumesDeleted | Should -Be @($free)
        $report.ContainersDeleted | Should -BeNullOrEmpty
        $report.NetworksDeleted | Should -BeNullOrEmpty
        $report.ImagesDeleted | Should -BeNullOrEmpty
        (Get-DockerCliInspect $kept).State.Status | Should -Be 'exited'
        Test-CliObject volume $volume | Should -BeTrue
        Test-CliObject network $network | Should -BeTrue
        Test-CliObject image $image | Should -BeTrue

        # The kept container still starts: its network is there.
        Invoke-DockerCli start $kept | Out-Null
        Invoke-DockerCli wait $kept | Should -Be '0'
    }

    It 'refuses a label term without a key and a time it cannot read, before the engine' {
        { Clear-DockerSystem -Label '!' -Force -HostAddress 'unix:///nonexistent/dockerps.sock' } |
            Should -Throw -ErrorId 'InvalidLabelFilter,DockerPS.Commands.ClearDockerSystemCommand'
        { Clear-DockerSystem -Label $label -CreatedBefore 'last week' -Force -HostAddress 'unix:///nonexistent/dockerps.sock' } |
            Should -Throw -ErrorId 'InvalidTime,DockerPS.Commands.ClearDockerSystemCommand'
    }
}

Describe 'Clear-DockerSystem -Volumes and named volumes' -Tag 'AnyEngine' {
    BeforeAll {
        $clean = "dps.clean=$run-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
        $named = New-CliVolume "dps-$run-named" @($label, $clean) -Named
        $anonymous = New-CliVolume "dps-$run-anonymous" @($label, $clean)
        # From API 1.42 the engine's volume prune takes anonymous volumes only; before, every unused one.
        $apiVersion = [version](Invoke-DockerCli version --format '{{.Server.APIVersion}}')
    }

    It 'removes a named volume only on engines before API 1.42, as the engine''s own prune does' {
        $report = Clear-DockerSystem -Label $label, $clean -Volumes -Force

        if ($apiVersion -ge [version]'1.42') {
            $report.VolumesDeleted | Should -Be @($anonymous)
            Test-CliObject volume $named | Should -BeTrue
        }
        else {
            @($report.VolumesDeleted | Sort-Object) | Should -Be (@($anonymous, $named) | Sort-Object)
        }
        Test-CliObject volume $anonymous | Should -BeFalse
    }

    AfterAll {
        & docker volume rm $named *> $null
    }
}

Describe 'Get-DockerDiskUsage against docker system df' -Tag 'AnyEngine' {
    BeforeAll {
        $prefix = "dps-$run-df"
        $volume = New-CliVolume "$prefix-v" @($label)
        $user = New-TestContainer -Name "$prefix-user" -Option '-v', "${volume}:/data" -Command 'sh', '-c', 'head -c 5000 /dev/zero > /data/blob; sleep 3600'
        # The blob is written before the figures are read.
        foreach ($attempt in 1..40) {
            if ((& docker exec $user sh -c 'wc -c < /data/blob' 2>$null) -match '^\s*5000\s*$') { break }
            Start-Sleep -Milliseconds 250
        }

        # The CLI's docker system df, waiting as DockerPS does while dockerd 20.10 counts for another caller.
        function Invoke-CliDiskUsage([string[]] $Arguments) {
            foreach ($attempt in 1..40) {
                $output = & docker system df @Arguments 2>&1
                if ($LASTEXITCODE -eq 0) { return $output }
                if ("$output" -notmatch 'already running') { throw "docker system df failed: $output" }
                Start-Sleep -Milliseconds 250
            }
            throw 'docker system df: the engine stayed busy'
        }
        # docker system df's lines as its JSON format gives them, by type.
        function Get-CliDiskUsage {
            @(Invoke-CliDiskUsage '--format', '{{json .}}' | Where-Object { $_ } | ConvertFrom-Json)
        }
        function Get-BareId([string] $Id) { $Id -replace '^sha256:' }
        function ConvertTo-CliLine($Usage) {
            [pscustomobject]@{
                Type        = $Usage.Type
                TotalCount  = "$($Usage.TotalCount)"
                Active      = "$($Usage.ActiveCount)"
                Size        = [DockerPS.Formatting.DisplayText]::HumanSize($Usage.Size)
                Reclaimable = [DockerPS.Formatting.DisplayText]::Reclaimable($Usage.Reclaimable, $Usage.ReclaimablePercent)
            }
        }
    }

    It 'gives the numbers docker system df gives, at the same moment' {
        # Other runs change the engine meanwhile: the figures are compared when the CLI saw the same before and after.
        $same = $false
        foreach ($attempt in 1..10) {
            $before = Get-CliDiskUsage | ConvertTo-Json -Compress
            $ours = Get-DockerDiskUsage
            $after = Get-CliDiskUsage | ConvertTo-Json -Compress
            if ($before -eq $after) {
                $same = $true
                break
            }
            Start-Sleep -Milliseconds 500
        }
        $same | Should -BeTrue -Because 'the engine stood still long enough for one comparison'

        $cli = $before | ConvertFrom-Json
        @($ours.Type) | Should -Be @('Images', 'Containers', 'Local Volumes', 'Build Cache')
        foreach ($type in $ours.Type) {
            $expected = $cli | Where-Object Type -EQ $type
            $actual = ConvertTo-CliLine ($ours | Where-Object Type -EQ $type)
            foreach ($property in 'TotalCount', 'Active', 'Size', 'Reclaimable') {
                $actual.$property | Should -Be $expected.$property -Because "$type $property"
            }
        }
    }

    It 'lists this run''s volume and container in detail as docker system df -v does' {
        $detailed = Get-DockerDiskUsage -Detailed
        $cliVolumes = Invoke-CliDiskUsage '-v', '--format', '{{json .Volumes}}' | ConvertFrom-Json
        $cliContainers = Invoke-CliDiskUsage '-v', '--format', '{{json .Containers}}' | ConvertFrom-Json
        $cliImages = Invoke-CliDiskUsage '-v', '--format', '{{json .Images}}' | ConvertFrom-Json

        $ours = $detailed | Where-Object { $_ -is [DockerPS.DockerVolume] -and $_.Name -eq $volume }
        $theirs = $cliVolumes | Where-Object Name -EQ $volume
        $ours.RefCount | Should -Be 1
        "$($ours.RefCount)" | Should -Be $theirs.Links
        [DockerPS.Formatting.DisplayText]::HumanSize($ours.Size) | Should -Be $theirs.Size
        $ours.Size | Should -BeGreaterOrEqual 5000

        $container = $detailed | Where-Object { $_ -is [DockerPS.DockerContainerDiskUsage] -and $_.Id -eq $user }
        $container.Name | Should -Be "$prefix-user"
        # By id: the CLI takes the first character off every name, which Podman's answer does not start with a slash.
        "$($container.LocalVolumes)" | Should -Be ($cliContainers | Where-Object ID -EQ $user).LocalVolumes

        # The fixture's figures cannot change while this run's container uses it, and no run removes it.
        $fixtureId = Get-BareId (Get-DockerCliInspect $busybox).Id
        $fixture = $detailed | Where-Object { $_ -is [DockerPS.DockerImageDiskUsage] -and (Get-BareId $_.Id) -eq $fixtureId }
        $cliFixture = $cliImages | Where-Object { (Get-BareId $_.ID) -eq $fixtureId }
        [DockerPS.Formatting.DisplayText]::Size($fixture.Size) | Should -Be $cliFixture.Size
        $fixture.Containers | Should -BeGreaterOrEqual 1
    }
}

Describe 'The prune pipelines: -WhatIf names what the real run removes' -Tag 'AnyEngine' {
    BeforeAll {
        $pipe = "dps.pipe=$run-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
        $mine = @($label, $pipe)
        $prefix = "dps-$run-pipe"
        $freeVolumes = @((New-CliVolume "$prefix-v1" $mine), (New-CliVolume "$prefix-v2" $mine))
        $usedVolume = New-CliVolume "$prefix-used" $mine
        $freeNetworks = @((New-CliNetwork "$prefix-n1" $mine), (New-CliNetwork "$prefix-n2" $mine))
        $usedNetwork = New-CliNetwork "$prefix-used" $mine
        New-CliContainer "$prefix-user" $busybox $usedVolume $usedNetwork $mine | Out-Null
    }

    It 'Get-DockerVolume -Dangling | Remove-DockerVolume: docker volume prune -a' {
        $listed = @(Get-WhatIf "Get-DockerVolume -Dangling -Label '$label', '$pipe' | Remove-DockerVolume -WhatIf" | ForEach-Object Name)
        @($listed | Sort-Object) | Should -Be @($freeVolumes | Sort-Object)
        foreach ($volume in $freeVolumes) { Test-CliObject volume $volume | Should -BeTrue }

        Get-DockerVolume -Dangling -Label $label, $pipe | Remove-DockerVolume -Confirm:$false
        @(Invoke-DockerCli volume ls -q --filter "label=$pipe") | Should -Be @($usedVolume)
        Get-Pruned (Invoke-DockerCli volume prune -f --filter "label=$pipe") | Should -BeNullOrEmpty
    }

    It 'Get-DockerNetwork -Unused | Remove-DockerNetwork: docker network prune' {
        $listed = @(Get-WhatIf "Get-DockerNetwork -Unused -Label '$label', '$pipe' | Remove-DockerNetwork -WhatIf" | ForEach-Object Name)
        @($listed | Sort-Object) | Should -Be @($freeNetworks | Sort-Object)
        foreach ($network in $freeNetworks) { Test-CliObject network $network | Should -BeTrue }

        Get-DockerNetwork -Unused -Label $label, $pipe | Remove-DockerNetwork -Confirm:$false
        @(Invoke-DockerCli network ls --format '{{.Name}}' --filter "label=$pipe") | Should -Be @($usedNetwork)
        Get-Pruned (Invoke-DockerCli network prune -f --filter "label=$pipe") | Should -BeNullOrEmpty
    }
}
