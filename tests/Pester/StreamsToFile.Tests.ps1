# -OutFile on Invoke-DockerContainerCommand and Get-DockerContainerLog: stdout's bytes into a file exactly as
# docker exec … > file and docker logs … > file write them (checked with sha256 against the docker CLI), binary data
# and a 50 MiB line included; written aside and renamed into place, so -WhatIf, a refused target and a stream cut
# short leave no file.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Initialize-DockerPSTest
    $run = Get-TestRunId
    $target = New-TestContainer -Name "dps-$run-tofile"
    # Every byte value once, as busybox's printf writes them.
    $everyByte = 'i=0; while [ $i -lt 256 ]; do printf "\\$(printf %o $i)"; i=$((i+1)); done'
    $longLine = 'head -c 52428800 /dev/zero | tr "\0" a; echo'
    $logger = New-TestContainer -Name "dps-$run-filelogger" -Command 'sh', '-c', "seq 1 100000; echo oops >&2; $everyByte; echo; echo done; sleep 3600"
    $longLogger = New-TestContainer -Name "dps-$run-filelong" -Command 'sh', '-c', "$longLine; sleep 3600"
    foreach ($attempt in 1..120) {
        if ((& docker logs --tail 1 $logger) -eq 'done' -and [long](& bash -c "docker logs --tail 1 $longLogger | wc -c") -gt 52428800) { break }
        Start-Sleep -Milliseconds 250
    }

    function New-TestDirectory {
        New-Item -ItemType Directory (Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))) | Select-Object -ExpandProperty FullName
    }
    function Get-DirectoryContent([string] $Path) {
        @(Get-ChildItem -Force -LiteralPath $Path | ForEach-Object Name | Sort-Object)
    }
    # What the docker CLI writes into a file with the shell's redirection, as a sha256.
    function Get-CliHash([string] $Arguments) {
        $file = Join-Path $TestDrive 'cli.out'
        & bash -c "docker $Arguments > '$file' 2>/dev/null"
        (Get-FileHash $file).Hash
        Remove-Item $file
    }
}

AfterAll {
    Remove-TestObject
}

Describe 'Invoke-DockerContainerCommand -OutFile' -Tag 'AnyEngine' {
    BeforeEach {
        $dir = New-TestDirectory
        $file = Join-Path $dir 'out'
    }

    It 'writes what docker exec … > file writes, byte for byte: <Name>' -ForEach @(
        @{ Name = 'short lines'; Script = 'seq 1 200000' }
        @{ Name = 'every byte value and a binary'; Script = 'i=0; while [ $i -lt 256 ]; do printf "\\$(printf %o $i)"; i=$((i+1)); done; cat /bin/busybox' }
        @{ Name = 'a 50 MiB line'; Script = 'head -c 52428800 /dev/zero | tr "\0" a; echo' }
    ) {
        Invoke-DockerContainerCommand $target -Command sh, -c, $Script -OutFile $file | Should -BeNullOrEmpty
        (Get-FileHash $file).Hash | Should -Be (Get-CliHash "exec $target sh -c '$Script'")
        Get-DirectoryContent $dir | Should -Be 'out'
    }

    It 'writes a terminal''s output as docker exec -t … > file does' {
        Invoke-DockerContainerCommand $target -Command printf, 'a\nb\n' -Tty -OutFile $file
        (Get-FileHash $file).Hash | Should -Be (Get-CliHash "exec -t $target printf 'a\nb\n'")
    }

    It 'keeps stderr in the error stream and the exit code, and the output the command wrote' {
        Invoke-DockerContainerCommand $target -Command sh, -c, 'echo kept; echo to-err >&2; exit 3' -OutFile $file -ErrorVariable failures -ErrorAction SilentlyContinue
        Get-Content $file | Should -Be 'kept'
        $failures.FullyQualifiedErrorId | Should -Be @('ContainerStandardError,DockerPS.Commands.InvokeDockerContainerCommandCommand', 'CommandExitCode,DockerPS.Commands.InvokeDockerContainerCommandCommand')
        "$($failures[0])" | Should -Be 'to-err'
    }

    It 'takes stdin from the pipeline as before' {
        'one', 'two' | Invoke-DockerContainerCommand -Name $target -Command cat -OutFile $file
        Get-Content $file | Should -Be @('one', 'two')
    }

    It 'refuses a file that exists without -Force, leaving it as it was, and replaces it with -Force' {
        Set-Content $file 'the old file'
        { Invoke-DockerContainerCommand $target -Command echo, new -OutFile $file } | Should -Throw -ErrorId 'ArchiveExists,DockerPS.Commands.InvokeDockerContainerCommandCommand'
        Get-Content $file | Should -Be 'the old file'
        Invoke-DockerContainerCommand $target -Command echo, new -OutFile $file -Force
        Get-Content $file | Should -Be 'new'
        Get-DirectoryContent $dir | Should -Be 'out'
    }

    It 'writes nothing with -WhatIf' {
        Invoke-DockerContainerCommand $target -Command echo, new -OutFile $file -WhatIf
        Get-DirectoryContent $dir | Should -BeNullOrEmpty
    }

    It 'resolves the path from the current location' {
        Push-Location $dir
        try {
            Invoke-DockerContainerCommand $target -Command echo, here -OutFile 'relative.txt'
        }
        finally {
            Pop-Location
        }
        Get-Content (Join-Path $dir 'relative.txt') | Should -Be 'here'
    }
}

