using System.ComponentModel;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace DockerPS.Internal;

/// <summary>
/// What netstandard2.0 cannot ask of a Unix file system: what kind of file a path is (without following a
/// symbolic link), its permission bits and times, a new file created private (0600) before a byte is written, and
/// symbolic and hard links. All go through the .NET runtime's own native shim, libSystem.Native, whose structures
/// and flags are the same on every Unix it runs on. On Windows the managed file APIs stand in where they can: no
/// permission bits, and no symbolic links.
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
    private const int PermissionMask = 0xFFF;
    private const int FileExists = 17;

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
    public static FileKind KindOf(string path) => StatusOf(path)?.Kind ?? FileKind.Missing;

    /// <summary>What lstat says of <paramref name="path"/> (a symbolic link is described, not followed); null when it does not exist.</summary>
    public static FileFacts? StatusOf(string path)
    {
        if (IsWindows)
        {
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                return null;
            }

            var attributes = File.GetAttributes(path);
            var directory = (attributes & FileAttributes.Directory) != 0;
            var kind = (attributes & FileAttributes.ReparsePoint) != 0 ? FileKind.SymbolicLink : directory ? FileKind.Directory : FileKind.Regular;
            return new FileFacts(kind, directory ? 0x1ED : 0x1A4, directory ? 0 : new FileInfo(path).Length, File.GetLastWriteTimeUtc(path));
        }

        if (LStat(path, out var status) != 0)
        {
            return null;
        }

        var type = (status.Mode & TypeMask) switch
        {
            0x1000 => FileKind.NamedPipe,
            0x2000 => FileKind.CharacterDevice,
            0x4000 => FileKind.Directory,
            0x6000 => FileKind.BlockDevice,
            0xA000 => FileKind.SymbolicLink,
            0xC000 => FileKind.Socket,
            _ => FileKind.Regular,
        };
        var modified = DateTimeOffset.FromUnixTimeSeconds(status.MTime).UtcDateTime.AddTicks(status.MTimeNsec / 100);
        return new FileFacts(type, status.Mode & PermissionMask, status.Size, modified);
    }

    /// <summary>The target a symbolic link names, as it is written; null on Windows.</summary>
    public static string? ReadLink(string path)
    {
        if (IsWindows)
        {
            return null;
        }

        var buffer = new byte[4096];
        var length = ReadLink(path, buffer, buffer.Length);
        return length < 0
            ? throw Failure("read the link", path)
            : Encoding.UTF8.GetString(buffer, 0, length);
    }

    /// <summary>Creates the symbolic link <paramref name="path"/> to <paramref name="target"/>; Windows is refused (links there need a privilege).</summary>
    public static void CreateSymbolicLink(string path, string target)
    {
        if (IsWindows)
        {
            throw new PlatformNotSupportedException($"The symbolic link '{path}' -> '{target}' is not created on Windows.");
        }

        if (SymLink(target, path) != 0)
        {
            throw Failure("create the symbolic link", path);
        }
    }

    /// <summary>Makes <paramref name="path"/> a new name of the file <paramref name="existing"/> (a copy on Windows).</summary>
    public static void CreateHardLink(string existing, string path)
    {
        if (IsWindows)
        {
            File.Copy(existing, path);
        }
        else if (Link(existing, path) != 0)
        {
            throw Failure("create the hard link", path);
        }
    }

    /// <summary>Creates one directory, with these permission bits exactly (not narrowed by the umask).</summary>
    public static void CreateDirectory(string path, int mode)
    {
        if (IsWindows)
        {
            Directory.CreateDirectory(path);
            return;
        }

        if (MkDir(path, mode & PermissionMask) != 0 && Marshal.GetLastWin32Error() is var errno && errno != FileExists)
        {
            throw Failure("create the directory", path, errno);
        }

        SetMode(path, mode);
    }

    /// <summary>Sets the permission bits (set-id and sticky bits too) of what <paramref name="path"/> names, following a link; nothing on Windows.</summary>
    public static void SetMode(string path, int mode)
    {
        if (!IsWindows && ChMod(path, mode & PermissionMask) != 0)
        {
            throw Failure("set the permissions of", path);
        }
    }

    /// <summary>
    /// Sets the permission bits and the times of an open file, whose writes must all be flushed (a later write would
    /// move the time again); <paramref name="path"/> names it in messages. Nothing on Windows, where the open file
    /// is shared with nobody.
    /// </summary>
    public static void SetModeAndTime(FileStream file, string path, int mode, DateTime modified)
    {
        if (IsWindows)
        {
            return;
        }

        if (FChMod(file.SafeFileHandle, mode & PermissionMask) != 0)
        {
            throw Failure("set the permissions of", path);
        }

        if (FUTimens(file.SafeFileHandle, Times(modified)) != 0)
        {
            throw Failure("set the times of", path);
        }
    }

    /// <summary>Sets the access and modification times of a directory.</summary>
    public static void SetModifiedTime(string directory, DateTime modified)
    {
        if (IsWindows)
        {
            Directory.SetLastWriteTimeUtc(directory, modified);
            return;
        }

        if (UTimensat(directory, Times(modified)) != 0)
        {
            throw Failure("set the times of", directory);
        }
    }

    /// <summary>Renames <paramref name="from"/> to <paramref name="to"/>, replacing what is there in one step (a link itself, never its target).</summary>
    public static void Rename(string from, string to)
    {
        if (IsWindows)
        {
            if (File.Exists(to))
            {
                File.Delete(to);
            }

            File.Move(from, to);
            return;
        }

        if (NativeRename(from, to) != 0)
        {
            throw Failure("rename", from);
        }
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
            throw errno == FileExists
                ? new IOException($"The file '{path}' already exists.", errno)
                : new IOException($"Cannot create '{path}' (error {errno}).", errno);
        }

        return new FileStream(new SafeFileHandle(descriptor, ownsHandle: true), FileAccess.Write, bufferSize);
    }

    /// <summary>The error of the call just failed, with the system's words and its errno as the HResult (28 is a full disk).</summary>
    private static IOException Failure(string action, string path, int? errno = null)
    {
        var code = errno ?? Marshal.GetLastWin32Error();
        return new IOException($"Cannot {action} '{path}': {new Win32Exception(code).Message}.", code);
    }

    private static TimeSpec[] Times(DateTime modified)
    {
        var since = modified.ToUniversalTime() - DateTime.SpecifyKind(new DateTime(1970, 1, 1), DateTimeKind.Utc);
        var seconds = (long)Math.Floor(since.TotalSeconds);
        var time = new TimeSpec { Seconds = seconds, Nanoseconds = (since.Ticks - (seconds * TimeSpan.TicksPerSecond)) * 100 };
        return new[] { time, time };
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat", SetLastError = true, CharSet = CharSet.Ansi)]
    private static extern int LStat(string path, out FileStatus status);

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Open", SetLastError = true, CharSet = CharSet.Ansi)]
    private static extern IntPtr Open(string path, int flags, int mode);

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_ReadLink", SetLastError = true, CharSet = CharSet.Ansi)]
    private static extern int ReadLink(string path, byte[] buffer, int bufferSize);

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_SymLink", SetLastError = true, CharSet = CharSet.Ansi)]
    private static extern int SymLink(string target, string linkPath);

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Link", SetLastError = true, CharSet = CharSet.Ansi)]
    private static extern int Link(string source, string linkTarget);

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_MkDir", SetLastError = true, CharSet = CharSet.Ansi)]
    private static extern int MkDir(string path, int mode);

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_ChMod", SetLastError = true, CharSet = CharSet.Ansi)]
    private static extern int ChMod(string path, int mode);

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_FChMod", SetLastError = true)]
    private static extern int FChMod(SafeFileHandle file, int mode);

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_FUTimens", SetLastError = true)]
    private static extern int FUTimens(SafeFileHandle file, TimeSpec[] times);

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_UTimensat", SetLastError = true, CharSet = CharSet.Ansi)]
    private static extern int UTimensat(string path, TimeSpec[] times);

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Rename", SetLastError = true, CharSet = CharSet.Ansi)]
    private static extern int NativeRename(string oldPath, string newPath);

    /// <summary>
    /// The start of libSystem.Native's FileStatus, as far as the modification time; the rest of its (version-dependent)
    /// size is room to spare.
    /// </summary>
    [StructLayout(LayoutKind.Sequential, Size = 256)]
    private struct FileStatus
    {
        public int Flags;
        public int Mode;
        public uint Uid;
        public uint Gid;
        public long Size;
        public long ATime;
        public long ATimeNsec;
        public long MTime;
        public long MTimeNsec;
    }

    /// <summary>libSystem.Native's TimeSpec: seconds and nanoseconds since 1970, 64 bits each on every platform.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}

/// <summary>What lstat says of a file: its kind, permission bits (set-id and sticky bits included), size and modification time (UTC).</summary>
internal sealed class FileFacts
{
    public FileFacts(UnixFiles.FileKind kind, int mode, long size, DateTime modified)
    {
        Kind = kind;
        Mode = mode;
        Size = size;
        Modified = modified;
    }

    public UnixFiles.FileKind Kind { get; }

    public int Mode { get; }

    public long Size { get; }

    public DateTime Modified { get; }
}
