using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace DockerPS.Internal;

/// <summary>
/// What netstandard2.0 cannot ask of a Unix file system: what kind of file a path is (without following a
/// symbolic link), and a new file created private (0600) before a byte is written. Both go through the .NET
/// runtime's own native shim, libSystem.Native, whose structures and flags are the same on every Unix it runs on.
/// </summary>
internal static class UnixFiles
{
    // libSystem.Native's flags and file types (pal_io.h); the type bits are the POSIX ones.
    private const int OpenWriteOnly = 0x0001;
    private const int OpenCloseOnExec = 0x0010;
    private const int OpenCreate = 0x0020;
    private const int OpenExclusive = 0x0040;
    private const int OwnerReadWrite = 0x180;
    private const int TypeMask = 0xF000;

    private static readonly bool IsWindows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

    public enum FileKind
    {
        Missing,
        Regular,
        Directory,
        SymbolicLink,
        CharacterDevice,
        BlockDevice,
        NamedPipe,
        Socket,
    }

    /// <summary>What <paramref name="path"/> is, itself: a symbolic link is one, whatever it points at.</summary>
    public static FileKind KindOf(string path)
    {
        if (IsWindows)
        {
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                return FileKind.Missing;
            }

            var attributes = File.GetAttributes(path);
            return (attributes & FileAttributes.ReparsePoint) != 0 ? FileKind.SymbolicLink
                : (attributes & FileAttributes.Directory) != 0 ? FileKind.Directory
                : FileKind.Regular;
        }

        if (LStat(path, out var status) != 0)
        {
            return FileKind.Missing;
        }

        return (status.Mode & TypeMask) switch
        {
            0x1000 => FileKind.NamedPipe,
            0x2000 => FileKind.CharacterDevice,
            0x4000 => FileKind.Directory,
            0x6000 => FileKind.BlockDevice,
            0xA000 => FileKind.SymbolicLink,
            0xC000 => FileKind.Socket,
            _ => FileKind.Regular,
        };
    }

    /// <summary>
    /// A new file (it must not exist) for writing, readable and writable by its owner only on Unix: what it will
    /// hold (image layers) may be secret, as docker save -o's files are 0600.
    /// </summary>
    public static FileStream CreateNewPrivate(string path, int bufferSize)
    {
        if (IsWindows)
        {
            return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize);
        }

        var descriptor = Open(path, OpenWriteOnly | OpenCreate | OpenExclusive | OpenCloseOnExec, OwnerReadWrite);
        if (descriptor == new IntPtr(-1))
        {
            var errno = Marshal.GetLastWin32Error();
            throw errno == 17
                ? new IOException($"The file '{path}' already exists.", errno)
                : new IOException($"Cannot create '{path}' (error {errno}).", errno);
        }

        return new FileStream(new SafeFileHandle(descriptor, ownsHandle: true), FileAccess.Write, bufferSize);
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat", SetLastError = true, CharSet = CharSet.Ansi)]
    private static extern int LStat(string path, out FileStatus status);

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Open", SetLastError = true, CharSet = CharSet.Ansi)]
    private static extern IntPtr Open(string path, int flags, int mode);

    /// <summary>The start of libSystem.Native's FileStatus; the rest of its (version-dependent) size is room to spare.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 256)]
    private struct FileStatus
    {
        public int Flags;
        public int Mode;
    }
}