Describe 'Get-DockerContainerLog -OutFile' -Tag 'AnyEngine' {
    BeforeEach {
        $dir = New-TestDirectory
        $file = Join-Path $dir 'log'
    }

    It 'writes what docker logs … > file writes, byte for byte, stderr lines coming as objects' {
        $errors = Get-DockerContainerLog $logger -OutFile $file
        (Get-FileHash $file).Hash | Should -Be (Get-CliHash "logs $logger")
        $errors.Stream | Should -Be 'stderr'
        $errors.Text | Should -Be 'oops'
        Get-DirectoryContent $dir | Should -Be 'log'
    }

    It 'writes what docker logs -t … > file writes with -Timestamps' {
        Get-DockerContainerLog $logger -Stream Stdout -Timestamps -OutFile $file | Should -BeNullOrEmpty
        (Get-FileHash $file).Hash | Should -Be (Get-CliHash "logs -t $logger")
    }

    It 'writes a 50 MiB line as docker logs does' {
        Get-DockerContainerLog $longLogger -OutFile $file
        (Get-Item $file).Length | Should -Be 52428801
        (Get-FileHash $file).Hash | Should -Be (Get-CliHash "logs $longLogger")
    }

    It 'refuses a file that exists without -Force, a directory, and a second container, before the engine is asked' {
        Set-Content $file 'the old file'
        { Get-DockerContainerLog $logger -OutFile $file } | Should -Throw -ErrorId 'ArchiveExists,DockerPS.Commands.GetDockerContainerLogCommand'
        { Get-DockerContainerLog $logger -OutFile $dir -Force } | Should -Throw -ErrorId 'InvalidArchivePath,DockerPS.Commands.GetDockerContainerLogCommand'
        { Get-DockerContainerLog $logger, $longLogger -OutFile (Join-Path $dir 'two') } | Should -Throw -ErrorId 'OutFileConflict,DockerPS.Commands.GetDockerContainerLogCommand'
        Get-Content $file | Should -Be 'the old file'
        Get-DirectoryContent $dir | Should -Be 'log'
    }
}

# The fault proxy (tests/FaultProxy) relays the module's connection to the engine and cuts it mid-stream.
Describe 'A stream cut short' -Skip:$IsWindows {
    BeforeEach {
        $dir = New-TestDirectory
        $file = Join-Path $dir 'out'
        Set-Content $file 'the old file'
    }

    It 'leaves no file, and the one it would replace as it was: <Cmdlet>' -ForEach @(
        @{ Cmdlet = 'InvokeDockerContainerCommandCommand'; Match = '/exec/.+/start'; Script = { param($address, $file) Invoke-DockerContainerCommand $target -Command seq, 1, 200000 -OutFile $file -Force -HostAddress $address } }
        @{ Cmdlet = 'GetDockerContainerLogCommand'; Match = '/logs'; Script = { param($address, $file) Get-DockerContainerLog $logger -Stream Stdout -OutFile $file -Force -HostAddress $address } }
    ) {
        $proxy = Start-FaultProxy -Match $Match -CutAfter 64kb
        try {
            { & $Script $proxy.Address $file } | Should -Throw -ErrorId "EngineConnectionLost,DockerPS.Commands.$Cmdlet"
        }
        finally {
            Stop-FaultProxy $proxy
        }
        Get-DirectoryContent $dir | Should -Be 'out'
        Get-Content $file | Should -Be 'the old file'
        # The session goes on.
        Invoke-DockerContainerCommand $target -Command echo, after -OutFile $file -Force
        Get-Content $file | Should -Be 'after'
    }
}
