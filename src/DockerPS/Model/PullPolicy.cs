namespace DockerPS;

/// <summary>When New-DockerContainer pulls its image (docker run --pull).</summary>
public enum PullPolicy
{
    /// <summary>Pull only when the image is not on the engine.</summary>
    Missing,

    /// <summary>Always pull first.</summary>
    Always,

    /// <summary>Never pull; a missing image is an error.</summary>
    Never,
}
