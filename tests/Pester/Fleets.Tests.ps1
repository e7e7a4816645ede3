# Fleets: many engines in one pipeline. The rig's engines (dockerd 20.10, its second, dockerd 26, and the first
# over ssh when the rig has sshd) each get a context; contexts piped to Get- cmdlets and -Context patterns mean "on
# each of these engines", checked engine by engine with the docker CLI.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Initialize-DockerPSTest
    $run = Get-TestRunId
    $label = Get-TestLabel
    $savedHost = $env:DOCKER_HOST
    $savedConfig = $env:DOCKER_CONFIG
    $savedPath = $env:PATH
    $config = Join-Path ([IO.Path]::GetTempPath()) "dps-$run-fleets"
    New-Item -ItemType Directory -Force $config | Out-Null
    $env:DOCKER_CONFIG = $config

    # The fleet: each engine of the rig under a context of its own; the docker CLI reaches each by address.
    $fleet = [ordered]@{ "dps-$run-fleet-1" = $env:DOCKERPS_TEST_HOST }
    if ($env:DOCKERPS_TEST_HOST2) { $fleet["dps-$run-fleet-2"] = $env:DOCKERPS_TEST_HOST2 }
    if ($env:DOCKERPS_TEST_HOST3 -and $env:DOCKERPS_TEST_HOST3 -ne 'none') { $fleet["dps-$run-fleet-3"] = $env:DOCKERPS_TEST_HOST3 }
    if ($env:DOCKERPS_TEST_SSH) {
        # Over ssh the rig's own ssh client is used (its key and known_hosts), by DockerPS and the CLI alike.
        $env:PATH = "$($env:DOCKERPS_TEST_SSH_PATH)$([IO.Path]::PathSeparator)$env:PATH"
        $fleet["dps-$run-fleet-ssh"] = $env:DOCKERPS_TEST_SSH
    }
    foreach ($name in $fleet.Keys) { New-DockerContext $name $fleet[$name] | Out-Null }

    # One labelled container and volume on each engine but the ssh one, which is the first engine again.
    $made = @{}
    foreach ($name in @($fleet.Keys | Where-Object { $_ -notlike '*-ssh' })) {
        $address = $fleet[$name]
        $made[$name] = (& docker -H $address run -d --network none --label $label --name "$name-c" (Get-FixtureImage) sleep 3600).Trim()
        & docker -H $address volume create --label $label "$name-v" | Out-Null
    }

    function Get-CliIds([string] $Address) {
        @(& docker -H $Address ps -aq --no-trunc --filter "label=$label") | Sort-Object
    }
}

AfterAll {
    foreach ($address in @($fleet.Values | Where-Object { $_ -notlike 'ssh://*' })) {
        [string[]] $containers = & docker -H $address ps -aq --no-trunc --filter "label=$label"
        if ($containers) { & docker -H $address rm -fv @containers *> $null }
        [string[]] $volumes = & docker -H $address volume ls -q --filter "label=$label"
        if ($volumes) { & docker -H $address volume rm -f @volumes *> $null }
    }
    $env:DOCKER_CONFIG = $savedConfig
    $env:DOCKER_HOST = $savedHost
    $env:PATH = $savedPath
    Remove-Item $config -Recurse -Force -ErrorAction Ignore
}

Describe 'Contexts from the pipeline mean "on each of these engines"' {
    It 'lists the containers of every piped context, each naming its context' {
        $listed = Get-DockerContext "dps-$run-fleet-*" | Get-DockerContainer -All -Label $label
        foreach ($name in $fleet.Keys) {
            ($listed | Where-Object Context -eq $name).Id | Sort-Object | Should -Be (Get-CliIds $fleet[$name]) -Because "the engine of $name"
        }
        @($listed).Count | Should -Be (@($fleet.Keys | ForEach-Object { Get-CliIds $fleet[$_] })).Count
    }

    It 'shows an ENGINE column naming the contexts' {
        $table = Get-DockerContext "dps-$run-fleet-*" | Get-DockerContainer -All -Label $label | Out-String -Width 250
        $table | Should -Match '^\s*ENGINE\s+CONTAINER ID\s+IMAGE'
        $table | Should -Match "dps-$run-fleet-1\s+$($made["dps-$run-fleet-1"].Substring(0, 12))"
    }

    It 'selects the same engines with a -Context pattern' {
        $byPattern = Get-DockerContainer -Context "dps-$run-fleet-*" -All -Label $label
        $piped = Get-DockerContext "dps-$run-fleet-*" | Get-DockerContainer -All -Label $label
        ($byPattern | ForEach-Object { "$($_.Context)/$($_.Id)" } | Sort-Object) | Should -Be ($piped | ForEach-Object { "$($_.Context)/$($_.Id)" } | Sort-Object)
    }

    It 'lists the volumes of every piped context' {
        $volumes = Get-DockerContext "dps-$run-fleet-*" | Get-DockerVolume -Label $label
        foreach ($name in $made.Keys) {
            ($volumes | Where-Object Context -eq $name).Name | Should -Be "$name-v"
        }
    }

    It 'asks each piped context''s engine about itself, as docker info does' {
        $infos = Get-DockerContext "dps-$run-fleet-*" | Get-DockerInfo
        foreach ($name in $fleet.Keys) {
            ($infos | Where-Object Context -eq $name).Id | Should -Be (& docker -H $fleet[$name] info --format '{{.ID}}') -Because "the engine of $name"
        }
    }

    It 'acts on each piped container on its own engine' {
        Get-DockerContext "dps-$run-fleet-*" | Get-DockerContainer -Label $label | Where-Object Context -ne "dps-$run-fleet-ssh" | Stop-DockerContainer -Timeout 0
        foreach ($name in $made.Keys) {
            & docker -H $fleet[$name] inspect --format '{{.State.Status}}' $made[$name] | Should -Be 'exited' -Because "the engine of $name"
        }
    }

    It 'refuses a context piped to a cmdlet that acts on containers, and removes nothing' {
        Get-DockerContext "dps-$run-fleet-1" | Remove-DockerContainer -Force -ErrorVariable refused -ErrorAction SilentlyContinue
        $refused[0].FullyQualifiedErrorId | Should -Be 'WrongObjectType,DockerPS.Commands.RemoveDockerContainerCommand'
        Get-CliIds $fleet["dps-$run-fleet-1"] | Should -Contain $made["dps-$run-fleet-1"]
    }

    It 'stops with ContextNotFound when a pattern matches no context' {
        { Get-DockerContainer -Context "dps-$run-nowhere-*" -ErrorAction Stop } | Should -Throw -ErrorId 'ContextNotFound,DockerPS.Commands.GetDockerContainerCommand'
    }
}

