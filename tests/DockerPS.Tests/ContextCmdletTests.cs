using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Tests.Fakes;
using Xunit;

namespace DockerPS.Tests;

/// <summary>
/// Get-, New-, Remove- and Use-DockerContext on a throw-away docker configuration folder (DOCKER_CONFIG): names and
/// addresses refused, contexts missing, taken, fixed or in use, -WhatIf, and a session's choice that stays in its
/// own runspace. No engine is contacted, except fake ones a context names.
/// </summary>
[Collection(DockerCliEnvironmentCollection.Name)]
public sealed class ContextCmdletTests : IClassFixture<CmdletRunner>, IDisposable
{
    private readonly DockerCliEnvironmentScope store = new();
    private readonly CmdletRunner runner;

    // One runspace for the class; the only thing these cmdlets keep in it, the session's context, is forgotten after each test.
    public ContextCmdletTests(CmdletRunner runner)
    {
        this.runner = runner;
    }

    public void Dispose()
    {
        runner.Run("Use-DockerContext", new Hashtable { ["Clear"] = true });
        store.Dispose();
    }

    // ---- Get-DockerContext ----

    [Fact]
    public void Get_ListsDefaultFirst_ThenByName_WithTheConfigsCurrentContextMarked()
    {
        store.WriteContext("zeta", "tcp://zeta:2375");
        store.WriteContext("alpha", "tcp://alpha:2376", "the alpha engine");
        store.WriteConfig("{\"currentContext\":\"alpha\"}");

        var result = runner.Run("Get-DockerContext");

        Assert.Empty(result.ErrorIds);
        var contexts = result.Output.Cast<DockerContext>().ToList();
        Assert.Equal(new[] { "default", "alpha", "zeta" }, contexts.Select(context => context.Name));
        Assert.Equal(new[] { "alpha" }, contexts.Where(context => context.IsCurrent).Select(context => context.Name));
        Assert.Equal("tcp://alpha:2376", contexts[1].DockerEndpoint);
        Assert.Equal("the alpha engine", contexts[1].Description);
    }

