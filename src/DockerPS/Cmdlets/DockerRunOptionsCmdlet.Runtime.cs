using Docker.DotNet.Models;
using DockerPS.Completion;
using DockerPS.Containers;

namespace DockerPS.Cmdlets;

/// <summary>
/// The rest of docker run's options: privileges and capabilities, devices, limits, signals, logging, namespaces,
/// the options read from files, and the platform. Each is checked with the docker CLI's grammar before any engine is
/// asked, under an error id of its own.
/// </summary>
public abstract partial class DockerRunOptionsCmdlet
{
    /// <summary>Give the container every capability and the host's devices (docker run --privileged).</summary>
    [Parameter]
    public SwitchParameter Privileged { get; set; }

    /// <summary>Linux capabilities to add: NET_ADMIN, SYS_TIME, ALL (docker run --cap-add).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CapabilityCompleter))]
    public string[]? CapabilityAdd { get; set; }

    /// <summary>Linux capabilities to drop: CHOWN, NET_RAW, ALL (docker run --cap-drop).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CapabilityCompleter))]
    public string[]? CapabilityDrop { get; set; }

    /// <summary>Host devices for the container: /dev/host[:/dev/container][:rwm] (docker run --device).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Device { get; set; }

    /// <summary>Run an init process as PID 1 that reaps zombies and forwards signals (docker run --init).</summary>
    [Parameter]
    public SwitchParameter Init { get; set; }

    /// <summary>Mount the container's root file system read-only (docker run --read-only).</summary>
    [Parameter]
    public SwitchParameter ReadOnly { get; set; }

    /// <summary>Resource limits: nofile=1024:2048, core=-1 (docker run --ulimit).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Ulimit { get; set; }

    /// <summary>The size of /dev/shm: 64m, 1g (docker run --shm-size).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ShmSize { get; set; }

    /// <summary>The signal that stops the container: SIGTERM, SIGQUIT, 3 (docker run --stop-signal).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StopSignal { get; set; }

    /// <summary>Seconds to wait after the stop signal before killing the container (docker run --stop-timeout).</summary>
    [Parameter]
    [ValidateRange(-1, int.MaxValue)]
    public int StopTimeout { get; set; }

    /// <summary>Where the container's output goes: json-file, local, journald, syslog, none (docker run --log-driver).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? LogDriver { get; set; }

    /// <summary>The log driver's options: a hashtable or key=value strings, such as max-size=10m (docker run --log-opt).</summary>
    [Parameter]
    [ValidateNotNull]
    public object? LogOption { get; set; }

    /// <summary>Files of environment variables, a KEY=value a line (docker run --env-file).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? EnvironmentFile { get; set; }

    /// <summary>Files of labels, a key=value a line (docker run --label-file).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? LabelFile { get; set; }

    /// <summary>Ports the container listens on, not published: 80, 53/udp, 8000-8010 (docker run --expose).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Expose { get; set; }

    /// <summary>Security options: no-new-privileges, apparmor=PROFILE, seccomp=unconfined or a profile file, label=… (docker run --security-opt).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? SecurityOption { get; set; }

    /// <summary>Namespaced kernel settings: net.ipv4.ip_forward=1, kernel.shmmax=… (docker run --sysctl).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Sysctl { get; set; }

    /// <summary>The image platform to run: linux/amd64, linux/arm64 (docker run --platform).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Platform { get; set; }

    /// <summary>The PID namespace: host, or container:NAME (docker run --pid).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PidMode { get; set; }

    /// <summary>The IPC namespace: none, private, shareable, host, or container:NAME (docker run --ipc).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? IpcMode { get; set; }

    /// <summary>The UTS namespace (host name): host (docker run --uts).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? UtsMode { get; set; }

    /// <summary>More groups for the container's user, by name or id (docker run --group-add).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? GroupAdd { get; set; }

    /// <summary>Keep the kernel's out-of-memory killer away from the container (docker run --oom-kill-disable).</summary>
    [Parameter]
    public SwitchParameter OomKillDisable { get; set; }

    /// <summary>The most processes the container may run; -1 for no limit (docker run --pids-limit).</summary>
    [Parameter]
    [ValidateRange(-1, long.MaxValue)]
    public long PidsLimit { get; set; }

