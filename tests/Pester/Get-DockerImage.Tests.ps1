BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Initialize-DockerPSTest
    $run = Get-TestRunId
    $label = Get-TestLabel
    $repo = "dps-$run/app"

    # Images of our own, labelled with the run: two tags of one image, a second image, and a dangling one
    # (committing twice to one tag leaves the first commit untagged).
    $source = New-TestContainer -Name "dps-$run-imgsrc" -Command 'sh', '-c', 'echo one > /one'
    Invoke-DockerCli wait $source | Out-Null
    # The image id, sha256:…; Podman's commit answers it without the sha256:.
    function New-CliCommit([string] $Stage, [string] $Tag) {
        $id = (Invoke-DockerCli commit --change "LABEL $label" --change "LABEL stage=$Stage" $source $Tag).Trim()
        if ($id -notmatch '^sha256:') { $id = "sha256:$id" }
        $id
    }
    $first = New-CliCommit first "${repo}:1"
    Invoke-DockerCli tag "${repo}:1" "${repo}:1.1" | Out-Null
    $dangling = New-CliCommit dangling "${repo}:2"
    $second = New-CliCommit second "${repo}:2"
    $user = (Invoke-DockerCli create --label $label --name "dps-$run-imguser" "${repo}:2" true).Trim()

    function Get-CliRows([string[]] $Option) {
        @(Invoke-DockerCliJson images --no-trunc --filter "label=$label" @Option |
            ForEach-Object { "$($_.Repository):$($_.Tag) $($_.ID)" }) | Sort-Object
    }
    function Get-OurRows($Images) {
        @($Images | Where-Object { $_.Labels['dockerps.test'] -eq $run } |
            ForEach-Object { "$($_.Repository):$($_.Tag) $($_.Id)" }) | Sort-Object
    }
}

AfterAll {
    Remove-TestObject -ImageReference "${repo}:1", "${repo}:1.1", "${repo}:2"
}

Describe 'Get-DockerImage listing' -Tag 'AnyEngine' {
    It 'lists one object per repository:tag, as docker images does' {
        $rows = Get-OurRows (Get-DockerImage)
        $rows | Should -Be (Get-CliRows)
        $rows.Count | Should -Be 4
        ($rows | Where-Object { $_ -like "${repo}:1 *" }) -replace '^\S+ ' | Should -Be $first
    }

    It 'lists dangling images with -Dangling, as docker images -f dangling=true does' {
        Get-OurRows (Get-DockerImage -Dangling) | Should -Be (Get-CliRows '--filter', 'dangling=true')
        (Get-DockerImage -Dangling | Where-Object { $_.Labels['dockerps.test'] -eq $run }).Id | Should -Be $dangling
    }

    It 'passes -Filter to the engine' {
        (Get-DockerImage -Filter @{ label = 'stage=second' }).Id | Should -Be $second
        Get-OurRows (Get-DockerImage -Filter @{ label = $label, 'stage=first' }) | Should -Be (Get-CliRows '--filter', 'label=stage=first')
    }

    It 'includes intermediate images with -All, as docker images -a does' {
        Get-OurRows (Get-DockerImage -All) | Should -Be (Get-CliRows '-a')
    }
}

