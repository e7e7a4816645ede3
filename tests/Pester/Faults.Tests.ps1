# The fault corpus (docs/reliability.md): what DockerPS does when its targets, disks, archives or engine fail it.
# Each case ends with one clear error, leaves nothing behind (the directory is listed before and after), and leaves
# the session usable.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Initialize-DockerPSTest
    $run = Get-TestRunId
    $label = Get-TestLabel
    $image = Get-FixtureImage

    function New-TestDirectory {
        New-Item -ItemType Directory (Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))) | Select-Object -ExpandProperty FullName
    }
    function Get-DirectoryContent([string] $Path) {
        @(Get-ChildItem -Force -LiteralPath $Path | ForEach-Object Name | Sort-Object)
    }
    # The kind of file stat sees, without following a link.
    function Get-FileKind([string] $Path) {
        & stat -c '%F' $Path
    }
}

AfterAll {
    Remove-TestObject
}

Describe 'Archive targets that are no place for a file' -Skip:$IsWindows {
    BeforeEach {
        $dir = New-TestDirectory
    }

    It 'refuses a character device, even with -Force, and leaves it a device' {
        { Save-DockerImage $image -Path /dev/null -Force } | Should -Throw -ErrorId 'InvalidArchivePath,DockerPS.Commands.SaveDockerImageCommand'
        $Error[0].Exception.Message | Should -Match 'character device'
        Get-FileKind /dev/null | Should -Be 'character special file'
    }

    It 'refuses a named pipe, even with -Force, and leaves it a pipe' {
        $fifo = Join-Path $dir 'pipe.tar'
        & mkfifo $fifo
        { Save-DockerImage $image -Path $fifo -Force } | Should -Throw -ErrorId 'InvalidArchivePath,DockerPS.Commands.SaveDockerImageCommand'
        $Error[0].Exception.Message | Should -Match 'named pipe'
        Get-FileKind $fifo | Should -Be 'fifo'
        Get-DirectoryContent $dir | Should -Be 'pipe.tar'
    }

    It 'refuses a symbolic link, even with -Force, leaving the link and its target as they were' {
        $real = Join-Path $dir 'real.tar'
        $link = Join-Path $dir 'link.tar'
        Set-Content $real 'the real file'
        & ln -s $real $link
        { Save-DockerImage $image -Path $link -Force } | Should -Throw -ErrorId 'InvalidArchivePath,DockerPS.Commands.SaveDockerImageCommand'
        $Error[0].Exception.Message | Should -Match 'symbolic link'
        Get-FileKind $link | Should -Be 'symbolic link'
        Get-Content $real | Should -Be 'the real file'
        Get-DirectoryContent $dir | Should -Be @('link.tar', 'real.tar')
    }

    It 'writes the archive readable by its owner only (0600), as docker save -o does' {
        $target = Join-Path $dir 'private.tar'
        Save-DockerImage $image -Path $target
        & stat -c '%a' $target | Should -Be '600'
    }
}

