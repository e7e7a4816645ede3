# Save-DockerImage, Get-DockerImageArchive and Import-DockerImage against the real engine, with the docker CLI
# (docker save, docker load, docker inspect) and tar as the oracles. Every image here is committed from a
# labelled container, so the images archives bring back carry the run's label and are removed with it.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Initialize-DockerPSTest
    $run = Get-TestRunId
    $label = Get-TestLabel
    $repo = "dps-$run/archive"
    $made = [System.Collections.Generic.List[string]]::new()

    # An image of our own: the fixture plus one layer written by a command; returns its id.
    function New-TestImage([string] $Reference, [string] $Script) {
        $source = New-TestContainer -Command 'sh', '-c', $Script
        Invoke-DockerCli wait $source | Out-Null
        $made.Add($Reference)
        (Invoke-DockerCli commit --change "LABEL $label" $source $Reference).Trim()
    }

    $one = "${repo}/one:1"
    $two = "${repo}/two:1"
    $big = "${repo}/big:1"
    $oneId = New-TestImage $one 'echo one > /one'
    $twoId = New-TestImage $two 'echo two > /two'
    # Random data does not compress: saving it to .gz takes seconds, time to stop it half-way.
    $bigId = New-TestImage $big 'head -c 96m /dev/urandom > /blob'

    function New-TestDirectory {
        New-Item -ItemType Directory (Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))) | Select-Object -ExpandProperty FullName
    }
    function Get-DirectoryContent([string] $Path) {
        @(Get-ChildItem -Force -LiteralPath $Path | ForEach-Object Name | Sort-Object)
    }
    # What docker save's manifest.json says, read with tar.
    function Get-TarManifest([string] $Path) {
        (& tar -xOf $Path manifest.json) -join "`n" | ConvertFrom-Json
    }
    # Entry sizes as tar -tv lists them, by path.
    function Get-TarSizes([string] $Path) {
        $sizes = @{}
        foreach ($line in & tar -tvf $Path) {
            $fields = $line -split '\s+', 6
            $sizes[$fields[5]] = [long] $fields[2]
        }
        $sizes
    }
    # Images with the run's label (every image of these tests' archives) that were not there before.
    function Get-OurImageIds {
        @(& docker images -aq --no-trunc --filter "label=$label" | Sort-Object -Unique)
    }
    function Test-Writable([string] $Path) {
        $probe = Join-Path $Path 'probe'
        try { [IO.File]::WriteAllText($probe, ''); Remove-Item -LiteralPath $probe; $true } catch { $false }
    }
    function Test-Image([string] $Reference) {
        & docker image inspect $Reference *> $null
        $LASTEXITCODE -eq 0
    }
    function Remove-Image([string[]] $Reference) {
        & docker rmi -f @Reference *> $null
    }
    # Makes sure the image is there under its tag, loading it back from its archive when an earlier test removed it.
    function Restore-Image([string] $Reference, [string] $Archive) {
        if (-not (Test-Image $Reference)) { Invoke-DockerCli load -i $Archive | Out-Null }
    }

    # An archive of two images, pa and pb, whose second one is damaged: the engine loads pa, then fails on pb.
    # Neither tag is left on the engine (pa's image stays under -KeepPaAs); returns pa's tag, pb's tag, pa's id and
    # the archive.
    function New-HalfLoadableArchive([string] $Name, [string] $KeepPaAs) {
        $pa = "${repo}/${Name}a:1"
        $pb = "${repo}/${Name}b:1"
        $paId = New-TestImage $pa 'echo pa > /pa'
        $null = New-TestImage $pb "echo corrupt-me-$run > /pb"
        $pair = Join-Path $dir "$Name-pair.tar"
        Invoke-DockerCli save -o $pair $pa $pb | Out-Null
        $damaged = Join-Path $dir "$Name-damaged.tar"
        $manifest = Get-TarManifest $pair
        $ordered = @($manifest | Sort-Object { $_.RepoTags[0] -ne $pa })
        $pbLayer = ($ordered[1].Layers)[-1]
        $reader = [System.Formats.Tar.TarReader]::new([IO.File]::OpenRead($pair))
        $writer = [System.Formats.Tar.TarWriter]::new([IO.File]::Create($damaged), [System.Formats.Tar.TarEntryFormat]::Pax, $false)
        try {
            while ($entry = $reader.GetNextEntry($true)) {
                if ($entry.Name -eq 'manifest.json') {
                    $entry.DataStream = [IO.MemoryStream]::new([Text.Encoding]::UTF8.GetBytes((ConvertTo-Json -InputObject $ordered -Depth 5 -Compress)))
                }
                elseif ($entry.Name -eq $pbLayer) {
                    $bytes = $entry.DataStream.ToArray()
                    $text = [Text.Encoding]::Latin1.GetString($bytes)
                    $at = $text.IndexOf("corrupt-me-$run")
                    $at | Should -BeGreaterThan 0
                    $bytes[$at] = [byte][char]'C'
                    $entry.DataStream = [IO.MemoryStream]::new($bytes)
                }
                $writer.WriteEntry($entry)
            }
        }
        finally {
            $writer.Dispose()
            $reader.Dispose()
        }
        if ($KeepPaAs) {
            Invoke-DockerCli tag $pa $KeepPaAs | Out-Null
            $made.Add($KeepPaAs)
        }
        Remove-Image $pa, $pb
        @{ Pa = $pa; Pb = $pb; PaId = $paId; Path = $damaged }
    }

    # A copy of an archive whose first file gives its size as 2^63 - 1 bytes (base-256), checksum fixed; returns
    # the file's name. (Directories' sizes mean nothing to tar readers.)
    function Write-AbsurdSizeArchive([string] $Source, [string] $Path) {
        $bytes = [IO.File]::ReadAllBytes($Source)
        $at = 0
        while ([char] $bytes[$at + 156] -ne '0') {
            $size = [Convert]::ToInt64([Text.Encoding]::ASCII.GetString($bytes, $at + 124, 11), 8)
            $at += 512 + [Math]::Ceiling($size / 512) * 512
        }
        [byte[]] (0x80, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff) | ForEach-Object -Begin { $i = $at + 124 } -Process { $bytes[$i++] = $_ }
        for ($i = $at + 148; $i -lt $at + 156; $i++) { $bytes[$i] = 32 }
        $sum = 0
        for ($i = $at; $i -lt $at + 512; $i++) { $sum += $bytes[$i] }
        [Text.Encoding]::ASCII.GetBytes([Convert]::ToString($sum, 8).PadLeft(6, '0') + "`0 ").CopyTo($bytes, $at + 148)
        [IO.File]::WriteAllBytes($Path, $bytes)
        [Text.Encoding]::ASCII.GetString($bytes, $at, 100).TrimEnd([char] 0)
    }

    $archives = New-TestDirectory
    $oneArchive = Join-Path $archives 'one.tar'
    $twoArchive = Join-Path $archives 'two.tar'
    Invoke-DockerCli save -o $oneArchive $one | Out-Null
    Invoke-DockerCli save -o $twoArchive $two | Out-Null
}

