using System;
using System.Collections.Generic;

namespace DockerPS.Errors;

/// <summary>The engine refused to remove an image because containers use it.</summary>
internal sealed class ImageInUseException : Exception
{
    public ImageInUseException(string image, IReadOnlyList<string> containers, string daemonMessage, Exception inner)
        : base($"Image {image} is in use by container {string.Join(", ", containers)}; remove the container first, or use -Force to untag it anyway. ({daemonMessage})", inner)
    {
        Image = image;
        Containers = containers;
    }

    public string Image { get; }

    /// <summary>The names of the containers that use the image.</summary>
    public IReadOnlyList<string> Containers { get; }
}
