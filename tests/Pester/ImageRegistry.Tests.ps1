# Pull, push, tag, remove and search against the test rig's real registries: a plain one and one with
# htpasswd authentication.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Initialize-DockerPSTest
    $run = Get-TestRunId
    $label = Get-TestLabel
    $registry = $env:DOCKERPS_TEST_REGISTRY
    $authRegistry = $env:DOCKERPS_TEST_AUTH_REGISTRY
    $user = 'dockerps'
    $password = 'dockerps-secret'
    $goodCredential = [pscredential]::new($user, (ConvertTo-SecureString $password -AsPlainText -Force))
    $badCredential = [pscredential]::new($user, (ConvertTo-SecureString 'wrong-password' -AsPlainText -Force))

    $source = New-TestContainer -Command 'sh', '-c', 'echo registry > /marker'
    Invoke-DockerCli wait $source | Out-Null
    $local = "dps-$run/app:1"
    $imageId = (Invoke-DockerCli commit --change "LABEL $label" $source $local).Trim()
    $remote = "$registry/dps-$run/app"
    $secured = "$authRegistry/dps-$run/app"
    $made = [System.Collections.Generic.List[string]]::new()
    $made.Add($local)

    # A DOCKER_CONFIG of the tests' own, so the user's credentials are never read or written.
    $config = Join-Path ([IO.Path]::GetTempPath()) "dps-$run-registry-config"
    New-Item -ItemType Directory -Force $config | Out-Null
    $savedConfig = $env:DOCKER_CONFIG
    $env:DOCKER_CONFIG = $config

    function Set-DockerConfig([hashtable] $Content) {
        $Content | ConvertTo-Json -Depth 5 | Set-Content (Join-Path $config 'config.json')
    }
    function Get-RegistryTags([string] $Address, [string] $Repository) {
        (Invoke-RestMethod "http://$Address/v2/$Repository/tags/list" -Credential $goodCredential -AllowUnencryptedAuthentication).tags
    }
    function Invoke-WithProgress([string] $Script) {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$($env:DOCKERPS_MODULE_PATH)'; `$env:DOCKER_HOST = '$($env:DOCKER_HOST)'; $Script")
            $output = $ps.Invoke()
            [pscustomobject]@{ Output = $output; Progress = @($ps.Streams.Progress); Errors = @($ps.Streams.Error) }
        }
        finally {
            $ps.Dispose()
        }
    }
}

AfterAll {
    $env:DOCKER_CONFIG = $savedConfig
    Remove-Item $config -Recurse -Force -ErrorAction Ignore
    Remove-TestObject -ImageReference $made
}

Describe 'Add-DockerImageTag' -Tag 'AnyDockerd' {
    It 'gives the image another reference, as docker tag does' {
        $made.Add("${remote}:1")
        $tagged = Add-DockerImageTag $local "${remote}:1" -PassThru
        $tagged.Name | Should -Be "${remote}:1"
        $tagged.Id | Should -Be $imageId
        (Get-DockerCliInspect "${remote}:1").Id | Should -Be $imageId
    }

    It 'takes the image from the pipeline and tags latest when no tag is given' {
        $made.Add("$remote")
        Get-DockerImage $local | Add-DockerImageTag -Tag $remote
        (Get-DockerCliInspect "${remote}:latest").Id | Should -Be $imageId
    }

    It 'refuses a malformed reference and an unknown image' {
        { Add-DockerImageTag $local 'Upper/Case:1' } | Should -Throw -ErrorId 'InvalidImageReference,DockerPS.Commands.AddDockerImageTagCommand'
        Add-DockerImageTag "dps-$run/nothing:1" "dps-$run/x:1" -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'ImageNotFound,DockerPS.Commands.AddDockerImageTagCommand'
    }
}

