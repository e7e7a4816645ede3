using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Tests.Fakes;
using Xunit;
using static DockerPS.Tests.ContainerTestKit;
using static DockerPS.Tests.VolumeTestKit;

namespace DockerPS.Tests;

/// <summary>
/// New-DockerVolume against a fake engine: the request made of the parameters, names and values refused before the
/// engine is asked, a name that exists (the engine returns that volume as it is), the engine's refusals, -WhatIf.
/// </summary>
public sealed class NewDockerVolumeTests : IClassFixture<CmdletRunner>, IDisposable
{
    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();
    private readonly List<VolumesCreateParameters> requests = new();

    public NewDockerVolumeTests(CmdletRunner runner) => this.runner = runner;

    public void Dispose() => engine.Dispose();

    [Fact]
    public void New_SendsTheNameDriverOptionsAndLabels_AndWritesTheVolumeTheEngineMade()
    {
        AnswerCreate();
        var options = new OrderedDictionary { ["type"] = "tmpfs", ["device"] = "tmpfs", ["o"] = "size=1m" };

        var result = runner.Run("New-DockerVolume", Parameters()
            .With("Name", "data")
            .With("Driver", "local")
            .With("DriverOption", new Hashtable(options))
            .With("Label", new[] { "tier=db", "backup" }));

        Assert.Empty(result.ErrorIds);
        Assert.Empty(result.Warnings);
        var request = Assert.Single(requests);
        Assert.Equal("data", request.Name);
        Assert.Equal("local", request.Driver);
        Assert.Equal(new Dictionary<string, string> { ["type"] = "tmpfs", ["device"] = "tmpfs", ["o"] = "size=1m" }, request.DriverOpts);
        Assert.Equal(new Dictionary<string, string> { ["tier"] = "db", ["backup"] = string.Empty }, request.Labels);
        var volume = Assert.IsType<DockerVolume>(Assert.Single(result.Output));
        Assert.Equal("data", volume.Name);
        Assert.Equal("size=1m", volume.Options["o"]);
        Assert.Equal("db", volume.Labels["tier"]);
        Assert.Equal(engine.Endpoint, volume.Endpoint);
    }

    [Fact]
    public void New_LabelsAsAHashtable_AreSentAsTheyAre()
    {
        AnswerCreate();

        var result = runner.Run("New-DockerVolume", Parameters().With("Name", "data").With("Label", new Hashtable { ["tier"] = "db" }));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(new Dictionary<string, string> { ["tier"] = "db" }, Assert.Single(requests).Labels);
    }

    [Fact]
    public void New_WithoutAName_LeavesTheNameOutOfTheRequest_AndTheEngineNamesTheVolume()
    {
        AnswerCreate();

        var result = runner.Run("New-DockerVolume", Parameters());

        Assert.Empty(result.ErrorIds);
        var request = Assert.Single(requests);
        Assert.Null(request.Name);
        Assert.DoesNotContain("\"Name\"", JsonSerializer.Serialize(request, new JsonSerializerOptions { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull }));
        Assert.Equal(EngineAnswers.IdOf("anonymous"), Assert.IsType<DockerVolume>(Assert.Single(result.Output)).Name);
    }

    [Theory]
    [InlineData("bad name!", "\"bad name!\" includes invalid characters for a local volume name")]
    [InlineData("/srv/data", "\"/srv/data\" includes invalid characters for a local volume name")]
    [InlineData("_data", "\"_data\" includes invalid characters for a local volume name")]
    [InlineData("data\n", "includes invalid characters for a local volume name")]
    [InlineData("d", "volume name 'd' is too short, names should be at least two alphanumeric characters")]
    public void New_NameTheEngineWouldRefuse_IsTerminatingInvalidVolumeName_AndTheEngineIsNotAsked(string name, string words)
    {
        var result = runner.Run("New-DockerVolume", Parameters().With("Name", name));

        Assert.Empty(result.Errors);
        AssertError(result.Terminating!, "InvalidVolumeName", ErrorCategory.InvalidArgument, name);
        Assert.Contains(words, Message(result.Terminating!));
        Assert.Equal(0, engine.CallCount);
    }

    [Theory]
    [InlineData("a.b-c_1")]
    [InlineData("0x")]
    public void New_NameTheEngineTakes_IsSent(string name)
    {
        AnswerCreate();

        var result = runner.Run("New-DockerVolume", Parameters().With("Name", name));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(name, Assert.Single(requests).Name);
    }

