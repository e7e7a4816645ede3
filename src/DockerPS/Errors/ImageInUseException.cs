namespace DockerPS.Errors;

/// <summary>The engine refused to remove an image because containers use it.</summary>
internal sealed class ImageInUseException : Exception
{
    public ImageInUseException(string image, IReadOnlyList<string> containers, string daemonMessage, Exception inner)
        : base($"Image {image} is in use by container {string.Join(", ", containers)}; {Advice(daemonMessage)} ({daemonMessage})", inner)
    {
        Image = image;
        Containers = containers;
    }

    public string Image { get; }

    /// <summary>-Force helps only where the engine says the removal must be forced, not where it cannot be.</summary>
    private static string Advice(string daemonMessage) =>
        daemonMessage.IndexOf("cannot be forced", StringComparison.OrdinalIgnoreCase) >= 0
            ? "stop and remove the container first."
            : "remove the container first, or use -Force to untag the image anyway.";

    /// <summary>The names of the containers that use the image.</summary>
    public IReadOnlyList<string> Containers { get; }
}
