# The swarm half of issue 17 against the rig's one-node swarm (engine 2, DOCKERPS_TEST_SWARM), with the docker CLI as
# the oracle. That swarm is shared with the service tests (which run after this file in the same Pester run), so
# nothing here leaves it or lists it expecting only our objects, and a drain of its only node is undone at once. Every secret, config
# and service made here is named with the run and carries its label; AfterAll removes those and restores the node.
BeforeDiscovery {
    $noSwarm = -not $env:DOCKERPS_TEST_SWARM
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Initialize-DockerPSTest
    $run = Get-TestRunId
    $label = Get-TestLabel
    $swarm = $env:DOCKERPS_TEST_SWARM
    $plainEngine = $env:DOCKERPS_TEST_HOST
    $prefix = "dps-$run"
    $nodeLabel = "$prefix-zone"
    $password = "pw-$([guid]::NewGuid().ToString('n'))"

    # The docker CLI against the swarm's manager.
    function Invoke-SwarmCli { Invoke-DockerCli "--host=$swarm" @args }
    function Get-SwarmCliJson { (Invoke-SwarmCli @args) -join "`n" | ConvertFrom-Json | Select-Object -First 1 }
    function Get-SwarmNodeId { (Invoke-SwarmCli info --format '{{.Swarm.NodeID}}' | Select-Object -Last 1).Trim() }
    function Get-OurCliNames([string] $Kind) { @(Invoke-SwarmCli $Kind ls --filter "label=$label" --format '{{.Name}}' | Where-Object { $_ } | Sort-Object) }
    function Get-LocalNodeState([string] $Engine) { (Invoke-DockerCli "--host=$Engine" info --format '{{.Swarm.LocalNodeState}}' | Select-Object -Last 1).Trim() }
    function Get-Secure([string] $Text) { ConvertTo-SecureString $Text -AsPlainText -Force }
}

AfterAll {
    if ($env:DOCKERPS_TEST_SWARM) {
        $cli = @("--host=$($env:DOCKERPS_TEST_SWARM)")
        [string[]] $services = & docker @cli service ls -q --filter "label=$(Get-TestLabel)"
        if ($services) { & docker @cli service rm @services *> $null }
        [string[]] $secrets = & docker @cli secret ls -q --filter "label=$(Get-TestLabel)"
        if ($secrets) { & docker @cli secret rm @secrets *> $null }
        [string[]] $configs = & docker @cli config ls -q --filter "label=$(Get-TestLabel)"
        if ($configs) { & docker @cli config rm @configs *> $null }
        $node = (& docker @cli info --format '{{.Swarm.NodeID}}').Trim()
        & docker @cli node update --availability active --label-rm "dps-$(Get-TestRunId)-zone" $node *> $null
        if ($LASTEXITCODE -ne 0) { & docker @cli node update --availability active $node *> $null }
    }
}

