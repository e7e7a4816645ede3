using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

// FaultProxy --listen SOCKET --target SOCKET [--match REGEX] [--nth N] [--cut-after BYTES] [--die] [--delay-ms MS]
//
// Relays every connection made to --listen to the engine at --target. Requests whose request line ("POST
// /v1.41/images/load HTTP/1.1") matches --match are counted; on the Nth (default 1st), once --cut-after more
// bytes (default 0) have passed that connection in either direction, the fault happens: that connection is cut,
// or with --die every connection is cut and no new one is taken, as when the engine dies. --delay-ms holds each
// chunk from the engine back that long. Prints "ready" once listening; runs until killed.
var options = Options.Parse(args);
File.Delete(options.Listen);
using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
listener.Bind(new UnixDomainSocketEndPoint(options.Listen));
listener.Listen(128);
var fault = new Fault(options, listener);
Console.WriteLine("ready");

while (!fault.Dead)
{
    Socket client;
    try
    {
        client = await listener.AcceptAsync();
    }
    catch (Exception) when (fault.Dead)
    {
        break;
    }

    _ = Task.Run(() => fault.RelayAsync(client));
}

await Task.Delay(Timeout.Infinite);

internal sealed record Options(string Listen, string Target, Regex? Match, int Nth, long CutAfter, bool Die, int DelayMs)
{
    public static Options Parse(string[] args)
    {
        string? Value(string name) => Array.IndexOf(args, name) is var i && i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        return new Options(
            Value("--listen") ?? throw new ArgumentException("--listen is required"),
            Value("--target") ?? throw new ArgumentException("--target is required"),
            Value("--match") is { } match ? new Regex(match, RegexOptions.CultureInvariant) : null,
            int.Parse(Value("--nth") ?? "1"),
            long.Parse(Value("--cut-after") ?? "0"),
            args.Contains("--die"),
            int.Parse(Value("--delay-ms") ?? "0"));
    }
}

internal sealed class Fault(Options options, Socket listener)
{
    private static readonly Regex RequestLine = new(@"(?:GET|POST|PUT|DELETE|HEAD) \S+ HTTP/1\.[01]\r\n", RegexOptions.CultureInvariant);
    private readonly List<Socket> sockets = new();
    private int matched;

    public volatile bool Dead;

    public async Task RelayAsync(Socket client)
    {
        using var engine = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await engine.ConnectAsync(new UnixDomainSocketEndPoint(options.Target));
        lock (sockets)
        {
            sockets.Add(client);
            sockets.Add(engine);
        }

        var connection = new Connection();
        await Task.WhenAny(
            PumpAsync(client, engine, connection, fromClient: true),
            PumpAsync(engine, client, connection, fromClient: false));
        Close(client);
        Close(engine);
    }

    private async Task PumpAsync(Socket from, Socket to, Connection connection, bool fromClient)
    {
        var buffer = new byte[65536];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                if (fromClient && options.Match is { } match)
                {
                    foreach (Match line in RequestLine.Matches(Encoding.ASCII.GetString(buffer, 0, read)))
                    {
                        if (match.IsMatch(line.Value) && Interlocked.Increment(ref matched) == options.Nth)
                        {
                            connection.Armed = true;
                        }
                    }
                }

                var pass = read;
                if (connection.Armed)
                {
                    var left = options.CutAfter - connection.Passed;
                    if (left <= 0)
                    {
                        Trip(connection);
                        return;
                    }

                    pass = (int)Math.Min(read, left);
                    connection.Passed += pass;
                }

                if (!fromClient && options.DelayMs > 0)
                {
                    await Task.Delay(options.DelayMs);
                }

                await to.SendAsync(buffer.AsMemory(0, pass), SocketFlags.None);
                if (pass < read)
                {
                    Trip(connection);
                    return;
                }
            }
        }
        catch (Exception) when (connection.Cut || Dead)
        {
        }
        catch (SocketException)
        {
        }
    }

    private void Trip(Connection connection)
    {
        connection.Cut = true;
        Console.WriteLine(options.Die ? "died" : "cut");
        if (options.Die)
        {
            Dead = true;
            listener.Close();
            lock (sockets)
            {
                sockets.ForEach(Close);
            }
        }
    }

    private static void Close(Socket socket)
    {
        try
        {
            socket.Close();
        }
        catch (Exception)
        {
        }
    }

    private sealed class Connection
    {
        public volatile bool Armed;
        public volatile bool Cut;
        public long Passed;
    }
}
