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

# build.ps1 compiles the assemblies a first call loads ahead of time, for each platform PowerShell 7 runs on, into
# bin/ReadyToRun/<platform>/; the load context runs this platform's images, and the IL where it has none.
Describe 'ReadyToRun images (PowerShell 7)' {
    BeforeAll {
        $moduleFolder = Split-Path $env:DOCKERPS_MODULE_PATH
        $bin = Join-Path $moduleFolder 'bin'
        $architecture = [System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString().ToLowerInvariant()
        $platform = ($IsWindows ? 'win' : $IsMacOS ? 'osx' : 'linux') + '-' + $architecture
        $loadedLocations = @'
Get-DockerImage -Name 'no-such-image-*' | Out-Null
[System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext([DockerPS.DockerImage].Assembly).Assemblies |
    ForEach-Object { 'loaded ' + $_.Location }
'@
        # The PE machine a ReadyToRun image names: the architecture's, xor a constant for the operating system
        # (none for Windows), so that no runtime takes another system's image for its own.
        function Get-ReadyToRunMachine([string] $Platform) {
            $os, $cpu = $Platform -split '-'
            @{ x64 = 0x8664; arm64 = 0xAA64 }[$cpu] -bxor @{ win = 0; linux = 0x7B79; osx = 0x4644 }[$os]
        }
        function Read-PEHeader([string] $Path) {
            $reader = [System.Reflection.PortableExecutable.PEReader]::new([IO.File]::OpenRead($Path))
            try {
                [pscustomobject]@{
                    Machine = [int]$reader.PEHeaders.CoffHeader.Machine -band 0xFFFF
                    HasNativeCode = $reader.PEHeaders.CorHeader.ManagedNativeHeaderDirectory.Size -gt 0
                }
            }
            finally {
                $reader.Dispose()
            }
        }
    }

    It 'ships the same assemblies for each platform, each compiled for its own machine, beside their IL' {
        $folders = Get-ChildItem (Join-Path $bin 'ReadyToRun') -Directory
        $folders.Name | Sort-Object | Should -Be @('linux-arm64', 'linux-x64', 'osx-arm64', 'osx-x64', 'win-arm64', 'win-x64')
        $names = (Get-ChildItem (Join-Path $bin "ReadyToRun/$platform") -Filter *.dll).Name | Sort-Object
        $names | Should -Contain 'DockerPS.dll'
        $names | Should -Contain 'Docker.DotNet.dll'
        foreach ($folder in $folders) {
            $images = Get-ChildItem $folder.FullName -Filter *.dll
            ($images.Name | Sort-Object) | Should -Be $names -Because "$($folder.Name) holds what every platform holds"
            foreach ($image in $images) {
                Join-Path $bin $image.Name | Should -Exist
                $header = Read-PEHeader $image.FullName
                $header.HasNativeCode | Should -BeTrue -Because "$($folder.Name)/$($image.Name) is compiled ahead of time"
                '0x{0:X4}' -f $header.Machine | Should -Be ('0x{0:X4}' -f (Get-ReadyToRunMachine $folder.Name)) -Because "$($folder.Name)/$($image.Name) is for $($folder.Name)"
            }
        }
    }

    It 'runs this platform''s images, one for every assembly a call loads from the module' {
        $loaded = @(Invoke-ChildPwsh -Script $loadedLocations | Where-Object { $_ -like 'loaded *' } | ForEach-Object { $_.Substring(7) })
        $loaded | Should -Contain (Join-Path $bin "ReadyToRun/$platform/DockerPS.dll")
        $loaded | Should -Contain (Join-Path $bin "ReadyToRun/$platform/Docker.DotNet.dll")
        $loaded | Where-Object { (Split-Path $_) -ne (Join-Path $bin "ReadyToRun/$platform") } | Should -BeNullOrEmpty
    }
}

# A scheduled script pays for every module the import brings in: DockerPS's import and its calls, shown as the
# console shows them, load no module besides DockerPS (Join-Path in DockerPS.psm1 once loaded
# Microsoft.PowerShell.Management, about 70 ms of every start).
Describe 'Modules an import brings (PowerShell 7)' {
    It 'loads no other module, for the import or for calls shown in the console' {
        $script = @"
Get-DockerImage -Name '$(Get-FixtureImage)'
Get-DockerContainer -All -Label 'dockerps.test=none'
'modules ' + ((Get-Module).Name -join ',')
"@
        $output = Invoke-ChildPwsh -Script $script
        $output | Should -Contain "modules DockerPS"
        ($output -join "`n") | Should -Match ([regex]::Escape(((Get-FixtureImage) -split ':')[0]))
    }
}
