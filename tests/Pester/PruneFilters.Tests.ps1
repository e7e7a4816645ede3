# The two prunes as pipelines, on this run's own labelled objects only: Get-DockerContainer -Status Exited, Created,
# Dead and Get-DockerImage -Unused, with -Label (prune's label and label!=) and -CreatedBefore (prune's until), list
# what docker container prune and docker image prune -a would remove. The oracle is the docker CLI: its listings, its
# inspect, and finally the CLI's prune itself, always filtered by this run's label and a label unique to the test,
# which must find nothing more once the pipeline has removed what it listed. No prune here runs unfiltered.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $onPodman = Test-PodmanEngine
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Initialize-DockerPSTest
    $run = Get-TestRunId
    $label = Get-TestLabel

    # What the CLI's prune removed: the ids it prints (containers), or its untagged/deleted lines (images).
    function Get-Pruned([string[]] $Output) {
        @($Output | Where-Object { $_ -match '^(untagged|deleted): |^[0-9a-f]{64}$' })
    }
    # Waits until the clock has passed a whole second and returns that second (UTC): the engine lists creation
    # times in whole seconds, so objects made before and after it fall on either side.
    function Wait-SecondBoundary {
        $next = [DateTime]::new(([DateTime]::UtcNow.Ticks / [TimeSpan]::TicksPerSecond -as [long]) * [TimeSpan]::TicksPerSecond + [TimeSpan]::TicksPerSecond, 'Utc')
        while ([DateTime]::UtcNow -lt $next.AddMilliseconds(50)) { Start-Sleep -Milliseconds 50 }
        $next
    }
}

AfterAll {
    Remove-TestObject
}

