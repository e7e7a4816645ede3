using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerPS.Tests.Fakes;
using Xunit;

namespace DockerPS.Tests;

/// <summary>
/// New-DockerContainer as a batch against a fake engine: names or images from the pipeline made concurrently,
/// written in input order, at most -ThrottleLimit at once, each failure its own error, the image readied once,
/// -WhatIf asking nothing and Ctrl+C ending the batch.
/// </summary>
[Collection(DockerCliEnvironmentCollection.Name)]
public sealed class NewDockerContainerBatchTests : IClassFixture<CmdletRunner>, IDisposable
{
    private const string NameInUse =
        "Conflict. The container name \"/c2\" is already in use by container \"0123456789ab\". You have to remove (or rename) that container to be able to reuse that name.";

    private readonly DockerCliEnvironmentScope environment = new(DockerCliEnvironmentScope.Nowhere);
    private readonly CmdletRunner runner;
    private readonly FakeEngine engine = new();

    // The containers the fake engine created, by id.
    private readonly ConcurrentDictionary<string, (string Name, CreateContainerParameters Parameters)> created = new();

    public NewDockerContainerBatchTests(CmdletRunner runner)
    {
        this.runner = runner;
    }

    public void Dispose()
    {
        engine.Dispose();
        environment.Dispose();
    }

    [Fact]
    public void PipedNames_MakeOneContainerEach_WrittenInInputOrder_WhateverOrderTheEngineAnswersIn()
    {
        var names = new[] { "c1", "c2", "c3", "c4", "c5" };
        AnswerImagePresent();
        AnswerCreate(async (parameters, cancellation) =>
        {
            // The first named is made last.
            await Task.Delay((names.Length - Array.IndexOf(names, parameters.Name)) * 40, cancellation);
        });
        AnswerStartAndReadBack();

        var result = runner.Run("New-DockerContainer", Parameters(("Image", "busybox")), names);

        Assert.Empty(result.ErrorIds);
        Assert.Null(result.Terminating);
        Assert.Equal(names, result.Output.Cast<DockerContainer>().Select(container => container.Name));
        Assert.Equal(names.OrderBy(name => name), created.Values.Select(made => made.Name).OrderBy(name => name));
        Assert.All(created.Values, made => Assert.Equal("busybox", made.Parameters.Image));
        Assert.Equal(names.Length, engine.Containers.CountOf(nameof(IContainerOperations.StartContainerAsync)));
    }

    [Fact]
    public void PipedNames_ReadyTheImageOnce_AndEachContainerHasARequestOfItsOwn()
    {
        AnswerImagePresent();
        AnswerCreate((_, _) => Task.CompletedTask);
        AnswerStartAndReadBack();

        var result = runner.Run("New-DockerContainer", Parameters(("Image", "busybox"), ("Label", "batch=1"), ("NoStart", true)), new object[] { "a", "b", "c" });

        Assert.Empty(result.ErrorIds);
        Assert.Equal(1, engine.Images.CountOf(nameof(IImageOperations.InspectImageAsync)));
        Assert.Equal(0, engine.Containers.CountOf(nameof(IContainerOperations.StartContainerAsync)));
        var requests = created.Values.Select(made => made.Parameters).ToList();
        Assert.Equal(3, requests.Distinct().Count());
        Assert.All(requests, request => Assert.Equal("1", request.Labels["batch"]));
        Assert.Equal(new[] { "a", "b", "c" }, requests.Select(request => request.Name).OrderBy(name => name));
    }

    [Fact]
    public void PipedImages_EachRunsItsImage_InInputOrder()
    {
        var images = new[] { "busybox", "alpine", "debian" };
        AnswerImagePresent();
        AnswerCreate(async (parameters, cancellation) => await Task.Delay((images.Length - Array.IndexOf(images, parameters.Image)) * 40, cancellation));
        AnswerStartAndReadBack();

        var result = runner.Run("New-DockerContainer", Parameters(), images);

        Assert.Empty(result.ErrorIds);
        Assert.Equal(images.Select(AnonymousName), result.Output.Cast<DockerContainer>().Select(container => container.Name));
        Assert.Equal(3, engine.Images.CountOf(nameof(IImageOperations.InspectImageAsync)));
    }

