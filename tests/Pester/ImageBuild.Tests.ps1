# Build-DockerImage, New-DockerImage and Get-DockerImageHistory against the real engine, with the docker CLI (the
# classic builder, DOCKER_BUILDKIT=0) as the oracle. Every stage of every Dockerfile carries the run's label (passed
# as the build argument RUN), so its images, intermediate stages included, are removed with the run's.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Initialize-DockerPSTest
    $run = Get-TestRunId
    $label = Get-TestLabel
    $fixture = Get-FixtureImage
    $repository = "dps-$run/build"
    $env:DOCKER_BUILDKIT = '0'

    $root = Join-Path ([System.IO.Path]::GetTempPath()) "dps-build-$run-$([guid]::NewGuid().ToString('n').Substring(0, 6))"
    $context = New-Item -ItemType Directory -Path (Join-Path $root 'context')
    $stage = @"
FROM $fixture AS base
ARG RUN
LABEL dockerps.test=`$RUN
ARG GREETING=hello
COPY . /ctx/
RUN echo "`$GREETING" > /greeting

FROM base AS final
ARG RUN
LABEL dockerps.test=`$RUN stage=final
RUN echo final > /stage

FROM base AS other
ARG RUN
LABEL dockerps.test=`$RUN stage=other
RUN echo other > /stage
"@
    Set-Content -LiteralPath (Join-Path $context 'Dockerfile') -Value $stage -NoNewline
    Set-Content -LiteralPath (Join-Path $context '.dockerignore') -Value "# ignored: secrets, logs but one, temporary files`nsecret*`nlogs`n!logs/keep.log`n**/*.tmp`n"
    Set-Content -LiteralPath (Join-Path $context 'app.txt') -Value 'app'
    Set-Content -LiteralPath (Join-Path $context 'secret.key') -Value 'do not send'
    New-Item -ItemType Directory -Path (Join-Path $context 'logs'), (Join-Path $context 'sub') | Out-Null
    Set-Content -LiteralPath (Join-Path $context 'logs/a.log') -Value 'left out'
    Set-Content -LiteralPath (Join-Path $context 'logs/keep.log') -Value 'kept'
    Set-Content -LiteralPath (Join-Path $context 'sub/x.tmp') -Value 'left out'
    Set-Content -LiteralPath (Join-Path $context 'sub/y.txt') -Value 'sent'
    $long = Join-Path $context ('d' * 60) ('f' * 70 + '.txt')
    New-Item -ItemType Directory -Path (Split-Path $long) | Out-Null
    Set-Content -LiteralPath $long -Value 'a name longer than 100 characters'
    Set-Content -LiteralPath (Join-Path $context 'run.sh') -Value "#!/bin/sh`necho run"
    & chmod 0755 (Join-Path $context 'run.sh')
    & chmod 0600 (Join-Path $context 'sub/y.txt')
    & ln -s app.txt (Join-Path $context 'link')
    & touch -d '2020-01-02 03:04:05' (Join-Path $context 'app.txt')

    $arguments = @{ RUN = $run; GREETING = 'hi' }

    # What the image holds under /ctx: every entry with its mode, size (files), mtime (files) and kind; a link as a link.
    function Get-ImageListing([string] $Image) {
        Invoke-DockerCli run --rm --label $label $Image sh -c 'cd /ctx && find . -mindepth 1 ! -type d -exec stat -c "%n %a %s %Y %F %N" {} + | sort; find . -mindepth 1 -type d -exec stat -c "%n %a %F" {} + | sort; cat /greeting /stage'
    }

    function Get-ImageLabels([string] $Image) {
        (Invoke-DockerCli inspect --format '{{json .Config.Labels}}' $Image) | ConvertFrom-Json -AsHashtable
    }
}

AfterAll {
    Remove-TestObject
    Remove-Item Env:DOCKER_BUILDKIT -ErrorAction Ignore
    if ($root) { Remove-Item -LiteralPath $root -Recurse -Force -ErrorAction Ignore }
}

