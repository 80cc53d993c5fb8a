using DwpFarm.Data;
using DwpFarm.Dwp.Kernels;
using DwpFarm.Grains.Interfaces.Units;
using DwpFarm.Pipeline.Units;

namespace DwpFarm.Pipeline.Import;

/// <summary>
/// The statistics of the authors' published banks, per layer, when the published prior is installed in the data folder
/// and holds them: the figures a bank of our own is held to (how large, how dead, how smooth trained kernels are).
/// </summary>
public static class PublishedBankShape
{
    /// <summary>conv1's and conv2's statistics, or null when no published bank is installed.</summary>
    public static IReadOnlyList<KernelShapeStats>? Find(DataRoot root)
    {
        if (InstalledPrior.Find(root) is not { } folder || !PublishedBank.IsIn(folder))
        {
            return null;
        }

        var (bank, _) = PublishedBank.Load(folder, new KernelBankOptions());
        return [.. bank.Layers.Select(l => BankRunner.Shape([l.Train, l.Test], initialNorm: 0))];
    }
}
