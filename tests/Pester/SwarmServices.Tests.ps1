# Swarm services against a real one-node Swarm manager, DOCKERPS_TEST_SWARM (the rig's second dockerd after
# docker swarm init): create, converge, scale, rolling update and rollback, tasks, logs, a secret, a host-mode port,
# a timeout and removal, each checked with the docker CLI. Everything created is labelled and named for this run.
BeforeDiscovery {
    $noSwarm = -not $env:DOCKERPS_TEST_SWARM
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Initialize-DockerPSTest
    $run = Get-TestRunId
    $label = Get-TestLabel
    $swarm = $env:DOCKERPS_TEST_SWARM
    $fixture = Get-FixtureImage
    # A second tag of the fixture, for a rolling update that changes the image without a registry.
    $updated = "dockerps-test/busybox-${run}:v2"
    # Stops at once on SIGTERM, so an update or a scale down does not wait out the stop grace period.
    $sleeper = 'sh', '-c', "trap 'exit 0' TERM; while true; do sleep 1; done"
    # The tasks here run until stopped: one second of running proves it as well as the default five.
    $PSDefaultParameterValues['Wait-DockerService:StableFor'] = 1

    function Invoke-SwarmCli { Invoke-DockerCli --host $swarm @args }

    # The docker CLI's view of a service's tasks the orchestrator wants running.
    function Get-CliRunningTask([string] $Service) {
        Invoke-SwarmCli service ps $Service --filter desired-state=running --format '{{json .}}' | Where-Object { $_ } | ForEach-Object { $_ | ConvertFrom-Json }
    }

    function Get-CliService([string] $Service) {
        (Invoke-SwarmCli service inspect $Service) -join "`n" | ConvertFrom-Json | Select-Object -First 1
    }

    if ($swarm) {
        Invoke-SwarmCli tag $fixture $updated | Out-Null
    }
}

AfterAll {
    if ($swarm) {
        $ours = @(Invoke-SwarmCli service ls --filter "label=$label" -q)
        if ($ours) { Invoke-SwarmCli service rm @ours | Out-Null }
        # A secret is in use until its service's tasks are gone.
        foreach ($attempt in 1..40) {
            $secrets = @(Invoke-SwarmCli secret ls --filter "label=$label" -q)
            if (-not $secrets) { break }
            & docker --host $swarm secret rm @secrets 2>$null | Out-Null
            Start-Sleep -Milliseconds 250
        }
        Invoke-SwarmCli rmi $updated 2>$null | Out-Null
    }
}