Describe 'An engine out of reach in a fleet' {
    BeforeAll {
        New-DockerContext "dps-$run-fleet-down" "unix:///nonexistent/dps-$run.sock" | Out-Null

        # An engine that takes connections and never answers: only -ConnectTimeout ends the wait for it.
        $silentPath = Join-Path ([IO.Path]::GetTempPath()) "dps-$run-silent.sock"
        $silent = [Net.Sockets.Socket]::new([Net.Sockets.AddressFamily]::Unix, [Net.Sockets.SocketType]::Stream, [Net.Sockets.ProtocolType]::Unspecified)
        $silent.Bind([Net.Sockets.UnixDomainSocketEndPoint]::new($silentPath))
        $silent.Listen(16)
        New-DockerContext "dps-$run-fleet-silent" "unix://$silentPath" | Out-Null
    }
    AfterAll {
        $silent.Dispose()
        Remove-Item $silentPath -ErrorAction Ignore
        Remove-DockerContext "dps-$run-fleet-down", "dps-$run-fleet-silent" -Force -ErrorAction Ignore
    }

    It 'writes one error for each engine out of reach, naming it, and lists the others' {
        $listed = Get-DockerContainer -Context "dps-$run-fleet-*" -All -Label $label -ConnectTimeout 1 -ErrorVariable failures -ErrorAction SilentlyContinue
        @($failures).Count | Should -Be 2
        $failures | ForEach-Object { $_.FullyQualifiedErrorId | Should -Be 'EngineUnreachable,DockerPS.Commands.GetDockerContainerCommand' }
        ($failures.Exception.Message -join "`n") | Should -Match ([regex]::Escape("unix:///nonexistent/dps-$run.sock"))
        ($failures.Exception.Message -join "`n") | Should -Match ([regex]::Escape($silentPath))
        ($listed | Where-Object Context -eq "dps-$run-fleet-1").Id | Sort-Object | Should -Be (Get-CliIds $fleet["dps-$run-fleet-1"])
    }

    It 'goes on with a batch when one of its engines is lost, writing one error for it' {
        $live = Get-DockerContainer -Context "dps-$run-fleet-1" -All -Label $label
        $alsoLive = Get-DockerContainer -Context "dps-$run-fleet-2" -All -Label $label -ErrorAction Ignore
        & docker -H $fleet["dps-$run-fleet-1"] start $made["dps-$run-fleet-1"] | Out-Null
        $startedBefore = & docker -H $fleet["dps-$run-fleet-1"] inspect --format '{{.State.StartedAt}}' $made["dps-$run-fleet-1"]
        # Objects from an engine that has gone since (as they come back from Export-Clixml or a job).
        $lost = 1..2 | ForEach-Object {
            [pscustomobject]@{
                PSTypeName = 'Deserialized.DockerPS.DockerContainer'
                Name = "dps-$run-gone-$_"
                Endpoint = [pscustomobject]@{ Address = "unix:///nonexistent/dps-$run.sock"; Context = "dps-$run-fleet-down"; Source = 'ContextParameter' }
            }
        }

        @($lost[0]) + @($live) + @($lost[1]) + @($alsoLive) | Restart-DockerContainer -Timeout 0 -ErrorVariable failures -ErrorAction SilentlyContinue

        @($failures).Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'EngineUnreachable,DockerPS.Commands.RestartDockerContainerCommand'
        $failures[0].TargetObject | Should -Be "dps-$run-gone-1"
        & docker -H $fleet["dps-$run-fleet-1"] inspect --format '{{.State.Status}}' $made["dps-$run-fleet-1"] | Should -Be 'running'
        & docker -H $fleet["dps-$run-fleet-1"] inspect --format '{{.State.StartedAt}}' $made["dps-$run-fleet-1"] | Should -Not -Be $startedBefore -Because 'it was restarted'
        if ($alsoLive) { & docker -H $fleet["dps-$run-fleet-2"] inspect --format '{{.State.Status}}' $made["dps-$run-fleet-2"] | Should -Be 'running' }
    }
}
