BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $onPodman = Test-PodmanEngine
    # This machine's runc may lack the capabilities a privileged container needs; the docker CLI says whether it can run one.
    $privilegedRuns = $false
    if (-not $onPodman -and $env:DOCKERPS_TEST_HOST) {
        & docker --host $env:DOCKERPS_TEST_HOST run --rm --privileged (Get-FixtureImage) true *> $null
        $privilegedRuns = $LASTEXITCODE -eq 0
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Initialize-DockerPSTest
    $run = Get-TestRunId
    $label = Get-TestLabel
    $image = Get-FixtureImage
    $folder = New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "dps-runtime-$run-$(Get-Random)")

    function New-OurContainer {
        param([hashtable] $Option = @{}, [string[]] $Command = @('sleep', '3600'), [switch] $NoStart)
        $name = "dps-$run-rt-$([guid]::NewGuid().ToString('n').Substring(0, 6))"
        $null = New-DockerContainer $image -Name $name -Command $Command -Label $label -NoStart:$NoStart @Option
        $name
    }
    function Invoke-Inside([string] $Name, [string] $Script) {
        (Invoke-DockerCli exec $Name sh -c $Script) -join "`n"
    }
    # The effective capabilities of the container's processes, as a number.
    function Get-Capabilities([string] $Name) {
        $hex = (Invoke-Inside $Name 'grep CapEff /proc/self/status') -replace '^CapEff:\s*', ''
        [Convert]::ToUInt64($hex.Trim(), 16)
    }
}

AfterAll {
    Remove-TestObject
    Remove-Item -Recurse -Force $folder -ErrorAction SilentlyContinue
}

