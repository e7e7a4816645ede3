BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Initialize-DockerPSTest
    $run = Get-TestRunId
    $label = Get-TestLabel

    # Every file, directory and link under a local directory: path, kind, mode, link target, whole-second mtime
    # (not a link's: DockerPS does not set it) and a file's hash. Two trees are the same copy when these are.
    function Get-TreeFacts([string] $Root) {
        & find $Root -mindepth 1 -printf '%P|%y|%m|%l|%T@\n' | Sort-Object | ForEach-Object {
            $path, $kind, $mode, $link, $time = $_.Split('|')
            $hash = if ($kind -eq 'f') { (Get-FileHash -LiteralPath (Join-Path $Root $path) -Algorithm SHA256).Hash }
            $seconds = if ($kind -eq 'l') { '' } else { [math]::Floor([double]$time) }
            "$path|$kind|$mode|$link|$seconds|$hash"
        }
    }

    # The same facts for a directory in a container, read with busybox: path, kind, mode, size, link target, md5.
    function Get-ContainerTreeFacts([string] $Container, [string] $Path) {
        Invoke-DockerCli exec $Container sh -c "cd '$Path' && find . -mindepth 1 | sort | while read f; do if [ -f `"`$f`" ] && [ ! -L `"`$f`" ]; then h=`$(md5sum `"`$f`" | cut -c1-32); else h=; fi; echo `"`$(stat -c '%n|%F|%a|%s|%Y' `"`$f`")|`$(readlink `"`$f`")|`$h`"; done"
    }

    # A local tree with what docker cp must keep: a 0750 script, a 50 MiB file, a symbolic link, an empty directory.
    $tree = Join-Path $TestDrive 'tree'
    New-Item -ItemType Directory -Path (Join-Path $tree 'empty'), (Join-Path $tree 'sub') | Out-Null
    Set-Content -LiteralPath (Join-Path $tree 'script.sh') -Value "#!/bin/sh`necho hi" -NoNewline
    & chmod 0750 (Join-Path $tree 'script.sh')
    & head -c 52428800 /dev/urandom > (Join-Path $tree 'big.bin')
    Set-Content -LiteralPath (Join-Path $tree 'sub/nested.txt') -Value 'nested'
    & touch -d '2021-03-04 05:06:07' (Join-Path $tree 'sub/nested.txt')
    & ln -s script.sh (Join-Path $tree 'link')

    $container = New-TestContainer
    Invoke-DockerCli cp $tree "${container}:/cli-tree" | Out-Null
}

AfterAll {
    Remove-TestObject -ImageReference "dps-$run-imported:latest"
}