Describe 'A disk that fills up' -Skip:($IsWindows -or (& id -u) -ne '0') {
    BeforeAll {
        # A file system of our own, 256 KiB: the busybox fixture's archive is about 2 MiB, 1 MiB compressed.
        $small = New-TestDirectory
        & mount -t tmpfs -o size=256k dps-full $small
        if ($LASTEXITCODE -ne 0) { throw "could not mount a small tmpfs on $small" }
        # Outputs of about 580 KiB.
        $running = New-TestContainer
        $logged = New-TestContainer -Command 'seq', '1', '100000'
        Invoke-DockerCli wait $logged | Out-Null
    }
    AfterAll {
        & umount $small
    }

    It '<Name>: ends with ArchiveWriteFailed naming the target and saying the disk is full, and leaves nothing behind' -ForEach @(
        @{ Name = 'save'; File = 'fixture.tar'; Cmdlet = 'SaveDockerImageCommand'; Write = { Save-DockerImage $image -Path $target } }
        @{ Name = 'save, compressed'; File = 'fixture.tar.gz'; Cmdlet = 'SaveDockerImageCommand'; Write = { Save-DockerImage $image -Path $target } }
        @{ Name = 'exec -OutFile'; File = 'out.txt'; Cmdlet = 'InvokeDockerContainerCommandCommand'; Write = { Invoke-DockerContainerCommand $running 'seq', '1', '100000' -OutFile $target } }
        @{ Name = 'logs -OutFile'; File = 'app.log'; Cmdlet = 'GetDockerContainerLogCommand'; Write = { Get-DockerContainerLog $logged -OutFile $target } }
    ) {
        $target = Join-Path $small $File
        $Write | Should -Throw -ErrorId "ArchiveWriteFailed,DockerPS.Commands.$Cmdlet"
        $Error[0].CategoryInfo.Category | Should -Be 'WriteError'
        $Error[0].TargetObject | Should -Be $target
        $Error[0].Exception.Message | Should -Match ([regex]::Escape($target))
        $Error[0].Exception.Message | Should -Match 'disk is full'
        Get-DirectoryContent $small | Should -BeNullOrEmpty
        # The session goes on.
        (Get-DockerImage $image).Name | Should -Be $image
    }

    It 'copy out of a container: ArchiveWriteFailed naming the destination, and no half-written file' {
        $destination = Join-Path $small 'bin'
        Copy-DockerContainerItem "${running}:/bin" -Destination $destination -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'ArchiveWriteFailed,DockerPS.Commands.CopyDockerContainerItemCommand'
        $failed[0].CategoryInfo.Category | Should -Be 'WriteError'
        $failed[0].TargetObject | Should -Be $destination
        $failed[0].Exception.Message | Should -Match 'disk is full'
        @(Get-ChildItem -LiteralPath $small -Recurse -Force -File | Where-Object Name -Like '*.partial') | Should -BeNullOrEmpty
        # busybox's 2 MB do not fit: it is not there at all, rather than there in part.
        Test-Path -LiteralPath (Join-Path $destination 'busybox') | Should -BeFalse
    }
}

