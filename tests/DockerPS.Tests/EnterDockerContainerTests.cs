using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Runtime.InteropServices;
using DockerPS.Engine;
using DockerPS.Terminal;
using DockerPS.Tests.Fakes;
using Xunit;

namespace DockerPS.Tests;

/// <summary>
/// Enter-DockerContainer's refusals, all before the engine: a runspace made in code has no terminal to hand over
/// (the docker CLI's "the input device is not a TTY"), detach keys the engine would not know, nsenter missing, and
/// -Nsenter with an engine that is not on this machine. PATH and DOCKER_CONFIG are set per test, hence the collection.
/// </summary>
[Collection(DockerCliEnvironmentCollection.Name)]
public sealed class EnterDockerContainerTests : IClassFixture<CmdletRunner>, IDisposable
{
    private readonly DockerCliEnvironmentScope environment = new(DockerCliEnvironmentScope.Nowhere);
    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();
    private readonly string programs = Directory.CreateTempSubdirectory("dps-path-").FullName;

    // One runspace for the class: these cmdlets keep nothing in it between runs.
    public EnterDockerContainerTests(CmdletRunner runner)
    {
        this.runner = runner;
    }

    public void Dispose()
    {
        engine.Dispose();
        environment.Dispose();
        Directory.Delete(programs, recursive: true);
    }

    private static bool IsLinux => RuntimeInformation.IsOSPlatform(OSPlatform.Linux);

    [Theory]
    [InlineData(null)]
    [InlineData("Attach")]
    [InlineData("Nsenter")]
    public void WithoutATerminal_IsATerminatingInputNotATerminal_WithTheCliWords_BeforeTheEngine(string? mode)
    {
        if (mode == "Nsenter")
        {
            if (!IsLinux)
            {
                return;
            }

            // nsenter is found, so what stops the cmdlet is the missing terminal.
            ProgramsOnPath("nsenter");
        }

        var result = runner.Run("Enter-DockerContainer", Parameters(mode, ("Name", "web")));

        var error = Assert.IsType<ErrorRecord>(result.Terminating);
        Assert.Equal("InputNotATerminal", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.InvalidOperation, error.CategoryInfo.Category);
        Assert.Equal("web", error.TargetObject);
        Assert.StartsWith("the input device is not a TTY", error.Exception.Message);
        Assert.Equal(0, engine.CallCount);
    }

    [Theory]
    [InlineData(nameof(DockerContainer))]
    [InlineData(nameof(DockerImage))]
    [InlineData(nameof(DockerContext))]
    [InlineData(nameof(DockerPortBinding))]
    [InlineData(nameof(DockerContainerLogLine))]
    [InlineData(nameof(DockerContainerExit))]
    [InlineData(nameof(DockerImageDeletion))]
    [InlineData(nameof(DockerImageSearchResult))]
    [InlineData(nameof(DockerImageArchiveEntry))]
    public void PipedObject_WithoutATerminal_StopsTheCmdletBeforeTheEngineIsAsked(string type)
    {
        // The terminal is checked before the first object arrives, so no object, of whatever kind, reaches the engine.
        var result = runner.Run("Enter-DockerContainer", Parameters(null), new[] { EveryOutputType.Of(type, engine.Endpoint) });

        Assert.IsType<ErrorRecord>(result.Terminating);
        Assert.Equal("InputNotATerminal", result.ErrorIds.Single());
        Assert.Equal(0, engine.CallCount);
    }

