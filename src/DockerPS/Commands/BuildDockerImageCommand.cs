using System.Collections;
using System.Globalization;
using Docker.DotNet.Models;
using DockerPS.Builds;
using DockerPS.Containers;
using DockerPS.Images;

namespace DockerPS.Commands;

/// <summary>
/// docker build (the classic builder, or BuildKit with -BuildKit): builds an image from a Dockerfile and a context directory sent as a tar
/// streamed from its files (.dockerignore applied), with a progress update per step and the build's log on the
/// information stream; returns the image under every tag given.
/// </summary>
[Cmdlet("Build", "DockerImage", SupportsShouldProcess = true)]
[OutputType(typeof(DockerImage))]
public sealed class BuildDockerImageCommand : DockerEngineCmdlet
{
    private readonly List<ImageReference> tags = new();
    private IDictionary<string, string>? labels;
    private Dictionary<string, string>? buildArguments;

    /// <summary>The context directory whose files the Dockerfile can COPY; the current location when not given.</summary>
    [Parameter(Position = 0)]
    [Alias("ContextPath")]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>The Dockerfile, inside the context or outside it (docker build -f); the context's Dockerfile when not given.</summary>
    [Parameter]
    [Alias("Dockerfile")]
    [ValidateNotNullOrEmpty]
    public string? File { get; set; }

    /// <summary>repository[:tag] names for the image (docker build -t); latest when a name has no tag.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Tag { get; set; }

    /// <summary>Values for the Dockerfile's ARG instructions (docker build --build-arg): @{ VERSION = '1.2' }; a $null value takes the environment variable of that name.</summary>
    [Parameter]
    [Alias("BuildArg")]
    [ValidateNotNull]
    public Hashtable? BuildArgument { get; set; }

    /// <summary>The stage of a multi-stage Dockerfile to build, by its FROM … AS name (docker build --target).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.BuildStageCompleter))]
    public string? Target { get; set; }

    /// <summary>Labels for the image: a hashtable or key=value strings (docker build --label).</summary>
    [Parameter]
    [ValidateNotNull]
    public object? Label { get; set; }

    /// <summary>Build every step anew, without the build cache (docker build --no-cache).</summary>
    [Parameter]
    public SwitchParameter NoCache { get; set; }

    /// <summary>Pull newer versions of the base images even when the engine has them (docker build --pull).</summary>
    [Parameter]
    public SwitchParameter Pull { get; set; }

    /// <summary>The platform to build for, such as linux/arm64 (docker build --platform).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Platform { get; set; }

    /// <summary>The network the RUN steps use: bridge, host, none or a network name (docker build --network).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Network { get; set; }

    /// <summary>
    /// Build with BuildKit, as docker build does by default, where the engine takes it through its API (dockerd;
    /// Podman builds with Buildah and refuses it). Base images are pulled without registry credentials.
    /// </summary>
    [Parameter]
    public SwitchParameter BuildKit { get; set; }

    protected override void BeginProcessing()
    {
        foreach (var tag in Tag ?? Array.Empty<string>())
        {
            tags.Add(Validated("InvalidImageReference", tag, () => ImageReference.Parse(tag)));
            if (tags[tags.Count - 1].Digest is not null)
            {
                ThrowFailure(DockerErrors.InvalidImageReference(new ArgumentException($"a tag cannot be a digest: {tag}"), tag));
            }
        }

        labels = Label is null ? null : Validated("InvalidLabel", Label, () => LabelParser.Parse(Label));
        buildArguments = BuildArgument is null ? null : BuildArguments(BuildArgument);
    }

    protected override void ProcessRecord()
    {
        var directory = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path ?? ".");
        var dockerfile = File is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(File);
        var context = Prepared(directory, dockerfile);
        var target = tags.Count > 0 ? string.Join(", ", tags) : directory;
        if (!ShouldProcess(target, $"Build image from {context.DockerfilePath} with the context {directory}"))
        {
            return;
        }

        var parameters = new ImageBuildParameters
        {
            Tags = tags.Select(tag => tag.ToString()).ToList(),
            Dockerfile = context.DockerfileName,
            BuildArgs = buildArguments,
            Labels = labels,
            Target = Target,
            NoCache = NoCache ? true : null,
            Pull = Pull ? "1" : null,
            Platform = Platform,
            NetworkMode = Network,
            Remove = true,
        };
        RunOnEngine(async (engine, cancellation) =>
        {
            if (BuildKit && engine.IsPodman)
            {
                throw new ErrorRecordException(new ErrorRecord(
                    new NotSupportedException($"{engine.Endpoint} is Podman, which builds with Buildah: -BuildKit needs a Docker engine. Build without -BuildKit."),
                    "BuildKitUnavailable",
                    ErrorCategory.NotImplemented,
                    target));
            }

            var progress = new BuildProgress($"Building {target}", 1, EmitProgress, EmitInformation);
            try
            {
                var built = BuildKit
                    ? ImageBuilder.BuildWithBuildKitAsync(engine, context, parameters, progress, cancellation)
                    : ImageBuilder.BuildAsync(engine, context, parameters, progress, cancellation);
                foreach (var image in await built.ConfigureAwait(false))
                {
                    Emit(image);
                }
            }
            catch (DockerBuildException e)
            {
                throw new ErrorRecordException(DockerErrorMapper.ToErrorRecord(e, null, target));
            }

            if (progress.CacheHits > 0)
            {
                EmitVerbose($"{progress.CacheHits} of {progress.StepCount} steps came from the build cache.");
            }
        });
    }

    /// <summary>The context and Dockerfile, read and checked before the engine is asked.</summary>
    private BuildContext Prepared(string directory, string? dockerfile)
    {
        try
        {
            return BuildContext.Prepare(directory, dockerfile);
        }
        catch (ItemNotFoundException e)
        {
            var missing = System.IO.Directory.Exists(directory) ? dockerfile ?? System.IO.Path.Combine(directory, "Dockerfile") : directory;
            throw new ErrorRecordException(new ErrorRecord(e, "BuildContextNotFound", ErrorCategory.ObjectNotFound, missing));
        }
        catch (ArgumentException e)
        {
            throw new ErrorRecordException(new ErrorRecord(e, "InvalidDockerIgnore", ErrorCategory.InvalidData, System.IO.Path.Combine(directory, ".dockerignore")));
        }
        catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException)
        {
            throw new ErrorRecordException(new ErrorRecord(e, "BuildContextUnreadable", ErrorCategory.ReadError, directory));
        }
    }

    /// <summary>ARG values as strings; a $null value is the environment variable's, and left out when it is not set, as docker build does.</summary>
    private static Dictionary<string, string> BuildArguments(Hashtable table)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in table)
        {
            var name = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
            var value = entry.Value is null ? Environment.GetEnvironmentVariable(name) : Convert.ToString(entry.Value, CultureInfo.InvariantCulture);
            if (value is not null)
            {
                result[name] = value;
            }
        }

        return result;
    }
}
