using Nsat.Execution;
using Nsat.Execution.Engine;
using Nsat.Image;

namespace Nsat.Ilgpu;

/// <summary>
/// The ILGPU backend: prepares an <see cref="IlgpuEngine"/>, so a <see cref="Simulation"/> with its
/// observers runs on an ILGPU accelerator. Either each engine opens (and closes) the device a kind asks
/// for, or all engines share one open device, which the caller closes.
/// </summary>
public sealed class IlgpuBackend : IBackend
{
    private readonly IlgpuDevice? _device;
    private readonly DeviceKind _kind;

    /// <summary>Engines open the device <paramref name="kind"/> asks for, one each.</summary>
    public IlgpuBackend(DeviceKind kind = DeviceKind.Auto) => _kind = kind;

    /// <summary>Engines run on <paramref name="device"/>, which stays open after them.</summary>
    public IlgpuBackend(IlgpuDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        _device = device;
    }

    /// <inheritdoc/>
    public string Name => "ilgpu";

    /// <inheritdoc/>
    public IChipEngine Prepare(ChipImage image, EngineOptions options) =>
        _device is null ? IlgpuEngine.Prepare(image, options, _kind) : IlgpuEngine.Prepare(image, options, _device);
}