    [Fact]
    public void Batch_RunsAtMostThrottleLimitContainersAtOnce()
    {
        var running = 0;
        var most = 0;
        AnswerImagePresent();
        AnswerCreate(async (_, cancellation) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            await Task.Delay(30, cancellation);
            Interlocked.Decrement(ref running);
        });
        AnswerStartAndReadBack();

        var result = runner.Run("New-DockerContainer", Parameters(("Image", "busybox"), ("ThrottleLimit", 3)), Enumerable.Range(1, 9).Select(i => (object)("c" + i)));

        Assert.Empty(result.ErrorIds);
        Assert.Equal(9, result.Output.Count);
        Assert.Equal(3, most);
    }

    [Fact]
    public void TakenName_IsItsOwnResourceExistsError_InItsPlace_AndTheOthersAreMade()
    {
        AnswerImagePresent();
        engine.Containers.On(nameof(IContainerOperations.CreateContainerAsync), (CreateContainerParameters parameters, CancellationToken _) =>
            parameters.Name == "c2"
                ? Task.FromException<CreateContainerResponse>(EngineAnswers.Refusal(HttpStatusCode.Conflict, NameInUse))
                : Create(parameters));
        AnswerStartAndReadBack();

        var result = runner.Run("New-DockerContainer", Parameters(("Image", "busybox")), new object[] { "c1", "c2", "c3" });

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("DockerApi.Conflict", Assert.Single(result.ErrorIds));
        Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
        Assert.Equal("c2", error.TargetObject);
        Assert.Equal(new[] { "c1", "c3" }, result.Output.Cast<DockerContainer>().Select(container => container.Name));
        Assert.Equal(2, engine.Containers.CountOf(nameof(IContainerOperations.StartContainerAsync)));
    }

    [Fact]
    public void ImageTheEngineLacks_WithPullNever_IsThatItemsError_AndTheNextImageIsMade()
    {
        engine.Images.On(nameof(IImageOperations.InspectImageAsync), (string name, CancellationToken _) =>
            name == "missing"
                ? Task.FromException<ImageInspectResponse>(EngineAnswers.NoSuchImage(name))
                : Task.FromResult(new ImageInspectResponse { ID = EveryOutputType.ImageId }));
        engine.Containers.On(nameof(IContainerOperations.CreateContainerAsync), (CreateContainerParameters parameters, CancellationToken _) =>
            parameters.Image == "missing"
                ? Task.FromException<CreateContainerResponse>(EngineAnswers.NoSuchImage("missing"))
                : Create(parameters));
        AnswerStartAndReadBack();

        var result = runner.Run("New-DockerContainer", Parameters(("Pull", "Never")), new object[] { "missing", "busybox" });

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("missing", error.TargetObject);
        Assert.Equal("busybox", Assert.Single(created.Values).Parameters.Image);
        Assert.Equal(AnonymousName("busybox"), Assert.IsType<DockerContainer>(Assert.Single(result.Output)).Name);
    }

    [Fact]
    public void PipedNames_WithWhatIf_AskNothingOfTheEngine()
    {
        var result = runner.Run("New-DockerContainer", Parameters(("Image", "busybox"), ("WhatIf", true)), new object[] { "c1", "c2", "c3" });

        Assert.Empty(result.ErrorIds);
        Assert.Empty(result.Output);
        Assert.Equal(0, engine.CallCount);
    }

    [Fact]
    public void PipedObjectsOfTheWrongKind_AreWrongObjectType_InTheirPlace_AndTheOthersAreMade()
    {
        AnswerImagePresent();
        AnswerCreate((_, _) => Task.CompletedTask);
        AnswerStartAndReadBack();

        var result = runner.Run("New-DockerContainer", Parameters(), new object[] { "busybox", EveryOutputType.Of(nameof(DockerContext), engine.Endpoint), "alpine" });

        Assert.Equal("WrongObjectType", Assert.Single(result.ErrorIds));
        Assert.Equal("ctx-one", Assert.Single(result.Errors).TargetObject);
        Assert.Equal(new[] { "busybox", "alpine" }, created.Values.Select(made => made.Parameters.Image).OrderByDescending(image => image));
        Assert.Equal(new[] { AnonymousName("busybox"), AnonymousName("alpine") }, result.Output.Cast<DockerContainer>().Select(container => container.Name));
    }

    [Fact]
    public void CtrlC_EndsTheBatch_AndCancelsEveryCreateInFlight()
    {
        var started = new CountdownEvent(4);
        var cancelled = 0;
        AnswerImagePresent();
        engine.Containers.On(nameof(IContainerOperations.CreateContainerAsync), async (CreateContainerParameters _, CancellationToken token) =>
        {
            started.Signal();
            try
            {
                return await EngineAnswers.Forever<CreateContainerResponse>(token);
            }
            finally
            {
                Interlocked.Increment(ref cancelled);
            }
        });

        using var shell = PowerShell.Create();
        shell.Runspace = runner.Runspace;
        shell.AddCommand("New-DockerContainer").AddParameters(Parameters(("Image", "busybox")));
        var input = new PSDataCollection<object> { "c1", "c2", "c3", "c4" };
        input.Complete();
        var invocation = shell.BeginInvoke(input);
        Assert.True(started.Wait(TimeSpan.FromSeconds(10)), "every container should be in the making at once");

        shell.Stop();

        Assert.True(invocation.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(10)), "the pipeline should stop");
        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref cancelled) == 4, TimeSpan.FromSeconds(10)), "every create in flight should be cancelled");
    }

    // ---- Helpers ----

    private static string AnonymousName(string image) => "made-from-" + image;

    private static void InterlockedMax(ref int most, int now)
    {
        int seen;
        while (now > (seen = Volatile.Read(ref most)) && Interlocked.CompareExchange(ref most, now, seen) != seen)
        {
        }
    }

    private void AnswerImagePresent() =>
        engine.Images.On(nameof(IImageOperations.InspectImageAsync), (string name, CancellationToken _) =>
            Task.FromResult(new ImageInspectResponse { ID = EveryOutputType.ImageId, RepoTags = new List<string> { name } }));

    private Task<CreateContainerResponse> Create(CreateContainerParameters parameters)
    {
        var name = parameters.Name ?? AnonymousName(parameters.Image);
        var id = EngineAnswers.IdOf(name);
        created[id] = (name, parameters);
        return Task.FromResult(new CreateContainerResponse { ID = id, Warnings = new List<string>() });
    }

    private void AnswerCreate(Func<CreateContainerParameters, CancellationToken, Task> before) =>
        engine.Containers.On(nameof(IContainerOperations.CreateContainerAsync), async (CreateContainerParameters parameters, CancellationToken cancellation) =>
        {
            await before(parameters, cancellation);
            return await Create(parameters);
        });

    private void AnswerStartAndReadBack()
    {
        engine.Containers.On(nameof(IContainerOperations.StartContainerAsync), (string _, ContainerStartParameters __, CancellationToken ___) => Task.FromResult(true));
        engine.Containers.On(nameof(IContainerOperations.ListContainersAsync), (ContainersListParameters parameters, CancellationToken _) =>
        {
            var id = parameters.Filters!["id"].Keys.Single();
            return EngineAnswers.ListOf(EngineAnswers.Container(created[id].Name));
        });
    }

    private Hashtable Parameters(params (string Name, object Value)[] parameters)
    {
        var table = new Hashtable { ["HostAddress"] = engine.Address };
        foreach (var (name, value) in parameters)
        {
            table[name] = value;
        }

        return table;
    }
}
