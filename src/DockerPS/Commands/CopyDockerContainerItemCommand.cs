using System.IO;
using DockerPS.Archives;
using DockerPS.Completion;
using DockerPS.ContainerFiles;
using Microsoft.PowerShell.Commands;

namespace DockerPS.Commands;

/// <summary>
/// docker cp: copies files and directories between a container and the local file system, either way, with docker
/// cp's rules for directories, a trailing / and /. (see <see cref="CopyRules"/>). One side names a container as the
/// docker CLI writes it (web:/etc/nginx), or as :/etc/nginx for the container from the pipeline or -Container; the
/// other is a PowerShell path, relative to the current location, wildcards allowed in a local -Path. Both directions
/// stream: nothing is held whole in memory or on disk.
/// </summary>
[Cmdlet(VerbsCommon.Copy, "DockerContainerItem", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo), typeof(DirectoryInfo))]
public sealed class CopyDockerContainerItemCommand : DockerEngineCmdlet
{
    private const int ProgressId = 1;

    /// <summary>What to copy: local paths (wildcards allowed), or CONTAINER:PATH (or :PATH) in a container.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>Where to copy to: a local path, or CONTAINER:PATH (or :PATH) in a container.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Destination { get; set; } = string.Empty;

    /// <summary>The container a :PATH argument means: a name or id, or a container from the pipeline.</summary>
    [Parameter(ValueFromPipeline = true)]
    [ValidateNotNull]
    [ArgumentCompleter(typeof(ContainerNameCompleter))]
    public DockerContainerIdentity? Container { get; set; }

    /// <summary>Follow a symbolic link named as the source, copying what it points at under the link's name (docker cp -L).</summary>
    [Parameter]
    [Alias("L")]
    public SwitchParameter FollowLink { get; set; }

    /// <summary>Write the local files and directories a copy out of a container wrote.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var destination = Argument(Destination);
        var sources = Path.Select(Argument).ToList();
        if (destination.InContainer && sources.Any(source => source.InContainer))
        {
            ThrowFailure(InvalidArgument("copying between containers is not supported", Destination));
        }

        if (!destination.InContainer && sources.Any(source => !source.InContainer))
        {
            ThrowFailure(InvalidArgument("must specify at least one container source: write it as CONTAINER:PATH, or :PATH with -Container", Destination));
        }

        if (Container is not null && !Accepted(new[] { Container }).Any())
        {
            return;
        }

        var copies = destination.InContainer ? CopiesIn(sources, destination) : CopiesOut(sources, destination);
        var written = new List<string>();
        foreach (var group in copies.Where(copy => ShouldProcess(copy.To, $"Copy {copy.From}")).GroupBy(copy => EndpointFor(copy.Container)))
        {
            RunOnEngine(group.Key, async (engine, cancellation) =>
            {
                foreach (var copy in group)
                {
                    var progress = new ByteProgress(ProgressId, $"Copying {copy.From} to {copy.To}", "Copied", null, EmitProgress);
                    try
                    {
                        if (destination.InContainer)
                        {
                            await ContainerCopy.CopyInAsync(engine, copy.Container.Reference, copy.LocalPath, copy.ContainerPath, FollowLink, EmitWarning, progress, cancellation).ConfigureAwait(false);
                        }
                        else
                        {
                            written.AddRange(await ContainerCopy.CopyOutAsync(engine, copy.Container.Reference, copy.ContainerPath, copy.LocalPath, FollowLink, EmitError, progress, cancellation).ConfigureAwait(false));
                        }
                    }
                    catch (ErrorRecordException e)
                    {
                        EmitError(e.ErrorRecord);
                    }
                }
            });
        }

