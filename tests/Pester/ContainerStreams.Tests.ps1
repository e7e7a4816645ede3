# Exec and logs: output that streams line by line, stdout and stderr kept apart, stdin from the pipeline.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Initialize-DockerPSTest
    $run = Get-TestRunId
    $label = Get-TestLabel
    $target = New-TestContainer -Name "dps-$run-exec"
    $logger = New-TestContainer -Name "dps-$run-logger" -Command 'sh', '-c', 'for i in 1 2 3 4 5; do echo out$i; echo err$i >&2; done; sleep 3600'
    $ttyLogger = New-TestContainer -Name "dps-$run-ttylogger" -Option '-t' -Command 'sh', '-c', 'echo tty-line; sleep 3600'
    # Lines longer than the engine's 16 KiB log pieces: 20,000 and 40,000 characters, then a short one.
    $longScript = 'head -c 19993 /dev/zero | tr "\0" a; echo the-end; head -c 40000 /dev/zero | tr "\0" b; echo; echo short; sleep 3600'
    $longLogger = New-TestContainer -Name "dps-$run-longlogger" -Command 'sh', '-c', $longScript
    $longTtyLogger = New-TestContainer -Name "dps-$run-longtty" -Option '-t' -Command 'sh', '-c', $longScript
    # Lines are in the logs once the containers have written them all.
    foreach ($attempt in 1..40) {
        if (@(& docker logs $logger 2>&1).Count -ge 10 -and @(& docker logs $longLogger).Count -ge 3 -and @(& docker logs $longTtyLogger).Count -ge 3) { break }
        Start-Sleep -Milliseconds 250
    }
}

AfterAll {
    Remove-TestObject
}