Describe 'Copy-DockerContainerItem, both ways, against docker cp' -Tag 'AnyEngine' {
    It 'copies a tree into a container as docker cp does: the same files, modes, sizes, times and links' {
        Copy-DockerContainerItem $tree -Destination "${container}:/ps-tree"

        Get-ContainerTreeFacts $container /ps-tree | Should -Be (Get-ContainerTreeFacts $container /cli-tree)
        (Get-ContainerTreeFacts $container /ps-tree | Where-Object { $_ -like './big.bin|*' }) | Should -Match '\|52428800\|'
    }

    It 'copies a tree out of a container as docker cp does, byte for byte' {
        $ours = Join-Path $TestDrive 'out-ps'
        $theirs = Join-Path $TestDrive 'out-cli'
        Copy-DockerContainerItem "${container}:/cli-tree" -Destination $ours
        Invoke-DockerCli cp "${container}:/cli-tree" $theirs | Out-Null

        $facts = Get-TreeFacts $ours
        $facts | Should -Be (Get-TreeFacts $theirs)
        $facts | Should -Be (Get-TreeFacts $tree)
        $facts | Where-Object { $_ -like 'empty|d|*' } | Should -Not -BeNullOrEmpty
        (& stat -c %a (Join-Path $ours 'script.sh')) | Should -Be '750'
        (& readlink (Join-Path $ours 'link')) | Should -Be 'script.sh'
    }

    It 'resolves <Source> to <Destination> as docker cp does' -TestCases @(
        @{ Source = '/cli-tree/.'; Destination = 'new'; Existing = $false }
        @{ Source = '/cli-tree/.'; Destination = 'there'; Existing = $true }
        @{ Source = '/cli-tree'; Destination = 'there'; Existing = $true }
        @{ Source = '/cli-tree/'; Destination = 'new/'; Existing = $false }
        @{ Source = '/cli-tree/sub/nested.txt'; Destination = 'there/'; Existing = $true }
        @{ Source = '/cli-tree/sub/nested.txt'; Destination = 'renamed.txt'; Existing = $false }
    ) {
        param($Source, $Destination, $Existing)
        $ours = Join-Path $TestDrive "case-ps-$([guid]::NewGuid().ToString('n'))"
        $theirs = Join-Path $TestDrive "case-cli-$([guid]::NewGuid().ToString('n'))"
        foreach ($base in $ours, $theirs) {
            New-Item -ItemType Directory -Path $base | Out-Null
            if ($Existing) { New-Item -ItemType Directory -Path (Join-Path $base 'there') | Out-Null }
        }

        Copy-DockerContainerItem "${container}:$Source" -Destination "$ours/$Destination"
        Invoke-DockerCli cp "${container}:$Source" "$theirs/$Destination" | Out-Null

        if ((Test-PodmanEngine) -and $Source.EndsWith('/.') -and -not $Existing) {
            # Podman's archive of a directory's contents has no ./ before the names, and the docker CLI renames them
            # by replacing their first dot (big.bin becomes bignewbin): the tree itself is the oracle here.
            Get-TreeFacts "$ours/$Destination" | Should -Be (Get-TreeFacts $tree)
            return
        }

        # A directory that was there takes the time of the copy that wrote into it.
        Get-TreeFacts $ours | Where-Object { $_ -notlike 'there|*' } | Should -Be (Get-TreeFacts $theirs | Where-Object { $_ -notlike 'there|*' })
    }

    It 'refuses a file to a directory that does not exist (dest/), as docker cp does' {
        $base = Join-Path $TestDrive 'refused'
        New-Item -ItemType Directory -Path $base | Out-Null

        Copy-DockerContainerItem "${container}:/cli-tree/script.sh" -Destination "$base/missing/" -ErrorVariable failures -ErrorAction SilentlyContinue
        & docker cp "${container}:/cli-tree/script.sh" "$base/missing/" 2>$null

        $LASTEXITCODE | Should -Not -Be 0
        $failures.Count | Should -Be 1
        @(Get-ChildItem -LiteralPath $base -Force).Count | Should -Be 0
    }

    It 'copies a directory''s contents into an existing directory of a container (src/.), as docker cp does' {
        Invoke-DockerCli exec $container mkdir -p /into-ps /into-cli | Out-Null

        Copy-DockerContainerItem "$tree/." -Destination "${container}:/into-ps"
        Invoke-DockerCli cp "$tree/." "${container}:/into-cli" | Out-Null

        Get-ContainerTreeFacts $container /into-ps | Should -Be (Get-ContainerTreeFacts $container /into-cli)
        Get-ContainerTreeFacts $container /into-ps | Where-Object { $_ -like './script.sh|*' } | Should -Match '\|750\|'
    }

    It 'copies into a stopped container' {
        $stopped = New-TestContainer -NoStart
        $file = Join-Path $tree 'sub/nested.txt'

        Copy-DockerContainerItem $file -Destination "${stopped}:/tmp/"
        $back = Join-Path $TestDrive 'from-stopped.txt'
        Invoke-DockerCli cp "${stopped}:/tmp/nested.txt" $back | Out-Null

        (Get-FileHash $back).Hash | Should -Be (Get-FileHash $file).Hash
    }

    It 'takes the container from the pipeline for :PATH, and -PassThru gives the items written' {
        $target = Join-Path $TestDrive 'piped'
        $items = Get-DockerContainer -Name $container | Copy-DockerContainerItem -Path ':/cli-tree/sub' -Destination $target -PassThru

        $items.FullName | Should -Be @($target, (Join-Path $target 'nested.txt'))
        $items[0] | Should -BeOfType System.IO.DirectoryInfo
    }

    It 'writes and asks nothing with -WhatIf' {
        $target = Join-Path $TestDrive 'whatif'
        Copy-DockerContainerItem "${container}:/cli-tree" -Destination $target -WhatIf
        Copy-DockerContainerItem $tree -Destination "${container}:/whatif" -WhatIf

        Test-Path $target | Should -BeFalse
        { Invoke-DockerCli exec $container test -e /whatif } | Should -Throw
    }
}

