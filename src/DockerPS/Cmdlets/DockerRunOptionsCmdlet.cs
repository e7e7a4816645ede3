using System.Collections;
using Docker.DotNet.Models;
using DockerPS.Completion;
using DockerPS.Containers;

namespace DockerPS.Cmdlets;

/// <summary>
/// What a new container is, as docker run's options describe it: command, name, ports, environment, volumes,
/// labels, network, limits and the rest. Every option is checked when the cmdlet begins, before anything reaches
/// the engine; a bad one is a terminating error with a stable id. A batch: the containers of a pipeline are made
/// concurrently.
/// </summary>
public abstract partial class DockerRunOptionsCmdlet : DockerBatchCmdlet
{
    /// <summary>The command and its arguments, replacing the image's CMD: -Command /usr/bin/tail, -f, /etc/hosts.</summary>
    [Parameter(Position = 1)]
    public string[]? Command { get; set; }

    /// <summary>
    /// Ports to publish, in docker run -p's grammar: 80, 81:80, 127.0.0.1:81:80, 127.0.0.1::80, [::1]:81:80,
    /// 53:53/udp, 8000-8002:80-82.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Publish { get; set; }

    /// <summary>Publish every port the image exposes on a random host port (docker run -P).</summary>
    [Parameter]
    public SwitchParameter PublishAll { get; set; }

    /// <summary>Environment variables: a hashtable (@{ MODE = 'prod' }) or NAME=value strings; a bare NAME takes its value from here.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? Environment { get; set; }

    /// <summary>Volumes: /container/path (anonymous), name:/path or /host/path:/path, with :ro and other modes.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Volume { get; set; }

    /// <summary>Mounts in docker run --mount's grammar: 'type=bind,source=/srv,target=/data,readonly', type=volume, type=tmpfs.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Mount { get; set; }

    /// <summary>tmpfs file systems, as docker run --tmpfs: /run, or /run:rw,size=64m.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Tmpfs { get; set; }

    /// <summary>Labels: a hashtable or key=value strings.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? Label { get; set; }

    /// <summary>DNS servers for the container's /etc/resolv.conf (docker run --dns).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Dns { get; set; }

    /// <summary>Remove the container when it exits (docker run --rm).</summary>
    [Parameter]
    public SwitchParameter AutoRemove { get; set; }

    /// <summary>Replace the image's ENTRYPOINT; an empty string clears it.</summary>
    [Parameter]
    [AllowEmptyString]
    public string[]? Entrypoint { get; set; }

    /// <summary>The working directory inside the container.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? WorkingDirectory { get; set; }

    /// <summary>The user (name or uid, optionally :group) the command runs as.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? User { get; set; }

    /// <summary>The container's host name.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Hostname { get; set; }

    /// <summary>The networks to connect to: bridge, host, none, or the names of one or more networks of the user's own.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Network { get; set; }

    /// <summary>Other names the container answers to on its first network (docker run --network-alias).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? NetworkAlias { get; set; }

    /// <summary>The container's IPv4 address on its first network (docker run --ip).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? IPAddress { get; set; }

    /// <summary>The container's IPv6 address on its first network (docker run --ip6).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? IP6Address { get; set; }

    /// <summary>Lines for the container's /etc/hosts (docker run --add-host): name:ip, name=ip, name:host-gateway.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? AddHost { get; set; }

    /// <summary>no, always, unless-stopped, on-failure or on-failure:N.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RestartPolicyCompleter))]
    public string? RestartPolicy { get; set; }

    /// <summary>A memory limit: bytes, or with a unit (512m, 1g).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Memory { get; set; }

    /// <summary>How many CPUs the container may use, such as 1.5.</summary>
    [Parameter]
    public double Cpus { get; set; }

    /// <summary>Give the container a pseudo-terminal (docker run -t).</summary>
    [Parameter]
    public SwitchParameter Tty { get; set; }

    /// <summary>The health check's command, run by the container's shell (docker run --health-cmd).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? HealthCommand { get; set; }

    /// <summary>
    /// Time between health checks (--health-interval): a duration such as 30s or 1m30s, or a TimeSpan. Text, so that
    /// PowerShell keeps 30s as written rather than reading it as the number 30 (s is its suffix for a short integer).
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? HealthInterval { get; set; }

    /// <summary>How long one check may run (--health-timeout), as -HealthInterval.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? HealthTimeout { get; set; }

    /// <summary>Time to start in, during which failures do not count (--health-start-period), as -HealthInterval.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? HealthStartPeriod { get; set; }

    /// <summary>Time between checks during the start period (--health-start-interval, Engine API 1.44), as -HealthInterval.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? HealthStartInterval { get; set; }

    /// <summary>Consecutive failures that make the container unhealthy (--health-retries).</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int HealthRetries { get; set; }

    /// <summary>Disable any health check the image defines (--no-healthcheck).</summary>
    [Parameter]
    public SwitchParameter NoHealthcheck { get; set; }

    /// <summary>The networks <see cref="BuildTemplate"/> found in the options; the create request for each engine takes them from here.</summary>
    private protected NetworkAttachments Networks { get; private set; } = NetworkAttachments.Of(null, null, null, null);