    [Fact]
    public void New_DriverOptionWithAnEmptyKey_IsTerminatingInvalidDriverOption_AndTheEngineIsNotAsked()
    {
        var options = new Hashtable { [" "] = "tmpfs" };

        var result = runner.Run("New-DockerVolume", Parameters().With("Name", "data").With("DriverOption", options));

        AssertError(result.Terminating!, "InvalidDriverOption", ErrorCategory.InvalidArgument, options);
        Assert.Equal("invalid driver option: the key is empty", Message(result.Terminating!));
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void New_LabelWithAnEmptyKey_IsTerminatingInvalidLabel_AndTheEngineIsNotAsked()
    {
        var result = runner.Run("New-DockerVolume", Parameters().With("Name", "data").With("Label", new[] { "=db" }));

        Assert.Equal("InvalidLabel", result.Terminating!.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.InvalidArgument, result.Terminating.CategoryInfo.Category);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void New_NameThatExists_WritesThatVolumeAsItIs_AndWarnsOfWhatWasNotApplied()
    {
        // The engine answers with the volume it has, as dockerd and Podman do: the labels and options asked for are
        // not applied.
        engine.Volumes.On(nameof(IVolumeOperations.CreateAsync), (VolumesCreateParameters parameters, CancellationToken _) =>
        {
            requests.Add(parameters);
            return Task.FromResult(Volume("data", labels: new Dictionary<string, string> { ["tier"] = "web" }));
        });

        var result = runner.Run("New-DockerVolume", Parameters()
            .With("Name", "data")
            .With("Label", new Hashtable { ["tier"] = "db" })
            .With("DriverOption", new Hashtable { ["type"] = "tmpfs" }));

        Assert.Empty(result.ErrorIds);
        Assert.Equal("web", Assert.IsType<DockerVolume>(Assert.Single(result.Output)).Labels["tier"]);
        Assert.Equal(
            "Volume data already exists and is returned as it is; the engine did not apply label tier=db, driver option type=tmpfs.",
            Assert.Single(result.Warnings));
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, "{\"message\":\"create data: error looking up volume plugin nfs: plugin \\\"nfs\\\" not found\"}", "DockerApi.NotFound", ErrorCategory.ObjectNotFound, "Error response from daemon: create data: error looking up volume plugin nfs: plugin \"nfs\" not found")]
    [InlineData(HttpStatusCode.InternalServerError, "{\"cause\":\"required plugin missing\",\"message\":\"volume data uses volume plugin nfs but it could not be retrieved: required plugin missing\",\"response\":500}", "DockerApi.InternalServerError", ErrorCategory.InvalidOperation, "Error response from daemon: volume data uses volume plugin nfs but it could not be retrieved: required plugin missing")]
    public void New_RefusedByTheEngine_IsANonTerminatingError_InTheEnginesWords(HttpStatusCode status, string body, string id, ErrorCategory category, string words)
    {
        engine.Volumes.On(nameof(IVolumeOperations.CreateAsync), (VolumesCreateParameters _, CancellationToken __) =>
            Task.FromException<VolumeResponse>(new DockerApiException(status, body)));

        var result = runner.Run("New-DockerVolume", Parameters().With("Name", "data").With("Driver", "nfs"));

        Assert.Null(result.Terminating);
        Assert.Equal(words, Message(AssertError(Assert.Single(result.Errors), id, category, "data")));
        Assert.Empty(result.Output);
    }

    [Fact]
    public void New_WhatIf_AsksTheEngineNothing()
    {
        var result = runner.Run("New-DockerVolume", Parameters().With("Name", "data").With("WhatIf", true));

        Assert.Empty(result.ErrorIds);
        Assert.Empty(result.Output);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void New_EngineUnreachable_IsTerminatingEngineUnreachable()
    {
        var result = runner.Run("New-DockerVolume", new Hashtable { ["HostAddress"] = NowhereAddress(), ["Name"] = "data" });

        Assert.Empty(result.Errors);
        AssertError(result.Terminating!, "EngineUnreachable", ErrorCategory.ConnectionError, null);
    }

    /// <summary>The engine makes what it is asked for, naming an unnamed volume itself.</summary>
    private void AnswerCreate() =>
        engine.Volumes.On(nameof(IVolumeOperations.CreateAsync), (VolumesCreateParameters parameters, CancellationToken _) =>
        {
            requests.Add(parameters);
            var volume = Volume(parameters.Name ?? EngineAnswers.IdOf("anonymous"), parameters.Driver ?? "local", parameters.Labels);
            volume.Options = parameters.DriverOpts ?? new Dictionary<string, string>();
            return Task.FromResult(volume);
        });

    private Hashtable Parameters() => new() { ["HostAddress"] = engine.Address };
}