    [Fact]
    public void Get_NameMissing_IsANonTerminatingContextNotFound_AndTheOtherNamesAreListed()
    {
        store.WriteContext("alpha", "tcp://alpha:2375");

        var result = runner.Run("Get-DockerContext", new Hashtable { ["Name"] = new[] { "nope", "alpha" } });

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("ContextNotFound", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("nope", error.TargetObject);
        Assert.Equal("context \"nope\" does not exist", error.Exception.Message);
        Assert.Equal(new[] { "alpha" }, result.Output.Cast<DockerContext>().Select(context => context.Name));
    }

    [Fact]
    public void Get_PatternMatchingNothing_WritesNothing_AndPatternsIgnoreCase()
    {
        store.WriteContext("alpha", "tcp://alpha:2375");

        var result = runner.Run("Get-DockerContext", new Hashtable { ["Name"] = new[] { "zz*", "ALP*" } });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "alpha" }, result.Output.Cast<DockerContext>().Select(context => context.Name));
    }

    [Fact]
    public void Get_SshContext_IsListedAsAContext()
    {
        store.WriteContext("remote", "ssh://me@build-server");
        store.WriteContext("tcp-one", "tcp://one:2375");

        var result = runner.Run("Get-DockerContext");

        Assert.Empty(result.ErrorIds);
        var contexts = result.Output.Cast<DockerContext>().ToList();
        Assert.Equal(new[] { "default", "remote", "tcp-one" }, contexts.Select(context => context.Name));
        Assert.Equal("ssh://me@build-server", contexts[1].Endpoint.Address);
    }

    [Fact]
    public void Get_ContextWithoutADockerEndpoint_IsANonTerminatingInvalidContext()
    {
        store.WriteContextMeta("k8s-only", "{\"Name\":\"k8s-only\",\"Metadata\":{},\"Endpoints\":{\"kubernetes\":{}}}");

        var result = runner.Run("Get-DockerContext");

        var error = Assert.Single(result.Errors);
        Assert.Equal("InvalidContext", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.ReadError, error.CategoryInfo.Category);
        Assert.Equal("k8s-only", error.TargetObject);
        Assert.Contains("has no docker endpoint", error.Exception.Message);
        Assert.Equal(new[] { "default" }, result.Output.Cast<DockerContext>().Select(context => context.Name));
    }

    [Fact]
    public void Get_ConfigThatIsNotJson_IsATerminatingInvalidDockerConfig_NamingTheFile()
    {
        store.WriteConfig("{not json");

        var result = runner.Run("Get-DockerContext");

        var error = Assert.IsType<ErrorRecord>(result.Terminating);
        Assert.Equal("InvalidDockerConfig", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.ReadError, error.CategoryInfo.Category);
        Assert.Contains(store.ConfigFilePath, error.Exception.Message);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Get_PipedContextsAndStrings_AreLookedUpByName()
    {
        store.WriteContext("alpha", "tcp://alpha:2375");
        store.WriteContext("beta", "tcp://beta:2375");
        var alpha = (DockerContext)runner.Run("Get-DockerContext", new Hashtable { ["Name"] = "alpha" }).Output.Single();

        var result = runner.Run("Get-DockerContext", null, new object[] { alpha, "beta" });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new[] { "alpha", "beta" }, result.Output.Cast<DockerContext>().Select(context => context.Name));
    }

    // ---- New-DockerContext ----

    [Theory]
    [InlineData("host1", false, "tcp://host1:2375")]
    [InlineData("host1", true, "tcp://host1:2376")]
    [InlineData("tcp://10.0.0.5:2380", false, "tcp://10.0.0.5:2380")]
    [InlineData("unix:///run/user/1000/docker.sock", false, "unix:///run/user/1000/docker.sock")]
    public void New_WritesTheContextWithItsAddressNormalizedAsTheCliDoes(string address, bool skipTlsVerify, string stored)
    {
        var parameters = new Hashtable { ["Name"] = "build", ["HostAddress"] = address, ["Description"] = "CI" };
        if (skipTlsVerify)
        {
            parameters["SkipTlsVerify"] = true;
        }

        var result = runner.Run("New-DockerContext", parameters);

        Assert.Empty(result.ErrorIds);
        var context = Assert.IsType<DockerContext>(Assert.Single(result.Output));
        Assert.Equal(("build", "CI", stored, false), (context.Name, context.Description, context.DockerEndpoint, context.IsCurrent));
        Assert.Equal(stored, store.HostOf("build"));
    }

    [Theory]
    [InlineData("default", "reserved")]
    [InlineData("a", "is invalid")]
    [InlineData("-build", "is invalid")]
    [InlineData("my ctx", "is invalid")]
    [InlineData("ctx/x", "is invalid")]
    [InlineData("café", "is invalid")]
    public void New_NameTheCliRefuses_IsANonTerminatingInvalidContext_AndNothingIsWritten(string name, string phrase)
    {
        var result = runner.Run("New-DockerContext", new Hashtable { ["Name"] = name, ["HostAddress"] = "tcp://host1:2375" });

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("InvalidContext", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal(name, error.TargetObject);
        Assert.Contains(phrase, error.Exception.Message);
        Assert.Empty(result.Output);
        Assert.Empty(store.Files());
    }

    [Fact]
    public void New_NameTaken_IsANonTerminatingContextExists_AndTheContextStaysAsItWas()
    {
        store.WriteContext("build", "tcp://old:2375");

        var result = runner.Run("New-DockerContext", new Hashtable { ["Name"] = "build", ["HostAddress"] = "tcp://new:2375" });

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("ContextExists", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
        Assert.Equal("build", error.TargetObject);
        Assert.Equal("context \"build\" already exists", error.Exception.Message);
        Assert.Equal("tcp://old:2375", store.HostOf("build"));
    }

    [Fact]
    public void New_SshAddress_IsWrittenAsTheDockerCliWritesIt()
    {
        var result = runner.Run("New-DockerContext", new Hashtable { ["Name"] = "build", ["HostAddress"] = "ssh://me@build-server:2222" });

        Assert.Empty(result.ErrorIds);
        Assert.Equal("ssh://me@build-server:2222", store.HostOf("build"));
    }

    [Theory]
    [InlineData("ftp://build-server", "'ftp://' is not supported")]
    [InlineData("git://build-server", "'git://' is not supported")]
    public void New_SchemeDockerPSCannotUse_IsANonTerminatingUnsupportedEndpointScheme_AndNothingIsWritten(string address, string phrase)
    {
        var result = runner.Run("New-DockerContext", new Hashtable { ["Name"] = "build", ["HostAddress"] = address });

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("UnsupportedEndpointScheme", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.NotImplemented, error.CategoryInfo.Category);
        Assert.Equal("build", error.TargetObject);
        Assert.Contains(phrase, error.Exception.Message);
        Assert.Empty(store.Files());
    }

    [Theory]
    [InlineData("tcp://host1:2375/v1.41", "cannot carry a path")]
    [InlineData("unix://", "needs a path")]
    [InlineData("tcp://", "expected tcp://host:port")]
    public void New_MalformedAddress_IsANonTerminatingInvalidHostAddress_AndNothingIsWritten(string address, string phrase)
    {
        var result = runner.Run("New-DockerContext", new Hashtable { ["Name"] = "build", ["HostAddress"] = address });

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("InvalidHostAddress", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("build", error.TargetObject);
        Assert.Contains(phrase, error.Exception.Message);
        Assert.Empty(store.Files());
    }

    [Fact]
    public void New_CertificateFolderMissingAFile_IsANonTerminatingObjectNotFound_AndNothingIsWritten()
    {
        var certificates = Directory.CreateTempSubdirectory("dps-certs-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(certificates, "ca.pem"), "-----BEGIN CERTIFICATE-----");
            File.WriteAllText(Path.Combine(certificates, "cert.pem"), "-----BEGIN CERTIFICATE-----");

            var result = runner.Run("New-DockerContext", new Hashtable { ["Name"] = "tls", ["HostAddress"] = "tcp://host1", ["CertificatePath"] = certificates });

            Assert.Null(result.Terminating);
            var error = Assert.Single(result.Errors);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Equal("tls", error.TargetObject);
            Assert.Contains("key.pem is missing", error.Exception.Message);
            Assert.Empty(store.Files());
        }
        finally
        {
            Directory.Delete(certificates, recursive: true);
        }
    }

    [Fact]
    public void New_WhatIf_WritesNothing()
    {
        var result = runner.Run("New-DockerContext", new Hashtable { ["Name"] = "build", ["HostAddress"] = "tcp://host1", ["WhatIf"] = true });

        Assert.Empty(result.ErrorIds);
        Assert.Empty(result.Output);
        Assert.Empty(store.Files());
    }

    // ---- Remove-DockerContext ----

    [Fact]
    public void Remove_Default_IsANonTerminatingDefaultContextFixed_AndTheOtherNamesAreRemoved()
    {
        store.WriteContext("old", "tcp://old:2375");

        var result = runner.Run("Remove-DockerContext", new Hashtable { ["Name"] = new[] { "default", "old" }, ["Confirm"] = false });

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("DefaultContextFixed", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.InvalidOperation, error.CategoryInfo.Category);
        Assert.Equal("default", error.TargetObject);
        Assert.Contains("the default context cannot be removed", error.Exception.Message);
        Assert.False(store.ContextExists("old"));
    }

    [Fact]
    public void Remove_Missing_IsANonTerminatingContextNotFound_AndTheOtherNamesAreRemoved()
    {
        store.WriteContext("old", "tcp://old:2375");

        var result = runner.Run("Remove-DockerContext", new Hashtable { ["Name"] = new[] { "nope", "old" }, ["Confirm"] = false });

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("ContextNotFound", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("nope", error.TargetObject);
        Assert.False(store.ContextExists("old"));
    }

    [Theory]
    [InlineData("config")]
    [InlineData("DOCKER_CONTEXT")]
    [InlineData("session")]
    public void Remove_TheCurrentContextWithoutForce_IsANonTerminatingContextInUse_AndItStays(string selectedBy)
    {
        store.WriteContext("live", "tcp://live:2375");
        store.WriteContext("old", "tcp://old:2375");
        Select("live", selectedBy);
        var configBefore = store.ConfigText;

        var result = runner.Run("Remove-DockerContext", new Hashtable { ["Name"] = new[] { "live", "old" }, ["Confirm"] = false });

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("ContextInUse", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.ResourceBusy, error.CategoryInfo.Category);
        Assert.Equal("live", error.TargetObject);
        Assert.Contains("is in use, set -Force flag to force remove", error.Exception.Message);
        Assert.True(store.ContextExists("live"));
        Assert.Equal(configBefore, store.ConfigText);
        Assert.False(store.ContextExists("old"));
    }

    [Fact]
    public void Remove_TheConfigsCurrentContextWithForce_RemovesIt_AndTheConfigGoesBackToDefault()
    {
        store.WriteContext("live", "tcp://live:2375");
        store.WriteConfig("{\"currentContext\":\"live\",\"detachKeys\":\"ctrl-x,y\"}");

        var result = runner.Run("Remove-DockerContext", new Hashtable { ["Name"] = "live", ["Force"] = true });

        Assert.Empty(result.ErrorIds);
        Assert.False(store.ContextExists("live"));
        Assert.Null(store.CurrentContextInConfig);
        Assert.Contains("ctrl-x,y", store.ConfigText);
    }

    [Fact]
    public void Remove_WhatIf_RemovesNothing()
    {
        store.WriteContext("old", "tcp://old:2375");
        var before = store.Files();

        var result = runner.Run("Remove-DockerContext", new Hashtable { ["Name"] = "old", ["WhatIf"] = true });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(before, store.Files());
    }

    [Fact]
    public void Remove_PipedContextsAndStrings_AreRemovedByName()
    {
        store.WriteContext("one", "tcp://one:2375");
        store.WriteContext("two", "tcp://two:2375");
        var one = (DockerContext)runner.Run("Get-DockerContext", new Hashtable { ["Name"] = "one" }).Output.Single();

        var result = runner.Run("Remove-DockerContext", new Hashtable { ["Confirm"] = false }, new object[] { one, "two" });

        Assert.Empty(result.ErrorIds);
        Assert.Empty(store.Files());
    }

    // ---- Use-DockerContext ----

    [Fact]
    public void Use_Missing_IsANonTerminatingContextNotFound_AndChangesNothing()
    {
        var result = runner.Run("Use-DockerContext", new Hashtable { ["Name"] = "nope" });

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("ContextNotFound", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("nope", error.TargetObject);
        Assert.Null(store.ConfigText);
    }

    [Fact]
    public void Use_Global_WritesCurrentContext_KeepingTheConfigsOtherSettings()
    {
        store.WriteContext("build", "tcp://build:2375");
        store.WriteConfig("{\"detachKeys\":\"ctrl-x,y\"}");

        var result = runner.Run("Use-DockerContext", new Hashtable { ["Name"] = "build", ["PassThru"] = true });

        Assert.Empty(result.ErrorIds);
        Assert.Equal("build", store.CurrentContextInConfig);
        Assert.Contains("ctrl-x,y", store.ConfigText);
        Assert.True(Assert.IsType<DockerContext>(Assert.Single(result.Output)).IsCurrent);
    }

    [Fact]
    public void Use_Default_RemovesCurrentContextFromTheConfig()
    {
        store.WriteContext("build", "tcp://build:2375");
        store.WriteConfig("{\"currentContext\":\"build\"}");

        var result = runner.Run("Use-DockerContext", new Hashtable { ["Name"] = "default" });

        Assert.Empty(result.ErrorIds);
        Assert.Null(store.CurrentContextInConfig);
    }

    [Theory]
    [InlineData("Global")]
    [InlineData("Session")]
    public void Use_WhatIf_ChangesNothing(string scope)
    {
        store.WriteContext("build", "tcp://build:2375");

        var result = runner.Run("Use-DockerContext", new Hashtable { ["Name"] = "build", ["Scope"] = scope, ["WhatIf"] = true });

        Assert.Empty(result.ErrorIds);
        Assert.Null(store.ConfigText);
        var current = runner.Run("Get-DockerContext").Output.Cast<DockerContext>().Single(context => context.IsCurrent);
        Assert.Equal("default", current.Name);
    }

    [Fact]
    public void Use_WhileDockerHostIsSet_SwitchesButWarnsThatDockerHostOverridesIt()
    {
        store.WriteContext("build", "tcp://build:2375");
        Environment.SetEnvironmentVariable("DOCKER_HOST", "tcp://elsewhere:2375");

        var result = runner.Run("Use-DockerContext", new Hashtable { ["Name"] = "build" });

        Assert.Empty(result.ErrorIds);
        Assert.Equal("build", store.CurrentContextInConfig);
        Assert.Contains("DOCKER_HOST (tcp://elsewhere:2375) is set and overrides the active context", Assert.Single(result.Warnings));
    }

    [Fact]
    public void Use_GlobalWhileThisSessionChoseAnother_WarnsThatTheSessionsChoiceWins()
    {
        store.WriteContext("mine", "tcp://mine:2375");
        store.WriteContext("build", "tcp://build:2375");
        Assert.Empty(runner.Run("Use-DockerContext", new Hashtable { ["Name"] = "mine", ["Scope"] = "Session" }).ErrorIds);

        var result = runner.Run("Use-DockerContext", new Hashtable { ["Name"] = "build", ["PassThru"] = true });

        Assert.Equal("build", store.CurrentContextInConfig);
        Assert.Contains("This session uses context \"mine\"", Assert.Single(result.Warnings));
        Assert.False(Assert.IsType<DockerContext>(Assert.Single(result.Output)).IsCurrent);
    }

    [Fact]
    public void Use_SessionScope_ChangesOnlyTheRunspaceItRunsIn_AndClearForgetsIt()
    {
        // Each context names a fake engine, so resolving the engine with no engine option shows which one a runspace uses.
        using var sessionEngine = new FakeEngine();
        using var configEngine = new FakeEngine();
        using var other = new CmdletRunner();
        store.WriteContext("session-one", sessionEngine.Address);
        store.WriteContext("config-one", configEngine.Address);
        store.WriteConfig("{\"currentContext\":\"config-one\"}");
        var configBefore = store.ConfigText;

        var chosen = runner.Run("Use-DockerContext", new Hashtable { ["Name"] = "session-one", ["Scope"] = "Session", ["PassThru"] = true });

        Assert.Empty(chosen.ErrorIds);
        Assert.True(Assert.IsType<DockerContext>(Assert.Single(chosen.Output)).IsCurrent);
        Assert.Equal(configBefore, store.ConfigText);
        Assert.Equal("session-one", CurrentIn(runner));
        Assert.Equal("config-one", CurrentIn(other));
        Assert.Same(sessionEngine, EngineUsedBy(runner, sessionEngine, configEngine));
        Assert.Same(configEngine, EngineUsedBy(other, sessionEngine, configEngine));

        var cleared = runner.Run("Use-DockerContext", new Hashtable { ["Clear"] = true, ["PassThru"] = true });

        Assert.Empty(cleared.ErrorIds);
        Assert.Equal("config-one", Assert.IsType<DockerContext>(Assert.Single(cleared.Output)).Name);
        Assert.Equal("config-one", CurrentIn(runner));
        Assert.Same(configEngine, EngineUsedBy(runner, sessionEngine, configEngine));
    }

    [Fact]
    public void Use_PipedContext_IsUsedByName()
    {
        store.WriteContext("build", "tcp://build:2375");
        var build = (DockerContext)runner.Run("Get-DockerContext", new Hashtable { ["Name"] = "build" }).Output.Single();

        var result = runner.Run("Use-DockerContext", null, new object[] { build });

        Assert.Empty(result.ErrorIds);
        Assert.Equal("build", store.CurrentContextInConfig);
    }

    // ---- Objects of other kinds from the pipeline ----

    [Theory]
    [InlineData("Get-DockerContext", nameof(DockerContainer))]
    [InlineData("Get-DockerContext", nameof(DockerImage))]
    [InlineData("Get-DockerContext", nameof(DockerPortBinding))]
    [InlineData("Remove-DockerContext", nameof(DockerContainer))]
    [InlineData("Remove-DockerContext", nameof(DockerImage))]
    [InlineData("Remove-DockerContext", nameof(DockerContainerLogLine))]
    [InlineData("Remove-DockerContext", nameof(DockerImageDeletion))]
    [InlineData("Use-DockerContext", nameof(DockerContainer))]
    [InlineData("Use-DockerContext", nameof(DockerImageSearchResult))]
    [InlineData("Use-DockerContext", nameof(DockerImageArchiveEntry))]
    public void OtherDockerPSObjects_AreRefusedAsWrongObjectType_AndNoContextIsReadOrChanged(string command, string type)
    {
        // Contexts named as the objects' look-alike names: none of them may be touched.
        foreach (var name in new[] { "web", "nginx", "hello" })
        {
            store.WriteContext(name, $"tcp://{name}:2375");
        }

        var before = store.Files();
        var piped = EveryOutputType.Of(type, new DockerEndpoint(new Uri("unix:///fake/none.sock"), DockerEndpointSource.HostParameter));
        var parameters = command == "Remove-DockerContext" ? new Hashtable { ["Force"] = true } : null;

        var result = runner.Run(command, parameters, new[] { piped });

        var error = Assert.Single(result.Errors);
        Assert.Equal("WrongObjectType", result.ErrorIds.Single());
        Assert.Equal(ErrorCategory.InvalidType, error.CategoryInfo.Category);
        Assert.Contains("is not a docker context", error.Exception.Message);
        Assert.Empty(result.Output);
        Assert.Equal(before, store.Files());
        Assert.Null(store.CurrentContextInConfig);
    }

    [Theory]
    [InlineData("tcp://admin:s3cret@host1:2375")]
    [InlineData("tcp://host1:2375?tls=0")]
    public void New_AddressWithCredentialsOrAQuery_IsRefused_AndNothingIsWritten(string address)
    {
        var result = runner.Run("New-DockerContext", new Hashtable { ["Name"] = "build", ["HostAddress"] = address });

        var error = Assert.Single(result.Errors);
        Assert.Equal("InvalidHostAddress", result.ErrorIds.Single());
        Assert.DoesNotContain("s3cret", error.ToString());
        Assert.Empty(store.Files());
    }

    // ---- Helpers ----

    /// <summary>Makes a context the selected one the way <paramref name="selectedBy"/> says.</summary>
    private void Select(string name, string selectedBy)
    {
        switch (selectedBy)
        {
            case "config":
                store.WriteConfig($"{{\"currentContext\":\"{name}\"}}");
                break;
            case "DOCKER_CONTEXT":
                Environment.SetEnvironmentVariable("DOCKER_CONTEXT", name);
                break;
            case "session":
                Assert.Empty(runner.Run("Use-DockerContext", new Hashtable { ["Name"] = name, ["Scope"] = "Session" }).ErrorIds);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(selectedBy));
        }
    }

    private static string CurrentIn(CmdletRunner where) =>
        where.Run("Get-DockerContext").Output.Cast<DockerContext>().Single(context => context.IsCurrent).Name;

    /// <summary>Which of the fake engines a runspace's Get-DockerContainer, given no engine option, asks.</summary>
    private static FakeEngine EngineUsedBy(CmdletRunner where, params FakeEngine[] engines)
    {
        foreach (var engine in engines)
        {
            engine.Containers.On(nameof(IContainerOperations.ListContainersAsync), (ContainersListParameters _, CancellationToken __) => EngineAnswers.ListOf<ContainerListResponse>());
        }

        var before = engines.Select(engine => engine.CallCount).ToList();
        var result = where.Run("Get-DockerContainer");
        Assert.Empty(result.ErrorIds);
        return Assert.Single(engines.Where((engine, i) => engine.CallCount > before[i]));
    }
}
