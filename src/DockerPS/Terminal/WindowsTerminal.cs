using System.ComponentModel;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using static DockerPS.Terminal.WindowsNativeMethods;

namespace DockerPS.Terminal;

/// <summary>
/// The console on Windows: virtual terminal input and output (Windows 10 1809 and later), so keys arrive as the
/// byte sequences a Linux terminal sends and the container's escape sequences are rendered. The console speaks
/// UTF-16; the container speaks UTF-8.
/// </summary>
internal sealed class WindowsTerminal : LocalTerminal
{
    private readonly IntPtr input;
    private readonly IntPtr console;
    private readonly bool outputIsConsole;
    private readonly Stream output = Console.OpenStandardOutput();
    private readonly Stream error = Console.OpenStandardError();
    private readonly Encoder encoder = new UTF8Encoding(false).GetEncoder();
    private readonly Decoder decoder = new UTF8Encoding(false).GetDecoder();
    private readonly InputRecord[] records = new InputRecord[256];
    private readonly Queue<byte> pending = new();

    private WindowsTerminal(IntPtr input)
    {
        this.input = input;
        console = GetStdHandle(StandardOutputHandle);
        outputIsConsole = GetConsoleMode(console, out _);
    }

    /// <summary>The console, when stdin is one (not a pipe, a file, or mintty's pipes).</summary>
    public static WindowsTerminal? TryOpen()
    {
        var input = GetStdHandle(StandardInputHandle);
        return GetConsoleMode(input, out _) ? new WindowsTerminal(input) : null;
    }

    public override IDisposable EnterRawMode()
    {
        Check(GetConsoleMode(input, out var inputMode), "GetConsoleMode");
        var rawInput = inputMode
            & ~(EnableEchoInput | EnableLineInput | EnableProcessedInput | EnableMouseInput | EnableWindowInput)
            | EnableExtendedFlags | EnableInsertMode | EnableQuickEditMode | EnableVirtualTerminalInput;
        if (!SetConsoleMode(input, rawInput))
        {
            throw new IOException("This console does not take virtual terminal input; Windows 10 1809 or later is needed.", new Win32Exception(Marshal.GetLastWin32Error()));
        }

        var outputMode = 0u;
        if (outputIsConsole
            && (!GetConsoleMode(console, out outputMode)
                || !SetConsoleMode(console, outputMode | EnableVirtualTerminalProcessing | DisableNewlineAutoReturn)))
        {
            var failure = new Win32Exception(Marshal.GetLastWin32Error());
            SetConsoleMode(input, inputMode);
            throw new IOException("This console does not render virtual terminal sequences; Windows 10 1809 or later is needed.", failure);
        }

        return new Restore(input, inputMode, outputIsConsole ? console : IntPtr.Zero, outputMode);
    }

    public override int Read(byte[] buffer, int waitMilliseconds)
    {
        if (pending.Count == 0 && !ReadKeys(waitMilliseconds))
        {
            return 0;
        }

        var count = 0;
        while (count < buffer.Length && pending.Count > 0)
        {
            buffer[count++] = pending.Dequeue();
        }

        return count;
    }

    public override void Write(byte[] buffer, int count, bool isError)
    {
        if (isError || !outputIsConsole)
        {
            var stream = isError ? error : output;
            stream.Write(buffer, 0, count);
            stream.Flush();
            return;
        }

        // A UTF-8 character split between two reads is completed by the decoder on the next write.
        var characters = new char[decoder.GetCharCount(buffer, 0, count)];
        var decoded = decoder.GetChars(buffer, 0, count, characters, 0);
        var offset = 0;
        while (offset < decoded)
        {
            Check(WriteConsole(console, offset == 0 ? characters : Rest(characters, offset, decoded), (uint)(decoded - offset), out var written, IntPtr.Zero), "WriteConsole");
            offset += (int)written;
        }
    }

    private static char[] Rest(char[] characters, int offset, int end)
    {
        var rest = new char[end - offset];
        Array.Copy(characters, offset, rest, 0, rest.Length);
        return rest;
    }

    /// <summary>
    /// Takes the typed characters from the console's input events into <see cref="pending"/>. Input records are
    /// read rather than ReadConsole called, because ReadConsole blocks while only key releases, focus or mouse
    /// events are queued, and a blocked read would outlive the session.
    /// </summary>
    private bool ReadKeys(int waitMilliseconds)
    {
        var signalled = WaitForSingleObject(input, (uint)waitMilliseconds);
        if (signalled == WaitTimeout)
        {
            return false;
        }

        Check(signalled == WaitObject0, "WaitForSingleObject");
        Check(ReadConsoleInput(input, records, (uint)records.Length, out var read), "ReadConsoleInput");
        var characters = new List<char>();
        for (var i = 0; i < read; i++)
        {
            var record = records[i];
            if (record.EventType == KeyEvent && record.KeyDown != 0 && record.UnicodeChar != 0)
            {
                for (var repeat = 0; repeat < Math.Max((int)record.RepeatCount, 1); repeat++)
                {
                    characters.Add((char)record.UnicodeChar);
                }
            }
        }

        // A surrogate pair split between two reads is completed by the encoder on the next one.
        var chars = characters.ToArray();
        var bytes = new byte[encoder.GetByteCount(chars, 0, chars.Length, flush: false)];
        encoder.GetBytes(chars, 0, chars.Length, bytes, 0, flush: false);
        foreach (var b in bytes)
        {
            pending.Enqueue(b);
        }

        return pending.Count > 0;
    }

    private static void Check(bool succeeded, string call)
    {
        if (!succeeded)
        {
            var failure = new Win32Exception(Marshal.GetLastWin32Error());
            throw new IOException($"{call} on the console failed: {failure.Message}", failure);
        }
    }

    private sealed class Restore : IDisposable
    {
        private readonly IntPtr input;
        private readonly uint inputMode;
        private readonly IntPtr console;
        private readonly uint outputMode;

        public Restore(IntPtr input, uint inputMode, IntPtr console, uint outputMode)
        {
            this.input = input;
            this.inputMode = inputMode;
            this.console = console;
            this.outputMode = outputMode;
        }

        // Nothing useful can be done when restoring fails; the session's own outcome matters more.
        public void Dispose()
        {
            SetConsoleMode(input, inputMode);
            if (console != IntPtr.Zero)
            {
                SetConsoleMode(console, outputMode);
            }
        }
    }
}