Describe 'New-DockerContainer with the runtime options of docker run' -Tag 'AnyEngine' {
    It 'adds and drops capabilities: NET_ADMIN is there, CHOWN is not, and chown fails' {
        $name = New-OurContainer @{ CapabilityAdd = 'net_admin'; CapabilityDrop = 'CHOWN' }
        $capabilities = Get-Capabilities $name
        $capabilities -band (1 -shl 12) | Should -Not -Be 0 -Because 'CAP_NET_ADMIN is bit 12'
        $capabilities -band 1 | Should -Be 0 -Because 'CAP_CHOWN is bit 0'
        Invoke-Inside $name 'touch /tmp/f; chown 1 /tmp/f 2>&1; echo rc=$?' | Should -Match 'rc=1'
    }

    It 'mounts the root file system read-only, a tmpfs still writable' {
        $name = New-OurContainer @{ ReadOnly = $true; Tmpfs = '/scratch' }
        Invoke-Inside $name 'touch /x 2>&1; echo rc=$?' | Should -Match 'Read-only file system[\s\S]*rc=1'
        Invoke-Inside $name 'touch /scratch/x && echo written' | Should -Be 'written'
    }

    It 'records the resource limits as docker inspect shows them' {
        # Podman's runc here cannot set rlimits at start (nor from the docker CLI), so this one is not started.
        $name = New-OurContainer -NoStart @{ Ulimit = 'nofile=1024:2048', 'core=0' }
        # Podman names them RLIMIT_NOFILE and adds its own nproc limit.
        $limits = (Get-DockerCliInspect $name).HostConfig.Ulimits | ForEach-Object { "$($_.Name.ToLowerInvariant() -replace '^rlimit_'):$($_.Soft):$($_.Hard)" }
        $limits | Should -Contain 'core:0:0'
        $limits | Should -Contain 'nofile:1024:2048'
    }

    It 'reads environment and label files from the current location, the options given one by one winning' {
        Push-Location $folder
        try {
            Set-Content app.env "# settings`nMODE=file`nSPACED=a b`nFROM_SESSION`n"
            Set-Content app.labels "team=file`ntier`n"
            $env:FROM_SESSION = 'here'
            $name = New-OurContainer @{ EnvironmentFile = './app.env'; Environment = @{ MODE = 'given' }; LabelFile = 'app.labels' }
        }
        finally {
            Pop-Location
            Remove-Item Env:FROM_SESSION
        }
        $inspect = Get-DockerCliInspect $name
        $inspect.Config.Env | Should -Contain 'MODE=given'
        $inspect.Config.Env | Should -Contain 'SPACED=a b'
        $inspect.Config.Env | Should -Contain 'FROM_SESSION=here'
        Invoke-Inside $name 'echo $MODE' | Should -Be 'given'
        $inspect.Config.Labels.team | Should -Be 'file'
        $inspect.Config.Labels.tier | Should -Be ''
    }

    It 'keeps the container from gaining privileges with no-new-privileges' {
        $name = New-OurContainer @{ SecurityOption = 'no-new-privileges' }
        Invoke-Inside $name 'grep NoNewPrivs /proc/self/status' | Should -Match 'NoNewPrivs:\s+1'
    }

    It 'adds groups to the user' {
        $name = New-OurContainer @{ GroupAdd = '123', '456' }
        (Invoke-Inside $name 'id -G') -split ' ' | Should -Contain '456'
    }

    It 'creates nothing for an option the docker CLI would refuse' {
        $name = "dps-$run-rt-refused"
        { New-DockerContainer $image -Name $name -Ulimit 'nofile=3:2' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidUlimit,DockerPS.Commands.NewDockerContainerCommand'
        { New-DockerContainer $image -Name $name -Sysctl 'kernel.hostname=x' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidSysctl,DockerPS.Commands.NewDockerContainerCommand'
        { New-DockerContainer $image -Name $name -CapabilityAdd 'fly' -ErrorAction Stop } | Should -Throw '*unknown capability: "CAP_FLY"*'
        & docker ps -aq --filter "name=^$name$" | Should -BeNullOrEmpty
    }
}

Describe 'New-DockerContainer with the runtime options, against docker run' -Tag 'AnyDockerd' {
    It 'makes the HostConfig docker create makes from the same options' {
        Set-Content (Join-Path $folder 'seccomp.json') '{ "defaultAction": "SCMP_ACT_ALLOW" }'
        Push-Location $folder
        try {
            $ours = New-OurContainer -NoStart @{
                CapabilityAdd = 'SYS_TIME'; CapabilityDrop = 'MKNOD'; Device = '/dev/null:/dev/mynull:r'; Init = $true; ReadOnly = $true
                Ulimit = 'nofile=1024:2048', 'core=0'; ShmSize = '32m'; LogDriver = 'json-file'; LogOption = @{ 'max-size' = '1m' }
                SecurityOption = 'no-new-privileges', 'seccomp=seccomp.json'; Sysctl = 'net.ipv4.ip_forward=1'; IpcMode = 'shareable'
                GroupAdd = '123'; PidsLimit = 77; Memory = '64m'; OomKillDisable = $true; Expose = '7000-7001/udp'; StopSignal = 'SIGQUIT'; StopTimeout = 7
            }
            $cli = "dps-$run-rt-cli"
            Invoke-DockerCli create --label $label --name $cli --cap-add SYS_TIME --cap-drop MKNOD --device /dev/null:/dev/mynull:r --init --read-only `
                --ulimit nofile=1024:2048 --ulimit core=0 --shm-size 32m --log-driver json-file --log-opt max-size=1m `
                --security-opt no-new-privileges --security-opt seccomp=seccomp.json --sysctl net.ipv4.ip_forward=1 --ipc shareable `
                --group-add 123 --pids-limit 77 --memory 64m --oom-kill-disable --expose 7000-7001/udp --stop-signal SIGQUIT --stop-timeout 7 `
                $image sleep 3600 | Out-Null
        }
        finally {
            Pop-Location
        }
        $fields = 'CapAdd', 'CapDrop', 'Devices', 'Init', 'ReadonlyRootfs', 'Ulimits', 'ShmSize', 'LogConfig', 'SecurityOpt', 'Sysctls', 'IpcMode', 'GroupAdd', 'PidsLimit', 'OomKillDisable'
        $mine = (Get-DockerCliInspect $ours).HostConfig | Select-Object $fields | ConvertTo-Json -Depth 5
        $theirs = (Get-DockerCliInspect $cli).HostConfig | Select-Object $fields | ConvertTo-Json -Depth 5
        $mine | Should -Be $theirs
        $mine | Should -Match 'SCMP_ACT_ALLOW' -Because 'the seccomp profile is sent as its content'
        $config = 'ExposedPorts', 'StopSignal', 'StopTimeout'
        (Get-DockerCliInspect $ours).Config | Select-Object $config | ConvertTo-Json | Should -Be ((Get-DockerCliInspect $cli).Config | Select-Object $config | ConvertTo-Json)
    }

    It 'runs an init process as PID 1' {
        $name = New-OurContainer @{ Init = $true }
        Invoke-Inside $name 'cat /proc/1/comm' | Should -Be 'docker-init'
    }

    It 'gives the container the host device under the name asked' {
        $name = New-OurContainer @{ Device = '/dev/null:/dev/mynull:r' }
        Invoke-Inside $name 'ls -l /dev/mynull' | Should -Match '^c.*\b1,\s+3\b'
        (Get-DockerCliInspect $name).HostConfig.Devices[0].CgroupPermissions | Should -Be 'r'
    }

    It 'gives the process its open-files limit, soft and hard' {
        $name = New-OurContainer @{ Ulimit = 'nofile=1024:2048' }
        # The container's process, PID 1: a process docker exec starts gets a soft limit as high as the hard one
        # from runc builds whose Go runtime raises it (docker run --ulimit shows the same).
        Invoke-Inside $name 'grep "Max open files" /proc/1/limits' | Should -Match '^Max open files\s+1024\s+2048\s+files'
    }

    It 'sizes /dev/shm and limits the processes' {
        $name = New-OurContainer @{ ShmSize = '32m'; PidsLimit = 77 }
        Invoke-Inside $name 'df -k /dev/shm | tail -1' | Should -Match '\s32768\s'
        Invoke-Inside $name 'cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max' | Should -Be '77'
    }

    It 'creates a privileged container as docker create --privileged does' {
        $name = New-OurContainer -NoStart @{ Privileged = $true }
        (Get-DockerCliInspect $name).HostConfig.Privileged | Should -BeTrue
    }

    It 'gives every capability to a privileged container' -Skip:(-not $privilegedRuns) {
        $plain = New-OurContainer
        $privileged = New-OurContainer @{ Privileged = $true }
        Get-Capabilities $privileged | Should -BeGreaterThan (Get-Capabilities $plain)
    }

    It 'stops with the stop signal it was given' {
        # The shell exits 3 on SIGQUIT and ignores SIGTERM: stopped with SIGTERM it would be killed (137).
        $name = New-OurContainer -Command 'sh', '-c', 'trap "exit 3" QUIT; trap "" TERM; while true; do sleep 1; done' @{ StopSignal = 'SIGQUIT' }
        Stop-DockerContainer $name -Timeout 10
        (Get-DockerCliInspect $name).State.ExitCode | Should -Be 3
    }

    It 'sets the namespaced sysctl inside the container' {
        $name = New-OurContainer @{ Sysctl = 'net.ipv4.ip_forward=1' }
        Invoke-Inside $name 'cat /proc/sys/net/ipv4/ip_forward' | Should -Be '1'
    }

    It 'shares another container''s process namespace with -PidMode container:NAME, and the host''s name with -UtsMode host' {
        $first = New-OurContainer -Command 'sh', '-c', 'exec sleep 3601'
        $second = New-OurContainer @{ PidMode = "container:$first"; UtsMode = 'host' }
        Invoke-Inside $second 'ps -o args' | Should -Match 'sleep 3601'
        Invoke-Inside $second 'hostname' | Should -Be ([System.Net.Dns]::GetHostName())
    }

    It 'refuses an image of another platform, in the engine''s words, and runs one of its own' {
        { New-OurContainer @{ Platform = 'linux/arm64' } -NoStart } | Should -Throw '*does not match the specified platform*'
        $name = New-OurContainer @{ Platform = 'linux/amd64' } -NoStart
        (Get-DockerCliInspect $name).Name | Should -Be "/$name"
    }
}