Describe 'Invoke-DockerContainerCommand' -Tag 'AnyEngine' {
    It 'returns stdout lines to the pipeline (the seed''s cat /etc/hosts)' {
        $ours = Invoke-DockerContainerCommand "dps-$run-exec" -Command cat, /etc/hosts
        $ours | Should -Be @(Invoke-DockerCli exec $target cat /etc/hosts)
    }

    It 'keeps stderr apart, in the error stream' {
        $out = Invoke-DockerContainerCommand $target -Command sh, -c, 'echo to-out; echo to-err >&2' -ErrorVariable failures -ErrorAction SilentlyContinue
        $out | Should -Be 'to-out'
        $failures.Count | Should -Be 1
        "$($failures[0])" | Should -Be 'to-err'
        $failures[0].CategoryInfo.Category | Should -Be 'FromStdErr'
    }

    It 'reports a non-zero exit code as an error that carries it' {
        Invoke-DockerContainerCommand $target -Command sh, -c, 'exit 42' -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'CommandExitCode,DockerPS.Commands.InvokeDockerContainerCommandCommand'
        $failures[0].Exception.ExitCode | Should -Be 42
    }

    It 'finishes with DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1, where the socket event thread runs what a read completes' {
        # Waiting for the output once held the thread it ran on: with this setting, now and then the socket event thread
        # that the reads need, and the command never ended (about one run in three).
        $loop = 'i=0; while [ $i -lt 20000 ]; do echo line $i; i=$((i+1)); done'
        $script = "`$ErrorActionPreference = 'Stop'; Import-Module '$($env:DOCKERPS_MODULE_PATH)'; 1..5 | ForEach-Object { (Invoke-DockerContainerCommand '$target' sh, -c, '$loop' | Measure-Object).Count }"
        $start = [Diagnostics.ProcessStartInfo]::new((Get-PwshPath))
        '-NoProfile', '-NonInteractive', '-Command', $script | ForEach-Object { $start.ArgumentList.Add($_) }
        $start.Environment['DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS'] = '1'
        $start.RedirectStandardOutput = $true
        $process = [Diagnostics.Process]::Start($start)
        try {
            $reading = $process.StandardOutput.ReadToEndAsync()
            $process.WaitForExit(120000) | Should -BeTrue -Because 'every exec should end with its command'
            @($reading.GetAwaiter().GetResult() -split "`n" | Where-Object { $_.Trim() } | ForEach-Object { [int]$_ }) | Should -Be @(20000, 20000, 20000, 20000, 20000)
        }
        finally {
            if (-not $process.HasExited) { $process.Kill($true) }
            $process.Dispose()
        }
    }

    It 'pipes objects to the command''s stdin as lines, and closes it at the end' {
        'one', 'two', 3 | Invoke-DockerContainerCommand -Name $target -Command cat | Should -Be @('one', 'two', '3')
        1..5 | Invoke-DockerContainerCommand -Name $target -Command wc, -l | Should -Be '5'
    }

    It 'runs in each container piped to it' {
        $second = New-TestContainer
        $names = Get-DockerContainer $target, $second | Invoke-DockerContainerCommand -Command hostname
        $names | Should -Be @($target.Substring(0, 12), $second.Substring(0, 12))
    }

    It 'honours -User, -WorkingDirectory, -Environment and -Tty' {
        Invoke-DockerContainerCommand $target -Command id, -u -User nobody | Should -Be (Invoke-DockerCli exec -u nobody $target id -u)
        Invoke-DockerContainerCommand $target -Command pwd -WorkingDirectory /tmp | Should -Be '/tmp'
        Invoke-DockerContainerCommand $target -Command sh, -c, 'echo $GREETING' -Environment @{ GREETING = 'hello' } | Should -Be 'hello'
        Invoke-DockerContainerCommand $target -Command sh, -c, '[ -t 1 ] && echo tty' -Tty | Should -Be 'tty'
    }

    It 'leaves a -Detach command running and returns at once' {
        Invoke-DockerContainerCommand $target -Command sleep, 313 -Detach | Should -BeNullOrEmpty
        foreach ($attempt in 1..40) {
            if ((Invoke-DockerCli top $target) -join "`n" -match 'sleep 313') { break }
            Start-Sleep -Milliseconds 250
        }
        (Invoke-DockerCli top $target) -join "`n" | Should -Match 'sleep 313'
    }

    It 'says so when the container is not running, or does not exist' {
        $stopped = New-TestContainer -NoStart
        Invoke-DockerContainerCommand $stopped -Command true -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'ContainerNotRunning,DockerPS.Commands.InvokeDockerContainerCommandCommand'
        Invoke-DockerContainerCommand "dps-$run-nothing" -Command true -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'ContainerNotFound,DockerPS.Commands.InvokeDockerContainerCommandCommand'
    }

    It 'streams 100 MiB of output with flat memory' {
        # Live managed memory after a collection, sampled as lines arrive: the whole output held at once would be
        # over 200 MiB of strings. (The working set is no measure: the collector may leave garbage to grow it.)
        $script = @"
`$before = [GC]::GetTotalMemory(`$true)
`$peak = 0
`$count = 0
Invoke-DockerContainerCommand '$target' -Command sh, -c, 'head -c 104857600 /dev/zero | tr "\0" a | fold -w 1023' | ForEach-Object {
    `$count++
    if (`$count % 10000 -eq 0) { `$peak = [Math]::Max(`$peak, [GC]::GetTotalMemory(`$true)) }
}
'lines ' + `$count
'growth ' + [int]((`$peak - `$before) / 1MB)
"@
        $output = Invoke-ChildPwsh -Script $script -Environment @{ DOCKER_HOST = $env:DOCKERPS_TEST_HOST }
        $output | Should -Contain "lines $([math]::Ceiling(104857600 / 1023))"
        [int](($output | Where-Object { $_ -like 'growth *' }) -replace 'growth ') | Should -BeLessThan 32
    }

    It 'lets 200 MB without a newline through in pieces of -MaxLineLength, with flat memory' {
        $script = @"
`$before = [GC]::GetTotalMemory(`$true)
`$peak = 0
`$pieces = 0
`$characters = 0
Invoke-DockerContainerCommand '$target' -Command sh, -c, 'head -c 209715200 /dev/zero | tr "\0" a' | ForEach-Object {
    `$pieces++
    `$characters += `$_.Length
    if (`$pieces % 20 -eq 0) { `$peak = [Math]::Max(`$peak, [GC]::GetTotalMemory(`$true)) }
}
'pieces ' + `$pieces
'characters ' + `$characters
'growth ' + [int]((`$peak - `$before) / 1MB)
"@
        $output = Invoke-ChildPwsh -Script $script -Environment @{ DOCKER_HOST = $env:DOCKERPS_TEST_HOST }
        $output | Should -Contain 'pieces 200'
        $output | Should -Contain 'characters 209715200'
        [int](($output | Where-Object { $_ -like 'growth *' }) -replace 'growth ') | Should -BeLessThan 64
    }

    It 'passes binary output through untouched with -AsByteStream' {
        $file = Join-Path ([IO.Path]::GetTempPath()) "dps-$run-busybox.bin"
        try {
            Invoke-DockerContainerCommand $target -Command cat, /bin/busybox -AsByteStream | Set-Content -AsByteStream $file
            (Get-FileHash $file).Hash | Should -Be (& bash -c "docker exec $target cat /bin/busybox | sha256sum").Split(' ')[0].ToUpperInvariant()
        }
        finally {
            Remove-Item $file -ErrorAction Ignore
        }
    }
}