Describe 'Get-DockerImage objects' -Tag 'AnyEngine' {
    BeforeAll {
        $image = Get-DockerImage "${repo}:1"
        $inspect = Get-DockerCliInspect "${repo}:1"
    }

    It 'has id, tags, size and creation time as docker inspect reports them' {
        $image.Id | Should -Be $inspect.Id
        $image.ShortId | Should -Be $inspect.Id.Substring(7, 12)
        $image.Repository | Should -Be $repo
        $image.Tag | Should -Be '1'
        $image.Name | Should -Be "${repo}:1"
        $image.RepoTags | Sort-Object | Should -Be ($inspect.RepoTags | Sort-Object)
        $image.Size | Should -Be $inspect.Size
        $image.Created.Kind | Should -Be 'Local'
        [math]::Abs(($image.Created.ToUniversalTime() - [datetime]::Parse($inspect.Created, [cultureinfo]::InvariantCulture, 'RoundtripKind').ToUniversalTime()).TotalSeconds) | Should -BeLessThan 1
        $image.Labels['stage'] | Should -Be 'first'
    }

    It 'names the containers that use an image' {
        (Get-DockerImage "${repo}:2").Containers | Should -Be @("dps-$run-imguser")
        $image.Containers | Should -BeNullOrEmpty
    }

    It 'names an untagged image by its id' {
        $untagged = Get-DockerImage -Id $dangling
        $untagged.Repository | Should -Be '<none>'
        $untagged.Tag | Should -Be '<none>'
        $untagged.Name | Should -Be $dangling
    }

    It 'records the engine it came from' {
        $image.Endpoint.Address | Should -Be $env:DOCKERPS_TEST_HOST
    }

    It 'shows a docker images table by default' {
        $table = $image | Out-String -Width 200
        $table | Should -Match 'REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE'
        # Podman lists every tag of an image that one tag matches: the first row is enough.
        $size = (Invoke-DockerCliJson images "${repo}:1" | Select-Object -First 1).Size
        $table | Should -Match ([regex]::Escape($repo) + '\s+1\s+' + $inspect.Id.Substring(7, 12) + '\s+(\d+ seconds?|Less than a second|About a minute|\d+ minutes) ago\s+' + [regex]::Escape($size))
    }
}

Describe 'Get-DockerImage by name or id' -Tag 'AnyEngine' {
    It 'matches a repository without tag to all its tags' {
        (Get-DockerImage $repo).Tag | Sort-Object | Should -Be @('1', '1.1', '2')
    }

    It 'matches repository:tag exactly and with wildcards' {
        (Get-DockerImage "${repo}:2").Id | Should -Be $second
        (Get-DockerImage "${repo}:1*").Tag | Sort-Object | Should -Be @('1', '1.1')
        (Get-DockerImage "dps-$run/*").Count | Should -Be 3
        (Get-DockerImage "*:1.1" | Where-Object Repository -eq $repo).Id | Should -Be $first
    }

    It 'finds images by id and unique id prefix' {
        (Get-DockerImage -Id $second).Name | Should -Be "${repo}:2"
        (Get-DockerImage -Id $first.Substring(7, 12)).Tag | Sort-Object | Should -Be @('1', '1.1')
        (Get-DockerImage $second.Substring(7, 10)).Name | Should -Be "${repo}:2"
    }

    It 'writes a non-terminating ObjectNotFound error for a name that matches nothing, and goes on' {
        $found = Get-DockerImage "${repo}:nope", "${repo}:2" -ErrorVariable failures -ErrorAction SilentlyContinue
        $found.Id | Should -Be $second
        $failures.Count | Should -Be 1
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].FullyQualifiedErrorId | Should -Be 'ImageNotFound,DockerPS.Commands.GetDockerImageCommand'
        $failures[0].TargetObject | Should -Be "${repo}:nope"
    }

    It 'is silent when a wildcard matches nothing' {
        Get-DockerImage "dps-$run/none*" -ErrorVariable failures | Should -BeNullOrEmpty
        $failures.Count | Should -Be 0
    }

    It 'takes names from the pipeline and from DockerImage objects' {
        ("${repo}:1", "${repo}:2" | Get-DockerImage).Id | Should -Be @($first, $second)
        (Get-DockerImage "${repo}:1.1" | Get-DockerImage).Name | Should -Be "${repo}:1.1"
    }

    It 'completes image names as repository:tag' {
        $line = "Get-DockerImage dps-$run/app:1"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Sort-Object |
            Should -Be @("${repo}:1", "${repo}:1.1")
    }
}

Describe 'Get-DockerImage -Id' -Tag 'AnyEngine' {
    It 'matches ids only, with wildcards' {
        (Get-DockerImage -Id "sha256:$($second.Substring(7, 8))*").Name | Should -Be "${repo}:2"
        Get-DockerImage -Id $repo -ErrorAction SilentlyContinue -ErrorVariable failures | Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -Be 'ImageNotFound,DockerPS.Commands.GetDockerImageCommand'
    }

    It 'matches exact names case-sensitively, patterns case-insensitively' {
        Get-DockerImage "${repo}:2".ToUpperInvariant() -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        (Get-DockerImage "$("${repo}:2".ToUpperInvariant())*").Id | Should -Be $second
    }
}
