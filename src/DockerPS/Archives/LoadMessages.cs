using Docker.DotNet.Models;
using DockerPS.Images;

namespace DockerPS.Archives;

/// <summary>
/// Follows docker load's message stream: progress goes on to <see cref="PullProgress"/>, and the lines that
/// name what was loaded ("Loaded image: repo:tag", "Loaded image ID: sha256:…") are kept, together with
/// the engine's other remarks. Reports arrive one at a time; read the results once the load has ended.
/// </summary>
internal sealed class LoadMessages : IProgress<JSONMessage>
{
    private const string TagPrefix = "Loaded image: ";
    private const string IdPrefix = "Loaded image ID: ";

    private readonly List<string> tags = new();
    private readonly List<string> ids = new();
    private readonly List<string> remarks = new();

    public LoadMessages(PullProgress progress)
    {
        Progress = progress;
    }

    public PullProgress Progress { get; }

    /// <summary>repository:tag of every image the engine said it loaded.</summary>
    public IReadOnlyList<string> Tags => tags;

    /// <summary>Ids the engine said it loaded; it names them only when the last image in the archive has no tag.</summary>
    public IReadOnlyList<string> Ids => ids;

    /// <summary>Other lines, such as "The image app:1 already exists, renaming the old one … to empty string".</summary>
    public IReadOnlyList<string> Remarks => remarks;

    public void Report(JSONMessage value)
    {
        // One message may carry several lines: the engine writes all "Loaded image ID" lines at once.
        foreach (var line in (value.Stream ?? string.Empty).Split('\n'))
        {
            var text = line.Trim();
            if (text.StartsWith(IdPrefix, StringComparison.Ordinal))
            {
                ids.Add(text.Substring(IdPrefix.Length).Trim());
            }
            else if (text.StartsWith(TagPrefix, StringComparison.Ordinal))
            {
                tags.Add(text.Substring(TagPrefix.Length).Trim());
            }
            else if (text.Length > 0)
            {
                remarks.Add(text);
            }
        }

        Progress.Report(value);
    }
}
