# A second real dockerd listening on tcp://127.0.0.1:2376 with --tlsverify and certificates the rig made with
# openssl: good certificates work, a wrong CA and a missing client certificate are refused, plain tcp fails.
BeforeDiscovery {
    $haveTls = [bool]$env:DOCKERPS_TEST_TLS_HOST
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Initialize-DockerPSTest
    $run = Get-TestRunId
    $tlsHost = $env:DOCKERPS_TEST_TLS_HOST
    $report = "try { 'images ' + @(Get-DockerImage -Name '$(Get-FixtureImage)').Count } catch { 'error ' + `$_.FullyQualifiedErrorId + ' | ' + `$_.CategoryInfo.Category + ' | ' + `$_ }"
    function Invoke-Tls([hashtable] $Environment, [string] $Script = $report) {
        $merged = @{ DOCKER_HOST = $tlsHost; DOCKER_TLS_VERIFY = '1'; DOCKER_CONTEXT = $null }
        foreach ($name in $Environment.Keys) { $merged[$name] = $Environment[$name] }
        Invoke-ChildPwsh -Script $Script -Environment $merged
    }
}

Describe 'TLS engines' -Skip:(-not $haveTls) {
    It 'connects with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH holding good certificates' {
        Invoke-Tls @{ DOCKER_CERT_PATH = $env:DOCKERPS_TEST_TLS_CERTS } | Should -Contain 'images 1'
    }

    It 'refuses an engine whose certificate another CA signed, as SecurityError, never falling back to plain text' {
        $output = Invoke-Tls @{ DOCKER_CERT_PATH = $env:DOCKERPS_TEST_TLS_WRONG_CA }
        $output | Should -Match '^error EngineTlsRejected,.* \| SecurityError \| .*not accepted'
    }

    It 'is refused by the engine without a client certificate' {
        $output = Invoke-Tls @{ DOCKER_CERT_PATH = $env:DOCKERPS_TEST_TLS_NO_CLIENT }
        $output | Should -Match '^error EngineTlsRejected,.* \| SecurityError \| .*client certificate'
    }

    It 'fails clearly when plain tcp:// is used against the TLS port' {
        $output = Invoke-Tls @{ DOCKER_TLS_VERIFY = $null }
        $output | Should -Match 'error .*HTTP request to an HTTPS server'
    }

    It 'connects through a context that carries the TLS material' {
        $config = Join-Path ([IO.Path]::GetTempPath()) "dps-$run-tls-config"
        try {
            $script = "New-DockerContext dps-tls '$tlsHost' -CertificatePath '$($env:DOCKERPS_TEST_TLS_CERTS)' | Out-Null; 'images ' + @(Get-DockerImage -Context dps-tls -Name '$(Get-FixtureImage)').Count; 'tls ' + (Get-DockerContext dps-tls).Tls"
            $output = Invoke-ChildPwsh -Script $script -Environment @{ DOCKER_CONFIG = $config; DOCKER_HOST = $null; DOCKER_TLS_VERIFY = $null }
            $output | Should -Contain 'images 1'
            $output | Should -Contain 'tls True'
        }
        finally {
            Remove-Item $config -Recurse -Force -ErrorAction Ignore
        }
    }
}

Describe 'TLS chosen on the command line' -Skip:(-not $haveTls) {
    It 'connects with -HostAddress, -TlsVerify and -CertificatePath, whatever the environment says' {
        $script = "'images ' + @(Get-DockerImage -HostAddress '$tlsHost' -CertificatePath '$($env:DOCKERPS_TEST_TLS_CERTS)' -Name '$(Get-FixtureImage)').Count"
        Invoke-Tls @{ DOCKER_TLS_VERIFY = $null; DOCKER_HOST = 'unix:///nonexistent/dockerps.sock' } -Script $script | Should -Contain 'images 1'
    }

    It 'takes the certificates from DOCKER_CERT_PATH with -TlsVerify alone' {
        $script = "'images ' + @(Get-DockerImage -HostAddress '$tlsHost' -TlsVerify -Name '$(Get-FixtureImage)').Count"
        Invoke-Tls @{ DOCKER_TLS_VERIFY = $null; DOCKER_CERT_PATH = $env:DOCKERPS_TEST_TLS_CERTS } -Script $script | Should -Contain 'images 1'
    }

    It 'refuses a wrong CA given with -CertificatePath' {
        $script = "try { Get-DockerImage -HostAddress '$tlsHost' -CertificatePath '$($env:DOCKERPS_TEST_TLS_WRONG_CA)' } catch { 'error ' + `$_.FullyQualifiedErrorId + ' | ' + `$_.CategoryInfo.Category }"
        Invoke-Tls @{ DOCKER_TLS_VERIFY = $null } -Script $script | Should -Match '^error EngineTlsRejected,.* \| SecurityError'
    }
}
