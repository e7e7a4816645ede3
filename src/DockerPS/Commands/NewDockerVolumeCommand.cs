using System.Collections;
using Docker.DotNet.Models;
using DockerPS.Containers;
using DockerPS.Mapping;
using DockerPS.Volumes;

namespace DockerPS.Commands;

/// <summary>
/// docker volume create: creates a volume and returns it. Without -Name the engine names it. A name that exists
/// returns that volume as it is, as docker volume create does; a warning says what was not applied.
/// </summary>
[Cmdlet(VerbsCommon.New, "DockerVolume", SupportsShouldProcess = true)]
[OutputType(typeof(DockerVolume))]
public sealed class NewDockerVolumeCommand : DockerEngineCmdlet
{
    private VolumesCreateParameters? request;

    /// <summary>The volume's name: letters, digits, _ . -, starting with a letter or digit, two characters at least.</summary>
    [Parameter(Position = 0)]
    [Alias("VolumeName")]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>The volume driver (docker volume create -d); local by default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Driver { get; set; }

    /// <summary>The driver's options (docker volume create -o): @{ type = 'tmpfs'; device = 'tmpfs'; o = 'size=100m' }.</summary>
    [Parameter]
    [ValidateNotNull]
    public Hashtable? DriverOption { get; set; }

    /// <summary>Labels: a hashtable or key=value strings.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? Label { get; set; }

    protected override void BeginProcessing()
    {
        // Everything that can be wrong with the values is found here, before anything reaches the engine. What is
        // unset stays out of the request: without a name the engine makes one up.
        request = new VolumesCreateParameters
        {
            Name = Name is null ? null! : Validated("InvalidVolumeName", Name, () => VolumeName.Validate(Name)),
            Driver = Driver!,
            DriverOpts = DriverOption is null ? null! : Validated("InvalidDriverOption", DriverOption, () => VolumeCreation.DriverOptions(DriverOption)),
            Labels = Label is null ? null! : Validated("InvalidLabel", Label, () => LabelParser.Parse(Label)),
        };
    }

    protected override void ProcessRecord()
    {
        if (!ShouldProcess(Name ?? "a volume the engine names", Driver is null ? "Create volume" : $"Create volume with driver {Driver}"))
        {
            return;
        }

        RunOnEngine(async (engine, cancellation) =>
        {
            DockerVolume volume;
            try
            {
                volume = ModelMapper.ToVolume(await engine.Client.Volumes.CreateAsync(request!, cancellation).ConfigureAwait(false), engine.Endpoint);
            }
            catch (DockerApiException e)
            {
                EmitError(e, null, Name);
                return;
            }

            if (VolumeCreation.Unapplied(request!, volume) is { Count: > 0 } unapplied)
            {
                EmitWarning($"Volume {volume.Name} already exists and is returned as it is; the engine did not apply {string.Join(", ", unapplied)}.");
            }

            Emit(volume);
        });
    }
}
