#Requires -Version 7.2
<#
.SYNOPSIS
    Builds DockerPS's help: MAML for the cmdlets and about_*.help.txt topics, from markdown.
.DESCRIPTION
    Each cmdlet has a markdown file in the platyPS layout (en-US/<Cmdlet>.md). The prose comes from there;
    syntax, types, positions, pipeline input, aliases and wildcard support come from the compiled cmdlets,
    read with Get-Command in a child pwsh that imports the built module (so this session never loads it).
    The MAML goes where CmdletInfo.HelpFile says (DockerPS.dll-Help.xml), in the output folder, which is
    the root module's en-US folder: PowerShell looks for a cmdlet's help file in its module's ModuleBase.

    about_*.md files become about_*.help.txt. Table rows naming a cmdlet the module does not export get
    "(planned)"; anywhere else, naming such a cmdlet is an error.

    Fails, listing every problem, when an exported cmdlet has no markdown file, a markdown file names no
    exported cmdlet, a cmdlet or a parameter (other than common and hidden ones) has no text, a cmdlet has
    fewer than two examples, or an example's code does not parse.
.EXAMPLE
    tools/Build-DockerPSHelp.ps1 -ModulePath output/DockerPS/0.1.0/DockerPS.psd1 -SourcePath en-US -OutputPath output/DockerPS/0.1.0/en-US
