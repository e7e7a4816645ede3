# A fleet list over 8 engines: the rig's three dockerds directly and five more through tests/FaultProxy instances
# that hold every chunk back 10 to 50 ms (slower engines), each a context in the bench's own configuration folder,
# each with 20 of the run's containers to list. DockerPS asks the engines at once.
param([switch] $Quick)

@{
    Name    = 'ContainerFleet'
    Title   = 'Get-DockerContainer -All -Context <8 contexts> (3 engines, 5 behind proxies adding 10-50 ms)'
    Rounds  = 5
    State   = @{ PerEngine = $Quick ? 5 : 20 }
    Targets = @{ 'DockerPS, the slowest engine alone' = 1.5 }
    Setup   = {
        param($S)
        $S.Engines = @(@($env:DOCKERPS_TEST_HOST, $env:DOCKERPS_TEST_HOST2, $env:DOCKERPS_TEST_HOST3) | Where-Object { $_ })
        foreach ($engine in $S.Engines) { Invoke-BenchOnEngine $engine { New-BenchContainer -Count $S.PerEngine | Out-Null } }
        $S.Proxies = @(foreach ($i in 1..(8 - $S.Engines.Count)) { Start-BenchProxy -Target $S.Engines[($i - 1) % $S.Engines.Count] -DelayMs (10 * $i) })
        $S.Addresses = @($S.Engines) + @($S.Proxies | ForEach-Object Address)
        $S.Contexts = [Collections.Generic.List[string]]::new()
        for ($i = 0; $i -lt $S.Addresses.Count; $i++) {
            New-DockerContext "dps-bench-$(Get-BenchRunId)-$i" $S.Addresses[$i] | Out-Null
            $S.Contexts.Add("dps-bench-$(Get-BenchRunId)-$i")
        }
        $S.Slowest = $S.Contexts[-1]
        Get-DockerContainer -All -Label (Get-BenchLabel) -Context @($S.Contexts) | Out-Null   # connect once to each
    }
    Ways    = [ordered]@{
        'DockerPS'                                              = {
            param($S)
            Measure-Step 'list' { Get-DockerContainer -All -Label (Get-BenchLabel) -Context @($S.Contexts) }
        }
        'DockerPS, the slowest engine alone'                    = {
            param($S)
            Measure-Step 'list' { Get-DockerContainer -All -Label (Get-BenchLabel) -Context $S.Slowest }
        }
        'docker --context <each> ps -a, one after another'      = {
            param($S)
            Measure-Step 'list' { foreach ($context in $S.Contexts) { docker --context $context ps -a --filter "label=$(Get-BenchLabel)" | Out-Null } }
        }
        'raw GET /containers/json, 8 at once (curl | xargs -P 8)' = {
            param($S)
            $url = Get-BenchApiUrl "/containers/json?all=1&filters=$([uri]::EscapeDataString((@{ label = @(Get-BenchLabel) } | ConvertTo-Json -Compress)))"
            Measure-Step 'list' {
                $S.Addresses -replace '^unix://' | xargs -P 8 -I '{}' curl -sf -o /dev/null --unix-socket '{}' $url
                if ($LASTEXITCODE) { throw 'raw fleet list failed' }
            }
        }
    }
    Teardown = {
        param($S)
        if ($S.Contains('Contexts')) { $S.Contexts | Remove-DockerContext -Force }
        if ($S.Contains('Proxies')) { $S.Proxies | ForEach-Object { Stop-BenchProxy $_ } }
        foreach ($engine in $S.Engines) { Invoke-BenchOnEngine $engine { Remove-BenchObject } }
    }
}
