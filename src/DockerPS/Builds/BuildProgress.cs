using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Docker.DotNet.Models;

namespace DockerPS.Builds;

/// <summary>
/// Follows the classic builder's stream (docker build's log): each "Step n/m : INSTRUCTION" becomes a progress
/// update, every log line goes to <c>log</c> as docker build prints it (colour codes dropped), cache hits are counted
/// and said, the new image's id is kept from the aux message, and an error ends the build as a
/// <see cref="DockerBuildException"/> naming the step, with the step's output and the command's exit code. Podman's
/// "STEP n/m: …" (in a multi-stage build "[stage/stages] STEP n/m: …", counted per stage) and "--> Using cache" read
/// the same way. Reports arrive on a pool thread one at a time; the
/// callbacks must carry them to the pipeline thread.
/// </summary>
internal sealed class BuildProgress : IProgress<JSONMessage>
{
    private static readonly Regex StepLine = new(@"^(?:\[\d+/\d+\] )?(?:Step|STEP) (\d+)/(\d+) ?: ?(.*)$", RegexOptions.CultureInvariant);
    private static readonly Regex ColourCode = new(@"\x1b\[[0-9;]*m", RegexOptions.CultureInvariant);
    private static readonly Regex ExitCodeWords = new(@"(?:returned a non-zero code|exit status|exit code):? (\d+)", RegexOptions.CultureInvariant);
    private static readonly Regex BuildKitStepName = new(@"^\[(?:\S+ )?(\d+)/(\d+)\] (.*)$", RegexOptions.CultureInvariant);
    private static readonly Regex BuiltLine = new(@"^Successfully built ([0-9a-f]{12,64})$", RegexOptions.CultureInvariant);

    private readonly object gate = new();
    private readonly string activity;
    private readonly int activityId;
    private readonly Action<ProgressRecord> progress;
    private readonly Action<string> log;
    private readonly StringBuilder partial = new();
    private readonly List<string> stepOutput = new();
    private readonly Dictionary<string, BuildKitStep> buildKitSteps = new(StringComparer.Ordinal);
    private DockerBuildException? failure;
    private string? builtShortId;
    private BuildKitStep? failedBuildKitStep;

    public BuildProgress(string activity, int activityId, Action<ProgressRecord> progress, Action<string> log)
    {
        this.activity = activity;
        this.activityId = activityId;
        this.progress = progress;
        this.log = log;
    }

    /// <summary>The step under way (or last), counting from 1; 0 before the first.</summary>
    public int Step { get; private set; }

    /// <summary>How many steps the Dockerfile has; 0 before the first step.</summary>
    public int StepCount { get; private set; }

    /// <summary>The instruction of the step under way, as the engine printed it.</summary>
    public string? Instruction { get; private set; }

    /// <summary>How many steps the build cache answered.</summary>
    public int CacheHits { get; private set; }

    /// <summary>The built image: the aux message's full id, else what "Successfully built" named.</summary>
    public string? ImageId { get; private set; }

    public void Report(JSONMessage value)
    {
        var lines = new List<string>();
        ProgressRecord? record = null;
        lock (gate)
        {
            if (AuxId(value) is { } id)
            {
                ImageId = id;
            }

            if (value.Stream is { Length: > 0 } text)
            {
                partial.Append(ColourCode.Replace(text, string.Empty));
                record = TakeLines(lines);
            }

            if (value.Error is { } error && failure is null)
            {
                FlushPartial(lines);
                failure = Failed(error.Message ?? "the engine reported an error");
            }
        }

        lines.ForEach(log);
        if (record is not null)
        {
            progress(record);
        }
    }