    /// <summary>Adds these options to the create request <see cref="BuildTemplate"/> made.</summary>
    private void ApplyRuntimeOptions(CreateContainerParameters template)
    {
        var host = template.HostConfig!;
        host.Privileged = Privileged.IsPresent;
        host.CapAdd = ValidatedEach("InvalidCapability", CapabilityAdd, CapabilityNames.Normalize)!;
        host.CapDrop = ValidatedEach("InvalidCapability", CapabilityDrop, CapabilityNames.Normalize)!;
        host.Devices = ValidatedEach("InvalidDevice", Device, DeviceSpecParser.Parse)!;
        host.Init = Init ? true : null;
        host.ReadonlyRootfs = ReadOnly.IsPresent;
        // A name given twice keeps its last value, and the limits go sorted by name, as the CLI sends them.
        host.Ulimits = ValidatedEach("InvalidUlimit", Ulimit, UlimitParser.Parse)?.GroupBy(limit => limit.Name).Select(named => named.Last()).OrderBy(limit => limit.Name, StringComparer.Ordinal).ToList()!;
        host.ShmSize = ShmSize is null ? 0 : Validated("InvalidShmSize", ShmSize, () => MemorySizeParser.Parse(ShmSize));
        host.SecurityOpt = ValidatedEach("InvalidSecurityOption", SecurityOption, option => SecurityOptionParser.Parse(option, ResolvePath))!;
        host.Sysctls = ValidatedEach("InvalidSysctl", Sysctl, SysctlParser.Parse)?.GroupBy(setting => setting.Key).ToDictionary(named => named.Key, named => named.Last().Value)!;
        host.PidMode = PidMode is null ? string.Empty : Validated("InvalidPidMode", PidMode, () => NamespaceModes.Pid(PidMode));
        host.IpcMode = IpcMode is null ? string.Empty : Validated("InvalidIpcMode", IpcMode, () => NamespaceModes.Ipc(IpcMode));
        host.UTSMode = UtsMode is null ? string.Empty : Validated("InvalidUtsMode", UtsMode, () => NamespaceModes.Uts(UtsMode));
        host.GroupAdd = GroupAdd!;
        host.OomKillDisable = OomKillDisable ? true : null;
        host.PidsLimit = MyInvocation.BoundParameters.ContainsKey(nameof(PidsLimit)) ? PidsLimit : null;
        host.LogConfig = CheckedLogConfig()!;
        template.StopSignal = StopSignal is null ? string.Empty : Validated("InvalidStopSignal", StopSignal, () => SignalNames.Check(StopSignal));
        template.StopTimeout = MyInvocation.BoundParameters.ContainsKey(nameof(StopTimeout)) ? TimeSpan.FromSeconds(StopTimeout) : null;
        template.Platform = Platform is null ? null! : Validated("InvalidPlatform", Platform, () => PlatformName.Check(Platform));

        // Files first, then the options given one by one, which win over a file's entry of the same name, as with docker run.
        if (EnvironmentFile is not null)
        {
            var fromFiles = EnvironmentFile.SelectMany(file => Validated("InvalidEnvironmentFile", file, () => KeyValueFileParser.ReadEnvironmentFile(ResolvePath(file), System.Environment.GetEnvironmentVariable)));
            template.Env = fromFiles.Concat(template.Env ?? Enumerable.Empty<string>()).ToList();
        }

        if (LabelFile is not null)
        {
            var fromFiles = LabelParser.Parse(LabelFile.SelectMany(file => Validated("InvalidLabelFile", file, () => KeyValueFileParser.ReadLabelFile(ResolvePath(file)))).ToArray());
            foreach (var label in template.Labels ?? new Dictionary<string, string>())
            {
                fromFiles[label.Key] = label.Value;
            }

            template.Labels = fromFiles;
        }

        if (Expose is not null)
        {
            template.ExposedPorts ??= new Dictionary<string, EmptyStruct>();
            foreach (var port in Expose.SelectMany(spec => Validated("InvalidExpose", spec, () => ExposeParser.Parse(spec))))
            {
                template.ExposedPorts[port] = default;
            }
        }
    }

    /// <summary>The log driver and its options; options for the none driver are refused, as the CLI refuses them.</summary>
    private LogConfig? CheckedLogConfig()
    {
        var options = LogOption is null ? null : Validated("InvalidLogOption", LogOption, () => LabelParser.Parse(LogOption));
        if (LogDriver is null && options is null)
        {
            return null;
        }

        if (LogDriver == "none" && options is { Count: > 0 })
        {
            Checked("InvalidLogOption", LogOption, () => throw new ArgumentException("invalid logging opts for driver none"));
        }

        return new LogConfig { Type = LogDriver ?? string.Empty, Config = options! };
    }
}
