using System;
using System.Management.Automation;
using DockerPS.Completion;
using DockerPS.Images;

namespace DockerPS.Cmdlets;

/// <summary>A transfer between the engine and a registry (pull, push): references, credentials, progress ids.</summary>
public abstract class DockerRegistryCmdlet : DockerEngineCmdlet
{
    // Each image transferred gets its own block of progress activity ids, so their bars never mix.
    private const int ProgressIdsPerImage = 1000;
    private int nextProgressId = 1;

    /// <summary>name, name:tag or host:port/project/name:tag; without a tag, latest.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("ImageName", "Reference")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ImageNameCompleter))]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>Every tag of the repository (docker pull -a, docker push -a).</summary>
    [Parameter]
    public SwitchParameter AllTags { get; set; }

    /// <summary>Registry credentials; without them, the docker config's (credential helpers or auths).</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>"pull from" or "push to", for messages.</summary>
    private protected abstract string Direction { get; }

    /// <summary>
    /// Reads a name given for a transfer; an image id (which names no repository), a malformed reference or a
    /// tag given with -AllTags is a non-terminating error for that name.
    /// </summary>
    private protected bool TryParseReference(string name, out ImageReference reference)
    {
        reference = null!;
        if (ImageReference.IsImageId(name))
        {
            WriteError(new ErrorRecord(
                new ArgumentException($"{name} is an image id, which names no repository to {Direction}; give a repository[:tag] (tag the image first with Add-DockerImageTag)."),
                "ImageIdNotAReference",
                ErrorCategory.InvalidArgument,
                name));
            return false;
        }

        try
        {
            reference = ImageReference.Parse(name);
        }
        catch (ArgumentException e)
        {
            WriteError(new ErrorRecord(e, "InvalidImageReference", ErrorCategory.InvalidArgument, name));
            return false;
        }

        if (AllTags && (reference.Tag is not null || reference.Digest is not null))
        {
            WriteError(new ErrorRecord(new ArgumentException($"tag can't be used with -AllTags: {name}"), "TagWithAllTags", ErrorCategory.InvalidArgument, name));
            return false;
        }

        return true;
    }

    /// <summary>The parent progress id for the next image.</summary>
    private protected int NextProgressId()
    {
        var id = nextProgressId;
        nextProgressId += ProgressIdsPerImage;
        return id;
    }
}
