using System.Diagnostics;
using System.IO;
using System.Text;
using DockerPS.Internal;

namespace DockerPS.Engine;

/// <summary>
/// One connection to an engine over ssh: an ssh process running docker system dial-stdio on the remote host, its
/// standard output read and its standard input written. When ssh ends without having carried a byte (a refused key,
/// an unknown host key, no docker on the remote host), the read throws <see cref="SshFailedException"/> with ssh's
/// own words.
/// </summary>
internal sealed class SshProcessStream : ForwardOnlyStream
{
    private const int StandardErrorKept = 4096;

    private readonly Process process;
    private readonly Stream output;
    private readonly Stream input;
    private readonly StringBuilder standardError = new();
    private readonly Task standardErrorRead;
    private readonly Action closed;
    private bool anyRead;
    private int disposed;

    /// <param name="closed">Called once, when the connection is closed.</param>
    public SshProcessStream(Process process, Action closed)
    {
        this.process = process;
        this.closed = closed;
        output = process.StandardOutput.BaseStream;
        input = process.StandardInput.BaseStream;
        standardErrorRead = Task.Run(ReadStandardErrorAsync);
    }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        var read = await output.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
        if (read == 0 && !anyRead)
        {
            await ThrowIfSshFailedAsync().ConfigureAwait(false);
        }

        anyRead |= read > 0;
        return read;
    }

    public override void Write(byte[] buffer, int offset, int count) => input.Write(buffer, offset, count);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        input.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Flush() => input.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => input.FlushAsync(cancellationToken);

    /// <summary>Ends what is sent: the remote side reads the end of its standard input.</summary>
    public void CloseWrite() => input.Dispose();

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref disposed, 1) == 0)
        {
            input.Dispose();
            try
            {
                // dial-stdio ends once its input ends; one that does not is not waited for.
                if (!process.WaitForExit(2000))
                {
                    process.Kill();
                }
            }
            catch (InvalidOperationException)
            {
                // Never started or already reaped.
            }

            output.Dispose();
            process.Dispose();
            closed();
        }

        base.Dispose(disposing);
    }

    private async Task ThrowIfSshFailedAsync()
    {
        // The output ends before the process is reaped; ssh's last words come with its exit.
        var exited = await Task.Run(() => process.WaitForExit(5000)).ConfigureAwait(false);
        await Task.WhenAny(standardErrorRead, Task.Delay(500)).ConfigureAwait(false);
        if (exited && process.ExitCode != 0)
        {
            string words;
            lock (standardError)
            {
                words = standardError.ToString().Trim();
            }

            throw new SshFailedException(process.ExitCode, words);
        }
    }

    private async Task ReadStandardErrorAsync()
    {
        var buffer = new char[1024];
        var reader = process.StandardError;
        int read;
        while ((read = await reader.ReadAsync(buffer, 0, buffer.Length).ConfigureAwait(false)) > 0)
        {
            lock (standardError)
            {
                standardError.Append(buffer, 0, read);
                if (standardError.Length > StandardErrorKept)
                {
                    standardError.Remove(0, standardError.Length - StandardErrorKept);
                }
            }
        }
    }
}

/// <summary>The ssh process that was to carry a connection ended with an error before carrying anything.</summary>
internal sealed class SshFailedException : IOException
{
    public SshFailedException(int exitCode, string standardError)
        : base(standardError.Length > 0 ? standardError : $"ssh exited with status {exitCode}")
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }
}