Describe 'Get-DockerContainerLog' -Tag 'AnyEngine' {
    It 'returns every line with its stream, as docker logs does' {
        $lines = Get-DockerContainerLog $logger
        ($lines | Where-Object Stream -eq 'stdout').Text | Should -Be @(& docker logs $logger 2>$null)
        ($lines | Where-Object Stream -eq 'stderr').Text | Should -Be @(& docker logs $logger 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | ForEach-Object { "$_" })
    }

    It 'has the text form of the line itself, for Select-String and Out-File' {
        (Get-DockerContainerLog $logger | Select-String 'out3').Line | Should -Be 'out3'
        $file = Join-Path ([IO.Path]::GetTempPath()) "dps-$run-log.txt"
        try {
            Get-DockerContainerLog $logger -Stream Stdout | Out-File $file
            Get-Content $file | Where-Object { $_ } | Should -Be @('out1', 'out2', 'out3', 'out4', 'out5')
        }
        finally {
            Remove-Item $file -ErrorAction Ignore
        }
    }

    It 'returns a line longer than the engine''s 16 KiB pieces exactly as the container wrote it, with and without -Timestamps' -ForEach @(
        @{ Kind = 'without a terminal'; Name = 'longlogger' }
        @{ Kind = 'with a terminal'; Name = 'longtty' }
    ) {
        if ($Name -eq 'longtty' -and (Test-PodmanEngine)) {
            # Podman cuts a long line where the container's writes end, and a terminal's log has no frames to say where.
            Set-ItResult -Skipped -Because 'Podman''s log of a terminal does not say where it cut a line (README, Podman)'
            return
        }
        $expected = @((('a' * 19993) + 'the-end'), ('b' * 40000), 'short')
        $lines = Get-DockerContainerLog "dps-$run-$Name"
        $lines.Text | Should -Be $expected -Because $Kind
        $lines | ForEach-Object { $_.Timestamp } | Should -Not -BeNullOrEmpty

        $stamped = Get-DockerContainerLog "dps-$run-$Name" -Timestamps
        for ($i = 0; $i -lt 3; $i++) {
            "$($stamped[$i])" | Should -Be "$($stamped[$i].TimestampText) $($expected[$i])"
        }
    }

    It 'gives the log''s bytes untouched with -AsByteStream, as docker logs writes them' {
        $file = Join-Path ([IO.Path]::GetTempPath()) "dps-$run-log.bin"
        try {
            Get-DockerContainerLog "dps-$run-longlogger" -AsByteStream | Set-Content -AsByteStream $file
            (Get-FileHash $file).Hash | Should -Be (& bash -c "docker logs $longLogger | sha256sum").Split(' ')[0].ToUpperInvariant()
        }
        finally {
            Remove-Item $file -ErrorAction Ignore
        }
    }

    It 'selects a stream with -Stream' {
        (Get-DockerContainerLog $logger -Stream Stderr).Text | Should -Be @('err1', 'err2', 'err3', 'err4', 'err5')
    }

    It 'returns the last lines with -Tail, as docker logs --tail does' {
        (Get-DockerContainerLog $logger -Tail 2 -Stream Stdout).Text | Should -Be @(& docker logs --tail 2 $logger 2>$null)
    }

    It 'shows timestamps with -Timestamps, as docker logs -t does' {
        $ours = Get-DockerContainerLog $logger -Timestamps -Stream Stdout | ForEach-Object { "$_" }
        $ours | Should -Be @(& docker logs -t $logger 2>$null)
        (Get-DockerContainerLog $logger -Tail 1)[0].Timestamp.Kind | Should -Be 'Local'
    }

    It 'filters with -Since and -Until (DateTime, duration)' {
        $stamps = Get-DockerContainerLog $logger -Stream Stdout
        $cut = $stamps[2].Timestamp
        $since = Get-DockerContainerLog $logger -Stream Stdout -Since $cut
        $since.Text | Should -Be @($stamps | Where-Object Timestamp -ge $cut | ForEach-Object Text)
        (Get-DockerContainerLog $logger -Stream Stdout -Until $cut.AddTicks(-1)).Text | Should -Be @($stamps | Where-Object Timestamp -lt $cut | ForEach-Object Text)
        (Get-DockerContainerLog $logger -Since 1h).Count | Should -Be 10
        Get-DockerContainerLog $logger -Until 1h | Should -BeNullOrEmpty
    }

    It 'refuses a time it cannot read, before asking the engine' {
        { Get-DockerContainerLog $logger -Since 'soon' } | Should -Throw -ErrorId 'InvalidTime,DockerPS.Commands.GetDockerContainerLogCommand'
    }

    It 'reads containers with a TTY (one stream)' {
        (Get-DockerContainerLog $ttyLogger).Text | Should -Be 'tty-line'
    }

    It 'follows new lines with -Follow, and ends when the container stops' {
        $ticker = New-TestContainer -Command 'sh', '-c', 'for i in 1 2 3; do echo tick$i; sleep 1; done'
        $lines = Get-DockerContainerLog $ticker -Follow
        $lines.Text | Should -Be @('tick1', 'tick2', 'tick3')
        (Get-DockerCliInspect $ticker).State.Status | Should -Be 'exited'
    }

    It 'follows several piped containers at once, lines interleaved as they come, each naming its container' {
        # Followed one after another, all of first's lines would come before any of second's. b1 comes seconds after
        # the follow begins, even on a loaded machine: had it come before, a1 and b1 could be read in either order.
        $first = New-TestContainer -Name "dps-$run-first" -Command 'sh', '-c', 'echo a1; sleep 8; echo a2'
        $second = New-TestContainer -Name "dps-$run-second" -Command 'sh', '-c', 'sleep 5; echo b1; sleep 5; echo b2'
        $lines = Get-DockerContainer $first, $second | Get-DockerContainerLog -Follow
        $lines.Text | Should -Be @('a1', 'b1', 'a2', 'b2')
        $lines.Container | Should -Be @("dps-$run-first", "dps-$run-second", "dps-$run-first", "dps-$run-second")
    }
}