Describe 'docker container prune as Get-DockerContainer -Status Exited, Created, Dead | Remove-DockerContainer' -Tag 'AnyEngine' {
    BeforeAll {
        $prune = "dps.prune=$run-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
        $names = @{}
        foreach ($kind in 'running', 'exited', 'created', 'kept') {
            $names[$kind] = "dps-$run-prune-$kind"
        }
        New-TestContainer -Name $names.running -Option '--label', $prune | Out-Null
        New-TestContainer -Name $names.exited -Option '--label', $prune -Command 'true' | Out-Null
        New-TestContainer -Name $names.created -Option '--label', $prune -NoStart | Out-Null
        New-TestContainer -Name $names.kept -Option '--label', $prune, '--label', 'keep=yes' -Command 'true' | Out-Null
        Invoke-DockerCli wait $names.exited $names.kept | Out-Null

        # The oracle: the CLI's view of the test's containers, with their states and labels.
        function Get-CliStopped([string[]] $Without) {
            @(Invoke-DockerCli ps -a --filter "label=$prune" --format '{{.Names}}' | ForEach-Object {
                    $inspect = Get-DockerCliInspect $_
                    if ($inspect.State.Status -ne 'running' -and -not ($Without | Where-Object { $inspect.Config.Labels.$_ })) { $_ }
                }) | Sort-Object
        }
    }

    It 'lists the stopped containers the label filters select, negated labels included' {
        $listed = Get-DockerContainer -Status Exited, Created, Dead -Label $prune, 'keep!=yes'
        @($listed.Name | Sort-Object) | Should -Be (@($names.exited, $names.created) | Sort-Object)
        @($listed.Name | Sort-Object) | Should -Be (Get-CliStopped -Without 'keep')
        @((Get-DockerContainer -Status Exited, Created, Dead -Label $prune).Name | Sort-Object) | Should -Be (Get-CliStopped)
        (Get-DockerContainer -All -Label $prune, '!keep').Name | Should -Not -Contain $names.kept
    }

    It 'removes nothing with -WhatIf, then removes exactly them; docker container prune then finds nothing more' {
        $before = @(Invoke-DockerCli ps -aq --filter "label=$prune").Count
        Get-DockerContainer -Status Exited, Created, Dead -Label $prune, 'keep!=yes' | Remove-DockerContainer -WhatIf
        @(Invoke-DockerCli ps -aq --filter "label=$prune").Count | Should -Be $before

        Get-DockerContainer -Status Exited, Created, Dead -Label $prune, 'keep!=yes' | Remove-DockerContainer -Confirm:$false
        $left = @(Invoke-DockerCli ps -a --filter "label=$prune" --format '{{.Names}}' | Sort-Object)
        $left | Should -Be (@($names.running, $names.kept) | Sort-Object)

        $pruned = Invoke-DockerCli container prune -f --filter "label=$label" --filter "label=$prune" --filter 'label!=keep=yes'
        Get-Pruned $pruned | Should -BeNullOrEmpty
        @(Invoke-DockerCli ps -a --filter "label=$prune" --format '{{.Names}}' | Sort-Object) | Should -Be $left
    }

    It 'selects by creation time as prune''s until= does' {
        $until = "dps.until=$run-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
        New-TestContainer -Name "dps-$run-until-old" -Option '--label', $until -NoStart | Out-Null
        $moment = Wait-SecondBoundary
        Wait-SecondBoundary | Out-Null
        New-TestContainer -Name "dps-$run-until-new" -Option '--label', $until -NoStart | Out-Null

        (Get-DockerContainer -Status Created -Label $until -CreatedBefore $moment).Name | Should -Be "dps-$run-until-old"
        (Get-DockerContainer -Status Created -Label $until -CreatedBefore $moment.ToLocalTime()).Name | Should -Be "dps-$run-until-old"
        Get-DockerContainer -Status Created -Label $until -CreatedBefore 1h | Should -BeNullOrEmpty
        @((Get-DockerContainer -Status Created -Label $until -CreatedBefore ([datetime]::UtcNow.AddMinutes(1))).Name | Sort-Object) |
            Should -Be @("dps-$run-until-new", "dps-$run-until-old")

        Get-DockerContainer -Status Exited, Created, Dead -Label $until -CreatedBefore $moment | Remove-DockerContainer -Confirm:$false
        $unix = [DateTimeOffset]::new($moment).ToUnixTimeSeconds()
        Get-Pruned (Invoke-DockerCli container prune -f --filter "label=$label" --filter "label=$until" --filter "until=$unix") | Should -BeNullOrEmpty
        Invoke-DockerCli ps -a --filter "label=$until" --format '{{.Names}}' | Should -Be "dps-$run-until-new"
    }

    It 'refuses a label term without a key and a time it cannot read, before the engine' {
        { Get-DockerContainer -Label '!=yes' -HostAddress 'unix:///nonexistent/dockerps.sock' } |
            Should -Throw -ErrorId 'InvalidLabelFilter,DockerPS.Commands.GetDockerContainerCommand'
        { Get-DockerContainer -CreatedBefore 'last week' -HostAddress 'unix:///nonexistent/dockerps.sock' } |
            Should -Throw -ErrorId 'InvalidTime,DockerPS.Commands.GetDockerContainerCommand'
    }
}

