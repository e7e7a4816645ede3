namespace System.Diagnostics.CodeAnalysis;

/// <summary>
/// netstandard2.0 lacks this attribute; the compiler recognises it by name, so methods that always throw tell
/// the flow analysis so, and their callers need no filler return after them.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
internal sealed class DoesNotReturnAttribute : Attribute
{
}