Describe 'Swarm services' -Skip:$noSwarm {
    BeforeAll {
        $web = "dps-$run-web"
    }

    It 'creates a replicated service, and Wait-DockerService writes it once its task runs' {
        $service = New-DockerService -HostAddress $swarm $fixture $sleeper -Name $web -Replicas 1 -Label $label -UpdateDelay 0 -UpdateParallelism 0 |
            Wait-DockerService -Condition Converged -Timeout 90

        $service.Name | Should -Be $web
        $service.ReplicasText | Should -Be '1/1'
        $cli = Get-CliService $web
        $service.Id | Should -Be $cli.ID
        $cli.Spec.Labels.'dockerps.test' | Should -Be $run
        $cli.Spec.Mode.Replicated.Replicas | Should -Be 1
        @(Get-CliRunningTask $web).CurrentState | Should -Match '^Running'
    }

    It 'lists the service as docker service ls does, by name, pattern and id prefix' {
        $cli = Invoke-SwarmCli service ls --filter "name=$web" --format '{{json .}}' | ConvertFrom-Json | Where-Object Name -EQ $web
        foreach ($name in $web, "dps-$run-w*", $cli.ID.Substring(0, 8)) {
            $listed = Get-DockerService -HostAddress $swarm $name -ErrorAction Stop
            $listed.ShortId | Should -Be $cli.ID
            $listed.Mode | Should -Be $cli.Mode
            $listed.ReplicasText | Should -Be $cli.Replicas
            $listed.Image | Should -Be $cli.Image
        }

        # -Label against docker service ls --filter label=…, and a negated term leaves ours out.
        $labelled = @(Invoke-SwarmCli service ls --filter "label=$label" --format '{{.Name}}' | Sort-Object)
        $labelled | Should -Contain $web
        @(Get-DockerService -HostAddress $swarm -Label $label -ErrorAction Stop).Name | Sort-Object | Should -Be $labelled
        @(Get-DockerService -HostAddress $swarm -Label "!$($label.Split('=')[0])" -ErrorAction Stop).Name | Should -Not -Contain $web
        Get-DockerService -HostAddress $swarm $web -Label "$label-other" -ErrorAction Stop | Should -BeNullOrEmpty
    }

    It 'scales 1 to 3 and back to 1, waiting until the tasks are there (and gone)' {
        Set-DockerService -HostAddress $swarm $web -Replicas 3 -PassThru | Wait-DockerService -Timeout 90 | Select-Object -ExpandProperty ReplicasText | Should -Be '3/3'
        $running = @(Get-CliRunningTask $web)
        $running.Count | Should -Be 3
        $running.CurrentState | Should -Match '^Running'

        Set-DockerService -HostAddress $swarm $web -Replicas 1 -PassThru | Wait-DockerService -Timeout 90 | Out-Null
        (Get-CliService $web).Spec.Mode.Replicated.Replicas | Should -Be 1
        @(Get-CliRunningTask $web).Count | Should -Be 1
        @(Invoke-SwarmCli ps --filter "label=com.docker.swarm.service.name=$web" -q).Count | Should -Be 1
    }

    It 'updates the image as a rolling update, and rolls it back' {
        $service = Set-DockerService -HostAddress $swarm $web -Image $updated -PassThru | Wait-DockerService -Timeout 120
        $service.Image | Should -Be $updated
        $service.UpdateState | Should -Be 'completed'
        (Get-CliService $web).Spec.TaskTemplate.ContainerSpec.Image | Should -Be $updated
        @(Get-CliRunningTask $web).Image | Should -Be $updated

        $service = Set-DockerService -HostAddress $swarm $web -Rollback -PassThru | Wait-DockerService -Timeout 120
        $service.Image | Should -Be $fixture
        $service.UpdateState | Should -Be 'rollback_completed'
        @(Get-CliRunningTask $web).Image | Should -Be $fixture
    }

    It 'lists the tasks as docker service ps does, the old ones with desired state shutdown' {
        $tasks = @(Get-DockerService -HostAddress $swarm $web | Get-DockerServiceTask)
        $cli = @(Invoke-SwarmCli service ps $web --no-trunc --format '{{json .}}' | ForEach-Object { $_ | ConvertFrom-Json })
        @($tasks.Id | Sort-Object) | Should -Be @($cli.ID | Sort-Object)
        $running = @(Get-DockerServiceTask -HostAddress $swarm $web -DesiredState running)
        $running.Count | Should -Be 1
        $running[0].CurrentState | Should -Be 'running'
        $running[0].Name | Should -Be "$web.1"
        $running[0].Node | Should -Be (Invoke-SwarmCli node ls --format '{{.Hostname}}' | Select-Object -First 1)
        @($tasks | Where-Object DesiredState -EQ 'shutdown').Count | Should -BeGreaterThan 0
    }

    It 'creates a global service, one task on the node' {
        $global = New-DockerService -HostAddress $swarm $fixture $sleeper -Name "dps-$run-agent" -Global -Label $label | Wait-DockerService -Timeout 90
        $global.Mode | Should -Be 'global'
        $global.ReplicasText | Should -Be '1/1'
        (Get-CliService "dps-$run-agent").Spec.Mode.PSObject.Properties.Name | Should -Be 'Global'
    }

    It 'publishes a port in host mode that answers on the node' {
        $port = Get-FreeTcpPort
        $serve = 'sh', '-c', "mkdir -p /www && echo served-$run > /www/index.html && exec httpd -f -p 80 -h /www"
        $service = New-DockerService -HostAddress $swarm $fixture $serve -Name "dps-$run-httpd" -Label $label -Publish "published=$port,target=80,mode=host" |
            Wait-DockerService -Timeout 90
        $service.Ports[0].PublishMode | Should -Be 'host'
        (Get-CliService "dps-$run-httpd").Spec.EndpointSpec.Ports[0].PublishedPort | Should -Be $port
        Get-HttpContent "127.0.0.1:$port" | Should -Match "served-$run"
    }

    It 'gives up after -Timeout with WaitTimedOut naming what was missing and the task''s error, never taking a task that fails at once for converged' {
        New-DockerService -HostAddress $swarm $fixture 'sh', '-c', 'exit 3' -Name "dps-$run-failing" -Label $label -RestartCondition none | Out-Null

        # The default -StableFor: the task may be seen running for a moment before it fails.
        $result = Wait-DockerService -HostAddress $swarm "dps-$run-failing" -StableFor 5 -Timeout 10 -ErrorVariable failed -ErrorAction SilentlyContinue -WarningVariable warned -WarningAction SilentlyContinue

        $result | Should -BeNullOrEmpty
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'WaitTimedOut*'
        $failed[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        "$failed" | Should -Match '0/1 tasks running at the current spec'
        "$failed" | Should -Match 'non-zero exit \(3\)'
        "$warned" | Should -Match 'failed: task: non-zero exit \(3\)'
    }

    It 'streams a service''s log lines, each naming its task' {
        $echo = "dps-$run-echo"
        $say = 'sh', '-c', "echo first-$run; echo second-$run >&2; trap 'exit 0' TERM; while true; do sleep 1; done"
        New-DockerService -HostAddress $swarm $fixture $say -Name $echo -Label $label | Wait-DockerService -Timeout 90 | Out-Null

        $lines = @()
        foreach ($attempt in 1..40) {
            $lines = @(Get-DockerServiceLog -HostAddress $swarm $echo)
            if ($lines.Count -ge 2) { break }
            Start-Sleep -Milliseconds 250
        }
        $cli = @(& docker --host $swarm service logs --raw $echo 2>&1 | ForEach-Object { "$_" })
        @($lines.Text | Sort-Object) | Should -Be @($cli | Sort-Object)
        ($lines | Where-Object Text -EQ "first-$run").Stream | Should -Be 'stdout'
        ($lines | Where-Object Text -EQ "second-$run").Stream | Should -Be 'stderr'
        $lines.Task | Should -Be @("$echo.1", "$echo.1")
        "$($lines[0])" | Should -Match "^$([regex]::Escape($echo))\.1\.[a-z0-9]{12}@.+ \| (first|second)-$run$"

        # -Follow never ends by itself: the first line coming through shows it streams.
        $first = Get-DockerServiceLog -HostAddress $swarm $echo -Follow | Select-Object -First 1
        $first.Text | Should -BeIn "first-$run", "second-$run"
    }

    It 'gives the tasks a secret as a file under /run/secrets' {
        $secret = "dps-$run-secret"
        "secret-value-$run" | & docker --host $swarm secret create --label $label $secret - | Out-Null
        $LASTEXITCODE | Should -Be 0
        New-DockerService -HostAddress $swarm $fixture $sleeper -Name "dps-$run-secretive" -Label $label -Secret "source=$secret,target=app-key" |
            Wait-DockerService -Timeout 90 | Out-Null

        $task = Get-DockerServiceTask -HostAddress $swarm "dps-$run-secretive" -DesiredState running
        (Invoke-SwarmCli exec $task.ContainerId cat /run/secrets/app-key) | Should -Be "secret-value-$run"
        (Get-CliService "dps-$run-secretive").Spec.TaskTemplate.ContainerSpec.Secrets[0].SecretName | Should -Be $secret
    }

    It 'refuses an engine that is no Swarm manager with SwarmNotActive' {
        if ((Invoke-DockerCli info --format '{{.Swarm.ControlAvailable}}') -eq 'true') {
            Set-ItResult -Skipped -Because 'the first engine is a Swarm manager too'
            return
        }
        { Get-DockerService -HostAddress $env:DOCKERPS_TEST_HOST } | Should -Throw -ErrorId 'SwarmNotActive,DockerPS.Commands.GetDockerServiceCommand'
    }

    It 'removes services by name and from the pipeline, and a name that matches nothing is ServiceNotFound' {
        Remove-DockerService -HostAddress $swarm $web -Confirm:$false
        Get-DockerService -HostAddress $swarm "dps-$run-*" | Remove-DockerService -Force
        Remove-DockerService -HostAddress $swarm "dps-$run-nosuch" -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue

        $failed[0].FullyQualifiedErrorId | Should -BeLike 'ServiceNotFound*'
        @(Invoke-SwarmCli service ls --filter "label=$label" -q) | Should -BeNullOrEmpty
    }
}
