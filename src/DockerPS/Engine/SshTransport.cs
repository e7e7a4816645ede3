using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Runtime.InteropServices;
using Docker.DotNet.Handler.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Client;

namespace DockerPS.Engine;

/// <summary>
/// Docker.DotNet's HTTP client to an ssh:// engine, as the docker CLI reaches one: each connection is the system's ssh
/// client running docker system dial-stdio on the remote host, so the user's ssh configuration, agent, keys and
/// known_hosts apply unchanged and DockerPS never sees a password. Where ssh can share one session (not on Windows),
/// the connections of an engine go through one master connection that outlives them by a minute, so only the first
/// call pays for the handshake.
/// </summary>
internal sealed class SshTransport : IDockerHandlerFactory<Uri>
{
    /// <summary>How long ssh may take to reach the host (the docker CLI's ConnectTimeout).</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan SharedSessionIdle = TimeSpan.FromSeconds(60);

    // sshd takes 10 sessions on one connection unless told otherwise (MaxSessions), and drops new connections
    // under a burst (MaxStartups): an engine's connections wait for one of 8 places rather than be refused.
    private const int MaxConnections = 8;

    public static readonly SshTransport Instance = new();

    private SshTransport()
    {
    }

    public ResolvedTransport CreateHandler(ResolvedClientOptions clientOptions, ILogger logger) =>
        CreateHandler(clientOptions.Endpoint, clientOptions, logger);

    /// <param name="transportOptions">The ssh:// address.</param>
    public ResolvedTransport CreateHandler(Uri transportOptions, ResolvedClientOptions clientOptions, ILogger logger)
    {
        var arguments = Arguments(transportOptions);
        var places = new SemaphoreSlim(MaxConnections);
        var handler = new ManagedHandler(
            async (_, _, cancellation) =>
            {
                await places.WaitAsync(cancellation).ConfigureAwait(false);
                SshProcessStream connection;
                try
                {
                    connection = new SshProcessStream(Start(arguments), () => places.Release());
                }
                catch
                {
                    places.Release();
                    throw;
                }

                return new AnswerGuardStream(connection, connection.CloseWrite);
            },
            logger);

        // The remote dial-stdio ignores the host the requests name.
        return new ResolvedTransport(handler, new Uri("http://docker.example.com"));
    }

    public Task<WriteClosableStream> HijackStreamAsync(HttpContent content) =>
        content is HttpConnectionResponseContent hijackable
            ? Task.FromResult(hijackable.HijackStream())
            : throw new NotSupportedException("This answer cannot be taken over as a raw stream.");

    /// <summary>ssh's arguments for an address the resolver has checked: ssh://[user@]host[:port].</summary>
    internal static string Arguments(Uri address)
    {
        var arguments = new List<string> { "-o", $"ConnectTimeout={(int)ConnectTimeout.TotalSeconds}", "-T" };
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            arguments.AddRange(new[]
            {
                "-o", "ControlMaster=auto",
                "-o", $"ControlPath={SharedSessionFolder()}/%C",
                "-o", $"ControlPersist={(int)SharedSessionIdle.TotalSeconds}",
            });
        }

        if (address.UserInfo.Length > 0)
        {
            arguments.AddRange(new[] { "-l", Uri.UnescapeDataString(address.UserInfo) });
        }

        if (!address.IsDefaultPort && address.Port > 0)
        {
            arguments.AddRange(new[] { "-p", address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }

        arguments.AddRange(new[] { "--", address.Host, "docker", "system", "dial-stdio" });
        return string.Join(" ", arguments);
    }

    private static Process Start(string arguments)
    {
        var start = new ProcessStartInfo("ssh", arguments)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        try
        {
            return Process.Start(start) ?? throw new SshFailedException(-1, "ssh could not be started");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new SshFailedException(-1, $"ssh could not be started ({e.Message}): an ssh:// engine needs the ssh client on PATH");
        }
    }

    /// <summary>This user's folder for the shared sessions' sockets, readable by no one else.</summary>
    private static string SharedSessionFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"dockerps-ssh-{Environment.UserName}");
        if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder);
            Internal.UnixFiles.SetMode(folder, Convert.ToInt32("700", 8));
        }

        return folder;
    }
}
