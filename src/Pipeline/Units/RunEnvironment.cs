using DwpFarm.Dwp.Torch;
using DwpFarm.Pipeline.Plan;

namespace DwpFarm.Pipeline.Units;

/// <summary>What a result records about where it ran: device, threads and library versions.</summary>
internal static class RunEnvironment
{
    private static readonly string TorchSharpVersion = typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "?";

    /// <summary>The slot's device, which every tensor of the unit is made on or moved to once.</summary>
    public static TorchSharp.torch.Device Device(IUnitRunContext context) => TorchDevices.Parse(context.Device);

    /// <summary>
    /// Sets the slot thread's torch threads for this unit (its slots × the spec's threads per slot, <see cref="UnitSlots"/>,
    /// capped by what the context allows) and describes the setting.
    /// </summary>
    public static string Configure(IUnitRunContext context, Grains.Interfaces.Units.UnitWork work)
    {
        var threads = Math.Max(1, Math.Min(context.Threads, UnitSlots.Threads(work)));
        TorchThreads.ConfigureCurrentThread(threads);
        return $"device={context.Device}; threads={threads}; torchsharp={TorchSharpVersion}; dotnet={Environment.Version}; machine={Environment.MachineName}";
    }
}