#>
[CmdletBinding()]
param(
    # The built module's manifest.
    [Parameter(Mandatory)] [string] $ModulePath,
    # The folder holding the markdown sources.
    [Parameter(Mandatory)] [string] $SourcePath,
    # Where the MAML and the about topics go: the built module's en-US folder.
    [Parameter(Mandatory)] [string] $OutputPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$namespaces = [ordered]@{
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
}
$problems = [System.Collections.Generic.List[string]]::new()

# The DockerPS cmdlet names in a text: Verb-DockerNoun.
function Get-CmdletName([string] $Text) {
    [regex]::Matches($Text, '\b[A-Z][a-z]+-Docker[A-Za-z]*\b') | ForEach-Object Value
}

# The exported cmdlets as plain data: parameter sets (default first), each with its parameters, common and
# hidden (DontShow) ones left out.
function Get-CmdletMetadata([string] $Path) {
    $extract = {
        param($modulePath)
        $ErrorActionPreference = 'Stop'
        $module = Import-Module $modulePath -PassThru
        $common = [System.Management.Automation.Cmdlet]::CommonParameters
        $commands = foreach ($command in Get-Command -Name @($module.ExportedCmdlets.Keys) -CommandType Cmdlet | Sort-Object Name) {
            [pscustomobject]@{
                Name          = $command.Name
                Verb          = $command.Verb
                Noun          = $command.Noun
                HelpFile      = $command.HelpFile
                ParameterSets = @($command.ParameterSets | Sort-Object -Stable { -not $_.IsDefault } | ForEach-Object {
                        [pscustomobject]@{
                            Name       = $_.Name
                            Parameters = @($_.Parameters |
                                Where-Object { $_.Name -notin $common -and -not ($_.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow }) } |
                                Sort-Object -Stable { if ($_.Position -ge 0) { $_.Position } else { [int]::MaxValue } } |
                                ForEach-Object {
                                    [pscustomobject]@{
                                        Name           = $_.Name
                                        Type           = $_.ParameterType.Name
                                        TypeFullName   = $_.ParameterType.FullName
                                        IsSwitch       = $_.ParameterType -eq [switch]
                                        Mandatory      = $_.IsMandatory
                                        Position       = $_.Position
                                        ByValue        = $_.ValueFromPipeline
                                        ByPropertyName = $_.ValueFromPipelineByPropertyName
                                        Aliases        = @($_.Aliases)
                                        Wildcards      = [bool]($_.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
                                    }
                                })
                        }
                    })
            }
        }
        ConvertTo-Json -InputObject @($commands) -Depth 8 -Compress
    }
    $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    $json = & $pwsh -NoProfile -NonInteractive -Command $extract -args (Resolve-Path $Path).Path
    if ($LASTEXITCODE -ne 0) {
        throw "Could not read the cmdlets of $Path (exit code $LASTEXITCODE)."
    }
    ConvertFrom-Json $json
}

# Splits lines at headings that start with $Marker ('# ', '## ', '### '), ignoring lines inside code fences.
function Split-Heading([string[]] $Lines, [string] $Marker) {
    $sections = [System.Collections.Generic.List[object]]::new()
    $sections.Add([pscustomobject]@{ Title = ''; Lines = [System.Collections.Generic.List[string]]::new() })
    $fenced = $false
    foreach ($line in $Lines) {
        if ($line -match '^\s*```') { $fenced = -not $fenced }
        if (-not $fenced -and $line.StartsWith($Marker)) {
            $sections.Add([pscustomobject]@{ Title = $line.Substring($Marker.Length).Trim(); Lines = [System.Collections.Generic.List[string]]::new() })
        }
        else {
            $sections[-1].Lines.Add($line)
        }
    }
    $sections
}

# The code fences in the lines, each as its info string (powershell, yaml …) and its text.
function Get-Fence([string[]] $Lines) {
    $info = $null
    foreach ($line in $Lines) {
        if ($line -match '^\s*```\s*(\S*)') {
            if ($null -eq $info) { $info = $Matches[1]; $body = [System.Collections.Generic.List[string]]::new() }
            else { [pscustomobject]@{ Info = $info; Text = $body -join "`n" }; $info = $null }
        }
        elseif ($null -ne $info) { $body.Add($line) }
    }
}

# Prose as paragraphs: blank lines separate them, lines of one paragraph are joined, code fences are left
# out (they are examples' code or platyPS's yaml blocks, both taken from elsewhere).
function ConvertTo-Paragraph([string[]] $Lines) {
    $paragraph = [System.Collections.Generic.List[string]]::new()
    $fenced = $false
    foreach ($line in @($Lines) + '') {
        if ($line -match '^\s*```') { $fenced = -not $fenced; continue }
        if ($fenced) { continue }
        if ($line.Trim()) { $paragraph.Add($line.Trim()); continue }
        if ($paragraph.Count) { $paragraph -join ' '; $paragraph.Clear() }
    }
}

function Read-CommandMarkdown([System.IO.FileInfo] $File) {
    $lines = Get-Content $File.FullName
    $frontMatter = @{}
    if ($lines[0] -eq '---') {
        $end = [array]::IndexOf($lines, '---', 1)
        foreach ($line in $lines[1..($end - 1)]) {
            if ($line -match '^([^:]+):\s*(.*)$') { $frontMatter[$Matches[1].Trim()] = $Matches[2].Trim() }
        }
        $lines = $lines[($end + 1)..($lines.Count - 1)]
    }
    $heading = Split-Heading $lines '# ' | Where-Object Title | Select-Object -First 1
    $sections = @{}
    foreach ($section in Split-Heading $lines '## ') { $sections[$section.Title] = [string[]] $section.Lines }
    # The comma keeps an empty section an empty array instead of nothing.
    function Get-Section([string] $Title) { , ($sections.ContainsKey($Title) ? $sections[$Title] : [string[]] @()) }
    function Get-Subsection([string] $Title) { Split-Heading (Get-Section $Title) '### ' | Where-Object Title }

    $parameters = @{}
    foreach ($parameter in Get-Subsection 'PARAMETERS' | Where-Object Title -Like '-*') {
        $parameters[$parameter.Title.TrimStart('-')] = @(ConvertTo-Paragraph $parameter.Lines)
    }
    [pscustomobject]@{
        File        = $File.Name
        Name        = $File.BaseName
        Title       = $heading ? $heading.Title : ''
        FrontMatter = $frontMatter
        Lines       = $lines
        Synopsis    = @(ConvertTo-Paragraph (Get-Section 'SYNOPSIS'))
        Description = @(ConvertTo-Paragraph (Get-Section 'DESCRIPTION'))
        Examples    = @(Get-Subsection 'EXAMPLES' | ForEach-Object {
                [pscustomobject]@{ Title = $_.Title; Fences = @(Get-Fence $_.Lines); Remarks = @(ConvertTo-Paragraph $_.Lines) }
            })
        Parameters  = $parameters
        Inputs      = @(Get-Subsection 'INPUTS' | ForEach-Object { [pscustomobject]@{ Type = $_.Title; Text = @(ConvertTo-Paragraph $_.Lines) } })
        Outputs     = @(Get-Subsection 'OUTPUTS' | ForEach-Object { [pscustomobject]@{ Type = $_.Title; Text = @(ConvertTo-Paragraph $_.Lines) } })
        Notes       = @(ConvertTo-Paragraph (Get-Section 'NOTES'))
        Links       = @([regex]::Matches((Get-Section 'RELATED LINKS') -join "`n", '\[([^\]]+)\]\(([^)]*)\)') | ForEach-Object {
                [pscustomobject]@{ Text = $_.Groups[1].Value; Uri = $_.Groups[2].Value -match '^https?://' ? $_.Groups[2].Value : '' }
            })
    }
}

# Every parameter once, by name; required only when mandatory in all its sets, pipeline input when any set
# takes it.
function Merge-ParameterSet($Command) {
    $Command.ParameterSets.Parameters | Group-Object Name | Sort-Object Name | ForEach-Object {
        $first = $_.Group[0]
        $positional = @($_.Group | Where-Object Position -GE 0)
        [pscustomobject]@{
            Name           = $first.Name
            Type           = $first.Type
            TypeFullName   = $first.TypeFullName
            IsSwitch       = $first.IsSwitch
            Mandatory      = $_.Group.Mandatory -notcontains $false
            Position       = $positional ? $positional[0].Position : -1
            ByValue        = $_.Group.ByValue -contains $true
            ByPropertyName = $_.Group.ByPropertyName -contains $true
            Aliases        = $first.Aliases
            Wildcards      = $first.Wildcards
        }
    }
}

function Test-CommandHelp($Command, $Doc) {
    $where = "$($Doc.File) ($($Command.Name))"
    if ($Doc.FrontMatter['external help file'] -ne $Command.HelpFile) {
        $problems.Add("${where}: the front matter must say 'external help file: $($Command.HelpFile)'.")
    }
    if (-not $Doc.Synopsis) { $problems.Add("${where}: no SYNOPSIS.") }
    if (-not $Doc.Description) { $problems.Add("${where}: no DESCRIPTION.") }
    $documented = @(Merge-ParameterSet $Command | ForEach-Object Name)
    foreach ($name in $documented) {
        if (-not $Doc.Parameters[$name]) { $problems.Add("${where}: parameter -$name has no text under '### -$name'.") }
    }
    foreach ($name in $Doc.Parameters.Keys | Where-Object { $_ -notin $documented }) {
        $problems.Add("${where}: documents -$name, which is not a visible parameter of the cmdlet.")
    }
    if ($Doc.Examples.Count -lt 2) { $problems.Add("${where}: $($Doc.Examples.Count) example(s); at least two are needed.") }
    foreach ($example in $Doc.Examples) {
        $code = @($example.Fences | Where-Object Info -EQ 'powershell')
        if ($code.Count -ne 1 -or $example.Fences.Count -ne 1) {
            $problems.Add("${where}: example '$($example.Title)' needs exactly one code fence, a ``````powershell one.")
            continue
        }
        $tokens = $errors = $null
        [void][System.Management.Automation.Language.Parser]::ParseInput($code[0].Text, [ref] $tokens, [ref] $errors)
        foreach ($parseError in $errors) {
            $problems.Add("${where}: example '$($example.Title)' does not parse: $($parseError.Message) (line $($parseError.Extent.StartLineNumber)).")
        }
        if (-not $example.Remarks) { $problems.Add("${where}: example '$($example.Title)' has no text after its code.") }
    }
}

# Lines outside tables must not name cmdlets the module does not export (planned ones go in tables, which
# mark them); this also catches misspelt cmdlet names.
function Test-CmdletReference([string] $File, [string[]] $Lines, [string[]] $Exported) {
    foreach ($line in $Lines | Where-Object { -not $_.TrimStart().StartsWith('|') }) {
        foreach ($name in Get-CmdletName $line | Where-Object { $_ -notin $Exported }) {
            $problems.Add("${File}: names $name, which DockerPS does not export (only tables may list planned cmdlets): $($line.Trim())")
        }
    }
}

# Writes an element; $Body is its text, or a script block that writes its attributes and children.
function Write-Xml([string] $Tag, $Body, [System.Collections.IDictionary] $Attributes = @{}) {
    $tagParts = $Tag.Split(':')
    $writer.WriteStartElement($tagParts[0], $tagParts[1], $namespaces[$tagParts[0]])
    foreach ($key in $Attributes.Keys) { $writer.WriteAttributeString($key, [string] $Attributes[$key]) }
    if ($Body -is [scriptblock]) { & $Body } else { $writer.WriteString([string] $Body) }
    $writer.WriteEndElement()
}

function Write-Description([string[]] $Paragraphs) {
    Write-Xml 'maml:description' { foreach ($paragraph in $Paragraphs) { Write-Xml 'maml:para' $paragraph } }
}

function Write-Parameter($Parameter, [string[]] $Text, [switch] $InSyntax) {
    $pipeline = @(if ($Parameter.ByValue) { 'ByValue' }; if ($Parameter.ByPropertyName) { 'ByPropertyName' })
    $attributes = [ordered]@{
        required      = "$($Parameter.Mandatory)".ToLowerInvariant()
        globbing      = "$($Parameter.Wildcards)".ToLowerInvariant()
        pipelineInput = $pipeline ? "True ($($pipeline -join ', '))" : 'False'
        position      = $Parameter.Position -ge 0 ? $Parameter.Position : 'named'
        aliases       = $Parameter.Aliases ? ($Parameter.Aliases -join ', ') : 'none'
    }
    Write-Xml 'command:parameter' -Attributes $attributes {
        Write-Xml 'maml:name' $Parameter.Name
        if (-not $InSyntax) { Write-Description $Text }
        if (-not ($InSyntax -and $Parameter.IsSwitch)) {
            Write-Xml 'command:parameterValue' $Parameter.Type @{ required = "$(-not $Parameter.IsSwitch)".ToLowerInvariant() }
        }
        Write-Xml 'dev:type' { Write-Xml 'maml:name' $Parameter.TypeFullName }
        Write-Xml 'dev:defaultValue' ($Parameter.IsSwitch ? 'False' : 'None')
    }
}

function Write-TypeList([string] $ListTag, [string] $ItemTag, $Types) {
    Write-Xml $ListTag {
        foreach ($type in $Types) {
            Write-Xml $ItemTag {
                Write-Xml 'dev:type' { Write-Xml 'maml:name' $type.Type }
                Write-Description $type.Text
            }
        }
    }
}

function Write-CommandHelp($Command, $Doc) {
    Write-Xml 'command:command' {
        foreach ($prefix in $namespaces.Keys) { $writer.WriteAttributeString('xmlns', $prefix, $null, $namespaces[$prefix]) }
        Write-Xml 'command:details' {
            Write-Xml 'command:name' $Command.Name
            Write-Description $Doc.Synopsis
            Write-Xml 'command:verb' $Command.Verb
            Write-Xml 'command:noun' $Command.Noun
        }
        Write-Description $Doc.Description
        Write-Xml 'command:syntax' {
            foreach ($set in $Command.ParameterSets) {
                Write-Xml 'command:syntaxItem' {
                    Write-Xml 'maml:name' $Command.Name
                    foreach ($parameter in $set.Parameters) { Write-Parameter $parameter -InSyntax }
                }
            }
        }
        Write-Xml 'command:parameters' {
            foreach ($parameter in Merge-ParameterSet $Command) { Write-Parameter $parameter $Doc.Parameters[$parameter.Name] }
        }
        Write-TypeList 'command:inputTypes' 'command:inputType' $Doc.Inputs
        Write-TypeList 'command:returnValues' 'command:returnValue' $Doc.Outputs
        Write-Xml 'maml:alertSet' { Write-Xml 'maml:alert' { foreach ($paragraph in $Doc.Notes) { Write-Xml 'maml:para' $paragraph } } }
        Write-Xml 'command:examples' {
            foreach ($example in $Doc.Examples) {
                Write-Xml 'command:example' {
                    Write-Xml 'maml:title' "---------- $($example.Title) ----------"
                    Write-Xml 'dev:code' $example.Fences[0].Text
                    # The empty paragraph leaves a blank line before the next example.
                    Write-Xml 'dev:remarks' { foreach ($paragraph in @($example.Remarks) + '') { Write-Xml 'maml:para' $paragraph } }
                }
            }
        }
        Write-Xml 'maml:relatedLinks' {
            foreach ($link in $Doc.Links) {
                Write-Xml 'maml:navigationLink' { Write-Xml 'maml:linkText' $link.Text; Write-Xml 'maml:uri' $link.Uri }
            }
        }
    }
}

function Write-Maml([string] $Path, $Entries) {
    $settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
    $script:writer = [System.Xml.XmlWriter]::Create($Path, $settings)
    try {
        $writer.WriteStartElement('helpItems', 'http://msh')
        $writer.WriteAttributeString('schema', 'maml')
        foreach ($entry in $Entries) { Write-CommandHelp $entry.Command $entry.Doc }
        $writer.WriteEndElement()
    }
    finally {
        $writer.Dispose()
    }
}

# Wraps text at 80 columns: the first line indented by $Indent, the others by $Hanging.
function Format-Wrapped([string] $Text, [int] $Indent, [int] $Hanging = $Indent) {
    $line = ' ' * $Indent
    foreach ($word in $Text -split '\s+' | Where-Object { $_ }) {
        if ($line.Trim() -and $line.Length + 1 + $word.Length -gt 79) { $line; $line = (' ' * $Hanging) + $word }
        else { $line += ($line.Trim() ? ' ' : '') + $word }
    }
    $line
}

# An about topic as text: '# about_X' the topic, '## ' headings in capitals, '### ' headings indented and
# underlined, prose and list items wrapped, code indented as it is, and tables as rows of stacked cells
# (the first at the prose indent, the others below it; a blank line after the header), where a row naming
# a cmdlet the module does not export is marked (planned). Inline code loses its backticks.
function ConvertTo-AboutText([string[]] $Lines, [string[]] $Exported) {
    $paragraph = [System.Collections.Generic.List[string]]::new()
    $fenced = $false
    $text = foreach ($line in @($Lines) + '') {
        $plain = $line.Trim() -replace '`', ''
        if ($fenced) {
            if ($line -match '^\s*```') { $fenced = $false } else { ('        ' + $line).TrimEnd() }
            continue
        }
        if ($paragraph.Count -and ($line -match '^\s*(```|#|\||- )' -or -not $plain)) {
            Format-Wrapped ($paragraph -join ' ') 4
            $paragraph.Clear()
        }
        if ($line -match '^\s*```') { $fenced = $true }
        elseif ($line -match '^# (.+)') { 'TOPIC'; '    ' + $Matches[1].Trim() }
        elseif ($line -match '^## (.+)') { $Matches[1].Trim().ToUpperInvariant() }
        elseif ($line -match '^### (.+)') { '    ' + $Matches[1].Trim(); '    ' + '-' * $Matches[1].Trim().Length }
        elseif ($plain -match '^\|[\s:|-]+\|$') { '' }
        elseif ($plain.StartsWith('|')) {
            $cells = @($plain.Trim('|') -split '(?<!\\)\|' | ForEach-Object { $_.Trim() -replace '\\\|', '|' })
            if (Get-CmdletName $plain | Where-Object { $_ -notin $Exported }) { $cells[-1] += ' (planned)' }
            Format-Wrapped $cells[0] 4 6
            foreach ($cell in $cells | Select-Object -Skip 1) { Format-Wrapped $cell 8 10 }
        }
        elseif ($plain.StartsWith('- ')) { Format-Wrapped $plain 4 6 }
        elseif ($plain) { $paragraph.Add($plain) }
        else { '' }
    }
    # Never two blank lines in a row.
    $previous = ''
    foreach ($line in $text) { if ($line -or $previous) { $line }; $previous = $line }
}

$commands = @(Get-CmdletMetadata $ModulePath)
$exported = @($commands | ForEach-Object Name)
$sources = @(Get-ChildItem $SourcePath -Filter *.md)
$docs = @($sources | Where-Object Name -NotLike 'about_*' | ForEach-Object { Read-CommandMarkdown $_ })
$abouts = @($sources | Where-Object Name -Like 'about_*')

foreach ($command in $commands) {
    $doc = @($docs | Where-Object Name -EQ $command.Name)
    if (-not $doc) { $problems.Add("$($command.Name) has no help: add $(Join-Path $SourcePath "$($command.Name).md").") }
    else { Test-CommandHelp $command $doc[0] }
}
foreach ($doc in $docs) {
    if ($doc.Name -notin $exported) { $problems.Add("$($doc.File): $($doc.Name) is not a cmdlet DockerPS exports.") }
    if ($doc.Title -ne $doc.Name) { $problems.Add("$($doc.File): the title must be '# $($doc.Name)'.") }
    Test-CmdletReference $doc.File $doc.Lines $exported
}
foreach ($about in $abouts) {
    Test-CmdletReference $about.Name (Get-Content $about.FullName) $exported
}
if ($problems.Count) {
    $problems | ForEach-Object { Write-Warning $_ }
    throw "The help is incomplete: $($problems.Count) problem(s), listed above."
}

New-Item -ItemType Directory -Force $OutputPath | Out-Null
foreach ($group in $commands | Group-Object HelpFile) {
    $entries = foreach ($command in $group.Group) { @{ Command = $command; Doc = $docs | Where-Object Name -EQ $command.Name } }
    Write-Maml (Join-Path $OutputPath $group.Name) $entries
}
foreach ($about in $abouts) {
    $text = ConvertTo-AboutText (Get-Content $about.FullName) $exported
    Set-Content (Join-Path $OutputPath ($about.BaseName + '.help.txt')) $text
}
# About topics written directly as text need no conversion.
Get-ChildItem $SourcePath -Filter *.help.txt | Copy-Item -Destination $OutputPath
Write-Verbose "Help for $($exported.Count) cmdlet(s) and $($abouts.Count) about topic(s) -> $OutputPath"
