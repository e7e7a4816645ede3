using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Docker.DotNet.Models;
using DockerPS.Errors;
using DockerPS.Images;
using Xunit;

namespace DockerPS.Tests;

public class PullProgressTests
{
    private const int ParentId = 1;
    private const string Activity = "Pulling nginx:latest";

    private readonly List<ProgressRecord> records = new();

    private PullProgress NewProgress() => new(Activity, ParentId, record =>
    {
        lock (records)
        {
            records.Add(record);
        }
    });

    private static JSONMessage Layer(string id, string status) => new() { ID = id, Status = status };

    private static JSONMessage Layer(string id, string status, long current, long total) =>
        new() { ID = id, Status = status, Progress = new JSONProgress { Current = current, Total = total } };

    private static JSONMessage Status(string status) => new() { Status = status };

    private static JSONMessage Failure(string? message, long? code) =>
        new() { Error = new JSONError { Message = message, Code = code } };

    [Fact]
    public void Report_ALayersProgressBecomesAChildRecord()
    {
        var progress = NewProgress();

        progress.Report(Layer("a1b2c3d4e5f6", "Downloading", 1_500_000, 3_000_000));

        var record = Assert.Single(records);
        Assert.Equal(ParentId + 1, record.ActivityId);
        Assert.Equal(ParentId, record.ParentActivityId);
        Assert.Equal("Layer a1b2c3d4e5f6", record.Activity);
        Assert.Equal("Downloading 1.5MB/3MB", record.StatusDescription);
        Assert.Equal(50, record.PercentComplete);
        Assert.Equal(ProgressRecordType.Processing, record.RecordType);
        Assert.Null(progress.LastStatus);
    }

    [Theory]
    [InlineData(0L, 3_000L, 0)]
    [InlineData(1L, 3L, 33)]
    [InlineData(2_999_999L, 3_000_000L, 99)]
    [InlineData(3_000_000L, 3_000_000L, 100)]
    [InlineData(4_000L, 3_000L, 100)] // never past 100
    [InlineData(30_000_000_000L, 60_000_000_000L, 50)] // larger than an int
    public void Report_PercentIsCurrentTimes100OverTotal(long current, long total, int percent)
    {
        var progress = NewProgress();

        progress.Report(Layer("a1", "Extracting", current, total));

        Assert.Equal(percent, Assert.Single(records).PercentComplete);
    }

    [Fact]
    public void Report_ShowsBothSizesInTheDockerCliUnits()
    {
        var progress = NewProgress();

        progress.Report(Layer("a1", "Extracting", 32_768, 29_160_000));

        Assert.Equal("Extracting 32.8kB/29.2MB", Assert.Single(records).StatusDescription);
    }

    [Fact]
    public void Report_WithoutATotalShowsTheStatusAlone()
    {
        var progress = NewProgress();

        progress.Report(Layer("a1", "Extracting", 1_000, 0));

        var record = Assert.Single(records);
        Assert.Equal("Extracting", record.StatusDescription);
        Assert.Equal(-1, record.PercentComplete);
        Assert.Equal(ParentId, record.ParentActivityId);
    }

    [Fact]
    public void Report_GivesEachLayerItsOwnStableActivityId()
    {
        var progress = NewProgress();

        progress.Report(Layer("a1", "Downloading", 1, 10));
        progress.Report(Layer("b2", "Downloading", 1, 10));
        progress.Report(Layer("a1", "Downloading", 5, 10));
        progress.Report(Layer("c3", "Waiting"));
        progress.Report(Layer("b2", "Downloading", 9, 10));

        Assert.Equal(new[] { 2, 3, 2, 4, 3 }, records.Select(record => record.ActivityId));
        Assert.All(records, record => Assert.Equal(ParentId, record.ParentActivityId));
        Assert.Equal(new[] { "Layer a1", "Layer b2", "Layer a1", "Layer c3", "Layer b2" }, records.Select(record => record.Activity));
    }

    [Theory]
    [InlineData("Pulling fs layer")]
    [InlineData("Waiting")]
    [InlineData("Verifying Checksum")]
    [InlineData("Download complete")]
    [InlineData("Preparing")]
    public void Report_ALayerStatusWithoutProgressIsStillTheLayersRecord(string status)
    {
        var progress = NewProgress();

        progress.Report(Layer("a1", status));

        var record = Assert.Single(records);
        Assert.Equal(2, record.ActivityId);
        Assert.Equal(ParentId, record.ParentActivityId);
        Assert.Equal("Layer a1", record.Activity);
        Assert.Equal(status, record.StatusDescription);
        Assert.Equal(-1, record.PercentComplete);
        Assert.Equal(ProgressRecordType.Processing, record.RecordType);
        Assert.Null(progress.LastStatus);
    }

