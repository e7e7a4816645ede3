using System.IO;
using System.Text.Json;

namespace DockerPS.Terminal;

/// <summary>
/// The key sequence that leaves an interactive session with the container still running, in the docker CLI's
/// syntax (ctrl-p,ctrl-q): comma-separated single characters or ctrl-@, ctrl-a … ctrl-z, ctrl-[, ctrl-\,
/// ctrl-], ctrl-^, ctrl-_ and DEL.
/// </summary>
internal sealed class DetachKeySequence
{
    public const string Default = "ctrl-p,ctrl-q";

    // Index = the control code, as in the engine's own table (moby/term ToBytes).
    private static readonly string[] ControlNames =
    {
        "ctrl-@", "ctrl-a", "ctrl-b", "ctrl-c", "ctrl-d", "ctrl-e", "ctrl-f", "ctrl-g", "ctrl-h", "ctrl-i", "ctrl-j",
        "ctrl-k", "ctrl-l", "ctrl-m", "ctrl-n", "ctrl-o", "ctrl-p", "ctrl-q", "ctrl-r", "ctrl-s", "ctrl-t", "ctrl-u",
        "ctrl-v", "ctrl-w", "ctrl-x", "ctrl-y", "ctrl-z", "ctrl-[", "ctrl-\\", "ctrl-]", "ctrl-^", "ctrl-_",
    };

    private readonly byte[] bytes;

    private DetachKeySequence(string text, byte[] bytes)
    {
        Text = text;
        this.bytes = bytes;
    }

    /// <summary>The keys as the engine takes them.</summary>
    public string Text { get; }

    /// <summary>Parses keys in the CLI's syntax; names are case-sensitive, as the engine reads them.</summary>
    /// <exception cref="ArgumentException">A key the engine would not know.</exception>
    public static DetachKeySequence Parse(string text)
    {
        var codes = text.Split(',').Select(key =>
        {
            if (key.Length == 1 && key[0] < 0x80)
            {
                return (byte)key[0];
            }

            var control = Array.IndexOf(ControlNames, key);
            return control >= 0 ? (byte)control
                : key == "DEL" ? (byte)0x7f
                : throw new ArgumentException($"invalid detach keys ({text}): Unknown character: '{key}'");
        });
        return new DetachKeySequence(text, codes.ToArray());
    }

    /// <summary>
    /// The keys to use: the ones given, else detachKeys in the docker CLI's config.json, else Ctrl+P Ctrl+Q,
    /// the order in which docker exec and docker attach look for them. PowerShell reads ctrl-x,y unquoted as an
    /// array, so the keys may come as one string or as several, joined here with the CLI's commas.
    /// </summary>
    public static DetachKeySequence Resolve(IReadOnlyList<string>? given, DockerCliEnvironment environment) =>
        Parse(given is null ? FromCliConfig(environment) ?? Default : string.Join(",", given));

    /// <summary>A fresh filter for the input of one session.</summary>
    public Filter NewFilter() => new(bytes);

    private static string? FromCliConfig(DockerCliEnvironment environment)
    {
        try
        {
            return environment.ReadConfigString("detachKeys");
        }
        catch (JsonException)
        {
            // The CLI would refuse to start on a broken config; here the default keys still serve.
            return null;
        }
    }

    /// <summary>
    /// Sits between the keyboard and the container, as the docker CLI's escape proxy does: keys that may begin the
    /// sequence are held back, passed on if the sequence breaks off, and never sent if it completes. The engine
    /// is given the keys too, but is not relied on to detach: for an exec, its own detaching reports a failure
    /// and closes the process's terminal, which ends the process.
    /// </summary>
    internal sealed class Filter
    {
        private readonly byte[] keys;
        private int matched;

        public Filter(byte[] keys) => this.keys = keys;

        /// <summary>Whether the whole sequence has been typed; nothing typed after it is passed on.</summary>
        public bool Detached { get; private set; }

        /// <summary>What the container is to get of these typed bytes.</summary>
        public byte[] Pass(byte[] buffer, int count)
        {
            var send = new List<byte>(count + keys.Length);
            for (var i = 0; i < count && !Detached; i++)
            {
                if (buffer[i] == keys[matched])
                {
                    matched++;
                    Detached = matched == keys.Length;
                    continue;
                }

                // The keys held back were typed for the container after all. As in the CLI, the byte that broke
                // the sequence off does not begin a new one.
                send.AddRange(keys.Take(matched));
                send.Add(buffer[i]);
                matched = 0;
            }

            return send.ToArray();
        }
    }
}
