using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Tests.Fakes;
using Xunit;

namespace DockerPS.Tests;

/// <summary>
/// -OutFile on Invoke-DockerContainerCommand and Get-DockerContainerLog against a fake engine: stdout's bytes into the
/// file exactly, stderr still as before; a target that cannot take the file refused before the engine is asked; a
/// stream cut short leaves no file and an existing one as it was.
/// </summary>
[Collection(DockerCliEnvironmentCollection.Name)]
public sealed class OutFileTests : IClassFixture<CmdletRunner>, IDisposable
{
    private static readonly byte[] EveryByte = Enumerable.Range(0, 256).Select(value => (byte)value).ToArray();

    private readonly DockerCliEnvironmentScope environment = new(DockerCliEnvironmentScope.Nowhere);
    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();
    private readonly TemporaryFolder folder = new();

    public OutFileTests(CmdletRunner runner) => this.runner = runner;

    public void Dispose()
    {
        engine.Dispose();
        folder.Dispose();
        environment.Dispose();
    }

    [Fact]
    public void Exec_WritesStdoutsBytesExactly_AndStderrStillAsErrors()
    {
        AnswerExec(Stream(Frame(1, EveryByte), Frame(2, Encoding.UTF8.GetBytes("careful\n")), Frame(1, EveryByte)));

        var result = runner.Run("Invoke-DockerContainerCommand", Exec(("OutFile", folder.File("out.bin"))));

        Assert.Null(result.Terminating);
        Assert.Empty(result.Output);
        Assert.Equal("ContainerStandardError", Assert.Single(result.ErrorIds));
        Assert.Equal("careful", result.Errors[0].Exception.Message);
        Assert.Equal(EveryByte.Concat(EveryByte), File.ReadAllBytes(folder.File("out.bin")));
        Assert.Equal(new[] { "out.bin" }, folder.Files());
        Assert.Equal(new[] { "Exec.StartContainerExecAsync" }, engine.BurstCalls);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(folder.File("out.bin")));
        }
    }

    [Fact]
    public void Exec_NonZeroExit_StillKeepsTheWholeOutput_AsAShellsRedirectionDoes()
    {
        AnswerExec(Stream(Frame(1, Encoding.UTF8.GetBytes("partial work\n"))), exitCode: 2);

        var result = runner.Run("Invoke-DockerContainerCommand", Exec(("OutFile", folder.File("out.txt"))));

        Assert.Equal("CommandExitCode", Assert.Single(result.ErrorIds));
        Assert.Equal("partial work\n", File.ReadAllText(folder.File("out.txt")));
    }

    [Fact]
    public void Exec_StreamCutShort_LeavesNoFile_AndTheFileItWouldReplaceAsItWas()
    {
        folder.Write("out.txt", Encoding.UTF8.GetBytes("before"));
        AnswerExec(Stream(Frame(1, Encoding.UTF8.GetBytes("0123456789")).Take(12).ToArray()));

        var result = runner.Run("Invoke-DockerContainerCommand", Exec(("OutFile", folder.File("out.txt")), ("Force", true)));

        Assert.NotNull(result.Terminating);
        Assert.Equal("EngineConnectionLost", result.ErrorIds.Single());
        Assert.Equal("before", File.ReadAllText(folder.File("out.txt")));
        Assert.Equal(new[] { "out.txt" }, folder.Files());
    }

    [Fact]
    public void Exec_ExistingFile_IsReplacedWithForce()
    {
        folder.Write("out.txt", Encoding.UTF8.GetBytes("an older and longer content"));
        AnswerExec(Stream(Frame(1, Encoding.UTF8.GetBytes("new\n"))));

        var result = runner.Run("Invoke-DockerContainerCommand", Exec(("OutFile", folder.File("out.txt")), ("Force", true)));

        Assert.Empty(result.ErrorIds);
        Assert.Equal("new\n", File.ReadAllText(folder.File("out.txt")));
    }

    [Theory]
    [InlineData("Invoke-DockerContainerCommand")]
    [InlineData("Get-DockerContainerLog")]
    public void ExistingFile_WithoutForce_IsATerminatingArchiveExists_BeforeTheEngine_AndTheFileIsUntouched(string cmdlet)
    {
        folder.Write("out.txt", Encoding.UTF8.GetBytes("keep me"));

        var result = runner.Run(cmdlet, Parameters(cmdlet, ("OutFile", folder.File("out.txt"))));

        Assert.Equal("ArchiveExists", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.ResourceExists, result.Terminating!.CategoryInfo.Category);
        Assert.Equal(0, engine.CallCount);
        Assert.Equal("keep me", File.ReadAllText(folder.File("out.txt")));
    }

    [Theory]
    [InlineData("Invoke-DockerContainerCommand", "dir", "InvalidArchivePath", ErrorCategory.InvalidArgument, "it is a directory")]
    [InlineData("Get-DockerContainerLog", "dir", "InvalidArchivePath", ErrorCategory.InvalidArgument, "it is a directory")]
    [InlineData("Invoke-DockerContainerCommand", "missing/out.txt", "DirectoryNotFound", ErrorCategory.ObjectNotFound, "does not exist")]
    [InlineData("Get-DockerContainerLog", "missing/out.txt", "DirectoryNotFound", ErrorCategory.ObjectNotFound, "does not exist")]
    public void TargetThatCannotBeAFile_IsTerminating_BeforeTheEngine(string cmdlet, string name, string errorId, ErrorCategory category, string phrase)
    {
        Directory.CreateDirectory(folder.File("dir"));

        var result = runner.Run(cmdlet, Parameters(cmdlet, ("OutFile", folder.File(name)), ("Force", true)));

        Assert.Equal(errorId, result.ErrorIds.Single());
        Assert.Equal(category, result.Terminating!.CategoryInfo.Category);
        Assert.Contains(phrase, result.Terminating.ToString());
        Assert.Equal(0, engine.CallCount);
        Assert.Equal(new[] { "dir" }, Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("Invoke-DockerContainerCommand")]
    [InlineData("Get-DockerContainerLog")]
    public void TargetOnADriveWithoutFiles_IsATerminatingInvalidArchivePath_BeforeTheEngine(string cmdlet)
    {
        var result = runner.Run(cmdlet, Parameters(cmdlet, ("OutFile", "Env:\\out.txt")));

        Assert.Equal("InvalidArchivePath", result.ErrorIds.Single());
        Assert.Contains("-OutFile writes a file, on a FileSystem drive", result.Terminating!.ToString());
        Assert.Equal(0, engine.CallCount);
    }

    [Theory]
    [InlineData("Invoke-DockerContainerCommand", "AsByteStream", true)]
    [InlineData("Invoke-DockerContainerCommand", "Detach", true)]
    [InlineData("Get-DockerContainerLog", "AsByteStream", true)]
    [InlineData("Get-DockerContainerLog", "Stream", "Stderr")]
    public void WithWhatLeavesItNothing_IsATerminatingOutFileConflict_BeforeTheEngine(string cmdlet, string parameter, object value)
    {
        var result = runner.Run(cmdlet, Parameters(cmdlet, ("OutFile", folder.File("out.txt")), (parameter, value)));

        Assert.Equal("OutFileConflict", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.InvalidArgument, result.Terminating!.CategoryInfo.Category);
        Assert.Equal(0, engine.CallCount);
        Assert.Empty(folder.Files());
    }

    [Fact]
    public void Exec_WhatIf_WritesNothing_AndAsksNothing()
    {
        var result = runner.Run("Invoke-DockerContainerCommand", Exec(("OutFile", folder.File("out.txt")), ("WhatIf", true)));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(0, engine.CallCount);
        Assert.Empty(folder.Files());
    }

    [Fact]
    public void Exec_ASecondContainerPipedIn_IsATerminatingOutFileConflict_AfterTheFirstsFile()
    {
        AnswerExec(Stream(Frame(1, Encoding.UTF8.GetBytes("from a\n"))));

        var result = runner.Run("Invoke-DockerContainerCommand", Parameters(null, ("Command", new[] { "hostname" }), ("OutFile", folder.File("out.txt"))), new object[] { "a", "b" });

        Assert.Equal("OutFileConflict", result.ErrorIds.Single());
        Assert.Equal("b", result.Terminating!.TargetObject);
        Assert.Equal(1, engine.Exec.CountOf(nameof(IExecOperations.CreateContainerExecAsync)));
        Assert.Equal("from a\n", File.ReadAllText(folder.File("out.txt")));
    }

    [Fact]
    public void Logs_WriteStdoutsBytesExactly_AndStderrLinesStillComeAsObjects()
    {
        AnswerLogs(Stream(Frame(1, EveryByte), Frame(2, Encoding.UTF8.GetBytes("warning\n")), Frame(1, Encoding.UTF8.GetBytes("done\n"))));

        var result = runner.Run("Get-DockerContainerLog", Logs(("OutFile", folder.File("web.log"))));

        Assert.Null(result.Terminating);
        var line = Assert.IsType<DockerContainerLogLine>(Assert.Single(result.Output));
        Assert.Equal(("stderr", "warning", null), (line.Stream, line.Text, line.Timestamp));
        Assert.Equal(EveryByte.Concat(Encoding.UTF8.GetBytes("done\n")), File.ReadAllBytes(folder.File("web.log")));
        var asked = (ContainerLogsParameters)engine.Containers.Calls.Single(call => call.Method == nameof(IContainerOperations.GetContainerLogsAsync)).Arguments[1]!;
        Assert.False(asked.Timestamps);
    }

    [Fact]
    public void Logs_SeveralContainers_AreATerminatingOutFileConflict_BeforeTheEngine()
    {
        var result = runner.Run("Get-DockerContainerLog", Parameters("Get-DockerContainerLog", ("OutFile", folder.File("out.txt"))).With("Name", new[] { "web", "db" }));

        Assert.Equal("OutFileConflict", result.ErrorIds.Single());
        Assert.Equal(0, engine.CallCount);
        Assert.Empty(folder.Files());
    }

    [Fact]
    public void Logs_StreamCutShort_LeavesNoFile()
    {
        AnswerLogs(Stream(Frame(1, Encoding.UTF8.GetBytes("line\n")), Frame(1, Encoding.UTF8.GetBytes("0123456789")).Take(10).ToArray()));

        var result = runner.Run("Get-DockerContainerLog", Logs(("OutFile", folder.File("web.log"))));

        Assert.Equal("EngineConnectionLost", result.ErrorIds.Single());
        Assert.Empty(folder.Files());
    }

    [Fact]
    public void Logs_ContainerMissing_IsContainerNotFound_AndLeavesNoFile()
    {
        engine.Containers.On(nameof(IContainerOperations.GetContainerLogsAsync), (string id, ContainerLogsParameters _, CancellationToken __) =>
            Task.FromException<MultiplexedStream>(EngineAnswers.NoSuchContainer(id)));

        var result = runner.Run("Get-DockerContainerLog", Logs(("OutFile", folder.File("web.log"))));

        Assert.Equal("ContainerNotFound", result.ErrorIds.Single());
        Assert.Empty(folder.Files());
    }

    // ---- Helpers ----

    private static byte[] Frame(byte stream, byte[] payload) =>
        new byte[] { stream, 0, 0, 0, (byte)(payload.Length >> 24), (byte)(payload.Length >> 16), (byte)(payload.Length >> 8), (byte)payload.Length }.Concat(payload).ToArray();

    private static Func<MultiplexedStream> Stream(params byte[][] frames) =>
        () => new MultiplexedStream(new MemoryStream(frames.SelectMany(frame => frame).ToArray()), multiplexed: true);

    private Hashtable Exec(params (string Name, object Value)[] parameters) =>
        Parameters("Invoke-DockerContainerCommand", parameters);

    private Hashtable Logs(params (string Name, object Value)[] parameters) =>
        Parameters("Get-DockerContainerLog", parameters);

    /// <summary>The cmdlet's parameters for container "web" (none with a null cmdlet), on the fake engine.</summary>
    private Hashtable Parameters(string? cmdlet, params (string Name, object Value)[] parameters)
    {
        var table = new Hashtable { ["HostAddress"] = engine.Address };
        if (cmdlet is not null)
        {
            table["Name"] = "web";
        }

        if (cmdlet == "Invoke-DockerContainerCommand" || cmdlet is null)
        {
            table["Command"] = new[] { "cat", "/data" };
        }

        foreach (var (name, value) in parameters)
        {
            table[name] = value;
        }

        return table;
    }

    private void AnswerExec(Func<MultiplexedStream> output, long exitCode = 0)
    {
        engine.Exec.On(nameof(IExecOperations.CreateContainerExecAsync), (string container, ContainerExecCreateParameters _, CancellationToken __) =>
            Task.FromResult(new ContainerExecCreateResponse { ID = "exec-" + container }));
        engine.Exec.On(nameof(IExecOperations.StartContainerExecAsync), (string _, ContainerExecStartParameters __, CancellationToken ___) => Task.FromResult(output()));
        engine.Exec.On(nameof(IExecOperations.InspectContainerExecAsync), (string id, CancellationToken _) =>
            Task.FromResult(new ContainerExecInspectResponse { ID = id, Running = false, ExitCode = exitCode }));
    }

    private void AnswerLogs(Func<MultiplexedStream> logs) =>
        engine.Containers.On(nameof(IContainerOperations.GetContainerLogsAsync), (string _, ContainerLogsParameters __, CancellationToken ___) => Task.FromResult(logs()));
}