# The engine goes away in the middle: tests/FaultProxy relays the module's connection to the real engine and cuts it
# once a matching request has passed so many bytes (or, with -Die, cuts every connection and takes no more).
Describe 'An engine lost in the middle' -Skip:$IsWindows {
    BeforeAll {
        $registry = $env:DOCKERPS_TEST_REGISTRY
        # The engine's events from here to the end of the set-up are a past window, read at once.
        $since = [datetime]::UtcNow.AddSeconds(-1)
        $archive = Join-Path (New-TestDirectory) 'fixture.tar'
        Invoke-DockerCli save -o $archive $image | Out-Null
        # Prints a numbered line every 20 ms until stopped.
        $chatty = 'i=0; while true; do i=$((i+1)); echo "line $i"; sleep 0.02; done'
        # A log of 20,000 lines (about 100 KiB), all written: read without -Follow, it comes in one burst.
        $logged = New-TestContainer -Command 'seq', '1', '20000'
        Invoke-DockerCli wait $logged | Out-Null
        $running = New-TestContainer
        $until = [datetime]::UtcNow
        Start-Sleep -Milliseconds 200

        # Runs the script, given the proxy's address, against a proxy armed by $Fault; returns what it wrote and
        # its errors, terminating or not.
        function Invoke-Cut([hashtable] $Fault, [scriptblock] $Script) {
            $ErrorActionPreference = 'Continue'
            $cut = [pscustomobject]@{ Output = [Collections.Generic.List[object]]::new(); Errors = [Collections.Generic.List[object]]::new() }
            $proxy = Start-FaultProxy @Fault
            try {
                & $Script $proxy.Address 2>&1 | ForEach-Object {
                    if ($_ -is [System.Management.Automation.ErrorRecord]) { $cut.Errors.Add($_) } else { $cut.Output.Add($_) }
                }
            }
            catch {
                $cut.Errors.Add($_)
            }
            finally {
                Stop-FaultProxy $proxy
            }
            $cut
        }
        # The one error every cut must end with, and a session that goes on.
        function Assert-ConnectionLost($Cut, [string] $Cmdlet) {
            $Cut.Errors.Count | Should -Be 1 -Because ($Cut.Errors | Out-String)
            $Cut.Errors[0].FullyQualifiedErrorId | Should -Be "EngineConnectionLost,DockerPS.Commands.$Cmdlet"
            $Cut.Errors[0].CategoryInfo.Category | Should -Be 'ConnectionError'
            $Cut.Errors[0].Exception.Message | Should -BeLike 'Lost the connection to the Docker engine*'
            (Get-DockerImage $image).Name | Should -Be $image
        }
    }

    BeforeEach {
        $dir = New-TestDirectory
    }

    It '<Name>: no file is left, and the old one stays' -ForEach @(
        @{ Name = 'save'; File = 'fixture.tar'; Match = '/images/get'; CutAfter = 200kb; Cmdlet = 'SaveDockerImageCommand'; Write = { param($address) Save-DockerImage $image -Path $target -Force -HostAddress $address } }
        @{ Name = 'logs -OutFile'; File = 'app.log'; Match = '/logs'; CutAfter = 4kb; Cmdlet = 'GetDockerContainerLogCommand'; Write = { param($address) Get-DockerContainerLog $logged -OutFile $target -Force -HostAddress $address } }
        @{ Name = 'export'; File = 'rootfs.tar'; Match = '/export'; CutAfter = 200kb; Cmdlet = 'ExportDockerContainerCommand'; Write = { param($address) Export-DockerContainer $logged -Path $target -Force -HostAddress $address } }
        @{ Name = 'exec -OutFile'; File = 'out.txt'; Match = '/exec/.+/start'; CutAfter = 16kb; Cmdlet = 'InvokeDockerContainerCommandCommand'; Write = { param($address) Invoke-DockerContainerCommand $running 'seq', '1', '100000' -OutFile $target -Force -HostAddress $address } }
    ) {
        $target = Join-Path $dir $File
        Set-Content $target 'the old one'

        $cut = Invoke-Cut @{ Match = $Match; CutAfter = $CutAfter } $Write

        Assert-ConnectionLost $cut $Cmdlet
        Get-DirectoryContent $dir | Should -Be $File
        Get-Content $target | Should -Be 'the old one'
    }

    It 'load: no image appears' {
        $before = @(& docker images -aq --no-trunc | Sort-Object)

        $cut = Invoke-Cut @{ Match = '/images/load'; CutAfter = 200kb } { param($address) Import-DockerImage $archive -HostAddress $address }

        Assert-ConnectionLost $cut 'ImportDockerImageCommand'
        @(& docker images -aq --no-trunc | Sort-Object) | Should -Be $before
    }

    It 'import of a root file system: no image appears' {
        $before = @(& docker images -aq --no-trunc | Sort-Object)

        $cut = Invoke-Cut @{ Match = '/images/create'; CutAfter = 200kb } {
            param($address) Import-DockerImage -RootFileSystem $archive -Repository "dps-$run/cut:1" -HostAddress $address
        }

        Assert-ConnectionLost $cut 'ImportDockerImageCommand'
        @(& docker images -aq --no-trunc | Sort-Object) | Should -Be $before
    }

    It 'pull' -Skip:(-not $env:DOCKERPS_TEST_REGISTRY) {
        $remote = "$registry/dps-$run/cut:pull"
        Invoke-DockerCli tag $image $remote | Out-Null
        Invoke-DockerCli push $remote | Out-Null
        Invoke-DockerCli rmi $remote | Out-Null

        $cut = Invoke-Cut @{ Match = '/images/create'; CutAfter = 500 } { param($address) Request-DockerImage $remote -HostAddress $address }

        Assert-ConnectionLost $cut 'RequestDockerImageCommand'
        & docker rmi $remote *> $null
    }

    It 'push' -Skip:(-not $env:DOCKERPS_TEST_REGISTRY) {
        $remote = "$registry/dps-$run/cut:push"
        Invoke-DockerCli tag $image $remote | Out-Null

        $cut = Invoke-Cut @{ Match = '/push'; CutAfter = 500 } { param($address) Submit-DockerImage $remote -HostAddress $address }

        Assert-ConnectionLost $cut 'SubmitDockerImageCommand'
        Invoke-DockerCli rmi $remote | Out-Null
    }

    It 'logs: the lines before the cut, then the error' {
        $cut = Invoke-Cut @{ Match = '/logs'; CutAfter = 4kb } { param($address) Get-DockerContainerLog $logged -HostAddress $address }

        Assert-ConnectionLost $cut 'GetDockerContainerLogCommand'
        $cut.Output[0].Text | Should -Be '1'
        $cut.Output.Count | Should -BeLessThan 20000
    }

    It 'events of a past window: the events before the cut, in order, then the error' {
        $all = @(Get-DockerEvent -Since $since -Until $until)
        $all.Count | Should -BeGreaterOrEqual 6 -Because 'the set-up saved an image and made, ran and started containers'

        $cut = Invoke-Cut @{ Match = '/events'; CutAfter = 1500 } { param($address) Get-DockerEvent -Since $since -Until $until -HostAddress $address }

        Assert-ConnectionLost $cut 'GetDockerEventCommand'
        $cut.Output.Count | Should -BeGreaterThan 0
        $cut.Output.Count | Should -BeLessThan $all.Count
        @($cut.Output | ForEach-Object { "$($_.Action) $($_.Id)" }) | Should -Be @($all | Select-Object -First $cut.Output.Count | ForEach-Object { "$($_.Action) $($_.Id)" })
    }

    It 'copy out of a container: no half-written file is left' {
        $container = New-TestContainer
        $destination = Join-Path $dir 'bin'

        $cut = Invoke-Cut @{ Match = '^GET .*/archive'; CutAfter = 200kb } {
            param($address) Copy-DockerContainerItem "${container}:/bin" -Destination $destination -HostAddress $address
        }

        Assert-ConnectionLost $cut 'CopyDockerContainerItemCommand'
        @(Get-ChildItem -LiteralPath $dir -Recurse -Force -File | Where-Object Name -Like '*.partial') | Should -BeNullOrEmpty
        # The cut comes inside busybox's 2 MB: it is not there at all, rather than there in part.
        Test-Path -LiteralPath (Join-Path $destination 'busybox') | Should -BeFalse
    }

    It 'build: the error, in the middle of its one step' {
        $context = New-TestDirectory
        # One step whose output is long, so the cut comes while it runs and the engine drops the step: nothing is left.
        Set-Content (Join-Path $context 'Dockerfile') "FROM $image`nRUN seq 1 100000"

        $cut = Invoke-Cut @{ Match = '/build'; CutAfter = 16kb } {
            param($address) Build-DockerImage $context -Tag "dps-$run/cut:build" -Label (Get-TestLabel) -HostAddress $address
        }

        Assert-ConnectionLost $cut 'BuildDockerImageCommand'
    }

    It 'logs -Follow: the lines before the cut, then the error' {
        $container = New-TestContainer -Command 'sh', '-c', $chatty

        $cut = Invoke-Cut @{ Match = '/logs'; CutAfter = 4kb } { param($address) Get-DockerContainerLog $container -Follow -HostAddress $address }

        Assert-ConnectionLost $cut 'GetDockerContainerLogCommand'
        $cut.Output[0].Text | Should -Be 'line 1'
    }

    It 'service logs -Follow: the lines before the cut, then the error' -Skip:(-not $env:DOCKERPS_TEST_SWARM) {
        $swarm = $env:DOCKERPS_TEST_SWARM
        $service = "dps-$run-chatty"
        New-DockerService -HostAddress $swarm $image 'sh', '-c', $chatty -Name $service -Label (Get-TestLabel) | Wait-DockerService -StableFor 1 -Timeout 90 | Out-Null
        try {
            $cut = Invoke-Cut @{ Target = $swarm; Match = '/logs'; CutAfter = 4kb } { param($address) Get-DockerServiceLog $service -Follow -HostAddress $address }

            Assert-ConnectionLost $cut 'GetDockerServiceLogCommand'
            $cut.Output[0].Text | Should -Be 'line 1'
        }
        finally {
            & docker --host $swarm service rm $service *> $null
        }
    }

    It 'exec: the lines before the cut, then the error' {
        $container = New-TestContainer

        $cut = Invoke-Cut @{ Match = '/exec/.+/start'; CutAfter = 4kb } { param($address) Invoke-DockerContainerCommand $container 'sh', '-c', $chatty -HostAddress $address }

        Assert-ConnectionLost $cut 'InvokeDockerContainerCommandCommand'
        $cut.Output[0] | Should -Be 'line 1'
    }

    It 'attach' {
        $cut = Invoke-Cut @{ Match = '/attach'; CutAfter = 4kb } {
            param($address) New-DockerContainer $image 'sh', '-c', $chatty -Attach -Label (Get-TestLabel) -HostAddress $address
        }

        Assert-ConnectionLost $cut 'NewDockerContainerCommand'
        $cut.Output[0] | Should -Be 'line 1'
    }

    It 'a batch: the items finished before the loss, then one error' {
        $containers = 1..6 | ForEach-Object { New-TestContainer }

        $cut = Invoke-Cut @{ Match = '/containers/.+/kill'; Nth = 6; Die = $true } {
            param($address) Stop-DockerContainer $containers -Kill -ThrottleLimit 1 -PassThru -HostAddress $address
        }

        Assert-ConnectionLost $cut 'StopDockerContainerCommand'
        $cut.Output.Id | Should -Be $containers[0..4]
        Invoke-DockerCli inspect -f '{{.State.Running}}' $containers[5] | Should -Be 'true'
    }
}