    [Theory]
    [InlineData("Pull complete")]
    [InlineData("Already exists")]
    [InlineData("Pushed")]
    [InlineData("Layer already exists")]
    public void Report_ADoneStatusCompletesTheLayersRecord(string status)
    {
        var progress = NewProgress();
        progress.Report(Layer("a1", "Downloading", 1, 2));

        progress.Report(Layer("a1", status));

        Assert.Equal(2, records.Count);
        var done = records[1];
        Assert.Equal(2, done.ActivityId);
        Assert.Equal(ParentId, done.ParentActivityId);
        Assert.Equal(status, done.StatusDescription);
        Assert.Equal(ProgressRecordType.Completed, done.RecordType);

        // The layer is closed: completing the stream closes only the parent.
        records.Clear();
        progress.Complete();
        var parent = Assert.Single(records);
        Assert.Equal(ParentId, parent.ActivityId);
    }

    [Fact]
    public void Report_ALayerThatAlreadyExistsIsCompletedAtOnce()
    {
        var progress = NewProgress();

        progress.Report(Layer("a1", "Already exists"));

        var record = Assert.Single(records);
        Assert.Equal(2, record.ActivityId);
        Assert.Equal(ProgressRecordType.Completed, record.RecordType);
    }

    [Fact]
    public void Report_AMessageWithoutIdUpdatesTheParentAndLastStatus()
    {
        var progress = NewProgress();

        progress.Report(Status("Digest: sha256:0d17b565c37b"));
        progress.Report(Status("Status: Downloaded newer image for nginx:latest"));

        Assert.Equal(2, records.Count);
        Assert.All(records, record =>
        {
            Assert.Equal(ParentId, record.ActivityId);
            Assert.Equal(Activity, record.Activity);
            Assert.Equal(-1, record.ParentActivityId);
            Assert.Equal(ProgressRecordType.Processing, record.RecordType);
        });
        Assert.Equal("Digest: sha256:0d17b565c37b", records[0].StatusDescription);
        Assert.Equal("Status: Downloaded newer image for nginx:latest", records[1].StatusDescription);
        Assert.Equal("Status: Downloaded newer image for nginx:latest", progress.LastStatus);
    }

    [Fact]
    public void Report_AnIdWithAnOtherStatusGoesToTheParentPrefixedWithTheId()
    {
        var progress = NewProgress();

        progress.Report(Layer("latest", "Pulling from library/nginx"));

        var record = Assert.Single(records);
        Assert.Equal(ParentId, record.ActivityId);
        Assert.Equal("latest: Pulling from library/nginx", record.StatusDescription);
        Assert.Equal("latest: Pulling from library/nginx", progress.LastStatus);
    }

    [Fact]
    public void Report_UsesTheStreamTextWhenThereIsNoStatus()
    {
        var progress = NewProgress();

        progress.Report(new JSONMessage { Stream = "Loaded image: nginx:latest\n" });

        var record = Assert.Single(records);
        Assert.Equal(ParentId, record.ActivityId);
        Assert.Equal("Loaded image: nginx:latest", record.StatusDescription);
        Assert.Equal("Loaded image: nginx:latest", progress.LastStatus);
    }

    [Fact]
    public void Report_IgnoresAMessageWithoutText()
    {
        var progress = NewProgress();
        progress.Report(Status("Digest: sha256:0d17b565c37b"));
        records.Clear();

        progress.Report(new JSONMessage());
        progress.Report(new JSONMessage { ID = "a1", Status = string.Empty });

        Assert.Empty(records);
        Assert.Equal("Digest: sha256:0d17b565c37b", progress.LastStatus);
    }

    [Fact]
    public void Complete_ClosesEveryOpenLayerAndThenTheParent()
    {
        var progress = NewProgress();
        progress.Report(Layer("a1", "Downloading", 1, 10));
        progress.Report(Layer("b2", "Downloading", 1, 10));
        progress.Report(Layer("c3", "Waiting"));
        progress.Report(Layer("b2", "Pull complete"));
        records.Clear();

        progress.Complete();

        Assert.Equal(3, records.Count);
        var layers = records.Take(2).OrderBy(record => record.ActivityId).ToList();
        Assert.Equal(new[] { 2, 4 }, layers.Select(record => record.ActivityId));
        Assert.All(layers, record =>
        {
            Assert.Equal(ParentId, record.ParentActivityId);
            Assert.Equal(ProgressRecordType.Completed, record.RecordType);
        });

        var parent = records[2];
        Assert.Equal(ParentId, parent.ActivityId);
        Assert.Equal(Activity, parent.Activity);
        Assert.Equal(-1, parent.ParentActivityId);
        Assert.Equal(ProgressRecordType.Completed, parent.RecordType);
    }

    [Fact]
    public void Complete_ClosesOnlyTheParentWhenNoLayerIsOpen()
    {
        var progress = NewProgress();

        progress.Complete();

        var parent = Assert.Single(records);
        Assert.Equal(ParentId, parent.ActivityId);
        Assert.Equal(ProgressRecordType.Completed, parent.RecordType);
    }

    [Fact]
    public void Complete_DoesNotCloseALayerTwice()
    {
        var progress = NewProgress();
        progress.Report(Layer("a1", "Downloading", 1, 10));
        progress.Complete();
        records.Clear();

        progress.Complete();

        Assert.Equal(ParentId, Assert.Single(records).ActivityId);
    }

