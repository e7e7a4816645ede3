# Contexts in the docker CLI's own store, and one pipeline across two engines.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Initialize-DockerPSTest
    $run = Get-TestRunId
    $label = Get-TestLabel
    $savedHost = $env:DOCKER_HOST
    $savedConfig = $env:DOCKER_CONFIG
    $config = Join-Path ([IO.Path]::GetTempPath()) "dps-$run-contexts"
    New-Item -ItemType Directory -Force $config | Out-Null
    $env:DOCKER_CONFIG = $config
    $first = $env:DOCKERPS_TEST_HOST
    $second = $env:DOCKERPS_TEST_HOST2

    # The CLI answers about contexts for the config under test, not for DOCKER_HOST.
    function Invoke-ContextCli {
        $env:DOCKER_HOST = $null
        try { Invoke-DockerCli @args } finally { $env:DOCKER_HOST = $savedHost }
    }
}

AfterAll {
    $env:DOCKER_CONFIG = $savedConfig
    $env:DOCKER_HOST = $savedHost
    Remove-Item Env:DOCKER_CONTEXT -ErrorAction Ignore
    Remove-Item $config -Recurse -Force -ErrorAction Ignore
}

Describe 'Context store shared with the docker CLI' {
    It 'creates contexts the docker CLI lists and inspects' {
        $made = New-DockerContext "dps-$run-one" $first -Description 'first engine'
        $made.Name | Should -Be "dps-$run-one"
        $made.DockerEndpoint | Should -Be $first
        $cli = Invoke-ContextCli context inspect "dps-$run-one" | Out-String | ConvertFrom-Json
        $cli.Endpoints.docker.Host | Should -Be $first
        $cli.Metadata.Description | Should -Be 'first engine'
    }

    It 'lists contexts the docker CLI created' {
        Invoke-ContextCli context create "dps-$run-cli" --description 'made by docker' --docker "host=$first" | Out-Null
        $found = Get-DockerContext "dps-$run-cli"
        $found.Description | Should -Be 'made by docker'
        $found.DockerEndpoint | Should -Be $first
        (Get-DockerContext "dps-$run-*").Name | Should -Be @("dps-$run-cli", "dps-$run-one")
        (Get-DockerContext default).Name | Should -Be 'default'
    }

    It 'copies TLS material into the store, where the docker CLI finds it' {
        $certs = Join-Path $config 'client-certs'
        New-Item -ItemType Directory -Force $certs | Out-Null
        'ca', 'cert', 'key' | ForEach-Object { Set-Content (Join-Path $certs "$_.pem") "-----BEGIN $_-----" }
        $tls = New-DockerContext "dps-$run-tls" 'tcp://127.0.0.1:2376' -CertificatePath $certs
        $tls.Tls | Should -BeTrue
        $cli = Invoke-ContextCli context inspect "dps-$run-tls" | Out-String | ConvertFrom-Json
        $cli.TLSMaterial.docker | Sort-Object | Should -Be @('ca.pem', 'cert.pem', 'key.pem')
    }

    It 'refuses an existing name, a bad name and an ssh:// host with a password, creating nothing' {
        New-DockerContext "dps-$run-one" $first -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        New-DockerContext '-bad name' $first -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        New-DockerContext "dps-$run-ssh" 'ssh://user:hunter2@example.invalid' -ErrorVariable failures -ErrorAction SilentlyContinue
        "$($failures[0])" | Should -Match 'plain-text password is not supported'
        "$($failures[0])" | Should -Not -Match 'hunter2'
        Get-DockerContext "dps-$run-ssh" -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'makes a context current for the docker CLI with Use-DockerContext' {
        Use-DockerContext "dps-$run-one"
        Invoke-ContextCli context show | Should -Be "dps-$run-one"
        $env:DOCKER_HOST = $null
        try {
            (Get-DockerContext | Where-Object IsCurrent).Name | Should -Be "dps-$run-one"
            (Get-DockerImage -Name (Get-FixtureImage)).Endpoint.Context | Should -Be "dps-$run-one"
        }
        finally {
            $env:DOCKER_HOST = $savedHost
        }
    }

    It 'changes only this session with -Scope Session, leaving the docker config and the environment alone' {
        $before = Get-Content (Join-Path $config 'config.json') -Raw
        Use-DockerContext "dps-$run-cli" -Scope Session
        try {
            $env:DOCKER_HOST = $null
            $image = Get-DockerImage -Name (Get-FixtureImage) -Verbose 4>&1
            ($image | Where-Object { $_ -is [DockerPS.DockerImage] }).Endpoint.Context | Should -Be "dps-$run-cli"
            ($image | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Match '\(SessionContext\)'
            (Get-DockerContext "dps-$run-cli").IsCurrent | Should -BeTrue
            Get-Content (Join-Path $config 'config.json') -Raw | Should -Be $before
            $env:DOCKER_CONTEXT | Should -BeNullOrEmpty
        }
        finally {
            $env:DOCKER_HOST = $savedHost
            Use-DockerContext -Clear
        }
        (Get-DockerContext "dps-$run-cli").IsCurrent | Should -BeFalse
    }

    It 'keeps a session''s context to its own runspace, away from a second runspace of the same process' {
        $env:DOCKER_HOST = $null
        $other = [runspacefactory]::CreateRunspace()
        $other.Open()
        try {
            Use-DockerContext "dps-$run-cli" -Scope Session
            $shell = [powershell]::Create($other)
            $null = $shell.AddScript("Import-Module '$($env:DOCKERPS_MODULE_PATH)'; (Get-DockerContext | Where-Object IsCurrent).Name")
            $shell.Invoke() | Should -Not -Be "dps-$run-cli"
            $shell.Dispose()
            (Get-DockerContext | Where-Object IsCurrent).Name | Should -Be "dps-$run-cli"

            # The other runspace's own choice does not reach this one.
            $shell = [powershell]::Create($other)
            $null = $shell.AddScript("Use-DockerContext default -Scope Session; (Get-DockerContext | Where-Object IsCurrent).Name")
            $shell.Invoke() | Should -Be 'default'
            $shell.Dispose()
            (Get-DockerContext | Where-Object IsCurrent).Name | Should -Be "dps-$run-cli"
        }
        finally {
            $env:DOCKER_HOST = $savedHost
            Use-DockerContext -Clear
            $other.Dispose()
        }
    }

    It 'refuses to remove the current context without -Force, and removes it with' {
        Remove-DockerContext "dps-$run-one" -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].CategoryInfo.Category | Should -Be 'ResourceBusy'
        Remove-DockerContext "dps-$run-one" -WhatIf -Force
        (Get-DockerContext "dps-$run-one").Name | Should -Be "dps-$run-one"
        Remove-DockerContext "dps-$run-one" -Force
        Get-DockerContext "dps-$run-one" -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Invoke-ContextCli context show | Should -Be 'default'
        @(Invoke-ContextCli context ls --format '{{.Name}}') | Should -Not -Contain "dps-$run-one"
    }

    It 'completes context names' {
        $line = "Get-DockerImage -Context dps-$run-c"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be "dps-$run-cli"
    }
}

Describe 'One pipeline across two engines' -Skip:(-not $env:DOCKERPS_TEST_HOST2) {
    BeforeAll {
        New-DockerContext "dps-$run-web1" $first | Out-Null
        New-DockerContext "dps-$run-web2" $second | Out-Null
        $onFirst = 1..2 | ForEach-Object { New-TestContainer }
        $onSecond = 1..2 | ForEach-Object {
            (& docker -H $second run -d --network none --label $label (Get-FixtureImage) sleep 3600).Trim()
        }
    }
    AfterAll {
        Remove-TestObject
        [string[]] $containers = & docker -H $second ps -aq --no-trunc --filter "label=$label"
        if ($containers) { & docker -H $second rm -f @containers *> $null }
    }

    It 'lists both engines, each object naming its engine' {
        $listed = Get-DockerContainer -Context "dps-$run-web1", "dps-$run-web2" -All -Label $label
        ($listed | Where-Object { $_.Endpoint.Context -eq "dps-$run-web1" }).Id | Sort-Object | Should -Be ($onFirst | Sort-Object)
        ($listed | Where-Object { $_.Endpoint.Context -eq "dps-$run-web2" }).Id | Sort-Object | Should -Be ($onSecond | Sort-Object)
    }

    It 'shows an ENGINE column when the output spans engines, and the docker ps columns otherwise' {
        $several = Get-DockerContainer -Context "dps-$run-web1", "dps-$run-web2" -Label $label | Out-String -Width 250
        $several | Should -Match '^\s*ENGINE\s+CONTAINER ID\s+IMAGE'
        $several | Should -Match "dps-$run-web2\s+$($onSecond[0].Substring(0, 12))"
        Get-DockerContainer -Context "dps-$run-web1" -Label $label | Out-String -Width 250 | Should -Match '^\s*CONTAINER ID\s+IMAGE'
    }

    It 'stops each piped container on its own engine' {
        Get-DockerContainer -Context "dps-$run-web1", "dps-$run-web2" -Label $label | Stop-DockerContainer -Timeout 0
        foreach ($id in $onFirst) { Invoke-DockerCli inspect --format '{{.State.Status}}' $id | Should -Be 'exited' }
        foreach ($id in $onSecond) { & docker -H $second inspect --format '{{.State.Status}}' $id | Should -Be 'exited' }
    }

    It 'reports a name missing from every engine once' {
        Get-DockerContainer "dps-$run-nowhere" -Context "dps-$run-web1", "dps-$run-web2" -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'ContainerNotFound,DockerPS.Commands.GetDockerContainerCommand'
    }

    It 'keeps listing the engines it reaches when one is down' {
        New-DockerContext "dps-$run-down" 'unix:///nonexistent/dockerps.sock' | Out-Null
        $listed = Get-DockerContainer -Context "dps-$run-web1", "dps-$run-down" -All -Label $label -ErrorVariable failures -ErrorAction SilentlyContinue
        $listed.Id | Sort-Object | Should -Be ($onFirst | Sort-Object)
        $failures[0].CategoryInfo.Category | Should -Be 'ConnectionError'
    }

    It 'refuses several contexts on a cmdlet that works on one engine' {
        { Start-DockerContainer x -Context "dps-$run-web1", "dps-$run-web2" -ErrorAction Stop } | Should -Throw -ErrorId 'MultipleContexts,DockerPS.Commands.StartDockerContainerCommand'
    }
}

Describe 'Ports and logs across two engines' -Skip:(-not $env:DOCKERPS_TEST_HOST2) {
    BeforeAll {
        New-DockerContext "dps-$run-port1" $first -ErrorAction Ignore | Out-Null
        New-DockerContext "dps-$run-port2" $second -ErrorAction Ignore | Out-Null
        $name = "dps-$run-both"
        $onFirst = New-TestContainer -Name $name -Command 'sh', '-c', 'echo from-first; sleep 3600' -Httpd -Option '-p', '127.0.0.1::80'
        $onSecond = (& docker -H $second run -d --network none --label $label --name $name (Get-FixtureImage) sh -c 'echo from-second; sleep 3600').Trim()
        foreach ($attempt in 1..40) {
            if ((& docker -H $second logs $onSecond) -and (& docker logs $onFirst)) { break }
            Start-Sleep -Milliseconds 250
        }
    }
    AfterAll {
        & docker -H $second rm -f $onSecond *> $null
        Remove-TestObject
    }

    It 'finds the container''s ports on whichever engine has it' {
        $ports = Get-DockerContainerPort $name -Context "dps-$run-port1", "dps-$run-port2"
        "$ports" | Should -Be (Invoke-DockerCli port $onFirst | Select-Object -First 1)
    }

    It 'reads the logs of the same name on both engines' {
        (Get-DockerContainerLog $name -Context "dps-$run-port1", "dps-$run-port2").Text | Sort-Object | Should -Be @('from-first', 'from-second')
    }

    It 'reports a container missing from every engine once' {
        Get-DockerContainerLog "dps-$run-nowhere" -Context "dps-$run-port1", "dps-$run-port2" -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'ContainerNotFound,DockerPS.Commands.GetDockerContainerLogCommand'
        Get-DockerContainerPort "dps-$run-nowhere" -Context "dps-$run-port1", "dps-$run-port2" -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'ContainerNotFound,DockerPS.Commands.GetDockerContainerPortCommand'
    }
}
