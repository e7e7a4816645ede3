# How the engine is chosen (as the docker CLI chooses it) and what happens when it cannot be reached.
# Each case runs in a fresh pwsh with its own environment, since the module caches one client per engine.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Initialize-DockerPSTest
    $run = Get-TestRunId
    $config = Join-Path ([IO.Path]::GetTempPath()) "dockerps-config-$run"
    New-Item -ItemType Directory -Force $config | Out-Null
    $bogus = 'unix:///nonexistent/dockerps.sock'

    # Contexts made by the docker CLI itself, in a private DOCKER_CONFIG: the CLI is the oracle for the store.
    function Invoke-ContextCli {
        $saved = $env:DOCKER_CONFIG
        try {
            $env:DOCKER_CONFIG = $config
            Invoke-DockerCli @args
        }
        finally {
            $env:DOCKER_CONFIG = $saved
        }
    }
    Invoke-ContextCli context create dps-good --docker "host=$($env:DOCKERPS_TEST_HOST)" | Out-Null
    Invoke-ContextCli context create dps-bogus --docker "host=$bogus" | Out-Null

    $report = "`$e = (Get-DockerImage -Name '$(Get-FixtureImage)').Endpoint; 'endpoint ' + `$e.Address + ' ' + `$e.Context + ' ' + `$e.Source"
    $clean = @{ DOCKER_HOST = $null; DOCKER_CONTEXT = $null; DOCKER_CONFIG = $config; DOCKER_TLS_VERIFY = $null }
    function Invoke-Resolution([hashtable] $Environment, [string] $Script = $report) {
        $merged = $clean.Clone()
        foreach ($key in $Environment.Keys) { $merged[$key] = $Environment[$key] }
        Invoke-ChildPwsh -Script "try { $Script } catch { 'error ' + `$_.FullyQualifiedErrorId + ' | ' + `$_.CategoryInfo.Category + ' | ' + `$_ }" -Environment $merged
    }
    function Set-CurrentContext([string] $Name) {
        Invoke-ContextCli context use $Name *> $null
    }
}

AfterAll {
    Remove-TestObject
    Remove-Item $config -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Engine resolution order' {
    AfterEach { Set-CurrentContext default }

    It 'uses DOCKER_HOST first' {
        Set-CurrentContext dps-bogus
        Invoke-Resolution @{ DOCKER_HOST = $env:DOCKERPS_TEST_HOST; DOCKER_CONTEXT = 'dps-bogus' } |
            Should -Contain "endpoint $($env:DOCKERPS_TEST_HOST)  DockerHostVariable"
    }

    It 'uses DOCKER_CONTEXT before the current context of config.json' {
        Set-CurrentContext dps-bogus
        Invoke-Resolution @{ DOCKER_CONTEXT = 'dps-good' } |
            Should -Contain "endpoint $($env:DOCKERPS_TEST_HOST) dps-good DockerContextVariable"
    }

    It 'uses the current context of config.json, written by docker context use' {
        Set-CurrentContext dps-good
        Invoke-Resolution @{} | Should -Contain "endpoint $($env:DOCKERPS_TEST_HOST) dps-good CurrentContext"
    }

    It 'finds config.json through DOCKER_CONFIG' {
        Set-CurrentContext dps-bogus
        $output = Invoke-Resolution @{}
        $output | Should -Match '^error EngineUnreachable,'
        $output | Should -Match ([regex]::Escape("Cannot connect to the Docker daemon at $bogus. Is the docker daemon running?"))
    }

    It 'lets -Context and -HostAddress override the environment' {
        Invoke-Resolution @{ DOCKER_HOST = $bogus } -Script "'endpoint ' + (Get-DockerImage -Context dps-good -Name '$(Get-FixtureImage)').Endpoint.Context" |
            Should -Contain 'endpoint dps-good'
        Invoke-Resolution @{ DOCKER_CONTEXT = 'dps-bogus' } -Script "'endpoint ' + (Get-DockerImage -HostAddress '$($env:DOCKERPS_TEST_HOST)' -Name '$(Get-FixtureImage)').Endpoint.Source" |
            Should -Contain 'endpoint HostParameter'
    }

    It 'refuses -Context together with -HostAddress' {
        Invoke-Resolution @{} -Script "Get-DockerImage -Context dps-good -HostAddress '$($env:DOCKERPS_TEST_HOST)'" |
            Should -Match '^error ConflictingEndpointOptions,DockerPS.Commands.GetDockerImageCommand \| InvalidArgument \| Conflicting options'
    }

    It 'names a context that does not exist' {
        Invoke-Resolution @{ DOCKER_CONTEXT = 'dps-missing' } |
            Should -Match '^error ContextNotFound,.* \| ObjectNotFound \| context "dps-missing" does not exist'
    }

    It 'refuses an ssh:// address with a password, without repeating it' {
        Invoke-Resolution @{ DOCKER_HOST = 'ssh://user:hunter2@example.invalid' } |
            Should -Match '^error InvalidHostAddress,.* \| InvalidArgument \| .*plain-text password is not supported'
        Invoke-Resolution @{ DOCKER_HOST = 'ssh://user:hunter2@example.invalid' } | Should -Not -Match 'hunter2'
    }
}

