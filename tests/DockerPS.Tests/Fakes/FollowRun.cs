using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Xunit;

namespace DockerPS.Tests.Fakes;

/// <summary>A -Follow run in progress: each object written goes to a channel the test reads, without polling.</summary>
public sealed class FollowRun : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly Channel<PSObject> written = Channel.CreateUnbounded<PSObject>();
    private readonly PSDataCollection<PSObject> output = new();
    private readonly IAsyncResult invocation;

    public FollowRun(CmdletRunner runner, string command, Hashtable parameters)
    {
        Shell = PowerShell.Create();
        Shell.Runspace = runner.Runspace;
        Shell.AddCommand(command).AddParameters(parameters);
        output.DataAdded += (_, added) => written.Writer.TryWrite(output[added.Index]);
        invocation = Shell.BeginInvoke<PSObject, PSObject>(null, output);
    }

    public PowerShell Shell { get; }

    /// <summary>How many objects the run has written so far.</summary>
    public int WrittenCount => output.Count;

    public async Task<T> NextAsync<T>() => (T)(await NextObjectAsync()).BaseObject;

    /// <summary>The next object written, as PowerShell wrote it (with the type names the views go by).</summary>
    public async Task<PSObject> NextObjectAsync()
    {
        using var patience = new CancellationTokenSource(Patience);
        return await written.Reader.ReadAsync(patience.Token);
    }

    public async Task<(PSInvocationState State, IReadOnlyList<ErrorRecord> Errors)> EndAsync()
    {
        var ended = await Task.Run(() => invocation.AsyncWaitHandle.WaitOne(Patience));
        Assert.True(ended, "the cmdlet should have ended");
        return (Shell.InvocationStateInfo.State, Shell.Streams.Error.ToList());
    }

    public ValueTask DisposeAsync()
    {
        if (!invocation.IsCompleted)
        {
            Shell.Stop();
        }

        Shell.Dispose();
        output.Dispose();
        return ValueTask.CompletedTask;
    }
}
