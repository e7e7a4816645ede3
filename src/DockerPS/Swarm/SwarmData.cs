using System.IO;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;

namespace DockerPS.Swarm;

/// <summary>
/// A secret's or config's data, gathered from what the user gave: a SecureString, a file, or the pipeline (bytes and
/// byte arrays as they are, as Get-Content -AsByteStream sends them; strings as lines, UTF-8, joined by newlines
/// with none at the end). Nothing here ever puts the data into a message.
/// </summary>
internal sealed class SwarmData
{
    private readonly MemoryStream bytes = new();
    private bool lastWasText;

    /// <summary>Whether anything was given.</summary>
    public bool IsEmpty => bytes.Length == 0 && !lastWasText;

    /// <summary>The SecureString's text as UTF-8; the plain copies made on the way are cleared.</summary>
    public static byte[] FromSecureString(SecureString value)
    {
        var pointer = Marshal.SecureStringToGlobalAllocUnicode(value);
        var characters = new char[value.Length];
        try
        {
            Marshal.Copy(pointer, characters, 0, characters.Length);
            return Encoding.UTF8.GetBytes(characters);
        }
        finally
        {
            Array.Clear(characters, 0, characters.Length);
            Marshal.ZeroFreeGlobalAllocUnicode(pointer);
        }
    }

    /// <summary>Adds one pipeline item.</summary>
    /// <exception cref="ArgumentException">An item that is no byte, byte array, string or SecureString; its type is named, never its value.</exception>
    public void Add(object? item)
    {
        switch (item is PSObject wrapped ? wrapped.BaseObject : item)
        {
            case byte one:
                bytes.WriteByte(one);
                lastWasText = false;
                break;
            case byte[] many:
                bytes.Write(many, 0, many.Length);
                lastWasText = false;
                break;
            case string line:
                AddText(Encoding.UTF8.GetBytes(line));
                break;
            case SecureString secure:
                AddText(FromSecureString(secure));
                break;
            case var other:
                throw new ArgumentException($"The data must be bytes, byte arrays, strings or SecureStrings; a {other?.GetType().Name ?? "null"} was given.");
        }
    }

    public byte[] ToArray() => bytes.ToArray();

    private void AddText(byte[] text)
    {
        if (lastWasText)
        {
            bytes.WriteByte((byte)'\n');
        }

        bytes.Write(text, 0, text.Length);
        Array.Clear(text, 0, text.Length);
        lastWasText = true;
    }
}