Describe 'docker image prune -a as Get-DockerImage -Unused | Remove-DockerImage' -Tag 'AnyEngine' {
    BeforeAll {
        $prune = "dps.prune=$run-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
        $repo = "dps-$run/prune"
        $source = New-TestContainer -Name "dps-$run-prunesrc" -Command 'sh', '-c', 'echo x > /x'
        Invoke-DockerCli wait $source | Out-Null
        # The image id, sha256:…; Podman's commit answers it without the sha256:.
        function New-CliCommit([string] $Tag, [string[]] $Extra = @()) {
            $changes = @('--change', "LABEL $label", '--change', "LABEL $prune") + @($Extra | ForEach-Object { '--change', "LABEL $_" })
            $id = (Invoke-DockerCli commit @changes $source $Tag).Trim()
            if ($id -notmatch '^sha256:') { $id = "sha256:$id" }
            $id
        }
        $images = @{
            free     = New-CliCommit "${repo}:free"
            used     = New-CliCommit "${repo}:used"
            kept     = New-CliCommit "${repo}:kept" 'keep=yes'
            dangling = New-CliCommit "${repo}:again"
        }
        # Committing to the tag again leaves the first commit untagged: dangling, and used by nothing.
        $images.again = New-CliCommit "${repo}:again"
        $user = (Invoke-DockerCli create --label $label --name "dps-$run-imageuser" "${repo}:used" true).Trim()

        # The oracle: the test's images that no container's image (docker inspect .Image) is, per the CLI.
        function Get-CliUnused([string[]] $Without) {
            $used = @(Invoke-DockerCli ps -aq --no-trunc | ForEach-Object { Invoke-DockerCli inspect --format '{{.Image}}' $_ })
            @(Invoke-DockerCli images -a -q --no-trunc --filter "label=$prune" | Sort-Object -Unique | ForEach-Object {
                    $id = if ($_ -match '^sha256:') { $_ } else { "sha256:$_" }
                    $labels = (Get-DockerCliInspect $id).Config.Labels
                    if ($id -notin $used -and -not ($Without | Where-Object { $labels.$_ })) { $id }
                }) | Sort-Object
        }
    }

    AfterAll {
        Remove-TestObject -ImageReference "${repo}:free", "${repo}:used", "${repo}:kept", "${repo}:again"
    }

    It 'lists the images no container uses, with the label filters, as the CLI sees them' {
        $unused = Get-DockerImage -Unused -Label $prune, 'keep!=yes'
        @($unused.Id | Sort-Object -Unique) | Should -Be (@($images.free, $images.dangling, $images.again) | Sort-Object)
        @($unused.Id | Sort-Object -Unique) | Should -Be (Get-CliUnused -Without 'keep')
        @((Get-DockerImage -Unused -Label $prune).Id | Sort-Object -Unique) | Should -Be (Get-CliUnused)
        (Get-DockerImage -Unused -Label $prune).Id | Should -Not -Contain $images.used
        (Get-DockerImage -Dangling -Unused -Label $prune).Id | Should -Be $images.dangling
    }

    It 'writes nothing and no error for a named image that is in use' {
        Get-DockerImage "${repo}:used" -Unused -ErrorVariable failures | Should -BeNullOrEmpty
        $failures.Count | Should -Be 0
        (Get-DockerImage "${repo}:free" -Unused).Id | Should -Be $images.free
    }

    It 'removes nothing with -WhatIf, then removes exactly them' {
        $before = @(Invoke-DockerCli images -a -q --no-trunc --filter "label=$prune").Count
        Get-DockerImage -Unused -Label $prune, 'keep!=yes' | Remove-DockerImage -WhatIf
        @(Invoke-DockerCli images -a -q --no-trunc --filter "label=$prune").Count | Should -Be $before

        Get-DockerImage -Unused -Label $prune, 'keep!=yes' | Remove-DockerImage -Confirm:$false
        @(Invoke-DockerCli images --filter "label=$prune" --format '{{.Repository}}:{{.Tag}}' | Sort-Object) |
            Should -Be (@("${repo}:kept", "${repo}:used") | Sort-Object)
    }

    It 'leaves docker image prune -a nothing more to remove' -Skip:$onPodman {
        # Podman 4.3's compatible API refuses the CLI's prune -a ("specifying dangling filter more than once").
        $left = @(Invoke-DockerCli images -a -q --no-trunc --filter "label=$prune" | Sort-Object -Unique)
        Get-Pruned (Invoke-DockerCli image prune -a -f --filter "label=$label" --filter "label=$prune" --filter 'label!=keep=yes') | Should -BeNullOrEmpty
        @(Invoke-DockerCli images -a -q --no-trunc --filter "label=$prune" | Sort-Object -Unique) | Should -Be $left
    }

    It 'selects by creation time as prune''s until= does' {
        $until = "dps.until=$run-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
        $old = New-CliCommit "${repo}:until-old" $until
        $moment = Wait-SecondBoundary
        Wait-SecondBoundary | Out-Null
        $new = New-CliCommit "${repo}:until-new" $until
        try {
            (Get-DockerImage -Unused -Label $until -CreatedBefore $moment).Id | Should -Be $old
            Get-DockerImage -Label $until -CreatedBefore '1h30m' | Should -BeNullOrEmpty
            @((Get-DockerImage -Label $until -CreatedBefore ([datetime]::Now.AddMinutes(1))).Id | Sort-Object) | Should -Be (@($old, $new) | Sort-Object)
        }
        finally {
            & docker rmi "${repo}:until-old" "${repo}:until-new" *> $null
        }
    }
}

