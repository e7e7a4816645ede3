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
    }
    AfterAll {
        & umount $small
    }

    It 'ends with ArchiveWriteFailed naming the target and saying the disk is full, and leaves nothing behind' -ForEach @(
        @{ Name = 'fixture.tar' }
        @{ Name = 'fixture.tar.gz' }
    ) {
        $target = Join-Path $small $Name
        { Save-DockerImage $image -Path $target } | Should -Throw -ErrorId 'ArchiveWriteFailed,DockerPS.Commands.SaveDockerImageCommand'
        $Error[0].CategoryInfo.Category | Should -Be 'WriteError'
        $Error[0].TargetObject | Should -Be $target
        $Error[0].Exception.Message | Should -Match ([regex]::Escape($target))
        $Error[0].Exception.Message | Should -Match 'disk is full'
        Get-DirectoryContent $small | Should -BeNullOrEmpty
        # The session goes on.
        (Get-DockerImage $image).Name | Should -Be $image
    }
}
