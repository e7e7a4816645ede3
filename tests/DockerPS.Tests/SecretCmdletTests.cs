using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Security;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Tests.Fakes;
using Xunit;
using static DockerPS.Tests.ContainerTestKit;
using static DockerPS.Tests.SwarmTestKit;

namespace DockerPS.Tests;

/// <summary>
/// Get-, New- and Remove-DockerSecret against a fake swarm manager: the data from a SecureString, a file and the
/// pipeline, sent as it is and repeated nowhere; bad input refused before the engine is asked; secrets in use; names
/// missing or ambiguous; an engine in no swarm; objects piped in.
/// </summary>
public sealed class SecretCmdletTests : IDisposable
{
    private const string Password = "hunter2-Pa55word";

    private readonly RecordingHost host = new();
    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();
    private readonly ConcurrentQueue<SwarmSecretSpec> created = new();
    private readonly string folder = Directory.CreateTempSubdirectory("dockerps-secret-").FullName;

    public SecretCmdletTests()
    {
        runner = CmdletRunner.WithHost(host);
        AnswerSecrets(engine, Secret("web-key", new Dictionary<string, string> { ["tier"] = "web" }), Secret("db-password"), Secret("api-token"));
        engine.Secrets.On(nameof(ISecretsOperations.CreateAsync), (SwarmSecretSpec spec, CancellationToken _) =>
        {
            created.Enqueue(spec);
            return spec.Name == "taken"
                ? Task.FromException<SecretCreateResponse>(EngineAnswers.Refusal(HttpStatusCode.Conflict, "rpc error: code = AlreadyExists desc = secret taken already exists"))
                : Task.FromResult(new SecretCreateResponse { ID = SwarmId(spec.Name!) });
        });
        engine.Secrets.On(nameof(ISecretsOperations.InspectAsync), (string id, CancellationToken _) =>
            Task.FromResult(Secret(created.Last().Name!, created.Last().Labels)));
    }

    public static TheoryData<string> NotSecrets => AllBut("DockerSecret");

    public static TheoryData<string> GetRefuses => AllButAndContexts("DockerSecret");