Describe 'Build-DockerImage' -Tag 'AnyEngine' {
    BeforeAll {
        $built = Build-DockerImage $context -Tag "${repository}:ps", "${repository}:ps2" -BuildArgument $arguments -Target final -Label $label, 'built=dockerps' -InformationVariable log
        Invoke-DockerCli build -q -t "${repository}:cli" --build-arg "RUN=$run" --build-arg GREETING=hi --target final --label $label --label built=dockerps $context | Out-Null
    }

    It 'returns the image under every tag, as the engine has it' {
        @($built).Count | Should -Be 2
        $built[0] | Should -BeOfType DockerPS.DockerImage
        @($built.Name | Sort-Object) | Should -Be @("${repository}:ps", "${repository}:ps2")
        $built[0].Id | Should -Be (Invoke-DockerCli inspect --format '{{.Id}}' "${repository}:ps")
    }

    It 'sends the files docker build sends: .dockerignore and its exceptions applied, modes, times, links and long names kept' {
        $ours = Get-ImageListing "${repository}:ps"
        $theirs = Get-ImageListing "${repository}:cli"
        $ours | Should -Be $theirs
        "$ours" | Should -Not -Match 'secret\.key|a\.log|x\.tmp'
        "$ours" | Should -Match './logs/keep.log'
        "$ours" | Should -Match './sub/y.txt 600'
        "$ours" | Should -Match './run.sh 755'
        "$ours" | Should -Match "'./link' -> 'app.txt'"
        "$ours" | Should -Match ('f' * 70)
        "$ours" | Should -Match './app.txt 644 4 1577934245 '
        $ours[-2..-1] | Should -Be 'hi', 'final'
    }

    It 'gives the image the same labels as docker build' {
        $ours = Get-ImageLabels "${repository}:ps"
        $ours | Should -Not -BeNullOrEmpty
        $ours['built'] | Should -Be 'dockerps'
        $ours['stage'] | Should -Be 'final'
        $theirs = Get-ImageLabels "${repository}:cli"
        @($ours.Keys | Sort-Object | ForEach-Object { "$_=$($ours[$_])" }) | Should -Be @($theirs.Keys | Sort-Object | ForEach-Object { "$_=$($theirs[$_])" })
    }

    It 'writes the build log to the information stream, step by step' {
        $lines = @($log | ForEach-Object { "$($_.MessageData)" })
        # Podman numbers the steps of each stage ([2/3] STEP 1/3: ...), dockerd those of the Dockerfile.
        ($lines -match '^(\[\d+/\d+\] )?(Step|STEP) 1/\d+ ?: ?FROM ').Count | Should -BeGreaterThan 0
        ($lines -match '^(\[\d+/\d+\] )?(Step|STEP) \d+/\d+ ?: ?RUN echo final').Count | Should -Be 1
    }

    It 'says a second build came from the cache, and -NoCache builds anew' {
        $again = Build-DockerImage $context -Tag "${repository}:ps" -BuildArgument $arguments -Target final -Label $label, 'built=dockerps' -InformationVariable cached -Verbose 4>&1
        $verbose = @($again | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        ($again | Where-Object { $_ -is [DockerPS.DockerImage] })[0].Id | Should -Be $built[0].Id
        "$($cached.MessageData)" | Should -Match 'Using cache'
        "$verbose" | Should -Match 'steps came from the build cache'

        $fresh = Build-DockerImage $context -Tag "${repository}:fresh" -BuildArgument $arguments -Target final -Label $label -NoCache -InformationVariable uncached
        "$($uncached.MessageData)" | Should -Not -Match 'Using cache'
        $fresh.Id | Should -Not -Be $built[0].Id
    }

    It 'builds with -BuildKit where the engine takes it, sending the same files; Podman refuses it before anything is sent' {
        if (Test-PodmanEngine) {
            { Build-DockerImage $context -Tag "${repository}:buildkit" -BuildArgument $arguments -Target final -BuildKit } |
                Should -Throw -ErrorId 'BuildKitUnavailable,DockerPS.Commands.BuildDockerImageCommand'
            & docker images -q "${repository}:buildkit" | Should -BeNullOrEmpty
            return
        }
        # BuildKit's cache keys COPY by content alone: a layer cached by an earlier run would keep that run's file times.
        $image = Build-DockerImage $context -Tag "${repository}:buildkit" -BuildArgument $arguments -Target final -Label $label, 'built=dockerps' -BuildKit -NoCache -InformationVariable buildKitLog
        $image.Name | Should -Be "${repository}:buildkit"
        Get-ImageListing "${repository}:buildkit" | Should -Be (Get-ImageListing "${repository}:cli")
        (Get-ImageLabels "${repository}:buildkit")['stage'] | Should -Be 'final'
        @($buildKitLog.MessageData) -match '^#\d+ \[final \d+/\d+\] RUN echo final' | Should -Not -BeNullOrEmpty
    }

    It 'stops a -BuildKit build at a failing RUN with the step, its output and its exit code' -Skip:(Test-PodmanEngine) {
        $failing = New-Item -ItemType Directory -Path (Join-Path $root 'failing-buildkit')
        Set-Content -LiteralPath (Join-Path $failing 'Dockerfile') -Value "FROM $fixture`nRUN echo out-bk && exit 4`n"
        $failure = $null
        try { Build-DockerImage $failing -Tag "${repository}:buildkit-failed" -BuildKit } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -BeLike 'BuildFailed,*'
        $failure.Exception.Instruction | Should -Be 'RUN echo out-bk && exit 4'
        $failure.Exception.ExitCode | Should -Be 4
        $failure.Exception.Output | Should -Contain 'out-bk'
        & docker images -q "${repository}:buildkit-failed" | Should -BeNullOrEmpty
    }

    It 'builds another -Target, from a Dockerfile outside the context that the image does not get' {
        $outside = Join-Path $root 'Other.Dockerfile'
        Set-Content -LiteralPath $outside -Value (Get-Content -Raw (Join-Path $context 'Dockerfile'))
        Push-Location $root
        try {
            $other = Build-DockerImage -Path context -File Other.Dockerfile -Tag "${repository}:other" -BuildArgument $arguments -Target other -Label $label
        }
        finally {
            Pop-Location
        }
        $listing = Get-ImageListing $other.Name
        $listing[-1] | Should -Be 'other'
        "$listing" | Should -Not -Match '\.dockerfile\.'
        "$listing" | Should -Match './app.txt'
    }
}

Describe 'Build-DockerImage failures' -Tag 'AnyEngine' {
    BeforeAll {
        $onPodman = Test-PodmanEngine
        $failing = New-Item -ItemType Directory -Path (Join-Path $root 'failing')
    }

    It 'stops at a failing RUN with the step, its output and its exit code, and leaves no tag' {
        Set-Content -LiteralPath (Join-Path $failing 'Dockerfile') -Value "FROM $fixture`nARG RUN`nLABEL dockerps.test=`$RUN`nRUN echo out && echo oops >&2 && exit 3`n"
        $failure = $null
        try {
            Build-DockerImage $failing -Tag "${repository}:failed" -BuildArgument @{ RUN = $run } -InformationVariable log
        }
        catch {
            $failure = $_
        }
        $failure | Should -Not -BeNullOrEmpty
        $failure.FullyQualifiedErrorId | Should -BeLike 'BuildFailed,*'
        $failure.CategoryInfo.Category | Should -Be 'InvalidResult'
        $failure.Exception.Step | Should -Be 4
        $failure.Exception.StepCount | Should -Be 4
        $failure.Exception.Instruction | Should -Match 'RUN echo out && echo oops >&2 && exit 3'
        $failure.Exception.ExitCode | Should -Be 3
        $failure.Exception.Output | Should -Contain 'out'
        $failure.Exception.Output | Should -Contain 'oops'
        if (-not $onPodman) {
            $failure.Exception.EngineMessage | Should -Match "returned a non-zero code: 3"
        }
        $failure.TargetObject | Should -Be "${repository}:failed"
        & docker images -q "${repository}:failed" | Should -BeNullOrEmpty
    }

    It 'gives a Dockerfile the engine cannot read in the engine''s words' {
        Set-Content -LiteralPath (Join-Path $failing 'Dockerfile') -Value "FROM $fixture`nNOSUCHINSTRUCTION x`n"
        { Build-DockerImage $failing -Tag "${repository}:unparsed" -Label $label } |
            Should -Throw -ErrorId 'BuildFailed,DockerPS.Commands.BuildDockerImageCommand' -ExpectedMessage '*unknown instruction*NOSUCHINSTRUCTION*'
    }

    It 'gives a COPY of a file the context lacks in the engine''s words' {
        Set-Content -LiteralPath (Join-Path $failing 'Dockerfile') -Value "FROM $fixture`nARG RUN`nLABEL dockerps.test=`$RUN`nCOPY nothere /x`n"
        $failure = $null
        try { Build-DockerImage $failing -BuildArgument @{ RUN = $run } -Label $label } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -BeLike 'BuildFailed,*'
        $failure.CategoryInfo.Category | Should -Be 'InvalidData'
        $failure.Exception.Instruction | Should -Match 'COPY nothere /x'
        "$failure" | Should -Match 'nothere'
    }

    It 'refuses a context that does not exist before the engine is asked' {
        { Build-DockerImage (Join-Path $root 'nosuch') -Tag "${repository}:none" } | Should -Throw -ErrorId 'BuildContextNotFound,DockerPS.Commands.BuildDockerImageCommand'
    }
}

Describe 'New-DockerImage' -Tag 'AnyEngine' {
    It 'commits a container with -Change CMD, and the image runs it' {
        $container = New-TestContainer -Command 'sh', '-c', 'echo changed > /changed; sleep 3600'
        Invoke-DockerCli exec $container sh -c 'echo changed > /changed' | Out-Null
        $image = New-DockerImage $container -Tag "dps-$run/commit:1" -Change 'CMD ["/bin/echo","hi"]' -Message 'committed by DockerPS' -Author 'DockerPS tests'
        $image.Name | Should -Be "dps-$run/commit:1"
        Invoke-DockerCli run --rm --label $label "dps-$run/commit:1" | Should -Be 'hi'
        Invoke-DockerCli run --rm --label $label "dps-$run/commit:1" cat /changed | Should -Be 'changed'
        Invoke-DockerCli inspect --format '{{.Author}}|{{.Comment}}' "dps-$run/commit:1" | Should -Be 'DockerPS tests|committed by DockerPS'
    }

    It 'refuses a change commit does not take before the engine is asked' {
        $container = New-TestContainer -NoStart
        { New-DockerImage $container -Tag "dps-$run/commit:bad" -Change 'RUN true' } | Should -Throw -ErrorId 'InvalidChange,DockerPS.Commands.NewDockerImageCommand'
        & docker images -q "dps-$run/commit:bad" | Should -BeNullOrEmpty
    }
}

Describe 'Get-DockerImageHistory' -Tag 'AnyEngine' {
    It 'lists the layers as docker history --no-trunc does' {
        $image = "${repository}:history"
        Set-Content -LiteralPath (Join-Path $context 'Dockerfile.history') -Value "FROM $fixture`nARG RUN`nLABEL dockerps.test=`$RUN`nRUN echo layer > /layer`n"
        Build-DockerImage $context -File (Join-Path $context 'Dockerfile.history') -Tag $image -BuildArgument @{ RUN = $run } -Label $label | Out-Null
        $ours = @(Get-DockerImageHistory $image)
        $theirs = @(Invoke-DockerCli history --no-trunc --format '{{json .}}' $image | ForEach-Object { $_ | ConvertFrom-Json })
        $ours.Count | Should -Be $theirs.Count
        # Podman gives ids without their algorithm; DockerPS gives them one, as it does for its images.
        $ours.Id -replace '^sha256:' | Should -Be ($theirs.ID -replace '^sha256:')
        $ours.CreatedBy | Should -Be $theirs.CreatedBy
        $ours.Comment | Should -Be $theirs.Comment
        $ours | ForEach-Object { [DockerPS.Formatting.DisplayText]::Size($_.Size) } | Should -Be $theirs.Size
        if (-not (Test-PodmanEngine)) {
            # Podman's history names no tags.
            $ours[0].Tags | Should -Contain $image
        }
        $ours[0].ImageId | Should -Be (Invoke-DockerCli inspect --format '{{.Id}}' $image)
        ($ours | Format-Table | Out-String -Width 200) | Should -Match 'IMAGE\s+CREATED\s+CREATED BY\s+SIZE\s+COMMENT'
    }

    It 'reads images from the pipeline and says which one is missing' {
        $entries = Get-DockerImage $fixture | Get-DockerImageHistory
        $entries.Count | Should -BeGreaterThan 0
        Get-DockerImageHistory "dps-$run/nosuch:1" -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ImageNotFound,*'
    }
}