Describe 'Get-DockerNode and Set-DockerNode' -Skip:$noSwarm {
    It 'lists the manager as docker node ls shows it, and finds it by hostname, id prefix and pattern' {
        $cli = Invoke-SwarmCli node ls --format '{{json .}}' | ConvertFrom-Json | Where-Object { $_.ID -eq (Get-SwarmNodeId) }
        $node = Get-DockerNode -HostAddress $swarm | Where-Object Id -EQ (Get-SwarmNodeId)
        $node.Hostname | Should -Be $cli.Hostname
        $node.ManagerStatus | Should -Be $cli.ManagerStatus
        $node.EngineVersion | Should -Be $cli.EngineVersion
        (Get-Culture).TextInfo.ToTitleCase($node.Status) | Should -Be $cli.Status
        $node.Role | Should -Be 'manager'
        (Get-DockerNode -HostAddress $swarm $cli.Hostname).Id | Should -Contain $node.Id
        (Get-DockerNode -HostAddress $swarm $node.Id.Substring(0, 6)).Id | Should -Be $node.Id
        (Get-DockerNode -HostAddress $swarm ($cli.Hostname.Substring(0, 2) + '*')).Id | Should -Contain $node.Id
        (Get-DockerNode -HostAddress $swarm | Format-Table | Out-String) | Should -Match 'MANAGER STATUS'
        # The engine's own node, as docker info names it, is the one marked, as docker node ls marks it.
        (Get-DockerNode -HostAddress $swarm | Where-Object IsSelf).Id | Should -Be (Get-SwarmNodeId)
        (Get-DockerNode -HostAddress $swarm | Format-Table | Out-String -Width 300) | Should -Match "$(Get-SwarmNodeId) \*"
    }

    It 'pauses the node and makes it active again, as docker node inspect shows; -WhatIf changes nothing' {
        $id = Get-SwarmNodeId
        Set-DockerNode -HostAddress $swarm $id -Availability Drain -WhatIf
        (Get-SwarmCliJson node inspect $id).Spec.Availability | Should -Be 'active'
        try {
            $paused = Get-DockerNode -HostAddress $swarm $id | Set-DockerNode -Availability Pause -PassThru
            $paused.Availability | Should -Be 'pause'
            (Get-SwarmCliJson node inspect $id).Spec.Availability | Should -Be 'pause'
        }
        finally {
            Set-DockerNode -HostAddress $swarm $id -Availability Active
        }
        (Get-SwarmCliJson node inspect $id).Spec.Availability | Should -Be 'active'
    }

    It 'drains the node: its tasks leave, as docker service ps shows, and come back once it is active' {
        # The files of a Pester run go one after another, so draining the swarm's only node disturbs no other test.
        $id = Get-SwarmNodeId
        $service = "$prefix-drain"
        function Get-RunningTasks { @(Invoke-SwarmCli service ps $service --format '{{.CurrentState}}' | Where-Object { $_ -like 'Running*' }) }
        function Wait-Until([scriptblock] $Condition) {
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (-not (& $Condition) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 300 }
            & $Condition
        }
        Invoke-SwarmCli service create --detach --name $service --label $label --replicas 1 (Get-FixtureImage) sleep 3600 | Out-Null
        Wait-Until { (Get-RunningTasks).Count -eq 1 } | Should -BeTrue -Because 'the task starts on the active node'
        try {
            $drained = Get-DockerNode -HostAddress $swarm $id | Set-DockerNode -Availability Drain -PassThru
            $drained.Availability | Should -Be 'drain'
            (Get-SwarmCliJson node inspect $id).Spec.Availability | Should -Be 'drain'
            Wait-Until { (Get-RunningTasks).Count -eq 0 } | Should -BeTrue -Because 'a drained node runs no tasks'
            @(Invoke-SwarmCli ps -q --filter "label=com.docker.swarm.service.name=$service") | Should -BeNullOrEmpty
        }
        finally {
            Set-DockerNode -HostAddress $swarm $id -Availability Active
        }
        Wait-Until { (Get-RunningTasks).Count -eq 1 } | Should -BeTrue -Because 'the task comes back to the active node'
        Invoke-SwarmCli service rm $service | Out-Null
    }

    It 'adds a label, finds the node by it, and removes it again' {
        $id = Get-SwarmNodeId
        Set-DockerNode -HostAddress $swarm $id -Label "$nodeLabel=a"
        (Get-SwarmCliJson node inspect $id).Spec.Labels.$nodeLabel | Should -Be 'a'
        (Get-DockerNode -HostAddress $swarm -Label "$nodeLabel=a").Id | Should -Be $id
        Set-DockerNode -HostAddress $swarm $id -RemoveLabel $nodeLabel
        (Get-SwarmCliJson node inspect $id).Spec.Labels.PSObject.Properties.Name | Should -Not -Contain $nodeLabel
        Get-DockerNode -HostAddress $swarm -Label "$nodeLabel=a" | Should -BeNullOrEmpty
    }

    It 'names a node the swarm lacks as NodeNotFound, and changes nothing' {
        Set-DockerNode -HostAddress $swarm "$prefix-nosuch" -Availability Drain -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'NodeNotFound,*'
        (Get-SwarmCliJson node inspect (Get-SwarmNodeId)).Spec.Availability | Should -Be 'active'
    }
}

