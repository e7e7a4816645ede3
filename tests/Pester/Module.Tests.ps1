# The module as a whole: its manifest, its verbs, and the package an administrator installs.
BeforeAll {
    Import-Module $env:DOCKERPS_MODULE_PATH -Force -Global
    $manifest = Import-PowerShellDataFile $env:DOCKERPS_MODULE_PATH
    $module = Get-Module DockerPS
}

Describe 'Module manifest' {
    It 'exports its cmdlets by name, and exactly the ones the assembly has' {
        $manifest.CmdletsToExport | Should -Not -Contain '*'
        $manifest.CmdletsToExport | Sort-Object | Should -Be (@($module.ExportedCmdlets.Keys) | Sort-Object)
        $manifest.FunctionsToExport.Count | Should -Be 0
    }

    It 'answers to the docker words pull and push, as aliases the manifest exports' {
        $manifest.AliasesToExport | Sort-Object | Should -Be @('Pull-DockerImage', 'Push-DockerImage')
        (Get-Alias Pull-DockerImage).ResolvedCommandName | Should -Be 'Request-DockerImage'
        (Get-Alias Push-DockerImage).ResolvedCommandName | Should -Be 'Submit-DockerImage'
        @($module.ExportedAliases.Keys) | Sort-Object | Should -Be @('Pull-DockerImage', 'Push-DockerImage')
    }

    It 'shows no parameter it does not document: objects from the pipeline bring their engine themselves' {
        foreach ($cmdlet in $module.ExportedCmdlets.Values) {
            $cmdlet.Parameters.Keys | Should -Not -Contain 'Endpoint' -Because $cmdlet.Name
            (Get-Command $cmdlet.Name -Syntax) | Should -Not -Match 'Endpoint' -Because $cmdlet.Name
        }
    }

    It 'uses approved verbs only' {
        $approved = (Get-Verb).Verb
        $module.ExportedCmdlets.Values | Where-Object Verb -notin $approved | Should -BeNullOrEmpty
    }

    It 'names its format file, editions, PowerShell version, tags, links and release notes' {
        $manifest.FormatsToProcess | Should -Be 'DockerPS.Format.ps1xml'
        $manifest.CompatiblePSEditions | Sort-Object | Should -Be @('Core', 'Desktop')
        $manifest.PowerShellVersion | Should -Be '5.1'
        $manifest.PrivateData.PSData.Tags | Should -Contain 'Docker'
        $manifest.PrivateData.PSData.ProjectUri | Should -Match '^https://'
        $manifest.PrivateData.PSData.LicenseUri | Should -Match '^https://'
        $manifest.PrivateData.PSData.ReleaseNotes | Should -Not -BeNullOrEmpty
    }

    It 'carries the version of the assembly' {
        $assembly = [DockerPS.DockerContainer].Assembly.GetName().Version
        "$($assembly.Major).$($assembly.Minor).$($assembly.Build)" | Should -Be $manifest.ModuleVersion
    }

    It 'declares an output type on every cmdlet' {
        $module.ExportedCmdlets.Values | Where-Object { -not $_.OutputType } | Should -BeNullOrEmpty
    }

    It 'supports ShouldProcess on every cmdlet that changes state' {
        $changing = $module.ExportedCmdlets.Values | Where-Object Verb -in 'New', 'Remove', 'Start', 'Stop', 'Restart', 'Suspend', 'Resume', 'Add', 'Submit', 'Request', 'Save', 'Import', 'Use', 'Invoke'
        $changing | Where-Object { -not $_.Parameters.ContainsKey('WhatIf') } | ForEach-Object Name | Should -BeNullOrEmpty
        $module.ExportedCmdlets.Values | Where-Object Verb -eq 'Remove' | ForEach-Object {
            $_.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be 'High' -Because $_.Name
        }
    }
}

Describe 'Package' {
    It 'installs from a folder repository with Install-PSResource and imports by name in a fresh pwsh' {
        $package = Get-ChildItem (Join-Path $PSScriptRoot '../../output/repository') -Filter "DockerPS.$($manifest.ModuleVersion).nupkg" -ErrorAction Ignore
        $package | Should -Not -BeNullOrEmpty -Because 'build.ps1 -Task Test packages the module first'
        $root = Join-Path ([IO.Path]::GetTempPath()) "dps-package-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
        $modules = Join-Path $root 'Modules'
        New-Item -ItemType Directory -Force $modules | Out-Null
        try {
            $script = @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name dps-test-local -Uri '$($package.DirectoryName)' -Trusted
try {
    Save-PSResource -Name DockerPS -Repository dps-test-local -Path '$modules' -TrustRepository -SkipDependencyCheck
}
finally {
    Unregister-PSResourceRepository -Name dps-test-local
}
`$env:PSModulePath = '$modules' + [IO.Path]::PathSeparator + `$env:PSModulePath
Import-Module DockerPS
'version ' + (Get-Module DockerPS).Version
'base ' + (Get-Module DockerPS).ModuleBase
'cmdlets ' + (Get-Command -Module DockerPS -CommandType Cmdlet).Count
"@
            $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
            $output = & $pwsh -NoProfile -NonInteractive -Command $script 2>&1 | ForEach-Object { "$_" }
            $output | Should -Contain "version $($manifest.ModuleVersion)"
            ($output | Where-Object { $_ -like 'base *' }) | Should -BeLike "base $modules*"
            $output | Should -Contain "cmdlets $($module.ExportedCmdlets.Count)"
        }
        finally {
            Remove-Item $root -Recurse -Force -ErrorAction Ignore
        }
    }
}