    /// <summary>
    /// Reads one line of a BuildKit build's stream (version=2), which Docker.DotNet cannot read: its progress comes as
    /// "moby.buildkit.trace" messages whose aux is a base64 <see cref="BuildKitStatus"/>, the image id as
    /// "moby.image.id", failures as errorDetail. Vertexes and their output become the lines of docker build's plain
    /// progress ("#3 [2/3] RUN make", "#3 CACHED", "#3 output", "#3 ERROR: …").
    /// </summary>
    /// <exception cref="FormatException">A line that is no such message.</exception>
    public void ReportLine(string line)
    {
        if (line.Trim().Length == 0)
        {
            return;
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(line);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new FormatException($"The engine's build stream has a line that is no JSON: {line}", e);
        }

        var id = Property(root, "id");
        if (id == "moby.buildkit.trace" && Property(root, "aux") is { } trace)
        {
            ReportBuildKit(BuildKitStatus.Parse(Convert.FromBase64String(trace)));
            return;
        }

        var message = new JSONMessage { Stream = Property(root, "stream") };
        if (root.TryGetProperty("aux", out var aux) && aux.ValueKind == JsonValueKind.Object && Property(aux, "ID") is { } imageId)
        {
            message.Aux = new ObjectExtensionData { ExtensionData = new Dictionary<string, object> { ["ID"] = imageId } };
        }

        if (root.TryGetProperty("errorDetail", out var detail) && detail.ValueKind == JsonValueKind.Object || Property(root, "error") is not null)
        {
            message.Error = new JSONError { Message = (detail.ValueKind == JsonValueKind.Object ? Property(detail, "message") : null) ?? Property(root, "error") };
        }

        Report(message);
    }

    /// <summary>
    /// Runs the build that reports here, completes the progress however it ends, and throws the engine's error from
    /// inside the stream as the build's failure.
    /// </summary>
    public async Task FollowAsync(Func<IProgress<JSONMessage>, Task> build)
    {
        try
        {
            await build(this).ConfigureAwait(false);
        }
        finally
        {
            Complete();
        }

        lock (gate)
        {
            if (failure is not null)
            {
                throw failure;
            }
        }
    }

    /// <summary>
    /// The build failed before its stream could say why: the engine refused the request (a Dockerfile it cannot
    /// parse answers 400), worded as a failure of the step under way, if any.
    /// </summary>
    public DockerBuildException Refused(string message, Exception refusal)
    {
        lock (gate)
        {
            return Failed(message, refusal);
        }
    }

    /// <summary>The id "Successfully built" named, when no aux message gave the full one (older engines, Podman).</summary>
    public string? BuiltShortId
    {
        get
        {
            lock (gate)
            {
                return builtShortId;
            }
        }
    }