AfterAll {
    Remove-TestObject -ImageReference $made
}

Describe 'Save-DockerImage' -Tag 'AnyDockerd' {
    BeforeEach {
        Restore-Image $one $oneArchive
        Restore-Image $two $twoArchive
        $dir = New-TestDirectory
    }

    It 'writes an archive that docker load restores with the same id and tag' {
        $target = Join-Path $dir 'one.tar'
        Save-DockerImage $one -Path $target | Should -BeNullOrEmpty
        Remove-Image $one

        Invoke-DockerCli load -i $target | Should -Match ([regex]::Escape("Loaded image: $one"))
        (Get-DockerCliInspect $one).Id | Should -Be $oneId
        Get-DirectoryContent $dir | Should -Be 'one.tar'
    }

    It 'puts several images into one archive, given as names or piped as DockerImage objects' {
        Save-DockerImage $one, $two -Path (Join-Path $dir 'named.tar')
        Get-DockerImage $one, $two | Save-DockerImage -Path (Join-Path $dir 'piped.tar')

        foreach ($archive in 'named.tar', 'piped.tar') {
            $manifest = Get-TarManifest (Join-Path $dir $archive)
            @($manifest.RepoTags | Sort-Object) | Should -Be @($one, $two) -Because $archive
            # The config's path is <id>.json in the archives of engines before Docker 25, blobs/sha256/<id> in the OCI
            # layout of later ones.
            @($manifest.Config -replace '^blobs/sha256/|\.json$' | ForEach-Object { "sha256:$_" } | Sort-Object) | Should -Be @(@($oneId, $twoId) | Sort-Object)
        }
    }

    It 'compresses the archive with gzip when its name ends in .gz or .tgz, and docker load reads it' {
        $target = Join-Path $dir 'one.tar.gz'
        Save-DockerImage $one -Path $target

        $magic = [IO.File]::ReadAllBytes($target)[0..1]
        $magic | Should -Be @(0x1f, 0x8b)
        & gzip -t $target
        $LASTEXITCODE | Should -Be 0
        Remove-Image $one
        Invoke-DockerCli load -i $target | Out-Null
        (Get-DockerCliInspect $one).Id | Should -Be $oneId

        Save-DockerImage $one -Path (Join-Path $dir 'one.tgz')
        [IO.File]::ReadAllBytes((Join-Path $dir 'one.tgz'))[0..1] | Should -Be @(0x1f, 0x8b)
    }

    It 'resolves a relative path against the current PowerShell location, not the process directory' {
        Push-Location $dir
        try {
            [Environment]::CurrentDirectory | Should -Not -Be $dir
            Save-DockerImage $one -Path 'relative.tar'
        }
        finally {
            Pop-Location
        }
        Get-DirectoryContent $dir | Should -Be 'relative.tar'
    }

    It 'takes -LiteralPath as it is, wildcard characters included' {
        Save-DockerImage $one -LiteralPath (Join-Path $dir 'one[1].tar')
        Get-DirectoryContent $dir | Should -Be 'one[1].tar'
    }

    It 'writes the FileInfo of the archive with -PassThru' {
        $file = Save-DockerImage $one -Path (Join-Path $dir 'one.tar') -PassThru
        $file | Should -BeOfType [System.IO.FileInfo]
        $file.FullName | Should -Be (Join-Path $dir 'one.tar')
        $file.Length | Should -BeGreaterThan 1KB
        $file.PSPath | Should -Not -BeNullOrEmpty
    }

    It 'refuses to replace an existing file without -Force (ResourceExists), and replaces it with -Force' {
        $target = Join-Path $dir 'one.tar'
        Set-Content $target 'old archive'

        { Save-DockerImage $one -Path $target } | Should -Throw -ErrorId 'ArchiveExists,DockerPS.Commands.SaveDockerImageCommand'
        $failure = $Error[0]
        $failure.CategoryInfo.Category | Should -Be 'ResourceExists'
        Get-Content $target | Should -Be 'old archive'

        Save-DockerImage $one -Path $target -Force
        (Get-TarManifest $target).RepoTags | Should -Be $one
        Get-DirectoryContent $dir | Should -Be 'one.tar'
    }

    It 'writes nothing with -WhatIf' {
        Save-DockerImage $one -Path (Join-Path $dir 'one.tar') -WhatIf
        Get-DirectoryContent $dir | Should -BeNullOrEmpty
    }

    It 'writes nothing, and an ObjectNotFound error naming it, for an image that does not exist' {
        $missing = "${repo}/missing:1"
        Save-DockerImage $missing, $one -Path (Join-Path $dir 'one.tar') -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'ImageNotFound,DockerPS.Commands.SaveDockerImageCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].TargetObject | Should -Be $missing
        $failures[0].Exception.Message | Should -Match ([regex]::Escape($missing))
        Get-DirectoryContent $dir | Should -BeNullOrEmpty
    }

    It 'refuses a directory that does not exist' {
        $target = Join-Path $dir 'nowhere/one.tar'
        { Save-DockerImage $one -Path $target } | Should -Throw -ErrorId 'DirectoryNotFound,DockerPS.Commands.SaveDockerImageCommand'
        $Error[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $Error[0].Exception.Message | Should -Match 'does not exist'
        Get-DirectoryContent $dir | Should -BeNullOrEmpty
    }

    It 'refuses a directory it may not write to, and leaves nothing there' -Skip:$IsWindows {
        & chmod 555 $dir
        # root writes through file modes; the immutable attribute stops root too.
        if (Test-Writable $dir) { & chattr +i $dir 2>$null }
        try {
            if (Test-Writable $dir) {
                Set-ItResult -Skipped -Because 'this user can write to any directory here'
                return
            }

            { Save-DockerImage $one -Path (Join-Path $dir 'one.tar') } | Should -Throw -ErrorId 'DirectoryNotWritable,DockerPS.Commands.SaveDockerImageCommand'
            $Error[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
            $Error[0].Exception.Message | Should -Match ([regex]::Escape($dir))
            Get-DirectoryContent $dir | Should -BeNullOrEmpty
        }
        finally {
            & chattr -i $dir 2>$null
            & chmod 755 $dir
        }
    }

    It 'refuses a path on a drive that is not the file system' {
        { Save-DockerImage $one -Path 'Env:\DPS_ARCHIVE' } | Should -Throw -ErrorId 'InvalidArchivePath,DockerPS.Commands.SaveDockerImageCommand'
        $Error[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        Test-Path Env:\DPS_ARCHIVE | Should -BeFalse
    }

    It 'leaves the old file as it was and no partial file when stopped half-way' {
        $target = Join-Path $dir 'big.tar.gz'
        Set-Content $target 'old archive'
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$($env:DOCKERPS_MODULE_PATH)'; `$env:DOCKER_HOST = '$($env:DOCKER_HOST)'; Save-DockerImage '$big' -Path '$target' -Force")
            $async = $ps.BeginInvoke()
            # Half-way: the hidden file beside the target has grown past a megabyte, and the save goes on.
            $deadline = [datetime]::Now.AddMinutes(2)
            do {
                Start-Sleep -Milliseconds 20
                $partial = @(Get-ChildItem -Force -LiteralPath $dir | Where-Object Name -Like '.big.tar.gz.*')
            } until (($partial -and $partial[0].Length -gt 1MB) -or $async.IsCompleted -or [datetime]::Now -gt $deadline)
            $async.IsCompleted | Should -BeFalse -Because 'the save must still be running when it is stopped'
            $partial | Should -Not -BeNullOrEmpty

            $ps.Stop()

            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            Get-Content $target | Should -Be 'old archive'
            Get-DirectoryContent $dir | Should -Be 'big.tar.gz'
        }
        finally {
            $ps.Dispose()
        }
    }
}

Describe 'Get-DockerImageArchive' -Tag 'AnyDockerd' {
    BeforeAll {
        Restore-Image $one $oneArchive
        Restore-Image $two $twoArchive
        $dir = New-TestDirectory
        $pair = Join-Path $dir 'pair.tar'
        Invoke-DockerCli save -o $pair $one $two | Out-Null
    }

    It 'lists each image of a docker save archive: tags and id as docker inspect says, layer sizes as tar says' {
        $entries = @(Get-DockerImageArchive $pair)

        $entries.Count | Should -Be 2
        $sizes = Get-TarSizes $pair
        foreach ($reference in $one, $two) {
            $inspect = Get-DockerCliInspect $reference
            $entry = $entries | Where-Object { $_.RepoTags -contains $reference }
            $entry.ImageId | Should -Be $inspect.Id
            $entry.RepoTags | Should -Be @($reference)
            $entry.ArchivePath | Should -Be $pair
            $entry.Os | Should -Be $inspect.Os
            $entry.Architecture | Should -Be $inspect.Architecture
            $entry.Layers.DiffId | Should -Be $inspect.RootFS.Layers
            $entry.Layers.Digest | Should -Be $inspect.RootFS.Layers
            foreach ($layer in $entry.Layers) {
                $layer.Size | Should -Be $sizes[$layer.Path] -Because $layer.Path
            }
            $entry.Size | Should -Be ($entry.Layers.Size | Measure-Object -Sum).Sum
        }
    }

    It 'tells gzip from plain tar by content, not by name' {
        $gzipNamedTar = Join-Path $dir 'gzip-inside.tar'
        $plainNamedGz = Join-Path $dir 'plain-inside.tar.gz'
        & bash -c "gzip -c '$oneArchive' > '$gzipNamedTar'"
        Copy-Item $oneArchive $plainNamedGz

        (Get-DockerImageArchive $gzipNamedTar).ImageId | Should -Be $oneId
        (Get-DockerImageArchive $plainNamedGz).ImageId | Should -Be $oneId
    }

    It 'takes files from Get-ChildItem, wildcards and strings from the pipeline' {
        $copy = Join-Path $dir 'copy[1].tar'
        Copy-Item -LiteralPath $oneArchive -Destination $copy

        (Get-Item -LiteralPath $copy | Get-DockerImageArchive).ArchivePath | Should -Be $copy
        @(Get-DockerImageArchive (Join-Path $dir '*.tar')).Count | Should -BeGreaterOrEqual 3
        ($pair | Get-DockerImageArchive).Count | Should -Be 2
    }

    It 'reads an archive without loading it' {
        Remove-Image $one
        (Get-DockerImageArchive $oneArchive).RepoTags | Should -Be $one
        Test-Image $one | Should -BeFalse
    }

    It 'refuses truncated, garbage and absurd files with InvalidData, naming the file' {
        $truncated = Join-Path $dir 'truncated.tar'
        $garbage = Join-Path $dir 'garbage.tar'
        $absurd = Join-Path $dir 'absurd.tar'
        $bytes = [IO.File]::ReadAllBytes($oneArchive)
        [IO.File]::WriteAllBytes($truncated, $bytes[0..($bytes.Length / 2)])
        [IO.File]::WriteAllBytes($garbage, [byte[]](1..5000 | ForEach-Object { ($_ * 7) % 256 }))
        $entry = Write-AbsurdSizeArchive $oneArchive $absurd

        Get-DockerImageArchive $truncated, $garbage, $absurd -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

        $failures.Count | Should -Be 3
        $failures.CategoryInfo.Category | Should -Be 'InvalidData', 'InvalidData', 'InvalidData'
        $failures.FullyQualifiedErrorId | Should -Be (@('InvalidImageArchive,DockerPS.Commands.GetDockerImageArchiveCommand') * 3)
        $failures.TargetObject | Should -Be $truncated, $garbage, $absurd
        $failures[0].Exception.Message | Should -Match 'truncated'
        $failures[1].Exception.Message | Should -Match 'Not a tar archive'
        $failures[2].Exception.Message | Should -Match "Corrupt tar header at byte \d+: it gives '$([regex]::Escape($entry))' a size of 9223372036854775807 bytes, more than any archive holds"
    }

    It 'writes an ObjectNotFound error for a file that does not exist' {
        Get-DockerImageArchive (Join-Path $dir 'none.tar') -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'ArchiveNotFound,DockerPS.Commands.GetDockerImageArchiveCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}

Describe 'Import-DockerImage' -Tag 'AnyDockerd' {
    BeforeEach {
        Restore-Image $one $oneArchive
        Restore-Image $two $twoArchive
        $dir = New-TestDirectory
    }

    It 'restores the image it saved, with the same id: save, list, remove, import' {
        $target = Join-Path $dir 'one.tar'
        Save-DockerImage $one -Path $target
        $listed = Get-DockerImageArchive $target
        Remove-Image $one

        $loaded = Import-DockerImage $target

        $loaded | Should -BeOfType [DockerPS.DockerImage]
        $loaded.Name | Should -Be $one
        $loaded.Id | Should -Be $oneId
        $listed.ImageId | Should -Be $oneId
        (Get-DockerCliInspect $one).Id | Should -Be $oneId
        $loaded.Endpoint.Address | Should -Be $env:DOCKERPS_TEST_HOST
    }

    It 'loads archives made by docker save, plain and gzip-compressed' {
        $plain = Join-Path $dir 'pair.tar'
        $gzip = Join-Path $dir 'pair.tar.gz'
        Invoke-DockerCli save -o $plain $one $two | Out-Null
        & bash -c "gzip -c '$plain' > '$gzip'"

        foreach ($archive in $plain, $gzip) {
            Remove-Image $one, $two
            $loaded = @(Import-DockerImage $archive)
            @($loaded.Name | Sort-Object) | Should -Be @($one, $two) -Because $archive
            (Get-DockerCliInspect $one).Id | Should -Be $oneId
            (Get-DockerCliInspect $two).Id | Should -Be $twoId
        }
    }

    It 'returns an image saved by id, which the archive leaves untagged' {
        $byIdRef = "${repo}/byid:1"
        $byId = New-TestImage $byIdRef 'echo byid > /byid'
        $target = Join-Path $dir 'byid.tar'
        Save-DockerImage $byId -Path $target
        (Get-DockerImageArchive $target).RepoTags | Should -BeNullOrEmpty
        Remove-Image $byId

        $loaded = Import-DockerImage $target

        $loaded.Id | Should -Be $byId
        $loaded.Repository | Should -Be '<none>'
        (Get-DockerCliInspect $byId).Id | Should -Be $byId
    }

    It 'loads what Get-ChildItem finds, each archive once' {
        Copy-Item $oneArchive, $twoArchive $dir
        Remove-Image $one, $two

        $loaded = @(Get-ChildItem (Join-Path $dir '*.tar') | Import-DockerImage)
        $again = @(Get-DockerImageArchive (Join-Path $dir 'one.tar'), (Join-Path $dir 'one.tar') | Import-DockerImage)

        @($loaded.Name | Sort-Object) | Should -Be @($one, $two)
        $again.Name | Should -Be $one
    }

    It 'shows progress while it loads, and completes it' {
        Remove-Image $one
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$($env:DOCKERPS_MODULE_PATH)'; `$env:DOCKER_HOST = '$($env:DOCKER_HOST)'; Import-DockerImage '$oneArchive'")
            $output = $ps.Invoke()
            $output.Name | Should -Be $one
            $progress = @($ps.Streams.Progress | Where-Object Activity -EQ "Loading $oneArchive")
            $progress.Count | Should -BeGreaterThan 1
            $progress[-1].RecordType | Should -Be 'Completed'
        }
        finally {
            $ps.Dispose()
        }
    }

    It 'loads nothing with -WhatIf' {
        Remove-Image $one
        Import-DockerImage $oneArchive -WhatIf | Should -BeNullOrEmpty
        Test-Image $one | Should -BeFalse
    }

    It 'refuses <Kind> with an InvalidData error, and no image appears' -ForEach @(
        @{ Kind = 'a garbage file'; Make = { param($path) [IO.File]::WriteAllBytes($path, [byte[]](1..5000 | ForEach-Object { ($_ * 7) % 256 })) }; Says = 'Not a tar archive' }
        @{ Kind = 'a truncated archive'; Make = { param($path) $b = [IO.File]::ReadAllBytes($twoArchive); [IO.File]::WriteAllBytes($path, $b[0..($b.Length / 2)]) }; Says = 'truncated' }
        @{ Kind = 'a truncated gzip archive'; Make = { param($path) & bash -c "gzip -c '$twoArchive' | head -c 1500 > '$path'" }; Says = 'truncated|gzip|invalid' }
        @{ Kind = 'an archive whose first file claims 8 EiB'; Make = { param($path) $null = Write-AbsurdSizeArchive $twoArchive $path }; Says = "Corrupt tar header at byte \d+: it gives '.+' a size of 9223372036854775807 bytes" }
    ) {
        Remove-Image $two
        $bad = Join-Path $dir 'bad.tar'
        & $Make $bad
        $before = Get-OurImageIds

        Import-DockerImage $bad -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

        $failures.Count | Should -Be 1
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $failures[0].FullyQualifiedErrorId | Should -Be 'InvalidImageArchive,DockerPS.Commands.ImportDockerImageCommand'
        $failures[0].TargetObject | Should -Be $bad
        $failures[0].Exception.Message | Should -Match $Says
        Get-OurImageIds | Should -Be $before
        Test-Image $two | Should -BeFalse
    }

    It 'removes the images a failed load added, and gives back the tags it took' {
        $archive = New-HalfLoadableArchive 'moved'
        # pa's tag now names the fixture image: the load will move it to the loaded pa, the rollback back.
        $fixtureId = (Get-DockerCliInspect (Get-FixtureImage)).Id
        Invoke-DockerCli tag (Get-FixtureImage) $archive.Pa | Out-Null
        $before = Get-OurImageIds

        $log = Import-DockerImage $archive.Path -Verbose -ErrorVariable failures -ErrorAction SilentlyContinue 4>&1

        $failures.Count | Should -Be 1
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $failures[0].Exception.Message | Should -Match 'diff ?id|digest|checksum|tar'
        # The load had added pa, and the rollback removed it.
        ($log | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Contain "Removed $($archive.PaId), which the failed load had added."
        Get-OurImageIds | Should -Be $before
        Test-Image $archive.PaId | Should -BeFalse
        (Get-DockerCliInspect $archive.Pa).Id | Should -Be $fixtureId
        Test-Image $archive.Pb | Should -BeFalse
    }

    It 'takes the tags a failed load gave an image that was there before off it' {
        # pa's image is there under another name: the load only tags it, and the rollback takes that tag off.
        $kept = "${repo}/kept:1"
        $archive = New-HalfLoadableArchive 'kept' -KeepPaAs $kept
        Test-Image $archive.Pa | Should -BeFalse
        (Get-DockerCliInspect $kept).Id | Should -Be $archive.PaId

        $log = Import-DockerImage $archive.Path -Verbose -ErrorVariable failures -ErrorAction SilentlyContinue 4>&1

        $failures.Count | Should -Be 1
        ($log | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Contain "Untagged $($archive.Pa), which the failed load had given $($archive.PaId)."
        Test-Image $archive.Pa | Should -BeFalse
        (Get-DockerCliInspect $kept).Id | Should -Be $archive.PaId
        Test-Image $archive.Pb | Should -BeFalse
    }

    It 'imports a root file system as a new image with -RootFileSystem, as docker import does' {
        $source = New-TestContainer -NoStart -Command 'true'
        $rootfs = Join-Path $dir 'rootfs.tar'
        Invoke-DockerCli export -o $rootfs $source | Out-Null
        $reference = "${repo}/rootfs:1"
        $made.Add($reference)

        $image = Import-DockerImage -RootFileSystem $rootfs -Repository $reference -Message "imported by $run" `
            -Change 'CMD ["/bin/echo", "from the imported image"]', "LABEL $label", 'ENV MODE=imported'

        $image.Name | Should -Be $reference
        $inspect = Get-DockerCliInspect $reference
        $image.Id | Should -Be $inspect.Id
        $inspect.Comment | Should -Be "imported by $run"
        $inspect.Config.Cmd | Should -Be '/bin/echo', 'from the imported image'
        $inspect.Config.Env | Should -Contain 'MODE=imported'
        Invoke-DockerCli run --rm --label $label $reference | Should -Be 'from the imported image'
    }

    It 'refuses a root file system that is no tar with InvalidData' {
        $garbage = Join-Path $dir 'garbage.tar'
        [IO.File]::WriteAllBytes($garbage, [byte[]](1..5000 | ForEach-Object { ($_ * 7) % 256 }))
        $before = @(& docker images -aq --no-trunc --filter "reference=${repo}/broken*")

        Import-DockerImage -RootFileSystem $garbage -Repository "${repo}/broken:1" -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

        $failures[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $failures[0].TargetObject | Should -Be $garbage
        # The engine's own words, as docker import shows them.
        $failures[0].Exception.Message | Should -BeLike "The engine could not import '$garbage': *invalid tar header*"
        @(& docker images -aq --no-trunc --filter "reference=${repo}/broken*") | Should -Be $before
    }

    It 'refuses a digest as the new image''s name' {
        { Import-DockerImage -RootFileSystem $oneArchive -Repository "${repo}/x@sha256:$('0' * 64)" } |
            Should -Throw -ErrorId 'InvalidImageReference,DockerPS.Commands.ImportDockerImageCommand'
    }
}
