@{
    RootModule           = 'DockerPS.psm1'
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Core', 'Desktop')
    GUID                 = '5f0c4f8e-7d0b-4d9e-9a43-2f1e6c0b8d17'
    Author               = 'DockerPS contributors'
    CompanyName          = 'DockerPS'
    Copyright            = '(c) DockerPS contributors. MIT License.'
    Description          = 'Manage Docker images and containers from PowerShell: every docker CLI operation as a cmdlet that emits typed objects.'
    PowerShellVersion    = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('DockerPS.Format.ps1xml')
    CmdletsToExport      = @(
        'Add-DockerImageTag'
        'Clear-DockerSystem'
        'Connect-DockerNetwork'
        'Copy-DockerContainerItem'
        'Disconnect-DockerNetwork'
        'Enter-DockerContainer'
        'Export-DockerContainer'
        'Find-DockerImage'
        'Get-DockerContainer'
        'Get-DockerContainerChange'
        'Get-DockerContext'
        'Get-DockerContainerLog'
        'Get-DockerContainerPort'
        'Get-DockerContainerProcess'
        'Get-DockerContainerStats'
        'Get-DockerDiskUsage'
        'Get-DockerEvent'
        'Get-DockerImage'
        'Get-DockerImageArchive'
        'Get-DockerInfo'
        'Get-DockerNetwork'
        'Get-DockerVersion'
        'Get-DockerVolume'
        'Import-DockerImage'
        'Invoke-DockerContainerCommand'
        'New-DockerContainer'
        'New-DockerContext'
        'New-DockerNetwork'
        'New-DockerVolume'
        'Remove-DockerContainer'
        'Remove-DockerContext'
        'Remove-DockerImage'
        'Remove-DockerNetwork'
        'Remove-DockerVolume'
        'Rename-DockerContainer'
        'Request-DockerImage'
        'Restart-DockerContainer'
        'Resume-DockerContainer'
        'Save-DockerImage'
        'Set-DockerContainer'
        'Start-DockerContainer'
        'Stop-DockerContainer'
        'Submit-DockerImage'
        'Suspend-DockerContainer'
        'Use-DockerContext'
        'Wait-DockerContainer'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @('Pull-DockerImage', 'Push-DockerImage')
    PrivateData          = @{
        PSData = @{
            Tags         = @('Docker', 'Container', 'Containers', 'Image', 'DevOps', 'PSEdition_Core', 'PSEdition_Desktop', 'Linux', 'Windows', 'MacOS')
            LicenseUri   = 'https://github.com/dockerps/DockerPS/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/dockerps/DockerPS'
            ReleaseNotes = '0.1.0: engines chosen as the docker CLI chooses them (contexts, TLS, several engines at once); images: find, pull, push, tag, save, load, import, remove; containers: run (detached, attached, interactive), start, stop, kill, restart, pause, wait, remove as concurrent batches; ports, logs, exec and interactive shells; full help.'
        }
    }
}
