# The first engine reached over ssh (ssh://root@127.0.0.1:PORT), through the rig's sshd and an ssh client that reads
# the rig's key and known_hosts (DOCKERPS_TEST_SSH_PATH first on PATH). The engine-generic files also run over ssh
# as a whole; these are what only ssh has: addresses, contexts, streams, and what ssh says when it cannot connect.
BeforeDiscovery {
    $noSsh = -not $env:DOCKERPS_TEST_SSH
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Initialize-DockerPSTest
    $run = Get-TestRunId
    $ssh = $env:DOCKERPS_TEST_SSH
    $sshUri = [uri]$ssh
    $withSsh = @{ PATH = "$($env:DOCKERPS_TEST_SSH_PATH)$([IO.Path]::PathSeparator)$($env:PATH)"; DOCKER_HOST = $null; DOCKER_CONTEXT = $null }
    $config = Join-Path ([IO.Path]::GetTempPath()) "dockerps-ssh-config-$run"
    New-Item -ItemType Directory -Force $config | Out-Null
    $fixtureId = (Get-DockerCliInspect (Get-FixtureImage)).Id

    function Invoke-OverSsh([string] $Script, [hashtable] $Environment = @{}) {
        $merged = $withSsh.Clone()
        foreach ($key in $Environment.Keys) { $merged[$key] = $Environment[$key] }
        Invoke-ChildPwsh -Script "try { $Script } catch { 'error ' + `$_.FullyQualifiedErrorId + ' | ' + `$_.CategoryInfo.Category + ' | ' + `$_ }" -Environment $merged
    }
}

AfterAll {
    Remove-TestObject
    Remove-Item $config -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'An engine over ssh' -Skip:$noSsh {
    It 'is the same engine over ssh:// as over its socket, given as -HostAddress or DOCKER_HOST' {
        Invoke-OverSsh "(Get-DockerImage '$(Get-FixtureImage)' -HostAddress '$ssh').Id" | Should -Be $fixtureId
        Invoke-OverSsh "`$i = Get-DockerImage '$(Get-FixtureImage)'; `$i.Id; `$i.Endpoint.Address" -Environment @{ DOCKER_HOST = $ssh } |
            Should -Be $fixtureId, $ssh
    }

    It 'takes an ssh context the docker CLI made, and one New-DockerContext made' {
        $env:DOCKER_CONFIG, $saved = $config, $env:DOCKER_CONFIG
        try {
            Invoke-DockerCli context create "dps-$run-cli" --docker "host=$ssh" | Out-Null
        }
        finally {
            $env:DOCKER_CONFIG = $saved
        }
        Invoke-OverSsh "New-DockerContext 'dps-$run-ps' -HostAddress '$ssh' | Out-Null; Get-DockerContext 'dps-$run-cli', 'dps-$run-ps' | ForEach-Object { `$_.Endpoint.Address }; (Get-DockerImage '$(Get-FixtureImage)' -Context 'dps-$run-cli').Id; (Get-DockerImage '$(Get-FixtureImage)' -Context 'dps-$run-ps').Id" -Environment @{ DOCKER_CONFIG = $config } |
            Should -Be $ssh, $ssh, $fixtureId, $fixtureId
    }

    It 'streams over ssh: a followed log, a command''s output, and a save' {
        $name = "dps-$run-ssh-stream"
        $running = New-TestContainer
        $archive = Join-Path $config 'fixture.tar'
        $script = @"
`$c = New-DockerContainer '$(Get-FixtureImage)' -Name $name -Label '$(Get-TestLabel)' -Command sh, -c, 'for i in 1 2 3; do echo line`$i; sleep 0.2; done' -HostAddress '$ssh'
(Get-DockerContainerLog $name -Follow -HostAddress '$ssh').Text -join ','
Invoke-DockerContainerCommand $running -Command echo, exec-ok -HostAddress '$ssh'
Save-DockerImage '$(Get-FixtureImage)' -Path '$archive' -HostAddress '$ssh'
(Get-DockerImageArchive '$archive').ImageId
"@
        Invoke-OverSsh $script | Should -Be 'line1,line2,line3', 'exec-ok', $fixtureId
    }

    It 'runs a batch of many containers over the few connections ssh allows' {
        $names = 1..12 | ForEach-Object { "dps-$run-ssh-batch-$_" }
        foreach ($name in $names) { New-TestContainer -Name $name -NoStart | Out-Null }
        Invoke-OverSsh "(@('$($names -join "','")') | Start-DockerContainer -PassThru -HostAddress '$ssh').State | Sort-Object -Unique" | Should -Be 'running'
    }

    It 'says what ssh said when the host refuses the key, in one terminating EngineSshFailed' {
        Invoke-OverSsh "Get-DockerContainer -HostAddress 'ssh://nobody@127.0.0.1:$($sshUri.Port)'" |
            Should -Match '^error EngineSshFailed,.* \| ConnectionError \| Cannot connect to the Docker daemon at ssh://nobody@127\.0\.0\.1:\d+: ssh exited with status 255: .*Permission denied \(publickey\)'
    }

    It 'says what ssh said when the host key is not known' {
        # known_hosts has 127.0.0.1's key only; localhost is the same host under a name ssh has no key for.
        (Invoke-OverSsh "Get-DockerContainer -HostAddress 'ssh://root@localhost:$($sshUri.Port)'") -join "`n" |
            Should -Match '(?s)^error EngineSshFailed,.* \| ConnectionError \| .*host key is known for \[localhost\].*Host key verification failed'
    }

    It 'says so when there is no ssh client to run' {
        Invoke-OverSsh "Get-DockerContainer -HostAddress '$ssh'" -Environment @{ PATH = '/nonexistent' } |
            Should -Match '^error EngineSshFailed,.* \| ConnectionError \| .*needs the ssh client on PATH'
    }
}