    [Theory]
    [InlineData(null, new[] { "ctrl-1" }, "ctrl-1", "Unknown character: 'ctrl-1'")]
    [InlineData("Attach", new[] { "ctrl-x", "ctrl-!" }, "ctrl-x,ctrl-!", "Unknown character: 'ctrl-!'")]
    [InlineData(null, new[] { "Ctrl-P" }, "Ctrl-P", "Unknown character: 'Ctrl-P'")]
    public void DetachKeysTheEngineWouldNotKnow_AreATerminatingInvalidDetachKeys_BeforeTheEngine(string? mode, string[] keys, string target, string phrase)
    {
        var result = runner.Run("Enter-DockerContainer", Parameters(mode, ("Name", "web"), ("DetachKeys", keys)));

        var error = Assert.IsType<ErrorRecord>(result.Terminating);
        Assert.Equal("InvalidDetachKeys", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal(target, error.TargetObject);
        Assert.Contains(phrase, error.Exception.Message);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void DetachKeysFromTheCliConfig_ThatTheEngineWouldNotKnow_AreATerminatingInvalidDetachKeys_BeforeTheEngine()
    {
        environment.WriteConfig("{\"detachKeys\":\"ctrl-p,ctrl-1\"}");

        var result = runner.Run("Enter-DockerContainer", Parameters(null, ("Name", "web")));

        var error = Assert.IsType<ErrorRecord>(result.Terminating);
        Assert.Equal("InvalidDetachKeys", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("invalid detach keys (ctrl-p,ctrl-1)", error.Exception.Message);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void Nsenter_WithNsenterNotOnPath_IsATerminatingNsenterNotFound_BeforeTheEngine()
    {
        // PATH holds only an empty folder.
        ProgramsOnPath();

        var result = runner.Run("Enter-DockerContainer", Parameters("Nsenter", ("Name", "web")));

        var error = Assert.IsType<ErrorRecord>(result.Terminating);
        if (IsLinux)
        {
            Assert.Equal("NsenterNotFound", result.ErrorIds.Single());
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Contains("nsenter was not found on PATH", error.Exception.Message);
        }
        else
        {
            Assert.Equal("NsenterNotSupported", result.ErrorIds.Single());
            Assert.Equal(ErrorCategory.NotImplemented, error.CategoryInfo.Category);
        }

        Assert.Equal("web", error.TargetObject);
        Assert.Equal(0, engine.CallCount);
    }

    [Theory]
    [InlineData("tcp://build-server:2376", null, true)]
    [InlineData("tcp://127.0.0.1:2375", null, false)]
    [InlineData("tcp://build-server:2375", "build", false)]
    [InlineData("npipe://./pipe/docker_engine", null, false)]
    public void Nsenter_WithAnEngineNotOnAUnixSocket_IsRefusedAsNsenterRemoteEngine(string address, string? context, bool tls)
    {
        // The cmdlet checks this before connecting, once it has a terminal: a runspace made in code has none, so the
        // check is asked directly, on the endpoint the cmdlet resolves.
        var endpoint = new DockerEndpoint(new Uri(address), DockerEndpointSource.HostParameter, context, tls ? new DockerTlsSettings(true, null, null, null) : null);

        var refusal = NsenterProcess.RemoteEngineRefusal(endpoint, "web");

        Assert.NotNull(refusal);
        Assert.Equal("NsenterRemoteEngine", refusal!.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidOperation, refusal.CategoryInfo.Category);
        Assert.Equal("web", refusal.TargetObject);
        Assert.Contains($"{endpoint.Address} is not one", refusal.Exception.Message);
        Assert.Contains("Leave -Nsenter out to use docker exec", refusal.Exception.Message);
    }

    [Fact]
    public void Nsenter_WithAnEngineOnAUnixSocket_IsNotRefused()
    {
        Assert.Null(NsenterProcess.RemoteEngineRefusal(engine.Endpoint, "web"));
    }

    // ---- Helpers ----

    /// <summary>PATH becomes a folder holding empty files by these names (enough for a program to be found).</summary>
    private void ProgramsOnPath(params string[] names)
    {
        foreach (var name in names)
        {
            File.WriteAllText(Path.Combine(programs, name), string.Empty);
        }

        Environment.SetEnvironmentVariable("PATH", programs);
    }

    private Hashtable Parameters(string? mode, params (string Name, object Value)[] parameters)
    {
        var table = new Hashtable { ["HostAddress"] = engine.Address };
        if (mode is not null)
        {
            table[mode] = true;
        }

        foreach (var (name, value) in parameters)
        {
            table[name] = value;
        }

        return table;
    }
}
