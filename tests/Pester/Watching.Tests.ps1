# Watching engines: Get-DockerEvent and Get-DockerContainerStats against the real engine, with the docker CLI as the
# oracle. Every container carries the run's label and a label of this file's own, by which its events are found.
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

    # A label only this file's containers carry, as key=value for the engines' filters.
    $watchKey = 'dockerps.test.watch'
    function New-WatchLabel { "$watchKey=$run-$([guid]::NewGuid().ToString('n').Substring(0, 8))" }

    # Runs a script in a runspace of its own with the module imported; returns whether it ended within the time and
    # what it wrote. A cmdlet that would never return fails the test instead of hanging it.
    function Invoke-Bounded([string] $Script, [int] $Seconds = 60) {
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript("Import-Module '$($env:DOCKERPS_MODULE_PATH)'; $Script")
            $invocation = $shell.BeginInvoke()
            $ended = $invocation.AsyncWaitHandle.WaitOne($Seconds * 1000)
            if (-not $ended) { $shell.Stop() }
            [pscustomobject]@{
                Ended  = $ended
                Output = @(if ($ended) { $shell.EndInvoke($invocation) })
                Errors = @($shell.Streams.Error)
            }
        }
        finally {
            $shell.Dispose()
        }
    }

    # docker stats prints sizes as 504KiB or 23.59GiB (binary units).
    function ConvertFrom-CliSize([string] $Text) {
        if ($Text.Trim() -notmatch '^([0-9.]+)([KMGTP]i)?B$') { throw "not a docker stats size: '$Text'" }
        $scale = @{ '' = 1; 'Ki' = 1KB; 'Mi' = 1MB; 'Gi' = 1GB; 'Ti' = 1TB; 'Pi' = 1PB }[[string]$Matches[2]]
        [double]$Matches[1] * $scale
    }
}

AfterAll {
    Remove-TestObject
}