Describe 'docker image prune as Get-DockerImage -Dangling | Remove-DockerImage' -Tag 'AnyEngine' {
    BeforeAll {
        $prune = "dps.prune=$run-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
        $repo = "dps-$run/dangling"
        $source = New-TestContainer -Name "dps-$run-danglingsrc" -Command 'sh', '-c', 'echo x > /x'
        Invoke-DockerCli wait $source | Out-Null
        function New-CliCommit([string] $Tag) {
            $id = (Invoke-DockerCli commit --change "LABEL $label" --change "LABEL $prune" $source $Tag).Trim()
            if ($id -notmatch '^sha256:') { $id = "sha256:$id" }
            $id
        }
        # Two commits left untagged by committing to their tags again: one a stopped container still uses (as after
        # a rebuild), which docker image prune leaves, and one nothing uses.
        $used = New-CliCommit "${repo}:used"
        Invoke-DockerCli create --label $label --name "dps-$run-danglinguser" "${repo}:used" true | Out-Null
        $null = New-CliCommit "${repo}:used"
        $free = New-CliCommit "${repo}:free"
        $null = New-CliCommit "${repo}:free"
        $pipeline = "Get-DockerImage -Dangling -Label '$prune' | Remove-DockerImage"
    }

    AfterAll {
        & docker rm -f "dps-$run-danglinguser" *> $null
        Remove-TestObject -ImageReference "${repo}:used", "${repo}:free"
    }

    It 'names with -WhatIf exactly what the real run removes, and says the used one''s refusal in both' {
        (Get-DockerImage -Dangling -Label $prune).Id | Sort-Object | Should -Be (@($used, $free) | Sort-Object)

        $whatIf = @(Invoke-ChildPwsh -Script "`$ErrorActionPreference = 'Continue'; $pipeline -WhatIf 2>&1 | ForEach-Object { `"error: `$(`$_.FullyQualifiedErrorId) `$(`$_.TargetObject)`" }")
        @($whatIf | Where-Object { $_ -like 'What if:*' }) | Should -HaveCount 1
        ($whatIf | Where-Object { $_ -like 'What if:*' }) | Should -BeLike "*$free*"
        $whatIf | Should -Contain "error: ImageInUse,DockerPS.Commands.RemoveDockerImageCommand $used"
        (Get-DockerImage -Dangling -Label $prune).Id | Sort-Object | Should -Be (@($used, $free) | Sort-Object)

        Invoke-Expression "$pipeline -Confirm:`$false -ErrorVariable failures -ErrorAction SilentlyContinue"

        $failures.FullyQualifiedErrorId | Should -Be 'ImageInUse,DockerPS.Commands.RemoveDockerImageCommand'
        $failures.TargetObject | Should -Be $used
        (Get-DockerImage -Dangling -Label $prune).Id | Should -Be $used
    }

    It 'leaves docker image prune nothing more to remove' {
        Get-Pruned (Invoke-DockerCli image prune -f --filter "label=$prune") | Should -BeNullOrEmpty
        (Get-DockerImage -Dangling -Label $prune).Id | Should -Be $used
    }
}