    /// <summary>The create request these options make, for a container run on a terminal or attached to its output.</summary>
    private protected CreateContainerParameters BuildTemplate(bool interactive, bool attach)
    {
        Networks = CheckedNetworks();
        var template = new CreateContainerParameters
        {
            // The models' unset lists are null, which the engine reads as "the image's own".
            Cmd = Command!,
            Entrypoint = Entrypoint?.Where(part => part.Length > 0).ToList()!,
            Env = Validated("InvalidEnvironment", Environment, () => Environment is null ? null : EnvironmentParser.FromParameter(Environment, System.Environment.GetEnvironmentVariable))!,
            Labels = Validated("InvalidLabel", Label, () => Label is null ? null : LabelParser.Parse(Label))!,
            WorkingDir = WorkingDirectory ?? string.Empty,
            User = User ?? string.Empty,
            Hostname = Hostname ?? string.Empty,
            Tty = Tty.IsPresent || interactive,
            OpenStdin = interactive,
            StdinOnce = interactive,
            AttachStdin = interactive,
            AttachStdout = attach || interactive,
            AttachStderr = attach || interactive,
            Healthcheck = CheckedHealthcheck()!,
            HostConfig = new HostConfig
            {
                PublishAllPorts = PublishAll.IsPresent,
                DNS = Dns!,
                AutoRemove = AutoRemove.IsPresent,
                NetworkMode = Networks.NetworkMode,
                ExtraHosts = ValidatedEach("InvalidAddHost", AddHost, ExtraHostParser.Normalize)!,
                Tmpfs = ValidatedEach("InvalidTmpfs", Tmpfs, TmpfsSpecParser.Parse) is { } tmpfs ? TmpfsSpecParser.Merge(tmpfs) : null!,
                Mounts = ValidatedEach("InvalidMount", Mount, spec => MountSpecParser.Parse(spec, ResolvePath))!,
                RestartPolicy = Validated("InvalidRestartPolicy", RestartPolicy, () => RestartPolicy is null ? null : RestartPolicyParser.Parse(RestartPolicy))!,
                Memory = Validated("InvalidMemory", Memory, () => Memory is null ? 0 : MemorySizeParser.Parse(Memory)),
                NanoCPUs = Validated("InvalidCpus", Cpus, () => MyInvocation.BoundParameters.ContainsKey(nameof(Cpus)) ? CpusParser.ToNanoCpus(Cpus) : 0),
            },
        };

        if (Publish is not null)
        {
            // Each spec on its own first, so the error names the one that is wrong.
            foreach (var spec in Publish)
            {
                Validated("InvalidPublish", spec, () => PortSpecParser.Merge(new[] { spec }));
            }

            var ports = Validated("InvalidPublish", Publish, () => PortSpecParser.Merge(Publish));
            template.ExposedPorts = ports.ExposedPorts;
            template.HostConfig.PortBindings = ports.PortBindings;
        }

        if (Volume is not null)
        {
            foreach (var spec in Volume)
            {
                Validated("InvalidVolume", spec, () => VolumeSpecParser.Merge(new[] { spec }, ResolvePath));
            }

            var volumes = Validated("InvalidVolume", Volume, () => VolumeSpecParser.Merge(Volume, ResolvePath));
            template.HostConfig.Binds = volumes.Binds;
            template.Volumes = volumes.Volumes;
        }

        ApplyRuntimeOptions(template);
        return template;
    }

    /// <summary>The networks and the first one's endpoint, each option checked under its own error id.</summary>
    private NetworkAttachments CheckedNetworks()
    {
        if (Network is not null)
        {
            Checked("InvalidNetwork", Network, () => NetworkAttachments.CheckNetworks(Network));
        }

        if (NetworkAlias is not null)
        {
            Checked("InvalidNetworkAlias", NetworkAlias, () => NetworkAttachments.CheckAliases(Network, NetworkAlias));
        }

        foreach (var (address, ipv6) in new[] { (IPAddress, false), (IP6Address, true) })
        {
            if (address is not null)
            {
                Checked("InvalidIPAddress", address, () => NetworkAttachments.CheckAddress(Network, address, ipv6));
            }
        }

        return NetworkAttachments.Of(Network, NetworkAlias, IPAddress, IP6Address);
    }

    /// <summary>The health check the options make, each duration checked on its own under InvalidHealthcheck.</summary>
    private HealthcheckConfig? CheckedHealthcheck()
    {
        static TimeSpan Checked(string? value, string option) =>
            value is null ? TimeSpan.Zero : Validated("InvalidHealthcheck", value, () => HealthcheckParser.Duration(value, option));
        var interval = Checked(HealthInterval, nameof(HealthInterval));
        var timeout = Checked(HealthTimeout, nameof(HealthTimeout));
        var startPeriod = Checked(HealthStartPeriod, nameof(HealthStartPeriod));
        var startInterval = Checked(HealthStartInterval, nameof(HealthStartInterval));
        return Validated("InvalidHealthcheck", "-" + nameof(NoHealthcheck), () =>
            HealthcheckParser.Build(HealthCommand, interval, timeout, startPeriod, startInterval, HealthRetries, NoHealthcheck));
    }

    /// <summary>
    /// A host path starting with . or ~ made absolute against this session's location: the CLI resolves ./ against its
    /// working folder and leaves ~ to the shell; PowerShell does neither for a cmdlet's argument.
    /// </summary>
    private string ResolvePath(string path) => SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

    /// <summary>Runs a check as <see cref="Validated"/> runs a parser.</summary>
    private static void Checked(string errorId, object? value, Action check) => Validated(errorId, value, () =>
    {
        check();
        return true;
    });

    /// <summary>Parses each value on its own, so the error names the one that is wrong; null when there are none.</summary>
    private static List<T>? ValidatedEach<T>(string errorId, string[]? values, Func<string, T> parse) =>
        values?.Select(value => Validated(errorId, value, () => parse(value))).ToList();
}
