# In PowerShell 7 DockerPS keeps its dependencies in an AssemblyLoadContext of its own: another module's
# versions of Microsoft.Extensions.Logging.Abstractions or Docker.DotNet, loaded before or after DockerPS,
# must leave both working. Each case runs in a fresh pwsh, since loaded assemblies cannot be unloaded.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Initialize-DockerPSTest
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path $HOME '.nuget/packages' }
    # What "another module" ships: older versions than DockerPS's own (Logging 8.0, Docker.DotNet 4.3).
    $otherLogging = Join-Path $packages 'microsoft.extensions.logging.abstractions/6.0.0/lib/netstandard2.0/Microsoft.Extensions.Logging.Abstractions.dll'
    $otherDocker = Join-Path $packages 'docker.dotnet/3.125.15/lib/netstandard2.0/Docker.DotNet.dll'
    $loadOther = "Add-Type -LiteralPath '$otherLogging'; Add-Type -LiteralPath '$otherDocker';"
    $useOther = @'
$logger = [Microsoft.Extensions.Logging.Abstractions.NullLogger]::Instance
'logging ' + $logger.GetType().Assembly.GetName().Version
$client = [Docker.DotNet.DockerClientConfiguration]::new([uri]$env:DOCKERPS_TEST_HOST).CreateClient()
'other-docker ' + $client.System.GetVersionAsync().GetAwaiter().GetResult().ApiVersion;
'@
    $useDockerPS = "'dockerps ' + @(Get-DockerImage -Name '$(Get-FixtureImage)').Count;"
}

Describe 'Dependency isolation (PowerShell 7)' {
    It 'imports and works after another version of its dependencies was loaded' {
        $output = Invoke-ChildPwsh -Script ($loadOther + $useDockerPS + $useOther)
        $output | Should -Contain 'dockerps 1'
        $output | Should -Contain 'logging 6.0.0.0'
        $output | Should -Contain "other-docker $((Invoke-DockerCli version --format '{{.Server.APIVersion}}'))"
    }

    It 'leaves another version of its dependencies loadable and working afterwards' {
        $output = Invoke-ChildPwsh -Script ($useDockerPS + $loadOther + $useOther + $useDockerPS)
        ($output | Where-Object { $_ -eq 'dockerps 1' }).Count | Should -Be 2
        $output | Should -Contain 'logging 6.0.0.0'
        ($output -match '^other-docker 1\.\d+$').Count | Should -Be 1
    }

    It 'keeps its own copies apart from the session''s' {
        $script = @'
Get-DockerImage -Name 'no-such-image-*' | Out-Null
$context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext([DockerPS.DockerImage].Assembly)
'context ' + $context.Name
'default-has-docker ' + [bool]([System.Runtime.Loader.AssemblyLoadContext]::Default.Assemblies | Where-Object { $_.GetName().Name -eq 'Docker.DotNet' })
'module-has-docker ' + [bool]($context.Assemblies | Where-Object { $_.GetName().Name -eq 'Docker.DotNet' })
'@
        $output = Invoke-ChildPwsh -Script $script
        $output | Should -Contain 'context DockerPS'
        $output | Should -Contain 'default-has-docker False'
        $output | Should -Contain 'module-has-docker True'
    }
}