    public void Dispose()
    {
        engine.Dispose();
        runner.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void Get_ListsSecretsByName_WithoutData_AndAMissingNameIsANonTerminatingSecretNotFound()
    {
        var all = runner.Run("Get-DockerSecret", On(engine));
        var named = runner.Run("Get-DockerSecret", On(engine).With("Name", new[] { "*-key", SwarmId("db-password").Substring(0, 6), "nosuch" }));

        Assert.Empty(all.ErrorIds);
        Assert.Equal(new[] { "api-token", "db-password", "web-key" }, all.Output.Cast<DockerSecret>().Select(secret => secret.Name));
        Assert.Equal("web", all.Output.Cast<DockerSecret>().Last().Labels["tier"]);
        Assert.DoesNotContain(typeof(DockerSecret).GetProperties(), property => property.PropertyType == typeof(byte[]));
        Assert.Equal(new[] { "web-key", "db-password" }, named.Output.Cast<DockerSecret>().Select(secret => secret.Name));
        Assert.Equal("No such secret: nosuch", Message(AssertError(Assert.Single(named.Errors), "SecretNotFound", ErrorCategory.ObjectNotFound, "nosuch")));
    }

    [Fact]
    public void Get_Label_NarrowsTheList()
    {
        var result = runner.Run("Get-DockerSecret", On(engine).With("Label", new[] { "tier=web" }));

        Assert.Equal(new[] { "web-key" }, result.Output.Cast<DockerSecret>().Select(secret => secret.Name));
    }

    [Fact]
    public void Get_OnAnEngineThatIsNoManager_IsATerminatingSwarmNotActive()
    {
        engine.Secrets.On(nameof(ISecretsOperations.ListAsync), (CancellationToken _) => Task.FromException<IList<Secret>>(NotAManager()));

        var result = runner.Run("Get-DockerSecret", On(engine));

        Assert.Equal(new[] { "SwarmNotActive" }, result.ErrorIds);
    }

    [Theory]
    [MemberData(nameof(GetRefuses))]
    public void Get_PipedObjectThatIsNoSecret_IsRefusedAsWrongObjectType(string kind)
    {
        var result = runner.Run("Get-DockerSecret", new Hashtable(), new[] { PipedObject(kind, engine) });

        AssertRefusedAsNot("secret", result, kind, engine);
    }

    [Fact]
    public void New_FromASecureString_SendsItsTextAsUtf8_WithLabels_AndTheDataIsInNoOutputOrMessage()
    {
        var result = runner.Run("New-DockerSecret", On(engine).With("Name", "web-key").With("Value", Secure(Password)).With("Label", new[] { "tier=web" }).With("Verbose", true));

        Assert.Empty(result.ErrorIds);
        var spec = Assert.Single(created);
        Assert.Equal(Encoding.UTF8.GetBytes(Password), spec.Data);
        Assert.Equal("web", spec.Labels["tier"]);
        var secret = Assert.IsType<DockerSecret>(Assert.Single(result.Output));
        Assert.Equal("web-key", secret.Name);
        AssertNowhere(Password, result);
    }

    [Fact]
    public void New_FromAFile_SendsItsBytesAsTheyAre_ByLiteralPathAndByAPatternNamingOneFile()
    {
        var bytes = new byte[] { 0, 1, 2, 255, (byte)'\n', 65 };
        var file = Path.Combine(folder, "key[1].bin");
        File.WriteAllBytes(file, bytes);
        File.WriteAllBytes(Path.Combine(folder, "other.bin"), bytes);

        var literal = runner.Run("New-DockerSecret", On(engine).With("Name", "a").With("LiteralPath", file));
        var pattern = runner.Run("New-DockerSecret", On(engine).With("Name", "b").With("Path", Path.Combine(folder, "oth*.bin")));

        Assert.Empty(literal.ErrorIds);
        Assert.Empty(pattern.ErrorIds);
        Assert.Equal(2, created.Count);
        Assert.All(created, spec => Assert.Equal(bytes, spec.Data));
    }

    [Fact]
    public void New_PatternNamingSeveralFiles_IsRefusedBeforeTheEngineIsAsked()
    {
        File.WriteAllText(Path.Combine(folder, "a.txt"), "a");
        File.WriteAllText(Path.Combine(folder, "b.txt"), "b");

        var result = runner.Run("New-DockerSecret", On(engine).With("Name", "a").With("Path", Path.Combine(folder, "*.txt")));

        Assert.Equal(new[] { "InvalidSecretFile" }, result.ErrorIds);
        Assert.Contains("names 2 files", Message(result.Terminating!));
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void New_FromThePipeline_StringsAreLinesJoinedByNewlines_AndBytesAreTakenAsTheyAre()
    {
        var lines = runner.Run("New-DockerSecret", On(engine).With("Name", "lines"), new object[] { "user", "pass" });
        var bytes = runner.Run("New-DockerSecret", On(engine).With("Name", "bytes"), new object[] { (byte)1, (byte)2, new byte[] { 3, 4 } });

        Assert.Empty(lines.ErrorIds);
        Assert.Empty(bytes.ErrorIds);
        Assert.Equal(new[] { "user\npass", "\u0001\u0002\u0003\u0004" }, created.Select(spec => Encoding.UTF8.GetString(spec.Data!)));
    }

    [Fact]
    public void New_PipedObjectThatIsNoData_IsATerminatingInvalidSecretData_NamingItsTypeNotItsValue_AndNothingIsCreated()
    {
        var result = runner.Run("New-DockerSecret", On(engine).With("Name", "web-key"), new object[] { "fine", new Hashtable { ["k"] = Password } });

        Assert.Equal(new[] { "InvalidSecretData" }, result.ErrorIds);
        Assert.Contains("Hashtable", Message(result.Terminating!));
        AssertNowhere(Password, result);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void New_FileThatDoesNotExist_IsATerminatingSecretFileNotFound_AndTheEngineIsNotAsked()
    {
        var missing = Path.Combine(folder, "missing.txt");

        var result = runner.Run("New-DockerSecret", On(engine).With("Name", "a").With("LiteralPath", missing));

        Assert.Equal(new[] { "SecretFileNotFound" }, result.ErrorIds);
        Assert.Equal(missing, result.Terminating!.TargetObject);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void New_NameTaken_IsTheEnginesConflict_InItsWords()
    {
        var result = runner.Run("New-DockerSecret", On(engine).With("Name", "taken").With("Value", Secure(Password)));

        var error = AssertError(Assert.Single(result.Errors), "DockerApi.Conflict", ErrorCategory.ResourceExists, "taken");
        Assert.Equal("Error response from daemon: rpc error: code = AlreadyExists desc = secret taken already exists", Message(error));
        Assert.Empty(result.Output);
    }

    [Fact]
    public void New_OnAnEngineThatIsNoManager_IsSwarmNotActive()
    {
        engine.Secrets.On(nameof(ISecretsOperations.CreateAsync), (SwarmSecretSpec _, CancellationToken __) => Task.FromException<SecretCreateResponse>(NotAManager()));

        var result = runner.Run("New-DockerSecret", On(engine).With("Name", "a").With("Value", Secure(Password)));

        Assert.Equal(new[] { "SwarmNotActive" }, result.ErrorIds);
        AssertNowhere(Password, result);
    }

    [Fact]
    public void New_WhatIf_NamesTheSecretButNotItsData_AndAsksTheEngineNothing()
    {
        var result = runner.Run("New-DockerSecret", On(engine).With("Name", "web-key").With("WhatIf", true), new object[] { Password });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(
            new[] { "What if: Performing the operation \"Create secret\" on target \"web-key\"." },
            host.Lines.Where(line => line.StartsWith("What if:", StringComparison.Ordinal)).Select(line => line.Trim()));
        AssertNowhere(Password, result);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void Remove_RemovesByName_AndOneServicesUse_IsANonTerminatingSecretInUse_NamingThem()
    {
        var words = "rpc error: code = InvalidArgument desc = secret 'db-password' is in use by the following service: api";
        AnswerRemove(("db-password", EngineAnswers.Refusal(HttpStatusCode.BadRequest, words)));

        var result = runner.Run("Remove-DockerSecret", On(engine).With("Name", new[] { "db-password", "web-key" }).With("Confirm", false));

        Assert.Null(result.Terminating);
        var error = AssertError(Assert.Single(result.Errors), "SecretInUse", ErrorCategory.ResourceBusy, "db-password");
        Assert.Equal("Error response from daemon: " + words, Message(error));
        Assert.Equal(new[] { "db-password", "web-key" }, Removed());
    }

    [Fact]
    public void Remove_Missing_IsSecretNotFound_ButWithForceAVerboseNote()
    {
        AnswerRemove(("nosuch", EngineAnswers.Refusal(HttpStatusCode.NotFound, "secret nosuch not found")));

        var plain = runner.Run("Remove-DockerSecret", On(engine).With("Name", new[] { "nosuch" }).With("Confirm", false));
        var forced = runner.Run("Remove-DockerSecret", On(engine).With("Name", new[] { "nosuch" }).With("Force", true).With("Verbose", true));

        AssertError(Assert.Single(plain.Errors), "SecretNotFound", ErrorCategory.ObjectNotFound, "nosuch");
        Assert.Empty(forced.ErrorIds);
        Assert.Contains("No such secret: nosuch", forced.Verbose);
    }

    [Fact]
    public void Remove_AsksForConfirmation_AndNoKeepsTheSecret_ForceDoesNotAsk_AndWhatIfAsksTheEngineNothing()
    {
        AnswerRemove();
        host.Answer("No");

        var declined = runner.Run("Remove-DockerSecret", On(engine).With("Name", new[] { "a" }));
        var whatIf = runner.Run("Remove-DockerSecret", On(engine).With("Name", new[] { "b" }).With("WhatIf", true).With("Force", true));

        Assert.Empty(declined.ErrorIds);
        Assert.Empty(whatIf.ErrorIds);
        Assert.Single(host.Prompts);
        Assert.Contains(host.Lines, line => line.Trim() == "What if: Performing the operation \"Remove secret\" on target \"b\".");
        Assert.Equal(0, engine.CallCount);

        var forced = runner.Run("Remove-DockerSecret", On(engine).With("Name", new[] { "c" }).With("Force", true));

        Assert.Empty(forced.ErrorIds);
        Assert.Single(host.Prompts);
        Assert.Equal(new[] { "c" }, Removed());
    }

    [Fact]
    public void Remove_PipedSecret_IsRemovedOnItsOwnEngine()
    {
        AnswerRemove();
        var secrets = runner.Run("Get-DockerSecret", On(engine).With("Name", new[] { "web-key" })).Output;

        var result = runner.Run("Remove-DockerSecret", new Hashtable { ["HostAddress"] = NowhereAddress(), ["Force"] = true }, secrets);

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "web-key" }, Removed());
    }

    [Theory]
    [MemberData(nameof(NotSecrets))]
    public void Remove_PipedObjectThatIsNoSecret_IsRefusedAsWrongObjectType(string kind)
    {
        var result = runner.Run("Remove-DockerSecret", new Hashtable { ["Force"] = true }, new[] { PipedObject(kind, engine) });

        AssertRefusedAsNot("secret", result, kind, engine);
    }

    private static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (var character in text)
        {
            secure.AppendChar(character);
        }

        return secure;
    }

    /// <summary>The secret's text is in no output object's properties, error, verbose or warning message, or host line.</summary>
    private void AssertNowhere(string secret, RunResult result)
    {
        var seen = result.Output.SelectMany(item => PSObject.AsPSObject(item).Properties.Select(property => Convert.ToString(property.Value)))
            .Concat(result.Errors.Concat(result.Terminating is null ? Array.Empty<ErrorRecord>() : new[] { result.Terminating }).SelectMany(error => new[] { error.ToString(), error.Exception.ToString(), Convert.ToString(error.TargetObject) }))
            .Concat(result.Verbose)
            .Concat(result.Warnings)
            .Concat(host.Lines);
        Assert.DoesNotContain(seen, text => text?.Contains(secret, StringComparison.Ordinal) == true);
    }

    private void AnswerRemove((string Name, Exception Refusal)? refusing = null) =>
        engine.Secrets.On(nameof(ISecretsOperations.DeleteAsync), (string name, CancellationToken _) =>
            refusing is { } refusal && name == refusal.Name ? Task.FromException(refusal.Refusal) : Task.CompletedTask);

    private IReadOnlyList<string> Removed() => engine.Secrets.Calls
        .Where(call => call.Method == nameof(ISecretsOperations.DeleteAsync))
        .Select(call => (string)call.Arguments[0]!)
        .ToList();
}
