using System.Diagnostics.CodeAnalysis;

namespace DockerPS.Cmdlets;

/// <summary>
/// The root of every DockerPS cmdlet: a cancellation token that Ctrl+C cancels, async work bridged onto
/// the pipeline thread without blocking on .Result, and errors mapped in one place.
/// </summary>
public abstract class DockerCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private PipelinePump? pump;

    /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
    protected CancellationToken Cancellation => stopping.Token;

    /// <summary>
    /// How this session finds engines and contexts: the docker CLI's rules, with the context this runspace chose
    /// by Use-DockerContext -Scope Session. Read it on the pipeline thread.
    /// </summary>
    private protected DockerEndpointResolver Resolver => DockerEndpointResolver.ForSession();

    protected override void StopProcessing() => stopping.Cancel();

    /// <summary>
    /// Runs <paramref name="work"/> on the thread pool while the pipeline thread carries out everything it
    /// emits. A failure of the work as a whole becomes a terminating error.
    /// </summary>
    protected void RunAsync(Func<CancellationToken, Task> work)
    {
        using var current = new PipelinePump(Thread.CurrentThread.ManagedThreadId);
        pump = current;
        var task = Task.Run(() => work(Cancellation));
        _ = task.ContinueWith(_ => current.Complete(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            current.RunUntilComplete();
        }
        catch
        {
            // Writing failed on the pipeline thread (downstream stopped, -ErrorAction Stop …): stop the work
            // and let the original exception travel.
            stopping.Cancel();
            current.Abandon();
            WaitQuietly(task);
            throw;
        }
        finally
        {
            pump = null;
        }

        if (task.Exception?.GetBaseException() is { } failure)
        {
            ThrowFailure(failure);
        }

        if (task.IsCanceled)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>
    /// ShouldProcess, except that -Force waives the confirmation prompt a high-impact removal would raise;
    /// -WhatIf and an explicit -Confirm are still honoured.
    /// </summary>
    protected bool ShouldProcessUnlessForced(bool force, string target, string action) =>
        force && !MyInvocation.BoundParameters.ContainsKey("Confirm") && !WhatIfInEffect()
        || ShouldProcess(target, action);

    /// <summary>Writes an object, from any thread.</summary>
    protected void Emit(object value) => OnPipelineThread(() => WriteObject(value));

    /// <summary>Writes a non-terminating error, from any thread.</summary>
    protected void EmitError(ErrorRecord record) => OnPipelineThread(() => WriteError(record));

    /// <summary>Writes a non-terminating error for a failure concerning <paramref name="target"/>, from any thread.</summary>
    protected void EmitError(Exception exception, string? errorId, object? target) =>
        EmitError(DockerErrorMapper.ToErrorRecord(exception, errorId, target));

    protected void EmitVerbose(string message) => OnPipelineThread(() => WriteVerbose(message));

    protected void EmitWarning(string message) => OnPipelineThread(() => WriteWarning(message));

    protected void EmitProgress(ProgressRecord record) => OnPipelineThread(() => WriteProgress(record));

    /// <summary>Writes to the information stream (-InformationAction Continue, 6&gt;&amp;1), from any thread.</summary>
    protected void EmitInformation(string message) => OnPipelineThread(() => WriteInformation(message, Array.Empty<string>()));

    /// <summary>
    /// Completes once everything emitted before it has been written by the pipeline thread: for work about to take
    /// the console over (an interactive terminal), which no message may be written into.
    /// </summary>
    protected Task EmittedAsync()
    {
        var written = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        OnPipelineThread(() => written.TrySetResult(true));
        return written.Task;
    }

    /// <summary>The identities an object can stand for; each refused one is a non-terminating WrongObjectType error.</summary>
    private protected IEnumerable<T> Accepted<T>(IEnumerable<T> identities)
        where T : DockerObjectIdentity
    {
        foreach (var identity in identities)
        {
            if (identity.Refusal is null)
            {
                yield return identity;
            }
            else
            {
                WriteError(DockerErrors.WrongObjectType(identity));
            }
        }
    }

    /// <summary>Runs a parser; what it refuses becomes a terminating parameter error with a stable id, about <paramref name="value"/>.</summary>
    private protected static T Validated<T>(string errorId, object? value, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (ArgumentException e)
        {
            throw new ErrorRecordException(new ErrorRecord(e, errorId, ErrorCategory.InvalidArgument, value));
        }
    }

    /// <summary>Throws the terminating error for <paramref name="failure"/>; Ctrl+C stops the pipeline quietly.</summary>
    [DoesNotReturn]
    protected void ThrowFailure(Exception failure, string? errorId = null, object? target = null)
    {
        if (failure is OperationCanceledException && Cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }

        if (failure is PipelineStoppedException or ParameterBindingException)
        {
            throw failure;
        }

        ThrowFailure(DockerErrorMapper.ToErrorRecord(failure, errorId, target));
    }

    /// <summary>
    /// Throws <paramref name="record"/> as the cmdlet's terminating error, as ThrowTerminatingError does; unlike it,
    /// the compiler knows this does not return.
    /// </summary>
    [DoesNotReturn]
    protected static void ThrowFailure(ErrorRecord record) => throw new ErrorRecordException(record);

    /// <summary>Whether -WhatIf, or $WhatIfPreference, is in effect: ShouldProcess only describes what would happen.</summary>
    private protected bool WhatIfInEffect() =>
        MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf)
            ? ((SwitchParameter)whatIf).IsPresent
            : GetVariableValue("WhatIfPreference") is { } preference && LanguagePrimitives.IsTrue(preference);

    public void Dispose()
    {
        stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Runs the action on the pipeline thread: now when already there, else queued for it.</summary>
    protected void OnPipelineThread(Action action)
    {
        var current = pump;
        if (current is null)
        {
            action();
        }
        else
        {
            current.Post(action, Cancellation);
        }
    }

    private static void WaitQuietly(Task task)
    {
        try
        {
            task.Wait();
        }
        catch (AggregateException)
        {
            // The work's own failure matters less than the one already travelling.
        }
    }
}
