# Interactive sessions on a real terminal: pwsh runs in tmux, keys are sent with send-keys and the screen is read
# with capture-pane; the docker CLI and the terminal's own settings are the oracles.
BeforeDiscovery {
    $script:noTmux = -not (Get-Command tmux -ErrorAction Ignore)
    # nsenter needs root, and the engine's process ids to be this machine's (a local socket).
    $script:noNsenter = $noTmux -or -not (Get-Command nsenter -ErrorAction Ignore) -or (& id -u) -ne '0' -or $env:DOCKERPS_TEST_HOST -notlike 'unix://*'
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Initialize-DockerPSTest
    $run = Get-TestRunId
    $target = New-TestContainer -Name "dps-$run-term"
    $shortId = $target.Substring(0, 12)
    # A tmux server of our own, so that only our sessions are ever touched, and all of them go with it.
    $socket = Join-Path ([IO.Path]::GetTempPath()) "dps-$run.tmux"
    $initScript = Join-Path ([IO.Path]::GetTempPath()) "dps-$run-terminal-init.ps1"
    @"
`$env:DOCKER_HOST = '$env:DOCKER_HOST'
Import-Module '$env:DOCKERPS_MODULE_PATH' -Global
Import-Module PSReadLine
# No predictions drawn after the cursor, no history written to the user's file.
Set-PSReadLineOption -PredictionSource None -HistorySaveStyle SaveNothing
# The prompt numbers the next command, so a test waits for exactly the prompt that follows its command.
function global:prompt { "PS`$(`$MyInvocation.HistoryId)> " }
"@ | Set-Content $initScript

    function Invoke-Tmux { & tmux -S $socket @args }

    function Get-Screen([string] $Session) {
        (Invoke-Tmux capture-pane -p -J -t $Session -S -) -join "`n"
    }

    # Polls the screen (scrollback included) until the pattern shows $Count times, for up to $Seconds; returns the
    # last match. The failure message shows the screen.
    # The bounds are generous: they only stop a test that hangs, on a machine that may be busy.
    function Wait-Screen([string] $Session, [string] $Pattern, [int] $Count = 1, [int] $Seconds = 30) {
        $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
        do {
            $screen = Get-Screen $Session
            $found = [regex]::Matches($screen, $Pattern, 'Multiline')
            if ($found.Count -ge $Count) { return $found[$found.Count - 1] }
            Start-Sleep -Milliseconds 100
        } while ([DateTime]::UtcNow -lt $deadline)
        throw "No /$Pattern/ ($Count times) on the terminal within $Seconds s. It shows:`n$screen"
    }

    # A pwsh with the module on a 120x40 terminal; returns the session with the number of its next prompt.
    function Start-Terminal {
        $session = "t$([guid]::NewGuid().ToString('n').Substring(0, 8))"
        Invoke-Tmux new-session -d -s $session -x 120 -y 40 "'$(Get-PwshPath)' -NoProfile -NoLogo -NoExit -File '$initScript'"
        $first = Wait-Screen $session '^PS(\d+)> ' -Seconds 90
        [pscustomobject]@{ Name = $session; Next = [int]$first.Groups[1].Value + 1 }
    }

    function Send-Line($Terminal, [string] $Text) {
        Invoke-Tmux send-keys -t $Terminal.Name -l -- $Text
        Invoke-Tmux send-keys -t $Terminal.Name Enter
    }

    function Send-Keys($Terminal) { Invoke-Tmux send-keys -t $Terminal.Name @args }

    # Waits for the prompt that follows the command line typed last.
    function Wait-Prompt($Terminal, [int] $Seconds = 30) {
        $null = Wait-Screen $Terminal.Name "^PS$($Terminal.Next)> " -Seconds $Seconds
        $Terminal.Next++
    }

    # The pane's terminal settings as stty -g prints them, read from outside pwsh.
    function Get-TerminalSettings($Terminal) {
        & stty -g -F (Invoke-Tmux display -p -t $Terminal.Name '#{pane_tty}')
    }

    function Get-PaneSize($Terminal) {
        Invoke-Tmux display -p -t $Terminal.Name '#{pane_height} #{pane_width}'
    }

    function Get-ContainerProcesses([string] $Container) {
        (Invoke-DockerCli top $Container) -join "`n"
    }

    # A unix socket that relays to the engine's, for a test to take the engine away in mid-session.
    if (-not ('DockerPSTest.EngineRelay' -as [type])) {
        Add-Type -TypeDefinition @'
using System;
using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace DockerPSTest
{
    public sealed class EngineRelay : IDisposable
    {
        private readonly Socket listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        private readonly ConcurrentBag<Socket> open = new ConcurrentBag<Socket>();
        private readonly string engine;

        public EngineRelay(string path, string engine)
        {
            this.engine = engine;
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen(16);
            _ = AcceptAsync();
        }

        public void Dispose()
        {
            listener.Dispose();
            foreach (var socket in open) { socket.Dispose(); }
        }

        private async Task AcceptAsync()
        {
            while (true)
            {
                var client = await listener.AcceptAsync();
                var upstream = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await upstream.ConnectAsync(new UnixDomainSocketEndPoint(engine));
                open.Add(client);
                open.Add(upstream);
                _ = CopyAsync(client, upstream);
                _ = CopyAsync(upstream, client);
            }
        }

        private static async Task CopyAsync(Socket from, Socket to)
        {
            var buffer = new byte[65536];
            try
            {
                int count;
                while ((count = await from.ReceiveAsync(buffer, SocketFlags.None)) > 0)
                {
                    await to.SendAsync(buffer.AsMemory(0, count), SocketFlags.None);
                }
                to.Shutdown(SocketShutdown.Send);
            }
            catch (Exception) { }
        }
    }
}
'@
    }
}

