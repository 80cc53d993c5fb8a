using TorchSharp;
using static TorchSharp.torch;

namespace DwpFarm.Dwp.Torch;

/// <summary>
/// Where a run's modules live. Every model is built and initialised on the CPU, because the seeded initialisers draw
/// from per-run CPU generators (so a seed gives the same weights on any device), and is then moved to the run's device
/// once, before its optimiser is made.
/// </summary>
public static class ModuleDevices
{
    /// <summary>Moves every parameter and buffer of <paramref name="module"/> to <paramref name="device"/> (a no-op on the CPU).</summary>
    public static T MoveTo<T>(this T module, Device device)
        where T : nn.Module
    {
        if (device.type != DeviceType.CPU)
        {
            module.to(device);
        }

        return module;
    }
}