        if (PassThru)
        {
            foreach (var item in written.SelectMany(path => InvokeProvider.Item.Get(new[] { path }, false, true)))
            {
                WriteObject(item);
            }
        }
    }

    private static ErrorRecord InvalidArgument(string reason, string argument) =>
        new(new ArgumentException(reason), "InvalidCopyArgument", ErrorCategory.InvalidArgument, argument);

    /// <summary>Reads an argument: text before a colon names a container, unless it names a PowerShell drive (Temp:, C:).</summary>
    private CopyArgument Argument(string text)
    {
        try
        {
            return CopyArgument.Parse(text, name => SessionState.Drive.GetAll().Any(drive => string.Equals(drive.Name, name, StringComparison.OrdinalIgnoreCase)));
        }
        catch (ArgumentException e)
        {
            throw new ErrorRecordException(DockerErrorMapper.ToErrorRecord(e, "InvalidCopyArgument", text));
        }
    }

    /// <summary>The container a container-side argument means: the one it names, else -Container (or the one piped).</summary>
    private DockerContainerIdentity ContainerOf(CopyArgument argument)
    {
        if (argument.Container is { Length: > 0 } name)
        {
            return new DockerContainerIdentity(name);
        }

        return Container ?? throw new ErrorRecordException(InvalidArgument($"'{argument.Text}' names no container: give one with -Container or from the pipeline, or write it as CONTAINER{argument.Text}", argument.Text));
    }

    /// <summary>Each local source (wildcards expanded; one that matches nothing is its own error) into the container.</summary>
    private List<Copy> CopiesIn(IReadOnlyList<CopyArgument> sources, CopyArgument destination)
    {
        var container = ContainerOf(destination);
        var copies = new List<Copy>();
        foreach (var source in sources)
        {
            try
            {
                var resolved = SessionState.Path.GetResolvedProviderPathFromPSPath(source.Path, out var provider);
                RequireFileSystem(provider, source.Path);
                copies.AddRange(resolved.Select(path => new Copy(container, LocalForm(path, source.Path), destination.Path, source.Text, destination.Describe(container.Reference))));
            }
            catch (Exception e) when (e is ArgumentException or SessionStateException)
            {
                WriteError(DockerErrorMapper.ToErrorRecord(e, e is ItemNotFoundException ? "CopySourceNotFound" : "InvalidCopyArgument", source.Text));
            }
        }

        return copies;
    }

    /// <summary>Each container source to the one local destination.</summary>
    private List<Copy> CopiesOut(IReadOnlyList<CopyArgument> sources, CopyArgument destination)
    {
        string local;
        try
        {
            local = LocalForm(SessionState.Path.GetUnresolvedProviderPathFromPSPath(destination.Path, out var provider, out _), destination.Path);
            RequireFileSystem(provider, destination.Path);
        }
        catch (Exception e) when (e is ArgumentException or SessionStateException)
        {
            throw new ErrorRecordException(DockerErrorMapper.ToErrorRecord(e, "InvalidCopyArgument", destination.Text));
        }

        return sources.Select(source =>
        {
            var container = ContainerOf(source);
            return new Copy(container, local, source.Path, source.Describe(container.Reference), destination.Text);
        }).ToList();
    }

    /// <summary>A resolved local path in the slash-separated form the copy rules read, given back the trailing / or /. the user wrote.</summary>
    private static string LocalForm(string resolved, string written) =>
        CopyRules.PreserveTrailingDotOrSeparator(resolved.Replace('\\', '/'), written.Replace('\\', '/'));

    private static void RequireFileSystem(ProviderInfo provider, string path)
    {
        if (provider.ImplementingType != typeof(FileSystemProvider))
        {
            throw new ArgumentException($"'{path}' is a {provider.Name} path; files are copied to and from a FileSystem drive.");
        }
    }

    /// <summary>One copy, each side as the engine and the local file system see it, and as the user wrote it.</summary>
    private sealed class Copy
    {
        public Copy(DockerContainerIdentity container, string localPath, string containerPath, string from, string to)
        {
            Container = container;
            LocalPath = localPath;
            ContainerPath = containerPath;
            From = from;
            To = to;
        }

        public DockerContainerIdentity Container { get; }

        public string LocalPath { get; }

        public string ContainerPath { get; }

        public string From { get; }

        public string To { get; }
    }
}
