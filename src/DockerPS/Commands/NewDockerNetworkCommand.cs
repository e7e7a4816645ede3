using System.Collections;
using System.Globalization;
using Docker.DotNet.Models;
using DockerPS.Containers;
using DockerPS.Networks;

namespace DockerPS.Commands;

/// <summary>
/// docker network create: creates a network and returns it. Subnets, ranges, gateways, labels and options are checked
/// before the engine is asked.
/// </summary>
[Cmdlet(VerbsCommon.New, "DockerNetwork", SupportsShouldProcess = true)]
[OutputType(typeof(DockerNetwork))]
public sealed class NewDockerNetworkCommand : DockerEngineCmdlet
{
    private IList<IPAMConfig>? pools;
    private IDictionary<string, string>? labels;
    private IDictionary<string, string>? options;

    /// <summary>The network's name; names from the pipeline create one network each.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("NetworkName")]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = null!;

    /// <summary>The driver: bridge (the engine's default), overlay, macvlan, ipvlan, or a plugin's name.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Driver { get; set; }

    /// <summary>Subnets in CIDR notation (docker network create --subnet), IPv4 or IPv6; one address pool each.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Subnet { get; set; }

    /// <summary>Ranges, in CIDR notation, that containers get addresses from, each inside one of the subnets (--ip-range).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? IPRange { get; set; }

    /// <summary>Gateway addresses, each inside one of the subnets (--gateway).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Gateway { get; set; }

    /// <summary>Keep the network's containers from reaching anything outside it (--internal).</summary>
    [Parameter]
    public SwitchParameter Internal { get; set; }

    /// <summary>Let standalone containers join a swarm-scoped network (--attachable).</summary>
    [Parameter]
    public SwitchParameter Attachable { get; set; }

    /// <summary>Give the network IPv6 addresses (--ipv6).</summary>
    [Parameter]
    public SwitchParameter IPv6 { get; set; }

    /// <summary>Labels: a hashtable or key=value strings.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? Label { get; set; }

    /// <summary>The driver's options (docker network create -o): @{ 'com.docker.network.driver.mtu' = '1400' }.</summary>
    [Parameter]
    [ValidateNotNull]
    public Hashtable? Option { get; set; }

    protected override void BeginProcessing()
    {
        try
        {
            pools = IpamSpec.Build(Subnet ?? Array.Empty<string>(), IPRange ?? Array.Empty<string>(), Gateway ?? Array.Empty<string>());
        }
        catch (InvalidIpamException e)
        {
            ThrowFailure(new ErrorRecord(e, e.ErrorId, ErrorCategory.InvalidArgument, e.Value));
        }

        try
        {
            labels = Label is null ? null : LabelParser.Parse(Label);
        }
        catch (ArgumentException e)
        {
            ThrowFailure(new ErrorRecord(e, "InvalidLabel", ErrorCategory.InvalidArgument, Label));
        }

        options = Option is null ? null : DriverOptions(Option);
    }

    protected override void ProcessRecord()
    {
        if (!ShouldProcess(Name, "Create network"))
        {
            return;
        }

        var parameters = new NetworksCreateParameters
        {
            Name = Name,
            Driver = Driver!,
            IPAM = pools is { Count: > 0 } ? new IPAM { Config = pools } : null!,
            Internal = Internal.IsPresent,
            Attachable = Attachable.IsPresent,
            EnableIPv6 = IPv6 ? true : null,
            Labels = labels!,
            Options = options!,
        };
        RunOnEngine(async (engine, cancellation) =>
        {
            try
            {
                Emit(await NetworkCreation.CreateAsync(engine, parameters, EmitWarning, cancellation).ConfigureAwait(false));
            }
            catch (DockerApiException e)
            {
                // One name failing (taken, a pool that overlaps another) leaves the next piped name to try.
                EmitError(NetworkErrors.Refusal(e, Name));
            }
        });
    }

    private static Dictionary<string, string> DriverOptions(Hashtable table)
    {
        var driverOptions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in table)
        {
            var key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture);
            if (string.IsNullOrWhiteSpace(key))
            {
                ThrowFailure(new ErrorRecord(new ArgumentException("An -Option key cannot be empty."), "InvalidOption", ErrorCategory.InvalidArgument, table));
            }

            driverOptions[key!] = Convert.ToString(entry.Value, CultureInfo.InvariantCulture) ?? string.Empty;
        }

        return driverOptions;
    }
}