    /// <summary>Writes what is left of an unfinished line and completes the progress activity.</summary>
    public void Complete()
    {
        var lines = new List<string>();
        lock (gate)
        {
            FlushPartial(lines);
        }

        lines.ForEach(log);
        progress(new ProgressRecord(activityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
    }

    private static string? Property(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Says what a BuildKit record changed: vertexes begun, answered by the cache, done or failed, and their output.</summary>
    private void ReportBuildKit(BuildKitStatus status)
    {
        var lines = new List<string>();
        var records = new List<ProgressRecord>();
        lock (gate)
        {
            foreach (var vertex in status.Vertexes)
            {
                if (!buildKitSteps.TryGetValue(vertex.Digest, out var step))
                {
                    step = new BuildKitStep(buildKitSteps.Count + 1, vertex.Name);
                    buildKitSteps[vertex.Digest] = step;
                    lines.Add($"#{step.Number} {vertex.Name}");
                    if (BuildKitStepName.Match(vertex.Name) is { Success: true } name)
                    {
                        Step = int.Parse(name.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                        StepCount = int.Parse(name.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
                        Instruction = name.Groups[3].Value;
                        step.IsDockerfileStep = true;
                        records.Add(StepRecord(string.Empty));
                    }
                }

                if (vertex.Cached && !step.CachedSaid)
                {
                    step.CachedSaid = true;
                    lines.Add($"#{step.Number} CACHED");
                    if (step.IsDockerfileStep)
                    {
                        CacheHits++;
                        records.Add(StepRecord(" (using cache)"));
                    }
                }

                if (vertex.Error is { } error && failedBuildKitStep is null)
                {
                    failedBuildKitStep = step;
                    lines.Add($"#{step.Number} ERROR: {error}");
                }
                else if (vertex.Completed && !step.DoneSaid && vertex.Error is null)
                {
                    step.DoneSaid = true;
                    lines.Add($"#{step.Number} DONE");
                }
            }

            foreach (var (digest, text) in status.Logs)
            {
                if (buildKitSteps.TryGetValue(digest, out var step))
                {
                    foreach (var line in text.Split('\n').Select(part => part.TrimEnd('\r')).Where(part => part.Length > 0))
                    {
                        step.Output.Add(line);
                        lines.Add($"#{step.Number} {line}");
                    }
                }
            }
        }

        lines.ForEach(log);
        records.ForEach(progress);
    }

    private static string? AuxId(JSONMessage message)
    {
        if (message.Aux?.ExtensionData is not { } aux || !aux.TryGetValue("ID", out var id))
        {
            return null;
        }

        return id switch
        {
            string text => text,
            JsonElement { ValueKind: JsonValueKind.String } element => element.GetString(),
            _ => null,
        };
    }

    /// <summary>Takes the complete lines from what has come; the progress update for the last step line among them.</summary>
    private ProgressRecord? TakeLines(List<string> lines)
    {
        ProgressRecord? record = null;
        var text = partial.ToString();
        var start = 0;
        for (var end = text.IndexOf('\n'); end >= 0; end = text.IndexOf('\n', start))
        {
            record = Line(text.Substring(start, end - start).TrimEnd('\r'), lines) ?? record;
            start = end + 1;
        }

        partial.Remove(0, start);
        return record;
    }

    private void FlushPartial(List<string> lines)
    {
        if (partial.Length > 0)
        {
            Line(partial.ToString().TrimEnd('\r'), lines);
            partial.Clear();
        }
    }

    /// <summary>Reads one log line: a step begins, the cache answers, a marker of the builder's, or the step's own output.</summary>
    private ProgressRecord? Line(string line, List<string> lines)
    {
        lines.Add(line);
        var step = StepLine.Match(line);
        if (step.Success)
        {
            Step = int.Parse(step.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            StepCount = int.Parse(step.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            Instruction = step.Groups[3].Value.Trim();
            stepOutput.Clear();
            return StepRecord(string.Empty);
        }

        var trimmed = line.Trim();
        if (trimmed.EndsWith("Using cache", StringComparison.Ordinal) || trimmed.StartsWith("--> Using cache", StringComparison.Ordinal))
        {
            CacheHits++;
            return StepRecord(" (using cache)");
        }

        if (BuiltLine.Match(trimmed) is { Success: true } built)
        {
            builtShortId = built.Groups[1].Value;
        }
        else if (!IsBuilderMarker(trimmed) && Step > 0)
        {
            stepOutput.Add(line);
        }

        return null;
    }

    private ProgressRecord StepRecord(string note) => new(activityId, activity, $"Step {Step}/{StepCount} : {Instruction}{note}")
    {
        PercentComplete = StepCount > 0 ? Math.Min(100, (Step - 1) * 100 / StepCount) : -1,
    };

    /// <summary>The builder's own lines between steps, which are no step's output.</summary>
    private static bool IsBuilderMarker(string line) =>
        line.Length == 0
        || line.StartsWith("--->", StringComparison.Ordinal)
        || line.StartsWith("-->", StringComparison.Ordinal)
        || line.StartsWith("Removing intermediate container", StringComparison.Ordinal)
        || line.StartsWith("Successfully tagged", StringComparison.Ordinal);

    private DockerBuildException Failed(string message, Exception? inner = null)
    {
        var exit = ExitCodeWords.Match(message);
        long? exitCode = exit.Success ? long.Parse(exit.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
        if (failedBuildKitStep is { } failed && BuildKitStepName.Match(failed.Name) is { Success: true } name)
        {
            return new DockerBuildException(
                message,
                int.Parse(name.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(name.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture),
                name.Groups[3].Value,
                failed.Output.ToList(),
                exitCode,
                inner);
        }

        return Step == 0
            ? new DockerBuildException(message, null, null, null, stepOutput.ToList(), exitCode, inner)
            : new DockerBuildException(message, Step, StepCount, Instruction, stepOutput.ToList(), exitCode, inner);
    }

    /// <summary>A BuildKit vertex as the log has said it so far, numbered in the order it appeared.</summary>
    private sealed class BuildKitStep
    {
        public BuildKitStep(int number, string name)
        {
            Number = number;
            Name = name;
        }

        public int Number { get; }

        public string Name { get; }

        public bool IsDockerfileStep { get; set; }

        public bool CachedSaid { get; set; }

        public bool DoneSaid { get; set; }

        public List<string> Output { get; } = new();
    }
}