Describe 'Copy-DockerContainerItem out of a hostile container' -Tag 'AnyEngine' {
    It 'writes nothing outside the destination, whatever links the container plants' {
        $outside = Join-Path $TestDrive 'outside'
        New-Item -ItemType Directory -Path $outside | Out-Null
        $destination = Join-Path $TestDrive 'hostile'
        New-Item -ItemType Directory -Path $destination | Out-Null
        # First the container offers a link to a local directory outside the destination, and one climbing out.
        $hostile = New-TestContainer -Command 'sh', '-c', "mkdir -p /data && ln -s '$outside' /data/evil && ln -s ../../../../../../../../$($outside.TrimStart('/'))/x /data/climb && echo ok > /data/ok && sleep 3600"
        Start-Sleep -Milliseconds 500

        Copy-DockerContainerItem "${hostile}:/data" -Destination $destination -ErrorVariable first -ErrorAction SilentlyContinue
        # Then the link's name is a directory whose files would land outside through the link copied before.
        Invoke-DockerCli exec $hostile sh -c 'rm /data/evil && mkdir /data/evil && echo pwned > /data/evil/owned' | Out-Null
        Copy-DockerContainerItem "${hostile}:/data" -Destination $destination -ErrorVariable second -ErrorAction SilentlyContinue

        @(Get-ChildItem -LiteralPath $outside -Force).Count | Should -Be 0
        $first.FullyQualifiedErrorId | Should -Match '^UnsafeArchiveEntry'
        $first.TargetObject | Should -Be 'data/climb'
        $second.FullyQualifiedErrorId | Should -Contain 'UnsafeArchiveEntry,DockerPS.Commands.CopyDockerContainerItemCommand'
        $second.TargetObject | Should -Contain 'data/evil/owned'
        Get-Content (Join-Path $destination 'data/ok') | Should -Be 'ok'
        (& readlink (Join-Path $destination 'data/evil')) | Should -Be $outside
    }
}

Describe 'Export-DockerContainer' -Tag 'AnyEngine' {
    It 'writes what docker export writes, privately, and docker import reads it back' {
        $ours = Join-Path $TestDrive 'export.tar'
        $theirs = Join-Path $TestDrive 'export-cli.tar'
        $file = Export-DockerContainer $container -Path $ours -PassThru
        Invoke-DockerCli export -o $theirs $container | Out-Null

        $file.FullName | Should -Be $ours
        (& stat -c %a $ours) | Should -Be '600'
        (& tar -tf $ours | Sort-Object) | Should -Be (& tar -tf $theirs | Sort-Object)
        Invoke-DockerCli import --change "LABEL $label" $ours "dps-$run-imported:latest" | Out-Null
        $imported = (Invoke-DockerCli create --label $label "dps-$run-imported:latest" true | Select-Object -Last 1).Trim()
        $again = Join-Path $TestDrive 'export-again.tar'
        Invoke-DockerCli export -o $again $imported | Out-Null
        (& tar -tf $again | Sort-Object) | Should -Be (& tar -tf $ours | Sort-Object)
    }

    It 'compresses a .tgz, and refuses an existing file without -Force' {
        $target = Join-Path $TestDrive 'export.tgz'
        Export-DockerContainer $container -Path $target
        { Export-DockerContainer $container -Path $target -ErrorAction Stop } | Should -Throw -ErrorId 'ArchiveExists,DockerPS.Commands.ExportDockerContainerCommand'

        $bytes = [IO.File]::ReadAllBytes($target)
        $bytes[0..1] | Should -Be @(0x1f, 0x8b)
        (& tar -tzf $target) | Should -Contain 'cli-tree/big.bin'
    }
}

Describe 'Get-DockerContainerChange' -Tag 'AnyEngine' {
    It 'lists what a command changed, as docker diff does' {
        $changed = New-TestContainer -Command 'sh', '-c', 'touch /etc/added && rm /etc/group && mkdir /made && sleep 3600'
        Start-Sleep -Milliseconds 500

        $changes = Get-DockerContainerChange $changed

        ($changes | ForEach-Object ToString | Sort-Object) | Should -Be (Invoke-DockerCli diff $changed | Sort-Object)
        ($changes | Where-Object Path -eq '/etc/added').Kind | Should -Be 'Added'
        ($changes | Where-Object Path -eq '/etc/group').Kind | Should -Be 'Deleted'
        ($changes | Where-Object Path -eq '/etc').KindLetter | Should -Be 'C'
    }

    It 'says a container that does not exist is not found' {
        Get-DockerContainerChange "dps-$run-missing" -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.FullyQualifiedErrorId | Should -Be 'ContainerNotFound,DockerPS.Commands.GetDockerContainerChangeCommand'
    }
}