Describe 'An engine that cannot be reached' {
    It 'is one terminating ConnectionError in the docker CLI''s words' {
        $script = @"
`$errors = @()
try { Get-DockerContainer -HostAddress '$bogus' -Name a, b, c } catch { `$errors += `$_ }
'count ' + `$errors.Count + ' ' + `$Error.Count
'category ' + `$errors[0].CategoryInfo.Category
'id ' + `$errors[0].FullyQualifiedErrorId
'message ' + `$errors[0]
"@
        $output = Invoke-Resolution @{} -Script $script
        $output | Should -Contain 'count 1 1'
        $output | Should -Contain 'category ConnectionError'
        $output | Should -Contain 'id EngineUnreachable,DockerPS.Commands.GetDockerContainerCommand'
        $output | Should -Contain "message Cannot connect to the Docker daemon at $bogus. Is the docker daemon running?"
    }

    It 'is reported for a closed tcp:// port too' {
        Invoke-Resolution @{ DOCKER_HOST = 'tcp://127.0.0.1:1' } |
            Should -Match '^error EngineUnreachable,.* \| ConnectionError \| Cannot connect to the Docker daemon at tcp://127.0.0.1:1\. Is the docker daemon running\?'
    }
}

Describe 'API version' -Tag 'AnyEngine' {
    It 'speaks the newest version both sides know, and says so in -Verbose' {
        $engineApi = Invoke-DockerCli version --format '{{.Server.APIVersion}}'
        $expected = [version]$engineApi -lt [version]'1.54' ? $engineApi : '1.54'
        Invoke-Resolution @{ DOCKER_HOST = $env:DOCKERPS_TEST_HOST } -Script "Get-DockerImage -Name '$(Get-FixtureImage)' -Verbose 4>&1 | Where-Object { `$_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message" |
            Should -Match ", API $([regex]::Escape($expected))\.$"
    }

    It 'uses the version DOCKER_API_VERSION pins' {
        $output = Invoke-Resolution @{ DOCKER_HOST = $env:DOCKERPS_TEST_HOST; DOCKER_API_VERSION = '1.40' } -Script "@(Get-DockerImage -Name '$(Get-FixtureImage)' -Verbose 4>&1 | ForEach-Object { if (`$_ -is [System.Management.Automation.VerboseRecord]) { `$_.Message } else { 'image ' + `$_.Name } })"
        $output | Should -Contain "image $(Get-FixtureImage)"
        ($output -match ', API 1\.40\.$').Count | Should -Be 1
    }

    It 'runs, reads and removes a container with DOCKER_API_VERSION=1.41 pinned, on newer engines too' {
        # Engines from API 1.44 answer 1.41 in its own shape (the top-level NetworkSettings addresses, Config.MacAddress),
        # and take the create body of 1.41.
        $name = "dps-$run-pinned"
        $pinned = @{ DOCKER_HOST = $env:DOCKERPS_TEST_HOST; DOCKER_API_VERSION = '1.41' }
        $script = @"
New-DockerContainer '$(Get-FixtureImage)' -Name $name -Label '$(Get-TestLabel)' -Command sleep, 600 -Verbose 4>&1 |
    ForEach-Object { if (`$_ -is [System.Management.Automation.VerboseRecord]) { 'verbose ' + `$_.Message } else { 'id ' + `$_.Id } }
`$detailed = Get-DockerContainer $name -Detailed
'state ' + `$detailed.State
foreach (`$network in `$detailed.Networks.Keys) { 'network ' + `$network + ' ' + `$detailed.Networks[`$network].IPAddress }
"@
        $output = Invoke-Resolution $pinned -Script $script
        ($output -match ', API 1\.41\.$').Count | Should -Be 1 -Because "$output"
        $id = ($output -match '^id ') -replace '^id '
        $cli = Get-DockerCliInspect $name
        $id | Should -Be $cli.Id
        $output | Should -Contain 'state running'
        $addresses = $cli.NetworkSettings.Networks.PSObject.Properties | ForEach-Object { "network $($_.Name) $($_.Value.IPAddress)" }
        @($output -match '^network ') | Should -Be @($addresses)

        Invoke-Resolution $pinned -Script "Remove-DockerContainer $name -Force; 'removed'" | Should -Contain 'removed'
        Invoke-DockerCli ps -aq --filter "name=^/?$name$" | Should -BeNullOrEmpty
    }

    It 'refuses a pinned version that is not a version' {
        Invoke-Resolution @{ DOCKER_HOST = $env:DOCKERPS_TEST_HOST; DOCKER_API_VERSION = 'latest' } |
            Should -Match "^error InvalidApiVersion,.* \| InvalidArgument \| DOCKER_API_VERSION='latest' is not an API version"
    }
}

Describe 'Stopping early' {
    It 'stops cleanly when downstream has enough (Select-Object -First)' {
        $output = Invoke-Resolution @{ DOCKER_HOST = $env:DOCKERPS_TEST_HOST } -Script "'first ' + (Get-DockerImage | Select-Object -First 1).Name; 'errors ' + `$Error.Count"
        $output | Should -Contain 'errors 0'
        ($output -match '^first \S+').Count | Should -Be 1
    }
}
