# Events throughput: the engine's past events read again and again. dockerd keeps only its last 256 events for
# -Since/-Until, so the set-up makes 256 (tag and untag of the fixture image) and every way reads that window
# -Queries times, to count per-event cost (decoding, objects) rather than one call's latency.
param([switch] $Quick)

$queries = $Quick ? 3 : 50
@{
    Name    = 'EngineEvents'
    Title   = "Get-DockerEvent -Since -Until over a window of 256 past events, $queries times"
    Rounds  = 3
    State   = @{ Queries = $queries; Pairs = 128 }
    Setup   = {
        param($S)
        $S.Repository = "dps-bench-$(Get-BenchRunId)/events"
        $fixture = Get-BenchFixture
        # Whole seconds, as every peer takes them; the window closes before it is read, or the engine would wait for it.
        $S.Since = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds() - 1
        foreach ($tag in 1..$S.Pairs) {
            Invoke-BenchApi -Method POST -Path "/images/$fixture/tag?repo=$($S.Repository)&tag=$tag" | Out-Null
            Invoke-BenchApi -Method DELETE -Path "/images/$($S.Repository):$tag" | Out-Null
        }
        $S.Untagged = $true
        $S.Until = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds() + 1
        Start-Sleep -Milliseconds (([DateTimeOffset]::FromUnixTimeSeconds($S.Until) - [DateTimeOffset]::UtcNow).TotalMilliseconds + 200)
        $S.SinceTime = [DateTimeOffset]::FromUnixTimeSeconds($S.Since).UtcDateTime
        $S.UntilTime = [DateTimeOffset]::FromUnixTimeSeconds($S.Until).UtcDateTime
        $S.Url = Get-BenchApiUrl "/events?since=$($S.Since)&until=$($S.Until)"
        $S.Events = @(Invoke-BenchApi -Path "/events?since=$($S.Since)&until=$($S.Until)").Count
        if ($S.Events -lt 2 * $S.Pairs) { throw "The window holds $($S.Events) events, not the $(2 * $S.Pairs) the set-up made." }
    }
    Ways    = [ordered]@{
        'DockerPS'                                             = {
            param($S)
            Measure-Step 'read the window' -Lines ($S.Queries * $S.Events) {
                $count = (1..$S.Queries | ForEach-Object { Get-DockerEvent -Since $S.SinceTime -Until $S.UntilTime } | Measure-Object).Count
                if ($count -ne $S.Queries * $S.Events) { throw "Get-DockerEvent read $count events, not $($S.Queries * $S.Events)." }
            }
        }
        'docker events --format json | ConvertFrom-Json'       = {
            param($S)
            Measure-Step 'read the window' { 1..$S.Queries | ForEach-Object { docker events --since $S.Since --until $S.Until --format '{{json .}}' | ConvertFrom-Json } | Measure-Object }
        }
        'docker-py events(decode=True)'                        = {
            param($S)
            Measure-Step 'read the window' { Invoke-BenchDockerPy "for _ in range($($S.Queries)):`n    for event in client.events(since=$($S.Since), until=$($S.Until), decode=True): pass" }
        }
        'raw GET /events (one curl, connection kept)'          = {
            param($S)
            $arguments = @('-sf', '--unix-socket', (Get-BenchSocket)) + @(1..$S.Queries | ForEach-Object { '-o', '/dev/null', $S.Url })
            Measure-Step 'read the window' {
                & curl @arguments
                if ($LASTEXITCODE) { throw 'raw events failed' }
            }
        }
    }
    Requires = @{ 'docker-py events(decode=True)' = { Test-BenchDockerPy } }
    Extra    = {
        param($Figures)
        $ours = $Figures['read the window']['DockerPS']
        $rate = $ours[0].Lines / (Get-Median $ours.Seconds)
        [pscustomobject]@{ Step = 'read the window'; Peer = 'DockerPS events per second'; Value = '{0:N0} k/s' -f ($rate / 1e3); Target = ''; Met = '' }
    }
    Teardown = {
        param($S)
        # Only a set-up cut short leaves a tag: it untags each one it makes.
        if ($S.Repository -and -not $S.Untagged) {
            foreach ($tag in 1..$S.Pairs) { & curl -sf -o /dev/null --unix-socket (Get-BenchSocket) -X DELETE (Get-BenchApiUrl "/images/$($S.Repository):$tag") }
        }
    }
}
