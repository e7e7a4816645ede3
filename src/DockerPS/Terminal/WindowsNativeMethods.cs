using System.Runtime.InteropServices;

namespace DockerPS.Terminal;

/// <summary>The console API calls the terminal needs on Windows.</summary>
internal static class WindowsNativeMethods
{
    public const int StandardInputHandle = -10;
    public const int StandardOutputHandle = -11;

    public const uint EnableProcessedInput = 0x0001;
    public const uint EnableLineInput = 0x0002;
    public const uint EnableEchoInput = 0x0004;
    public const uint EnableWindowInput = 0x0008;
    public const uint EnableMouseInput = 0x0010;
    public const uint EnableInsertMode = 0x0020;
    public const uint EnableQuickEditMode = 0x0040;
    public const uint EnableExtendedFlags = 0x0080;
    public const uint EnableVirtualTerminalInput = 0x0200;

    public const uint EnableVirtualTerminalProcessing = 0x0004;
    public const uint DisableNewlineAutoReturn = 0x0008;

    public const uint WaitObject0 = 0;
    public const uint WaitTimeout = 0x102;

    public const ushort KeyEvent = 0x0001;

    [DllImport("kernel32.dll", SetLastError = true)]
    public static extern IntPtr GetStdHandle(int handle);

    [DllImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool GetConsoleMode(IntPtr handle, out uint mode);

    [DllImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool SetConsoleMode(IntPtr handle, uint mode);

    [DllImport("kernel32.dll", SetLastError = true)]
    public static extern uint WaitForSingleObject(IntPtr handle, uint milliseconds);

    [DllImport("kernel32.dll", SetLastError = true, EntryPoint = "ReadConsoleInputW")]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool ReadConsoleInput(IntPtr handle, [Out] InputRecord[] buffer, uint length, out uint read);

    [DllImport("kernel32.dll", SetLastError = true, EntryPoint = "WriteConsoleW", CharSet = CharSet.Unicode)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool WriteConsole(IntPtr handle, [In] char[] buffer, uint count, out uint written, IntPtr reserved);

    /// <summary>INPUT_RECORD, with the fields of its KEY_EVENT_RECORD member that are read (the size is the whole record's).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 20)]
    public struct InputRecord
    {
        [FieldOffset(0)]
        public ushort EventType;

        [FieldOffset(4)]
        public int KeyDown;

        [FieldOffset(8)]
        public ushort RepeatCount;

        [FieldOffset(14)]
        public ushort UnicodeChar;
    }
}
