namespace DockerPS;

/// <summary>Where Use-DockerContext makes a context current.</summary>
public enum DockerContextScope
{
    /// <summary>In the docker CLI's config.json: every session and the docker CLI follow it.</summary>
    Global,

    /// <summary>Only in this PowerShell process (DOCKER_CONTEXT), leaving the docker config alone.</summary>
    Session,
}
