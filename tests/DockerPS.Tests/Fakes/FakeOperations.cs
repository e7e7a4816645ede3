using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.ExceptionServices;

namespace DockerPS.Tests.Fakes;

/// <summary>
/// One of Docker.DotNet's operation interfaces (IContainerOperations, IImageOperations …) answered by handlers the
/// test gives per method name. A call nobody answers fails the test with the method's name; every call is recorded.
/// </summary>
public class FakeOperations<T> : DispatchProxy
    where T : class
{
    private readonly ConcurrentDictionary<string, Delegate> handlers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Method, object?[] Arguments)> calls = new();

    /// <summary>The interface to hand to the code under test.</summary>
    public T Interface => (T)(object)this;

    /// <summary>Every call so far, in order.</summary>
    public IReadOnlyList<(string Method, object?[] Arguments)> Calls => calls.ToList();

    public static FakeOperations<T> Create() => (FakeOperations<T>)(object)Create<T, FakeOperations<T>>();

    /// <summary>Answers calls of <paramref name="method"/> (any overload with as many parameters) with the handler.</summary>
    public FakeOperations<T> On(string method, Delegate handler)
    {
        handlers[Key(method, handler.Method.GetParameters().Length)] = handler;
        return this;
    }

    public int CountOf(string method) => calls.Count(call => call.Method == method);

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var method = targetMethod!;
        var arguments = args ?? Array.Empty<object?>();
        calls.Enqueue((method.Name, arguments));
        if (!handlers.TryGetValue(Key(method.Name, arguments.Length), out var handler))
        {
            throw new NotSupportedException($"The fake engine was not told how to answer {typeof(T).Name}.{method.Name} with {arguments.Length} arguments.");
        }

        try
        {
            return handler.DynamicInvoke(arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    private static string Key(string method, int arguments) => method + "/" + arguments;
}
