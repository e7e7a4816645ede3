namespace DockerPS.Errors;

/// <summary>The engine refused to remove an image because containers use it.</summary>
internal sealed class ImageInUseException : Exception
{
    private const string StopFirst = "stop and remove the container first.";
    private const string RemoveFirst = "remove the container first, or use -Force to untag the image anyway.";

    public ImageInUseException(string image, IReadOnlyList<string> containers, string daemonMessage, Exception inner)
        : base($"Image {image} is in use by container {string.Join(", ", containers)}; {Advice(daemonMessage)} ({daemonMessage})", inner)
    {
        Image = image;
        Containers = containers;
    }

    /// <summary>The refusal an unforced removal will meet, foreseen (under -WhatIf) rather than answered by the engine.</summary>
    public ImageInUseException(string image, IReadOnlyList<string> containers, bool cannotBeForced)
        : base($"Image {image} is in use by container {string.Join(", ", containers)}; {(cannotBeForced ? StopFirst : RemoveFirst)}")
    {
        Image = image;
        Containers = containers;
    }

    public string Image { get; }

    /// <summary>-Force helps only where the engine says the removal must be forced, not where it cannot be.</summary>
    private static string Advice(string daemonMessage) =>
        daemonMessage.IndexOf("cannot be forced", StringComparison.OrdinalIgnoreCase) >= 0
            ? StopFirst
            : RemoveFirst;

    /// <summary>The names of the containers that use the image.</summary>
    public IReadOnlyList<string> Containers { get; }
}
