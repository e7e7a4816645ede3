# The built help: every exported cmdlet has help of its own (not the syntax-only text PowerShell makes up
# when it finds no help file), and about_DockerPS is found. Needs no engine.
BeforeDiscovery {
    Import-Module $env:DOCKERPS_MODULE_PATH -Force -Global
    $cmdlets = @(Get-Command -Module DockerPS -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    Import-Module $env:DOCKERPS_MODULE_PATH -Force -Global
}

Describe 'Help for <Name>' -ForEach $cmdlets {
    BeforeAll {
        $help = Get-Help $Name -Full
        $common = [System.Management.Automation.Cmdlet]::CommonParameters
        # What the help must describe: the parameters a user sees, neither common nor hidden (DontShow).
        $visible = @((Get-Command $Name).Parameters.Values | Where-Object {
                $_.Name -notin $common -and -not ($_.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow })
            })
        function Get-Text($Node) { ($Node.Text -join ' ').Trim() }
    }

    It 'has a synopsis of its own, not the generated syntax' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis.Trim() | Should -Not -BeLike "$Name *"
        $help.Synopsis | Should -Not -Match '<CommonParameters>'
    }

    It 'has a description' {
        Get-Text $help.description | Should -Not -BeNullOrEmpty
    }

    It 'has at least two examples, each with code that parses and an explanation' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $examples) {
            $errors = $null
            [void][System.Management.Automation.Language.Parser]::ParseInput($example.code, [ref] $null, [ref] $errors)
            $errors | Should -BeNullOrEmpty -Because $example.title
            Get-Text $example.remarks | Should -Not -BeNullOrEmpty -Because $example.title
        }
    }

    It 'describes exactly the parameters that are neither common nor hidden' {
        @($help.parameters.parameter.name | Sort-Object) | Should -Be @($visible.Name | Sort-Object)
        foreach ($parameter in $help.parameters.parameter) {
            Get-Text $parameter.description | Should -Not -BeNullOrEmpty -Because "-$($parameter.name) needs a description"
        }
    }

    It 'states position, pipeline input, aliases and wildcards as the compiled cmdlet declares them' {
        foreach ($parameter in $visible) {
            $entry = $help.parameters.parameter | Where-Object name -EQ $parameter.Name
            $sets = $parameter.ParameterSets.Values
            $positions = @($sets.Position | Where-Object { $_ -ge 0 })
            $entry.position | Should -Be ($positions.Count ? "$($positions[0])" : 'named') -Because "-$($parameter.Name)"
            $entry.pipelineInput -like 'True*' | Should -Be ([bool]($sets | Where-Object { $_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName })) -Because "-$($parameter.Name)"
            $entry.aliases | Should -Be ($parameter.Aliases ? ($parameter.Aliases -join ', ') : 'none') -Because "-$($parameter.Name)"
            $entry.globbing | Should -Be "$([bool]($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }))".ToLowerInvariant() -Because "-$($parameter.Name)"
        }
    }
}

Describe 'about_DockerPS' {
    It 'is found and explains how the engine is chosen' {
        Get-Help about_DockerPS | Out-String | Should -Match 'DOCKER_HOST'
    }
}