Describe 'Get-DockerEvent' -Tag 'AnyEngine' {
    BeforeAll {
        # A container's whole life, run by the CLI: created, started, dead with exit code 3, removed.
        $lifeLabel = New-WatchLabel
        $lifeName = "dps-$run-life"
        $since = (Get-Date).AddSeconds(-1)
        & docker run --label $label --label $lifeLabel --name $lifeName $busybox sh -c 'exit 3' *> $null
        $lifeId = (Invoke-DockerCli inspect --format '{{.Id}}' $lifeName).Trim()
        Invoke-DockerCli rm $lifeName | Out-Null
        $until = Get-Date
        $life = @(Get-DockerEvent -Since $since -Filter @{ label = $lifeLabel })
    }

    It 'reports a container''s create, start, die and destroy in that order, with its id, name and attributes' {
        $lifecycle = @($life | Where-Object Action -In 'create', 'start', 'die', 'destroy')
        $lifecycle.Action | Should -Be 'create', 'start', 'die', 'destroy'
        $lifecycle | ForEach-Object {
            $_.Type | Should -Be 'container'
            $_.Id | Should -Be $lifeId
            $_.Name | Should -Be $lifeName
            $_.Attributes[$watchKey] | Should -Be ($lifeLabel -split '=', 2)[1]
            $_.Image | Should -Match 'dockerps-fixture/busybox'
        }
        ($lifecycle | Where-Object Action -EQ 'die').Attributes['exitCode'] | Should -Be '3'
    }

    It 'gives each event its time, to the engine''s nanosecond, within the window asked for' {
        $times = @($life.TimeNano)
        $times | Should -Be @($times | Sort-Object)
        foreach ($found in $life) {
            $found.Time | Should -BeGreaterOrEqual $since.AddSeconds(-1)
            $found.Time | Should -BeLessOrEqual $until.AddSeconds(1)
            # In decimal: a double has too few digits for nanoseconds since 1970, and rounded one time in a few.
            $found.Time.ToUniversalTime().Ticks | Should -Be ([datetime]::UnixEpoch.Ticks + [long][math]::Floor([decimal]$found.TimeNano / 100))
        }
    }

    It 'reports what docker events reports for the same window' -Skip:$onPodman {
        # Podman 4 answers nothing at all for an --until already past, so its CLI has nothing to compare with.
        $cli = @(Invoke-DockerCliJson events --since ([DateTimeOffset]$since).ToUnixTimeSeconds() --until ([DateTimeOffset]$until.AddSeconds(1)).ToUnixTimeSeconds() --filter "label=$lifeLabel")
        @($life | ForEach-Object { "$($_.TimeNano) $($_.Action) $($_.Id)" }) | Should -Be @($cli | ForEach-Object { "$($_.timeNano) $($_.Action) $($_.Actor.ID)" })
    }

    It 'selects by type and action, and by name with -Filter' {
        @(Get-DockerEvent -Since $since -Type container -Action die, destroy -Filter @{ container = $lifeName }).Action | Should -Be 'die', 'destroy'
        @(Get-DockerEvent -Since $since -Type image, volume -Filter @{ label = $lifeLabel }) | Should -BeNullOrEmpty
    }

    It 'refuses an event type the engine does not know' {
        { Get-DockerEvent -Type containers -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidEventType,DockerPS.Commands.GetDockerEventCommand'
    }

    It 'returns from -Follow -Action die | Select-Object -First 1 once the container dies, with its id' {
        $dieLabel = New-WatchLabel
        $start = (Get-Date).AddSeconds(-1)
        $id = New-TestContainer -Name "dps-$run-dies" -Command sh, -c, 'sleep 2; exit 3' -Option '--label', $dieLabel

        # -Since replays what happened before the stream was open, so the death cannot be missed.
        $result = Invoke-Bounded "Get-DockerEvent -Follow -Since '$($start.ToString('o'))' -Action die -Filter @{ label = '$dieLabel' } | Select-Object -First 1"

        $result.Ended | Should -BeTrue -Because 'the pipeline downstream was done after the first event'
        $result.Errors | Should -BeNullOrEmpty
        $result.Output.Count | Should -Be 1
        $result.Output[0].Id | Should -Be $id
        $result.Output[0].Action | Should -Be 'die'
        $result.Output[0].Attributes['exitCode'] | Should -Be '3'
    }
}

Describe 'Get-DockerEvent across two engines' -Skip:(-not $env:DOCKERPS_TEST_HOST2) {
    BeforeAll {
        $second = $env:DOCKERPS_TEST_HOST2
        $savedConfig = $env:DOCKER_CONFIG
        $env:DOCKER_CONFIG = Join-Path ([IO.Path]::GetTempPath()) "dps-$run-watch-contexts"
        New-Item -ItemType Directory -Force $env:DOCKER_CONFIG | Out-Null
        New-DockerContext "dps-$run-watch1" $env:DOCKERPS_TEST_HOST | Out-Null
        New-DockerContext "dps-$run-watch2" $second | Out-Null
        New-DockerContext "dps-$run-watchdown" 'unix:///nonexistent/dockerps.sock' | Out-Null

        $bothLabel = New-WatchLabel
        $since = (Get-Date).AddSeconds(-1)
        $onFirst = New-TestContainer -Command sh, -c, 'exit 4' -Option '--label', $bothLabel
        $onSecond = (& docker -H $second run -d --network none --label $label --label $bothLabel $busybox sh -c 'exit 5').Trim()
        & docker wait $onFirst *> $null
        & docker -H $second wait $onSecond *> $null
    }
    AfterAll {
        [string[]] $containers = & docker -H $second ps -aq --no-trunc --filter "label=$label"
        if ($containers) { & docker -H $second rm -f @containers *> $null }
        Remove-Item $env:DOCKER_CONFIG -Recurse -Force -ErrorAction Ignore
        $env:DOCKER_CONFIG = $savedConfig
    }

    It 'writes both engines'' events in one pipeline, each naming its engine' {
        $events = @(Get-DockerEvent -Context "dps-$run-watch1", "dps-$run-watch2" -Since $since -Action die -Filter @{ label = $bothLabel })
        @($events | ForEach-Object { "$($_.Endpoint.Context) $($_.Id) $($_.Attributes['exitCode'])" }) | Sort-Object |
            Should -Be (@("dps-$run-watch1 $onFirst 4", "dps-$run-watch2 $onSecond 5") | Sort-Object)
        (Get-DockerEvent -Context "dps-$run-watch1", "dps-$run-watch2" -Since $since -Action die -Filter @{ label = $bothLabel } | Out-String -Width 200) |
            Should -Match '^\s*ENGINE\s+TIME\s+TYPE\s+ACTION'
    }

    It 'follows both engines at once until the pipeline downstream is done' {
        $result = Invoke-Bounded "Get-DockerEvent -Context 'dps-$run-watch1', 'dps-$run-watch2' -Follow -Since '$($since.ToString('o'))' -Action die -Filter @{ label = '$bothLabel' } | Select-Object -First 2"

        $result.Ended | Should -BeTrue
        @($result.Output.Id | Sort-Object) | Should -Be @($onFirst, $onSecond | Sort-Object)
    }

    It 'goes on with the engines it reaches when one cannot be reached' {
        $events = @(Get-DockerEvent -Context "dps-$run-watch1", "dps-$run-watchdown" -Since $since -Action die -Filter @{ label = $bothLabel } -ErrorVariable failures -ErrorAction SilentlyContinue)
        $events.Id | Should -Be $onFirst
        $failures.Count | Should -Be 1
        $failures[0].CategoryInfo.Category | Should -Be 'ConnectionError'
    }
}

Describe 'Get-DockerContainerStats' -Tag 'AnyEngine' {
    BeforeAll {
        $busy = New-TestContainer -Name "dps-$run-busy" -Command sh, -c, 'while :; do :; done'
        $idle = New-TestContainer -Name "dps-$run-idle" -Command sh, -c, 'sleep 3600 & sleep 3600 & wait'
        $stopped = New-TestContainer -Name "dps-$run-stopped" -NoStart
        $ours = $busy, $idle, $stopped
        # The busy loop runs a moment before it is measured.
        Start-Sleep -Seconds 2
    }

    It 'shows a busy container using CPU, and more than an idle one' {
        # The machine is shared and its load varies: how much of a CPU the loop gets is the machine's, not ours.
        $rows = Get-DockerContainerStats $busy, $idle
        $busyRow = $rows | Where-Object Id -EQ $busy
        $busyRow.CpuPercent | Should -BeGreaterThan 1
        $busyRow.CpuPercent | Should -BeGreaterThan ($rows | Where-Object Id -EQ $idle).CpuPercent
    }

    It 'agrees with docker stats --no-stream on memory and processes' {
        $row = Get-DockerContainerStats "dps-$run-idle"
        $cli = Invoke-DockerCliJson stats --no-stream $idle
        $usage, $limit = $cli.MemUsage -split ' / '

        $row.Id | Should -Be $idle
        $row.Pids | Should -Be ([long]$cli.PIDs)
        $row.MemoryLimit | Should -BeGreaterThan ((ConvertFrom-CliSize $limit) * 0.99)
        $row.MemoryLimit | Should -BeLessThan ((ConvertFrom-CliSize $limit) * 1.01)
        # Read a moment apart: the same order of magnitude.
        $row.MemoryUsage | Should -BeGreaterThan ((ConvertFrom-CliSize $usage) / 4)
        $row.MemoryUsage | Should -BeLessThan ((ConvertFrom-CliSize $usage) * 4)
        $row.Time | Should -BeOfType [datetime]
    }

    It 'reads the running containers without names, and the stopped ones too with -All, as rows of zeros' {
        @(Get-DockerContainerStats | Where-Object Id -In $ours).Name | Sort-Object | Should -Be @("dps-$run-busy", "dps-$run-idle")
        $all = @(Get-DockerContainerStats -All | Where-Object Id -In $ours)
        $all.Count | Should -Be 3
        $none = $all | Where-Object Id -EQ $stopped
        ($none.CpuPercent, $none.MemoryUsage, $none.Pids) | Should -Be 0, 0, 0
        $none.Time | Should -BeNullOrEmpty
    }

    It 'takes containers from the pipeline, and a row stands for its container' {
        @(Get-DockerContainer -Label $label | Where-Object Id -In $ours | Get-DockerContainerStats).Id | Sort-Object | Should -Be @($busy, $idle | Sort-Object)
        (Get-DockerContainerStats $idle | Get-DockerContainer).Id | Should -Be $idle
    }

    It 'finds names by wildcard and reports a missing one while reading the others' {
        $rows = @(Get-DockerContainerStats "dps-$run-b*", "dps-$run-nowhere" -ErrorVariable failures -ErrorAction SilentlyContinue)
        $rows.Id | Should -Be $busy
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'ContainerNotFound,DockerPS.Commands.GetDockerContainerStatsCommand'
    }

    It 'reads like docker stats --no-stream' {
        $table = Get-DockerContainerStats $busy | Out-String -Width 200
        $table | Should -Match '^\s*CONTAINER ID\s+NAME\s+CPU %\s+MEM USAGE / LIMIT\s+MEM %\s+NET I/O\s+BLOCK I/O\s+PIDS'
        $table | Should -Match "$($busy.Substring(0, 12))\s+dps-$run-busy\s+\d+\.\d\d%\s+[0-9.]+[KMG]?i?B / [0-9.]+[KMGT]?i?B"
    }

    It 'follows a container reading by reading until the pipeline downstream is done' {
        $result = Invoke-Bounded "Get-DockerContainerStats '$busy' -Follow | Select-Object -First 2"

        $result.Ended | Should -BeTrue -Because 'the pipeline downstream was done after the second row'
        $result.Output.Count | Should -Be 2
        $result.Output.Id | Should -Be $busy, $busy
        $result.Output[1].Time | Should -BeGreaterThan $result.Output[0].Time
    }
}
