using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace DockerPS.Tests.Fakes;

/// <summary>
/// A host that keeps what PowerShell writes to it, -WhatIf's "What if:" lines among them (they go to the host, to no
/// stream), and answers confirmation prompts as the test says: the labels given, in turn, else the default.
/// </summary>
public sealed class RecordingHost : PSHost
{
    private readonly RecordingUserInterface ui = new();

    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;

    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override string Name => "DockerPS.Tests";

    public override PSHostUserInterface UI => ui;

    public override Version Version => new(1, 0);

    /// <summary>Every line written to the host, in order.</summary>
    public IReadOnlyList<string> Lines => ui.Lines.ToList();

    /// <summary>The captions of the confirmation prompts shown, in order.</summary>
    public IReadOnlyList<string> Prompts => ui.Prompts.ToList();

    /// <summary>Answers the next prompts with these choice labels ("&amp;Yes", "&amp;No", "Yes to &amp;All" …), by their text without the ampersand.</summary>
    public void Answer(params string[] choices)
    {
        foreach (var choice in choices)
        {
            ui.Answers.Enqueue(choice);
        }
    }

    public void Clear() => ui.Lines.Clear();

    public override void EnterNestedPrompt() => throw new NotSupportedException();

    public override void ExitNestedPrompt() => throw new NotSupportedException();

    public override void NotifyBeginApplication()
    {
    }

    public override void NotifyEndApplication()
    {
    }

    public override void SetShouldExit(int exitCode)
    {
    }

    private sealed class RecordingUserInterface : PSHostUserInterface
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ConcurrentQueue<string> Prompts { get; } = new();

        public ConcurrentQueue<string> Answers { get; } = new();

        public override PSHostRawUserInterface RawUI => null!;

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            Prompts.Enqueue(message);
            if (!Answers.TryDequeue(out var answer))
            {
                return defaultChoice;
            }

            var index = choices.ToList().FindIndex(choice => choice.Label.Replace("&", string.Empty) == answer);
            return index >= 0 ? index : throw new InvalidOperationException($"No choice '{answer}' among {string.Join(", ", choices.Select(choice => choice.Label))}.");
        }

        public override void Write(string value) => Lines.Enqueue(value);

        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Lines.Enqueue(value);

        public override void WriteLine(string value) => Lines.Enqueue(value);

        public override void WriteErrorLine(string value) => Lines.Enqueue(value);

        public override void WriteDebugLine(string message)
        {
        }

        public override void WriteProgress(long sourceId, ProgressRecord record)
        {
        }

        public override void WriteVerboseLine(string message)
        {
        }

        public override void WriteWarningLine(string message)
        {
        }

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => throw new NotSupportedException();

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException();

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
            throw new NotSupportedException();

        public override string ReadLine() => throw new NotSupportedException();

        public override SecureString ReadLineAsSecureString() => throw new NotSupportedException();
    }
}