Describe 'Submit-DockerImage and Request-DockerImage with the plain registry' -Tag 'AnyDockerd' {
    It 'pushes, with a progress bar per layer that is completed at the end' {
        $result = Invoke-WithProgress "Submit-DockerImage '${remote}:1' -PassThru"
        $result.Errors | Should -BeNullOrEmpty
        $result.Output[0].RepoDigests | Should -Match "^$([regex]::Escape($remote))@sha256:[0-9a-f]{64}$"
        Get-RegistryTags $registry "dps-$run/app" | Should -Contain '1'
        $layers = $result.Progress | Where-Object { $_.ParentActivityId -gt 0 }
        $layers | Should -Not -BeNullOrEmpty
        $open = $result.Progress | Group-Object ActivityId | Where-Object { $_.Group[-1].RecordType -ne 'Completed' }
        $open | Should -BeNullOrEmpty
    }

    It 'pulls host:port/project/name:tag, returning the image found by inspecting' {
        Invoke-DockerCli rmi "${remote}:1" | Out-Null
        $result = Invoke-WithProgress "Request-DockerImage '${remote}:1'"
        $result.Errors | Should -BeNullOrEmpty
        $result.Output.Count | Should -Be 1
        $result.Output[0].Name | Should -Be "${remote}:1"
        $result.Output[0].Id | Should -Be $imageId
        ($result.Progress | Group-Object ActivityId | Where-Object { $_.Group[-1].RecordType -ne 'Completed' }) | Should -BeNullOrEmpty
    }

    It 'pulls by digest' {
        $digest = (Get-DockerCliInspect "${remote}:1").RepoDigests | Where-Object { $_ -like "$remote@*" } | Select-Object -First 1
        $pulled = Request-DockerImage $digest
        $pulled.Count | Should -Be 1
        $pulled.Id | Should -Be $imageId
        $pulled.Repository | Should -Be $remote
    }

    It 'pulls every tag with -AllTags' {
        $made.Add("${remote}:2")
        Add-DockerImageTag $local "${remote}:2"
        Submit-DockerImage "${remote}:2"
        Invoke-DockerCli rmi "${remote}:1" "${remote}:2" | Out-Null
        $pulled = Request-DockerImage $remote -AllTags
        $pulled.Tag | Sort-Object | Should -Be @('1', '2', 'latest')
        ($pulled.Id | Sort-Object -Unique) | Should -Be $imageId
    }

    It 'reports an image the registry does not have as ObjectNotFound, and goes on' {
        $pulled = Request-DockerImage "$registry/dps-$run/missing:1", "${remote}:1" -ErrorVariable failures -ErrorAction SilentlyContinue
        $pulled.Name | Should -Be "${remote}:1"
        $failures.Count | Should -Be 1
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].TargetObject | Should -Be "$registry/dps-$run/missing:1"
    }

    It 'refuses a malformed reference before contacting the engine' {
        Request-DockerImage 'Bad Name' -HostAddress 'unix:///nonexistent.sock' -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'InvalidImageReference,DockerPS.Commands.RequestDockerImageCommand'
    }
}

Describe 'Credentials with the authenticating registry' -Tag 'AnyDockerd' {
    BeforeAll {
        $made.Add("${secured}:1")
        Add-DockerImageTag $local "${secured}:1"
    }
    AfterEach {
        Remove-Item (Join-Path $config 'config.json') -ErrorAction Ignore
    }

    It 'is refused without credentials, as PermissionDenied' {
        Submit-DockerImage "${secured}:1" -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
    }

    It 'is refused with a wrong password, as PermissionDenied' {
        Submit-DockerImage "${secured}:1" -Credential $badCredential -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
    }

    It 'pushes and pulls with -Credential' {
        Submit-DockerImage "${secured}:1" -Credential $goodCredential
        Get-RegistryTags $authRegistry "dps-$run/app" | Should -Contain '1'
        Invoke-DockerCli rmi "${secured}:1" | Out-Null
        (Request-DockerImage "${secured}:1" -Credential $goodCredential).Id | Should -Be $imageId
    }

    It 'shows the password nowhere: no output, error, verbose or debug message, no file' {
        $encoded = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("${user}:$password"))
        $said = @(
            Submit-DockerImage "${secured}:1" -Credential $goodCredential -Verbose -Debug *>&1
            Request-DockerImage "${secured}:1" -Credential $goodCredential -Verbose -Debug *>&1
            Submit-DockerImage "${secured}:1" -Credential ([pscredential]::new($user, (ConvertTo-SecureString "$password-not" -AsPlainText -Force))) -Verbose -Debug -ErrorAction Continue *>&1
        ) | Out-String -Width 400

        $said | Should -Match 'unauthorized|authentication required' -Because 'the wrong password is refused'
        $said | Should -Not -Match ([regex]::Escape($password))
        $said | Should -Not -Match ([regex]::Escape($encoded))
        @(Get-ChildItem $config -Recurse -File | Select-String -SimpleMatch $password, $encoded) | Should -BeNullOrEmpty
    }

    It 'uses the auths entry of the docker config' {
        $encoded = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("${user}:$password"))
        Set-DockerConfig @{ auths = @{ $authRegistry = @{ auth = $encoded } } }
        Invoke-DockerCli rmi "${secured}:1" | Out-Null
        (Request-DockerImage "${secured}:1").Id | Should -Be $imageId
    }

    It 'asks the credential helper the docker config names' {
        $helpers = Join-Path $config 'helpers'
        New-Item -ItemType Directory -Force $helpers | Out-Null
        $helper = Join-Path $helpers 'docker-credential-dpstest'
        # The helper protocol: "get" with the server on stdin, JSON on stdout.
        Set-Content $helper "#!/bin/sh`nread server`nprintf '{""ServerURL"":""%s"",""Username"":""$user"",""Secret"":""$password""}' ""`$server""`n"
        chmod +x $helper
        Set-DockerConfig @{ credHelpers = @{ $authRegistry = 'dpstest' } }
        $savedPath = $env:PATH
        $env:PATH = "$helpers$([IO.Path]::PathSeparator)$savedPath"
        try {
            Invoke-DockerCli rmi "${secured}:1" | Out-Null
            (Request-DockerImage "${secured}:1").Id | Should -Be $imageId
        }
        finally {
            $env:PATH = $savedPath
        }
    }
}