    [Fact]
    public void ThrowIfFailed_DoesNothingWithoutAnError()
    {
        var progress = NewProgress();
        progress.Report(Layer("a1", "Downloading", 1, 10));

        progress.ThrowIfFailed();
    }

    [Fact]
    public void ThrowIfFailed_ThrowsTheFirstErrorWithItsCode()
    {
        var progress = NewProgress();
        progress.Report(Layer("a1", "Downloading", 1, 10));

        progress.Report(Failure("manifest for nginx:nope not found: manifest unknown", 404));
        progress.Report(Failure("a later error", 500));

        var error = Assert.Throws<DockerStreamException>(progress.ThrowIfFailed);
        Assert.Equal("manifest for nginx:nope not found: manifest unknown", error.Message);
        Assert.Equal(404L, error.Code);

        // Errors are no progress.
        Assert.Single(records);
    }

    [Fact]
    public void ThrowIfFailed_KeepsAMissingCode()
    {
        var progress = NewProgress();

        progress.Report(Failure("unauthorized: authentication required", null));

        var error = Assert.Throws<DockerStreamException>(progress.ThrowIfFailed);
        Assert.Equal("unauthorized: authentication required", error.Message);
        Assert.Null(error.Code);
    }

    [Fact]
    public void ThrowIfFailed_NamesAnErrorWithoutAMessage()
    {
        var progress = NewProgress();

        progress.Report(Failure(null, 500));

        var error = Assert.Throws<DockerStreamException>(progress.ThrowIfFailed);
        Assert.Equal("the engine reported an error", error.Message);
        Assert.Equal(500L, error.Code);
    }

    [Fact]
    public void ThrowIfFailed_ThrowsTheSameErrorEveryTime()
    {
        var progress = NewProgress();
        progress.Report(Failure("denied", 403));

        var first = Assert.Throws<DockerStreamException>(progress.ThrowIfFailed);
        var second = Assert.Throws<DockerStreamException>(progress.ThrowIfFailed);

        Assert.Same(first, second);
    }

    [Fact]
    public void Report_ANewLayerAfterACompletedOneDoesNotShareAnOpenLayersId()
    {
        var progress = NewProgress();
        progress.Report(Layer("a1", "Downloading", 1, 10)); // 2
        progress.Report(Layer("b2", "Downloading", 1, 10)); // 3
        progress.Report(Layer("a1", "Pull complete"));      // 2 closed, b2 still open

        progress.Report(Layer("c3", "Downloading", 1, 10));

        var b2 = records[1].ActivityId;
        var c3 = records[3].ActivityId;
        Assert.NotEqual(b2, c3);

        records.Clear();
        progress.Complete();
        var closed = records.Where(record => record.ActivityId != ParentId).Select(record => record.ActivityId).ToList();
        Assert.Equal(2, closed.Distinct().Count());
    }

    [Fact]
    public void Report_FromManyThreadsAtOnceKeepsOneIdPerLayer()
    {
        const int layers = 200;
        var progress = NewProgress();

        Parallel.For(0, layers, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            progress.Report(Layer($"layer{i:D3}", "Downloading", i + 1, 1_000));
            progress.Report(Layer($"layer{i:D3}", "Downloading", 500, 1_000));
        });

        Assert.Equal(2 * layers, records.Count);
        var idsByLayer = records.GroupBy(record => record.Activity).ToDictionary(group => group.Key, group => group.Select(record => record.ActivityId).Distinct().ToList());
        Assert.Equal(layers, idsByLayer.Count);
        Assert.All(idsByLayer.Values, ids => Assert.Single(ids));
        Assert.Equal(Enumerable.Range(ParentId + 1, layers), idsByLayer.Values.Select(ids => ids[0]).OrderBy(id => id));
        Assert.All(records, record => Assert.Equal(ParentId, record.ParentActivityId));

        records.Clear();
        progress.Complete();

        Assert.Equal(layers + 1, records.Count);
        Assert.Equal(Enumerable.Range(ParentId + 1, layers), records.Take(layers).Select(record => record.ActivityId).OrderBy(id => id));
        Assert.All(records, record => Assert.Equal(ProgressRecordType.Completed, record.RecordType));
        Assert.Equal(ParentId, records[layers].ActivityId);

        records.Clear();
        progress.Complete();
        Assert.Equal(ParentId, Assert.Single(records).ActivityId);
    }

    [Fact]
    public void Report_FromManyThreadsKeepsExactlyOneOfTheErrors()
    {
        var progress = NewProgress();

        Parallel.For(0, 100, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            progress.Report(Layer($"layer{i}", "Downloading", 1, 2));
            progress.Report(Failure($"error {i}", i));
        });

        var error = Assert.Throws<DockerStreamException>(progress.ThrowIfFailed);
        Assert.Equal($"error {error.Code}", error.Message);
        Assert.Equal(100, records.Count);
    }
}