Describe 'Secrets' -Skip:$noSwarm {
    It 'creates a secret from a SecureString, with labels, as docker secret inspect shows it' {
        $secret = New-DockerSecret -HostAddress $swarm "$prefix-secure" (Get-Secure $password) -Label $label, 'tier=web'
        $cli = Get-SwarmCliJson secret inspect "$prefix-secure"
        $secret.Id | Should -Be $cli.ID
        $secret.Name | Should -Be "$prefix-secure"
        $cli.Spec.Labels.tier | Should -Be 'web'
        $secret.Labels['tier'] | Should -Be 'web'
    }

    It 'creates secrets from a file and from the pipeline, listed as docker secret ls lists ours' {
        $file = Join-Path $TestDrive 'key.bin'
        [IO.File]::WriteAllBytes($file, [byte[]](0, 1, 2, 255))
        New-DockerSecret -HostAddress $swarm "$prefix-file" -LiteralPath $file -Label $label | Out-Null
        'user', $password | New-DockerSecret -HostAddress $swarm "$prefix-piped" -Label $label | Out-Null
        $ours = @(Get-DockerSecret -HostAddress $swarm -Label $label | ForEach-Object Name)
        $ours | Should -Be (Get-OurCliNames secret)
        $ours | Should -Contain "$prefix-file"
        (Get-DockerSecret -HostAddress $swarm "$prefix-p*").Name | Should -Be "$prefix-piped"
    }

    It 'hands a service the data exactly as given, in /run/secrets' {
        $name = "$prefix-seen"
        'user', $password | New-DockerSecret -HostAddress $swarm $name -Label $label | Out-Null
        Invoke-SwarmCli service create -d --name "$prefix-reader" --label $label --restart-condition none --secret $name `
            (Get-FixtureImage) sh -c "cat /run/secrets/$name | od -An -c; sleep 1" | Out-Null
        # od -c shows each byte: the newline between the lines as \n, and nothing after the last.
        $expected = "user\n$password"
        $seen = ''
        foreach ($attempt in 1..60) {
            $seen = ((& docker "--host=$swarm" service logs --raw "$prefix-reader" 2>$null) -join ' ') -replace '\s+', ''
            if ($seen -eq $expected) { break }
            Start-Sleep -Milliseconds 500
        }
        $seen | Should -Be $expected
    }

    It 'never shows the data: not in the object, its views, verbose output or -WhatIf' {
        $lines = Invoke-ChildPwsh -Script @"
`$secure = ConvertTo-SecureString '$password' -AsPlainText -Force
New-DockerSecret -HostAddress '$swarm' '$prefix-quiet' `$secure -Label '$label' -Verbose *>&1 | Format-List * | Out-String -Width 300
'$password' | New-DockerSecret -HostAddress '$swarm' '$prefix-whatif' -WhatIf -Verbose *>&1 | Out-String -Width 300
Get-DockerSecret -HostAddress '$swarm' '$prefix-quiet' | Format-Table | Out-String -Width 300
"@
        $text = $lines -join "`n"
        $text | Should -Match "What if: Performing the operation `"Create secret`" on target `"$prefix-whatif`""
        $text | Should -Match "$prefix-quiet"
        $text | Should -Not -Match $password
        & docker "--host=$swarm" secret inspect "$prefix-whatif" *> $null
        $LASTEXITCODE | Should -Not -Be 0
    }

    It 'refuses to remove a secret a service uses (SecretInUse), and removes one no service uses' {
        New-DockerSecret -HostAddress $swarm "$prefix-used" (Get-Secure $password) -Label $label | Out-Null
        New-DockerSecret -HostAddress $swarm "$prefix-free" (Get-Secure $password) -Label $label | Out-Null
        Invoke-SwarmCli service create -d --name "$prefix-user" --label $label --replicas 0 --secret "$prefix-used" (Get-FixtureImage) sleep 1 | Out-Null
        Remove-DockerSecret -HostAddress $swarm "$prefix-used", "$prefix-free" -Force -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'SecretInUse,*'
        $failed[0].CategoryInfo.Category | Should -Be 'ResourceBusy'
        "$failed" | Should -Match "$prefix-user"
        Get-OurCliNames secret | Should -Contain "$prefix-used"
        Get-OurCliNames secret | Should -Not -Contain "$prefix-free"
    }

    It 'takes secrets from Get-DockerSecret to Remove-DockerSecret; -WhatIf removes nothing' {
        New-DockerSecret -HostAddress $swarm "$prefix-gone" (Get-Secure $password) -Label $label | Out-Null
        Get-DockerSecret -HostAddress $swarm "$prefix-gone" | Remove-DockerSecret -WhatIf
        Get-OurCliNames secret | Should -Contain "$prefix-gone"
        Get-DockerSecret -HostAddress $swarm "$prefix-gone" | Remove-DockerSecret -Confirm:$false
        Get-OurCliNames secret | Should -Not -Contain "$prefix-gone"
    }
}

Describe 'Configs' -Skip:$noSwarm {
    It 'creates configs from text, a file and the pipeline, with the data docker config inspect shows' {
        $file = Join-Path $TestDrive 'app.conf'
        Set-Content -LiteralPath $file -Value 'listen 80;' -NoNewline
        New-DockerConfig -HostAddress $swarm "$prefix-text" 'köln' -Label $label | Out-Null
        New-DockerConfig -HostAddress $swarm "$prefix-file" -Path $file -Label $label | Out-Null
        'a', 'b' | New-DockerConfig -HostAddress $swarm "$prefix-piped" -Label $label | Out-Null
        $expected = @{ "$prefix-text" = 'köln'; "$prefix-file" = 'listen 80;'; "$prefix-piped" = "a`nb" }
        foreach ($name in $expected.Keys) {
            $data = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String((Get-SwarmCliJson config inspect $name).Spec.Data))
            $data | Should -Be $expected[$name]
            [Text.Encoding]::UTF8.GetString((Get-DockerConfig -HostAddress $swarm $name).Data) | Should -Be $expected[$name]
        }
        @(Get-DockerConfig -HostAddress $swarm -Label $label | ForEach-Object Name) | Should -Be (Get-OurCliNames config)
    }

    It 'refuses to remove a config a service uses (ConfigInUse), and removes the others' {
        New-DockerConfig -HostAddress $swarm "$prefix-cused" 'x' -Label $label | Out-Null
        Invoke-SwarmCli service create -d --name "$prefix-cuser" --label $label --replicas 0 --config "$prefix-cused" (Get-FixtureImage) sleep 1 | Out-Null
        Get-DockerConfig -HostAddress $swarm -Label $label | Remove-DockerConfig -Force -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'ConfigInUse,*'
        Get-OurCliNames config | Should -Be @("$prefix-cused")
    }
}