Describe 'Remove-DockerImage' -Tag 'AnyDockerd' {
    It 'refuses an image a container uses as ResourceBusy, naming the container, and removes nothing' {
        $used = (Invoke-DockerCli commit --change "LABEL $label" $source "dps-$run/used:1").Trim()
        $user = (Invoke-DockerCli create --label $label --name "dps-$run-image-user" "dps-$run/used:1" true).Trim()
        Remove-DockerImage "dps-$run/used:1" -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].CategoryInfo.Category | Should -Be 'ResourceBusy'
        $failures[0].FullyQualifiedErrorId | Should -Be 'ImageInUse,DockerPS.Commands.RemoveDockerImageCommand'
        $failures[0].TargetObject | Should -Be "dps-$run/used:1"
        "$($failures[0])" | Should -Match "dps-$run-image-user"
        (Get-DockerCliInspect "dps-$run/used:1").Id | Should -Be $used
        Invoke-DockerCli rm $user | Out-Null
    }

    It 'untags and deletes, reporting both with -PassThru, without asking when -Force is given' {
        $container = New-TestContainer -Command 'true'
        Invoke-DockerCli wait $container | Out-Null
        $throwaway = (Invoke-DockerCli commit --change "LABEL $label" $container "dps-$run/throwaway:1").Trim()
        Invoke-DockerCli rm $container | Out-Null
        $removed = Remove-DockerImage "dps-$run/throwaway:1" -Force -PassThru
        $removed.Untagged | Should -Contain "dps-$run/throwaway:1"
        $removed.Deleted | Should -Contain $throwaway
        "$($removed[0])" | Should -Be "Untagged: dps-$run/throwaway:1"
        Invoke-DockerCli images -q "dps-$run/throwaway" | Should -BeNullOrEmpty
    }

    It 'takes DockerImage objects from the pipeline and keeps other tags of the image' {
        $made.Add("dps-$run/extra:1")
        Add-DockerImageTag $local "dps-$run/extra:1"
        Get-DockerImage "dps-$run/extra:1" | Remove-DockerImage -Confirm:$false
        Invoke-DockerCli images -q "dps-$run/extra" | Should -BeNullOrEmpty
        (Get-DockerCliInspect $local).Id | Should -Be $imageId
    }

    It 'reports an unknown image as ImageNotFound and changes nothing with -WhatIf' {
        Remove-DockerImage "dps-$run/nothing:1" -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'ImageNotFound,DockerPS.Commands.RemoveDockerImageCommand'
        Remove-DockerImage $local -Force -WhatIf
        (Get-DockerCliInspect $local).Id | Should -Be $imageId
    }
}

Describe 'Find-DockerImage' -Tag 'AnyDockerd' {
    It 'says which registry it could not reach, and why' {
        Find-DockerImage centos -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $failures[0].FullyQualifiedErrorId | Should -Be 'RegistryUnreachable,DockerPS.Commands.FindDockerImageCommand'
        "$($failures[0])" | Should -Match "^Cannot search the registry docker.io for 'centos': .+"
    }

    It 'leaves a tag out of the term, as registries search repositories' {
        Find-DockerImage centos:7.2.1511 -Verbose -ErrorAction SilentlyContinue 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } |
            ForEach-Object Message | Should -Contain "Searching for 'centos': registries search repositories, so the tag '7.2.1511' is left out."
    }

    It 'names a registry given in the term' {
        Find-DockerImage "$registry/dps" -ErrorVariable failures -ErrorAction SilentlyContinue
        "$($failures[0])" | Should -Match "^Cannot search the registry $([regex]::Escape($registry)) for '$([regex]::Escape("$registry/dps"))'"
    }
}

Describe 'References written out in full, and ids' -Tag 'AnyDockerd' {
    It 'reads back an image pulled as docker.io/library/name:tag or tagged so' {
        $made.Add("$registry/dps-$run/full:1")
        $tagged = Add-DockerImageTag $local "$registry/dps-$run/full:1" -PassThru
        $tagged.Name | Should -Be "$registry/dps-$run/full:1"
    }

    It 'refuses an image id where a repository is needed' {
        Submit-DockerImage $imageId -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'ImageIdNotAReference,DockerPS.Commands.SubmitDockerImageCommand'
        Request-DockerImage $imageId -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'ImageIdNotAReference,DockerPS.Commands.RequestDockerImageCommand'
    }
}