AfterAll {
    if (Test-Path $socket) {
        Invoke-Tmux kill-server 2>$null
        Remove-Item $socket -ErrorAction Ignore
    }
    Remove-Item $initScript -ErrorAction Ignore
    Remove-TestObject
}

Describe 'Enter-DockerContainer on a real terminal' -Tag 'AnyDockerd' -Skip:$noTmux {
    AfterEach {
        # The tests' own terminals; whatever is left of them goes with the server in AfterAll.
        if ($terminal) { Invoke-Tmux kill-session -t $terminal.Name 2>$null }
    }

    It 'runs the container''s shell (docker exec -it): hostname is the container''s, exit ends the exec' {
        $own = New-TestContainer
        $terminal = Start-Terminal
        Send-Line $terminal "Enter-DockerContainer $own"
        $null = Wait-Screen $terminal.Name '^/ # '
        Send-Line $terminal 'hostname'
        $null = Wait-Screen $terminal.Name "^$($own.Substring(0, 12))\s*$"
        Get-ContainerProcesses $own | Should -Match '(?m)\bsh\s*$' -Because 'the exec runs sh alongside the main process'

        Send-Line $terminal 'exit'
        Wait-Prompt $terminal
        Get-ContainerProcesses $own | Should -Not -Match '(?m)\bsh\s*$'
    }

    It 'honours -User, -WorkingDirectory and -Command' {
        $terminal = Start-Terminal
        Send-Line $terminal "Enter-DockerContainer $target -User nobody -WorkingDirectory /tmp"
        $null = Wait-Screen $terminal.Name '^/tmp \$ '
        Send-Line $terminal 'echo "uid=$(id -u) dir=$(pwd)"'
        $null = Wait-Screen $terminal.Name '^uid=65534 dir=/tmp\s*$'
        Send-Line $terminal 'exit'
        Wait-Prompt $terminal

        Send-Line $terminal "Enter-DockerContainer $target -Command sh, -c, 'echo cmd`$((6*7)); exit 3' -Verbose"
        $null = Wait-Screen $terminal.Name '^cmd42\s*$'
        $null = Wait-Screen $terminal.Name 'exited with code 3\.'
        Wait-Prompt $terminal
    }

    It 'sizes the container''s TTY like the window, and follows when it is resized' {
        $terminal = Start-Terminal
        Send-Line $terminal "Enter-DockerContainer $target"
        $null = Wait-Screen $terminal.Name '^/ # '
        Send-Line $terminal 'stty size'
        $null = Wait-Screen $terminal.Name "^$(Get-PaneSize $terminal)\s*$"

        $before = Get-PaneSize $terminal
        Invoke-Tmux resize-window -t $terminal.Name -x 100 -y 30
        $resized = Get-PaneSize $terminal
        $resized | Should -Not -Be $before
        # The size reaches the container within a round of polling; ask until it shows.
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        do {
            Send-Line $terminal 'stty size'
            Start-Sleep -Milliseconds 500
        } until ((Get-Screen $terminal.Name) -match "(?m)^$resized\s*$" -or [DateTime]::UtcNow -gt $deadline)
        $null = Wait-Screen $terminal.Name "^$resized\s*$" -Seconds 1
        Send-Line $terminal 'exit'
        Wait-Prompt $terminal
    }

    It 'sends Ctrl+C to the process in the container, not to PowerShell' {
        $terminal = Start-Terminal
        Send-Line $terminal "Enter-DockerContainer $target"
        $null = Wait-Screen $terminal.Name '^/ # '
        Send-Line $terminal 'sleep 30'
        $deadline = [DateTime]::UtcNow.AddSeconds(15)
        while ((Get-ContainerProcesses $target) -notmatch 'sleep 30' -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        Get-ContainerProcesses $target | Should -Match 'sleep 30'

        Send-Keys $terminal C-c
        Send-Line $terminal 'echo alive$((1<<3))'
        # Well before the 30 seconds are over, and from the container's shell: in PowerShell $((1<<3)) does not parse.
        $null = Wait-Screen $terminal.Name '^alive8\s*$' -Seconds 25
        Get-ContainerProcesses $target | Should -Not -Match 'sleep 30'
        Get-Screen $terminal.Name | Should -Not -Match "PS$($terminal.Next)> "

        Send-Line $terminal 'exit'
        Wait-Prompt $terminal
    }

    It 'leaves the shell running on Ctrl+P Ctrl+Q, and on the keys given with -DetachKeys only' {
        $terminal = Start-Terminal
        Send-Line $terminal "Enter-DockerContainer $target"
        $null = Wait-Screen $terminal.Name '^/ # '
        Send-Line $terminal 'exec sleep 1234'
        $deadline = [DateTime]::UtcNow.AddSeconds(15)
        while ((Get-ContainerProcesses $target) -notmatch 'sleep 1234' -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        Send-Keys $terminal C-p C-q
        Wait-Prompt $terminal
        Get-ContainerProcesses $target | Should -Match 'sleep 1234' -Because 'detaching leaves the process running'

        Send-Line $terminal "Enter-DockerContainer $target -DetachKeys ctrl-x,y"
        $null = Wait-Screen $terminal.Name '^/ # ' -Count 2
        # Ctrl+P is the shell's "previous command": Ctrl+U clears whatever it brought back.
        Send-Keys $terminal C-p C-q C-u
        Send-Line $terminal 'echo still$((1<<2))'
        $null = Wait-Screen $terminal.Name '^still4\s*$'
        Send-Line $terminal 'exec sleep 4321'
        $deadline = [DateTime]::UtcNow.AddSeconds(15)
        while ((Get-ContainerProcesses $target) -notmatch 'sleep 4321' -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        Send-Keys $terminal C-x y
        Wait-Prompt $terminal
        Get-ContainerProcesses $target | Should -Match 'sleep 4321'
    }

    It 'attaches to the main process with -Attach: Ctrl+P Ctrl+Q leaves it running, exit stops the container' {
        $attached = New-TestContainer -Option '-it' -Command 'sh'
        $terminal = Start-Terminal
        Send-Line $terminal "Enter-DockerContainer $attached -Attach"
        # The shell printed its prompt before anyone was attached; it draws it again for the new size.
        $null = Wait-Screen $terminal.Name '^/ # '
        Send-Line $terminal 'echo first$((1<<0))'
        $null = Wait-Screen $terminal.Name '^first1\s*$'
        Send-Keys $terminal C-p C-q
        Wait-Prompt $terminal
        (Get-DockerCliInspect $attached).State.Status | Should -Be 'running'

        Send-Line $terminal "Enter-DockerContainer $attached -Attach -Verbose"
        $null = Wait-Screen $terminal.Name '^/ # ' -Count 3
        Send-Line $terminal 'hostname'
        $null = Wait-Screen $terminal.Name "^$($attached.Substring(0, 12))\s*$"
        Send-Line $terminal 'exit 7'
        $null = Wait-Screen $terminal.Name 'exited with code 7\.'
        Wait-Prompt $terminal
        $state = (Get-DockerCliInspect $attached).State
        $state.Status | Should -Be 'exited'
        $state.ExitCode | Should -Be 7
    }

    It 'runs a new container on the terminal with New-DockerContainer -Interactive (docker run -it)' {
        $name = "dps-$run-run-it"
        $terminal = Start-Terminal
        Send-Line $terminal "New-DockerContainer $(Get-FixtureImage) -Interactive -Name $name -Label '$(Get-TestLabel)' -Command sh, -c, 'echo early`$((6*7)); exec sh'"
        # The first line is written the moment the container starts: it shows because the terminal was attached first.
        $null = Wait-Screen $terminal.Name '^early42\s*$'
        Send-Line $terminal 'hostname; tty'
        $inspect = Get-DockerCliInspect $name
        $null = Wait-Screen $terminal.Name "^$($inspect.Id.Substring(0, 12))\s*\n/dev/pts/\d+\s*$"
        $inspect.Config.Tty | Should -BeTrue
        $inspect.Config.OpenStdin | Should -BeTrue
        $inspect.Config.StdinOnce | Should -BeTrue

        Send-Line $terminal 'exit 0'
        Wait-Prompt $terminal
        (Get-DockerCliInspect $name).State.Status | Should -Be 'exited'
    }

    It 'leaves the local terminal exactly as it found it, after exit and after detaching' {
        $terminal = Start-Terminal
        # What the terminal is like while a command runs: the state any command starts in.
        Send-Line $terminal "'base' + 'line'; Start-Sleep 2"
        $null = Wait-Screen $terminal.Name '^baseline\s*$'
        $before = Get-TerminalSettings $terminal
        Wait-Prompt $terminal

        # Read while the next command of the same line runs, before PowerShell's prompt sets the terminal up again.
        Send-Line $terminal "Enter-DockerContainer $target; 'after' + 'exit'; Start-Sleep 2"
        $null = Wait-Screen $terminal.Name '^/ # '
        Send-Line $terminal 'exit'
        $null = Wait-Screen $terminal.Name '^afterexit\s*$'
        Get-TerminalSettings $terminal | Should -Be $before
        Wait-Prompt $terminal

        Send-Line $terminal "Enter-DockerContainer $target; 'after' + 'detach'; Start-Sleep 2"
        $null = Wait-Screen $terminal.Name '^/ # ' -Count 2
        Send-Keys $terminal C-p C-q
        $null = Wait-Screen $terminal.Name '^afterdetach\s*$'
        Get-TerminalSettings $terminal | Should -Be $before
        Wait-Prompt $terminal

        # And typing shows up again at PowerShell's prompt.
        Send-Line $terminal "'typed' + 'back'"
        $null = Wait-Screen $terminal.Name '^typedback\s*$'
    }

    It 'restores the terminal and reports the engine as lost when it goes away in mid-session' {
        $relayPath = Join-Path ([IO.Path]::GetTempPath()) "dps-$run-relay.sock"
        $relay = [DockerPSTest.EngineRelay]::new($relayPath, ([uri]$env:DOCKERPS_TEST_HOST).AbsolutePath)
        try {
            $terminal = Start-Terminal
            Send-Line $terminal "'base' + 'line'; Start-Sleep 2"
            $null = Wait-Screen $terminal.Name '^baseline\s*$'
            $before = Get-TerminalSettings $terminal
            Wait-Prompt $terminal

            Send-Line $terminal "Enter-DockerContainer $target -HostAddress unix://$relayPath; 'lost: ' + `$Error[0].FullyQualifiedErrorId; Start-Sleep 2"
            $null = Wait-Screen $terminal.Name '^/ # '
            Send-Line $terminal 'echo inside$((1<<4))'
            $null = Wait-Screen $terminal.Name '^inside16\s*$'
            $relay.Dispose()
            $null = Wait-Screen $terminal.Name '^lost: EngineConnectionLost,DockerPS.Commands.EnterDockerContainerCommand\s*$'
            Get-TerminalSettings $terminal | Should -Be $before
            # The error starts on a line of its own, not after the container's prompt.
            Get-Screen $terminal.Name | Should -Match '(?m)^Enter-DockerContainer: Lost the connection to the Docker engine'
            Wait-Prompt $terminal
        }
        finally {
            $relay.Dispose()
            Remove-Item $relayPath -ErrorAction Ignore
        }
    }

    It 'enters the container''s namespaces with -Nsenter, and gives the terminal back' -Skip:$noNsenter {
        $terminal = Start-Terminal
        Send-Line $terminal "Enter-DockerContainer $target -Nsenter"
        $null = Wait-Screen $terminal.Name '^/ # '
        Send-Line $terminal 'hostname'
        $null = Wait-Screen $terminal.Name "^$shortId\s*$"
        Send-Line $terminal 'exit'
        Wait-Prompt $terminal
        # The shell took the terminal's foreground for its job control; PowerShell must have it back to read keys.
        Send-Line $terminal "'still' + 'here'"
        $null = Wait-Screen $terminal.Name '^stillhere\s*$'
    }

    It 'refuses in a thread job, whose host is no terminal even when the process has one' {
        $terminal = Start-Terminal
        Send-Line $terminal "Start-ThreadJob { Import-Module '$env:DOCKERPS_MODULE_PATH'; try { Enter-DockerContainer $target } catch { 'refused: ' + `$_.FullyQualifiedErrorId } } | Receive-Job -Wait -AutoRemoveJob"
        $null = Wait-Screen $terminal.Name '^refused: InputNotATerminal,DockerPS.Commands.EnterDockerContainerCommand\s*$'
        Wait-Prompt $terminal
    }

    It 'says so when nsenter cannot be used: missing, or the engine is not on this machine' -Skip:$noNsenter {
        $terminal = Start-Terminal
        Send-Line $terminal "`$path = `$env:PATH; `$env:PATH = '/nonexistent'; try { Enter-DockerContainer $target -Nsenter } catch { 'refused: ' + `$_.FullyQualifiedErrorId } finally { `$env:PATH = `$path }"
        $null = Wait-Screen $terminal.Name '^refused: NsenterNotFound,DockerPS.Commands.EnterDockerContainerCommand\s*$'
        Wait-Prompt $terminal
        # Refused before connecting: nothing listens there.
        Send-Line $terminal "try { Enter-DockerContainer $target -Nsenter -HostAddress tcp://127.0.0.1:9 } catch { 'refused: ' + `$_.FullyQualifiedErrorId }"
        $null = Wait-Screen $terminal.Name '^refused: NsenterRemoteEngine,DockerPS.Commands.EnterDockerContainerCommand\s*$'
    }
}

Describe 'Enter-DockerContainer without a terminal' -Tag 'AnyDockerd' {
    BeforeAll {
        # stdin is a pipe, as in `echo x | docker exec -it`.
        function Invoke-WithoutTerminal([string] $Script) {
            $prelude = "`$env:DOCKER_HOST = '$env:DOCKER_HOST'; Import-Module '$env:DOCKERPS_MODULE_PATH';"
            '' | & (Get-PwshPath) -NoProfile -NonInteractive -Command ($prelude + $Script) 2>&1 | ForEach-Object { "$_" }
        }
    }

    It 'refuses with the docker CLI''s reason and a stable error id, instead of hanging' {
        $output = Invoke-WithoutTerminal "try { Enter-DockerContainer $target } catch { `$_.FullyQualifiedErrorId; `$_.CategoryInfo.Category; `"`$_`" }"
        # On Windows the CLI adds advice for mintty, whose terminals are pipes.
        $reason = $IsWindows ? "the input device is not a TTY.  If you are using mintty, try prefixing the command with 'winpty'" : 'the input device is not a TTY'
        $output | Should -Be @('InputNotATerminal,DockerPS.Commands.EnterDockerContainerCommand', 'InvalidOperation', $reason)
    }

    It 'refuses New-DockerContainer -Interactive before creating anything' {
        $name = "dps-$run-no-tty"
        $output = Invoke-WithoutTerminal "try { New-DockerContainer $(Get-FixtureImage) -Interactive -Name $name -Label '$(Get-TestLabel)' } catch { `$_.FullyQualifiedErrorId }"
        $output | Should -Be 'InputNotATerminal,DockerPS.Commands.NewDockerContainerCommand'
        & docker ps -aq --filter "name=^/$name$" | Should -BeNullOrEmpty
    }

    It 'refuses detach keys the engine would not know' {
        $output = Invoke-WithoutTerminal "try { Enter-DockerContainer $target -DetachKeys 'ctrl-P,q' } catch { `$_.FullyQualifiedErrorId; `"`$_`" }"
        $output | Should -Be @('InvalidDetachKeys,DockerPS.Commands.EnterDockerContainerCommand', "invalid detach keys (ctrl-P,q): Unknown character: 'ctrl-P'")
    }
}
