using DwpFarm.Dwp.Bench;
using DwpFarm.Dwp.Models;

namespace DwpFarm.Dwp.Tests.Torch;

/// <summary>Benchmark options that run every row in well under a second, for tests of the rows' logic.</summary>
internal static class TinyBench
{
    public static BenchOptions Options => new()
    {
        Cores = 1,
        Nets = [new FConvWidths(4, 4)],
        FrontNets = [],
        ArmNet = new FConvWidths(4, 4),
        BatchSize = 8,
        MatmulSize = 32,
        Duration = TimeSpan.FromMilliseconds(50),
    };
}
