using DwpFarm.Dwp.Torch;

namespace DwpFarm.Pipeline.Units;

/// <summary>What a result records about where it ran: device, threads and library versions.</summary>
internal static class RunEnvironment
{
    private static readonly string TorchSharpVersion = typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "?";

    /// <summary>The slot's device, which every tensor of the unit is made on or moved to once.</summary>
    public static TorchSharp.torch.Device Device(IUnitRunContext context) => TorchDevices.Parse(context.Device);

    /// <summary>Sets the slot thread's torch threads for this unit and describes the setting.</summary>
    public static string Configure(IUnitRunContext context, int requestedThreads)
    {
        var threads = Math.Max(1, Math.Min(context.Threads, requestedThreads));
        TorchThreads.ConfigureCurrentThread(threads);
        return $"device={context.Device}; threads={threads}; torchsharp={TorchSharpVersion}; dotnet={Environment.Version}; machine={Environment.MachineName}";
    }
}