Describe 'Swarm membership' -Skip:$noSwarm {
    It 'reads the swarm as docker info does, and the join token only when asked, keeping it out of the views' {
        $swarmObject = Get-DockerSwarm -HostAddress $swarm
        $swarmObject.Id | Should -Be (Invoke-SwarmCli info --format '{{.Swarm.Cluster.ID}}' | Select-Object -Last 1).Trim()
        $token = Get-DockerSwarm -HostAddress $swarm -JoinToken Worker
        $token.Token | Should -Be (Invoke-SwarmCli swarm join-token -q worker | Select-Object -Last 1).Trim()
        $token.RemoteAddress | Should -Be '127.0.0.1:2377'
        ($token | Out-String -Width 300) | Should -Match '127\.0\.0\.1:2377'
        foreach ($shown in ($token | Out-String -Width 300), ($token | Format-List | Out-String -Width 300),
            ($swarmObject, $token | Format-Table | Out-String -Width 300), ($swarmObject | Format-List | Out-String -Width 300)) {
            $shown | Should -Not -Match 'SWMTKN'
        }
    }

    It 'refuses to initialize a second swarm on the manager (SwarmAlreadyActive); the swarm is unchanged' {
        $before = (Invoke-SwarmCli info --format '{{.Swarm.Cluster.ID}}' | Select-Object -Last 1).Trim()
        { Initialize-DockerSwarm -HostAddress $swarm -AdvertiseAddress 127.0.0.1 -ErrorAction Stop } |
            Should -Throw -ErrorId 'SwarmAlreadyActive,DockerPS.Commands.InitializeDockerSwarmCommand'
        (Invoke-SwarmCli info --format '{{.Swarm.Cluster.ID}}' | Select-Object -Last 1).Trim() | Should -Be $before
    }

    It 'says an engine in no swarm is not active: nodes, secrets, leaving' {
        Get-LocalNodeState $plainEngine | Should -Be 'inactive'
        { Get-DockerNode -HostAddress $plainEngine -ErrorAction Stop } | Should -Throw -ErrorId 'SwarmNotActive,DockerPS.Commands.GetDockerNodeCommand'
        { Get-DockerSecret -HostAddress $plainEngine -ErrorAction Stop } | Should -Throw -ErrorId 'SwarmNotActive,DockerPS.Commands.GetDockerSecretCommand'
        { Exit-DockerSwarm -HostAddress $plainEngine -Force -ErrorAction Stop } | Should -Throw -ErrorId 'SwarmNotActive,DockerPS.Commands.ExitDockerSwarmCommand'
    }

    It 'refuses a join token the engine cannot read (InvalidJoinToken) without repeating it; the engine stays out' {
        $bogus = "SWMTKN-1-$run-bogus"
        $failure = { Join-DockerSwarm -HostAddress $plainEngine -RemoteAddress 127.0.0.1:2377 -Token $bogus -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidJoinToken,DockerPS.Commands.JoinDockerSwarmCommand' -PassThru
        "$failure $($failure.Exception)" | Should -Not -Match ([regex]::Escape($bogus))
        Get-LocalNodeState $plainEngine | Should -Be 'inactive'
    }

    It 'changes nothing with -WhatIf: no swarm made, none left, none joined' {
        Initialize-DockerSwarm -HostAddress $plainEngine -WhatIf
        Join-DockerSwarm -HostAddress $plainEngine -RemoteAddress 127.0.0.1:2377 -Token (Get-DockerSwarm -HostAddress $swarm -JoinToken Worker).Token -WhatIf
        Exit-DockerSwarm -HostAddress $swarm -Force -WhatIf
        Get-LocalNodeState $plainEngine | Should -Be 'inactive'
        Get-LocalNodeState $swarm | Should -Be 'active'
    }
}
